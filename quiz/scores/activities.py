"""What an xAPI activity is, in every shipped language: the `definition` of a bank and its items.

A learning record store shows a teacher an activity by its definition, so each carries its
name and description as language maps (xAPI 1.0.3 §2.4.4.1), one entry per shipped language,
taken from the same gettext catalogs the quiz reads: an item is named by its passage, a bank
by its title, and both are described by whose words the passages are. Items are "choice"
interactions whose choices are the claim types, with the right one as the correct response.

A bank this quiz cannot find (an export of a bank given with --bank elsewhere) still gets a
valid definition: its item named by its id, in English.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from quiz.core.model import Bank, Catalog
from quiz.i18n import SOURCE_LANGUAGE, available_languages, catalogs_in

INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
# The msgids of the quiz's own attribution line (quiz.core.feedback.attribution), looked up
# in each language's catalog; written out here because that function speaks the active one.
_BY_AUTHOR = "Passages from “{title}” by {author}, {date}"
_BY_AUTHOR_IN = "Passages from “{title}” by {author}, {publication}, {date}"


def language_tag(language: str) -> str:
    """The RFC 5646 tag xAPI wants for a gettext language code: zh_CN -> zh-CN."""
    return language.replace("_", "-")


class ActivityDefinitions:
    """The definitions of the activities of `banks` (an item's, a bank's), built once each.

    Safe to use from the quiz and from the statement sender at once.
    """

    def __init__(self, catalog: Catalog, banks: Iterable[Bank] = (), languages: list[str] | None = None) -> None:
        self.catalog = catalog
        self.banks = {bank.id: bank for bank in banks}
        self.languages = languages if languages is not None else available_languages()
        self._catalogs: dict[str, tuple] | None = None
        self._made: dict[tuple[str, str | None], dict] = {}
        self._lock = threading.Lock()

    def _all_catalogs(self) -> dict[str, tuple]:
        if self._catalogs is None:
            self._catalogs = {language: catalogs_in(language) for language in self.languages}
        return self._catalogs

    def warm(self) -> None:
        """Read every language's catalogs now (a twentieth of a second), not at the first answer."""
        with self._lock:
            self._all_catalogs()

    def _map(self, make) -> dict[str, str]:
        """A language map: `make(language, ui, content)` for each language."""
        return {
            language_tag(language): make(language, ui, content)
            for language, (ui, content) in self._all_catalogs().items()
        }

    def _choices(self) -> list[dict]:
        return [
            {
                "id": kind.id,
                "description": self._map(lambda _language, ui, content, name=kind.name: content.pgettext("type name", name)),
            }
            for kind in self.catalog.claim_types
        ]

    def _description(self, bank: Bank) -> dict[str, str]:
        article = bank.article
        same = " ".join(article.author.casefold().split()) == " ".join(article.publication.casefold().split())

        def describe(language, ui, content) -> str:
            values = {
                "title": content.pgettext("article title", article.title),
                "author": article.author,
                "publication": article.publication,
                "date": _date(article.date, language),
            }
            return ui.gettext(_BY_AUTHOR if same else _BY_AUTHOR_IN).format(**values)

        return self._map(describe)

    def item(self, bank_id: str, item_id: str, correct_type: str) -> dict:
        """The definition of one item: a choice among the claim types, named by its passage."""
        with self._lock:
            key = (bank_id, item_id)
            if key not in self._made:
                self._made[key] = self._make_item(bank_id, item_id)
            definition = dict(self._made[key])
        # The right answer as it was when answered (a bank edited later may differ).
        definition["correctResponsesPattern"] = [correct_type]
        return definition

    def _make_item(self, bank_id: str, item_id: str) -> dict:
        bank = self.banks.get(bank_id)
        item = next((found for found in bank.items if found.id == item_id), None) if bank else None
        definition: dict = {"type": INTERACTION}
        if bank is not None and item is not None:
            definition["name"] = self._map(lambda _language, ui, content: content.pgettext("passage", item.passage))
            definition["description"] = self._description(bank)
        else:
            definition["name"] = {language_tag(SOURCE_LANGUAGE): item_id}
        definition["interactionType"] = "choice"
        definition["choices"] = self._choices()
        return definition

    def bank(self, bank_id: str) -> dict:
        """The definition of a whole bank: an assessment named by its title."""
        with self._lock:
            key = (bank_id, None)
            if key not in self._made:
                bank = self.banks.get(bank_id)
                definition: dict = {"type": ASSESSMENT}
                if bank is not None:
                    definition["name"] = self._map(lambda _language, ui, content: content.pgettext("bank title", bank.title))
                    definition["description"] = self._description(bank)
                else:
                    definition["name"] = {language_tag(SOURCE_LANGUAGE): bank_id}
                self._made[key] = definition
            return dict(self._made[key])


def _date(iso_date: str, language: str) -> str:
    """The article's date as `language` writes it (as quiz.i18n.format_date does for the active one)."""
    from datetime import date

    try:
        value = date.fromisoformat(iso_date[:10])
    except ValueError:
        return iso_date
    from babel.dates import format_date

    return format_date(value, format="long", locale=language)
