"""How complete each translation is: `media-quiz i18n status`, and the tests' checks."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from quiz.i18n import BROKEN, CONTENT_DOMAIN, UI_DOMAIN, CatalogError, CatalogProblem, _, checked_catalog, format_percent
from quiz.paths import locales_dir
from quiz.terminal_text import cell_width, pad

DOMAINS = (UI_DOMAIN, CONTENT_DOMAIN)


@dataclass(frozen=True)
class CatalogStatus:
    """The state of one locale's catalog for one domain, against the template."""

    locale: str
    domain: str
    translated: int
    fuzzy: int
    missing: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.missing

    @property
    def fraction(self) -> float:
        return self.translated / self.total if self.total else 1.0


def read_catalog(path: Path):
    """A `.po` or `.pot` file as a Babel catalog."""
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle, locale=None if path.suffix == ".pot" else path.parent.parent.name)


def catalog_status(folder: Path | None = None) -> list[CatalogStatus]:
    """Translated, fuzzy and missing counts for every locale and domain, sorted."""
    folder = folder or locales_dir()
    rows = []
    for domain in DOMAINS:
        template_path = folder / f"{domain}.pot"
        if not template_path.exists():
            continue
        template = read_catalog(template_path)
        for po in sorted(folder.glob(f"*/LC_MESSAGES/{domain}.po")):
            try:
                catalog = read_catalog(po)
            except (OSError, ValueError, LookupError):
                continue  # unreadable: `catalog_problems_in` says why
            translated = fuzzy = missing = 0
            for wanted in template:
                if not wanted.id:
                    continue  # the header
                message = catalog.get(wanted.id, context=wanted.context)
                strings = message.string if message is not None else ""
                strings = strings if isinstance(strings, tuple) else (strings,)
                if message is None or not all(strings):
                    missing += 1
                elif message.fuzzy:
                    fuzzy += 1
                else:
                    translated += 1
            rows.append(CatalogStatus(po.parent.parent.name, domain, translated, fuzzy, missing))
    return sorted(rows, key=lambda r: (r.locale, r.domain))


def format_status(rows: list[CatalogStatus]) -> str:
    """The status table as text, one locale and domain a line."""
    header = (_("locale"), _("domain"), _("translated"), _("fuzzy"), _("missing"), _("complete"))
    lines = [header] + [
        # rounded down, so that 100% means complete
        (r.locale, r.domain, str(r.translated), str(r.fuzzy), str(r.missing),
         format_percent(math.floor(r.fraction * 100) / 100))
        for r in rows
    ]
    widths = [max(cell_width(line[n]) for line in lines) for n in range(len(header))]
    return "\n".join(
        "  ".join(pad(cell, w, right=n >= 2) for n, (cell, w) in enumerate(zip(line, widths))).rstrip()
        for line in lines
    )


def catalog_problems_in(folder: Path | None = None) -> list[CatalogProblem]:
    """Every problem of every locale's catalogs, in file order: bad entries, unusable files.

    The same check as when the quiz starts (and the same cache), so what is listed here is
    exactly what the quiz shows in English.
    """
    folder = folder or locales_dir()
    problems: list[CatalogProblem] = []
    for po in sorted(folder.glob("*/LC_MESSAGES/*.po")):
        if po.stem not in DOMAINS:
            continue
        try:
            problems.extend(checked_catalog(po.read_bytes(), po)[1])
        except CatalogError as error:
            problems.append(error.problem)
        except OSError as error:
            problems.append(CatalogProblem(po, None, BROKEN, error.strerror or str(error)))
    return problems


def main(folder: Path | None = None) -> int:
    """`media-quiz i18n status`: the table, then each problem as FILE:LINE; 1 if there are any."""
    rows = catalog_status(folder)
    problems = catalog_problems_in(folder)
    if not rows and not problems:
        print(_("No translations found; see TRANSLATING.md to add one."))
        return 0
    if rows:
        print(format_status(rows))
    for problem in problems:
        print(problem)
    return 1 if problems else 0
