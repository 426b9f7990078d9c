"""A question bank: its own keys and options, checked with its article and items.

The app loading a bank and `media-quiz validate` run the same checks: `check_bank` returns
every problem, warnings included (`quiz.banks.loaders.load_bank` raises them as `ContentError`).
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from quiz.banks.article import read_article
from quiz.banks.cache import bank_cache
from quiz.banks.fields import ID, REQUIRED_TEXT, TEXT, Field, FileChecker
from quiz.banks.items import ITEM_FIELDS, BankTypes, check_items
from quiz.banks.problems import Problem
from quiz.banks.yaml_reader import Mark, YamlList, YamlMap
from quiz.core.forms import form_balance
from quiz.core.model import MODES, Article, Bank, BankMode, BankOptions, Catalog, Item
from quiz.i18n import N_

OPTION_FIELDS = {
    "mode": Field(
        str, kind_name="text", choices=tuple(MODES),
        description="practice: feedback after each answer (default); exam: feedback at the end.",
    ),
    "count": Field(int, minimum=1, description="Questions in one round, balanced across types (default 20)."),
    "shuffle": Field(bool, description="Ask in random order (default true); false keeps the bank's order."),
    "partial_credit": Field(
        (int, float), minimum=0, maximum=1,
        description="Points for an answer listed under `accept` (default 0.5).",
    ),
    "time_limit": Field(int, minimum=1, description="Minutes for the whole round; leave out for no limit."),
    # YAML reads a bare on/off as true/false; quoted, it stays text: both are taken.
    "evidence": Field(
        (bool, str), kind_name=N_("on or off"), choices=("on", "off"),
        description="on: after each type, learners mark the words that gave it away, and see them "
        "beside the cues; off (default): the type only.",
    ),
    "pre_post": Field(
        bool,
        description="true: the start screen offers a pre-test, practice and a post-test; the tests are"
        " the bank's two parallel forms, in exam mode (default false; see TEACHING.md).",
    ),
}
# A language tag as gettext and Babel take it: en, es, pt-BR, zh_Hant …
LANGUAGE_PATTERN = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
BANK_FIELDS = {
    "id": ID.described("A short name for the bank, unique among banks."),
    "title": REQUIRED_TEXT.described("The bank's title, shown on the start screen."),
    "description": TEXT.described("A sentence on what the bank practises (optional)."),
    "article": REQUIRED_TEXT.described(
        "The article file, as a path from this bank's folder, e.g. article.yaml."
    ),
    "language": Field(
        str, kind_name="text", pattern=LANGUAGE_PATTERN,
        description="The language of the bank, e.g. en, es or pt-BR (default en).",
    ),
    "types": Field(
        YamlList, catalog="types", min_entries=2, unique_entries=True,
        description="The claim types this bank asks about, at least two (e.g. [fact, opinion]); "
        "leave out for all of them. Only these are offered as answers.",
    ),
    "options": Field(
        YamlMap, fields=OPTION_FIELDS, schema_def="options",
        description="How the bank is played; every option has a default.",
    ),
    "items": Field(
        YamlList, required=True, fields=ITEM_FIELDS, min_entries=1, schema_def="item",
        description="The questions: one passage each.",
    ),
}


def check_bank(path: Path, catalog: Catalog) -> tuple[Bank | None, list[Problem]]:
    """The bank in `path` with its article (None when either has errors), and every problem.

    The problems, warnings included, come file by file in the order of each file: the
    article's first, then the bank's. A bank checked before, with the same bytes in both
    files, comes from the cache (see `CheckedCache`) instead of being read again.
    """
    cache = bank_cache(path, catalog)
    cached = cache.get()
    if cached is not None:
        return cached
    bank, problems, article_path = _check_bank(path, catalog)
    if bank is not None and article_path is not None:
        cache.put(bank, problems, [path, article_path])
    return bank, problems


def _check_bank(path: Path, catalog: Catalog) -> tuple[Bank | None, list[Problem], Path | None]:
    """What check_bank returns, and the path of the article read (None if there was none)."""
    checker, root, raw = FileChecker.read(path, N_("a bank file"))
    if root is None:
        return None, checker.problems, None
    other = _other_kind(root)
    if other is not None:
        # `--bank article.yaml`: every bank key would be "missing"; say what the file is instead.
        checker.error(root.mark, "not-a-bank", what=other)
        return None, checker.problems, None
    fields = checker.fields(root, BANK_FIELDS, N_("the bank"))

    article: Article | None = None
    article_path: Path | None = None
    article_raw = b""
    article_problems: list[Problem] = []
    if "article" in fields:
        article_path = bank_article_path(path, fields["article"])
        if article_path.is_file():
            article, article_raw, article_problems = read_article(article_path)
        else:
            checker.error(root.value_marks["article"], "article-not-found", path=fields["article"])

    language = fields.get("language", "en")
    if not LANGUAGE_PATTERN.fullmatch(language):
        checker.error(root.value_marks["language"], "bad-language", value=language)
    options = _check_options(checker, fields.get("options"))
    types = _check_types(checker, root, fields.get("types"), catalog)
    items = check_items(checker, root, fields.get("items"), article, catalog, types)
    if options.count > len(items) and isinstance(fields.get("options"), YamlMap):
        option_map = fields["options"]
        if "count" in option_map and not checker.has_errors:
            checker.warning(
                option_map.value_marks["count"], "count-over-items", count=options.count, items=len(items)
            )
    if not checker.has_errors:
        _check_forms(checker, root, fields.get("items"), items)
    problems = article_problems + checker.sorted_problems()
    if checker.has_errors or article is None:
        return None, problems, article_path
    digest = hashlib.sha256(raw + b"\0" + article_raw).hexdigest()
    bank = Bank(
        id=fields["id"],
        title=fields["title"],
        description=fields.get("description", ""),
        language=language,
        article=article,
        items=tuple(items),
        options=options,
        content_hash=digest,
        types=types.ids if types is not None else (),
    )
    return bank, problems, article_path


def _check_types(checker: FileChecker, root: YamlMap, value: YamlList | None, catalog: Catalog) -> BankTypes | None:
    """The claim types the bank's `types:` lists, in the catalog's order (None when it lists
    none, or too few to play: the items are then checked against every type)."""
    if "types" not in root or value is None:
        return None
    known = catalog.type_ids
    before = len(checker.problems)
    listed: dict[str, Mark] = {}
    for entry, mark in checker.text_list(root, "types", value):
        if entry not in known:
            checker.unknown_choice(mark, N_("claim type"), entry, known)
        elif entry in listed:
            checker.error(mark, "duplicate-type", type=entry, line=listed[entry][0])
        else:
            listed[entry] = mark
    if len(listed) < 2:
        if len(checker.problems) == before:  # a typo already said what to write
            checker.error(root.value_marks["types"], "too-few-types", known=", ".join(known))
        return None
    # The catalog's order, whatever the order written: buttons, keys and result rows of every
    # bank then stand in the same order (the help's and the other banks').
    return BankTypes(tuple(type_id for type_id in known if type_id in listed), root.value_marks["types"])


def _check_forms(checker: FileChecker, root: YamlMap, entries: YamlList | None, items: list[Item]) -> None:
    """Warn when `form:` lines make the two parallel forms differ by more than one item in a
    claim type, a difficulty or in all (without them, the rule keeps every difference to one)."""
    if not any(item.form for item in items):
        return
    balance = form_balance(items)
    mark = root.value_marks.get("items", root.mark)
    for grouping, name, difference in balance.uneven():
        more, fewer = ("A", "B") if difference > 0 else ("B", "A")
        moved = abs(difference) // 2
        code = "forms-uneven" if grouping == "total" else "forms-uneven-group"
        checker.warning(mark, code, name=name, more=more, fewer=fewer, count=abs(difference), moved=moved)


def _other_kind(root: YamlMap) -> str | None:
    """What a file given as a bank is instead (an N_ word), when its keys say it is not one."""
    if "items" in root or "article" in root:
        return None
    if "paragraphs" in root:
        return N_("an article")
    if "types" in root:
        return N_("the list of claim types")
    if "techniques" in root:
        return N_("the list of techniques")
    return None


def bank_article_path(bank_path: Path, article: str) -> Path:
    """The article file a bank names: its `article:` path, taken from the bank's folder."""
    # normpath, not resolve: messages keep the path as the teacher wrote it, minus "x/../".
    return Path(os.path.normpath(bank_path.parent / article))


def _check_options(checker: FileChecker, value: YamlMap | None) -> BankOptions:
    if value is None:
        return BankOptions()
    fields = checker.fields(value, OPTION_FIELDS, N_("the options"))
    modes = OPTION_FIELDS["mode"].choices
    if "mode" in fields and fields["mode"] not in modes:
        checker.error(value.value_marks["mode"], "unknown-mode", mode=fields["mode"], modes=", ".join(modes))
        del fields["mode"]
    for key in ("count", "time_limit"):
        minimum = OPTION_FIELDS[key].minimum
        if key in fields and minimum is not None and fields[key] < minimum:
            checker.error(value.value_marks[key], "below-one", key=key)
            del fields[key]
    credit = OPTION_FIELDS["partial_credit"]
    if "partial_credit" in fields and not (credit.minimum or 0) <= fields["partial_credit"] <= (credit.maximum or 1):
        checker.error(value.value_marks["partial_credit"], "partial-credit-range")
        del fields["partial_credit"]
    if "partial_credit" in fields:
        fields["partial_credit"] = float(fields["partial_credit"])
    if isinstance(fields.get("evidence"), str):
        switch = fields["evidence"].strip().casefold()
        if switch in ("on", "off"):
            fields["evidence"] = switch == "on"
        else:
            checker.unknown_choice(value.value_marks["evidence"], N_("evidence setting"), fields["evidence"], ("on", "off"))
            del fields["evidence"]
    if "mode" in fields:
        fields["mode"] = BankMode(fields["mode"])
    return BankOptions(**fields)


