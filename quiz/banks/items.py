"""The items of a bank: each passage, its answer, cues, technique and explanation."""

from __future__ import annotations

from quiz.banks.fields import ID, REQUIRED_TEXT, TEXT, Field, FileChecker, entries_of, or_list, unknown_choice
from quiz.banks.passages import check_passage
from quiz.banks.yaml_reader import Mark, YamlList, YamlMap
from quiz.core.model import DIFFICULTIES, Article, Catalog, Item
from quiz.i18n import _

ITEM_FIELDS = {
    "id": ID,
    "paragraph": Field(int, required=True),
    "passage": REQUIRED_TEXT,
    "answer": REQUIRED_TEXT,
    "accept": Field(YamlList),
    "difficulty": TEXT,
    "cues": Field(YamlList),
    "technique": TEXT,
    "explanation": REQUIRED_TEXT,
}
# Feedback is read between questions; longer than this and students skip it.
MAX_EXPLANATION_SENTENCES = 3


def check_items(
    checker: FileChecker,
    root: YamlMap,
    entries: YamlList | None,
    article: Article | None,
    catalog: Catalog,
) -> list[Item]:
    """The items that have no errors; reports the problems of every item.

    Without an article (it is missing or has errors) passages and paragraphs go unchecked.
    """
    type_ids = catalog.type_ids
    technique_ids = tuple(t.id for t in catalog.techniques)
    todo = {
        "answer": _("label not filled yet: choose {choices}").format(choices=or_list(type_ids)),
        "explanation": _(
            "explanation not written yet: say in a sentence or two what makes this the answer"
        ),
        "technique": _("technique not chosen yet; use one of: {known}").format(
            known=", ".join(technique_ids)
        ),
    }
    items: list[Item] = []
    seen: dict[str, Mark] = {}
    passages: dict[tuple[int, str], tuple[str, Mark]] = {}
    if isinstance(entries, YamlList) and not entries:
        checker.error(root.value_marks["items"], _("the bank has no items; add at least one"))
    for entry, mark in entries_of(entries):
        mapping = checker.mapping(entry, mark, _("an item"))
        if mapping is None:
            continue
        before = len(checker.problems)
        fields = checker.fields(mapping, ITEM_FIELDS, _("an item"), todo)
        at = mapping.value_marks.get

        item_id = fields.get("id")
        if item_id in seen:
            checker.error(
                at("id"),
                _("duplicate item id “{id}” (first on line {line}); give each item its own id").format(
                    id=item_id, line=seen[item_id][0]
                ),
            )
        elif item_id:
            seen[item_id] = at("id")

        answer = fields.get("answer")
        if answer is not None and answer not in type_ids:
            checker.error(at("answer"), unknown_choice(_("claim type"), answer, type_ids))

        accept: list[str] = []
        if "accept" in fields:
            for alternative, alt_mark in checker.text_list(mapping, "accept", fields["accept"]):
                if alternative not in type_ids:
                    checker.error(alt_mark, unknown_choice(_("claim type"), alternative, type_ids))
                elif alternative == answer:
                    checker.error(
                        alt_mark,
                        _("the accepted alternative “{type}” is the answer itself; remove it").format(
                            type=alternative
                        ),
                    )
                else:
                    accept.append(alternative)

        technique = fields.get("technique")
        if technique is not None and technique not in technique_ids:
            checker.error(at("technique"), unknown_choice(_("technique"), technique, technique_ids))
        elif answer == "rhetoric" and technique is None and "technique" not in mapping:
            checker.error(
                mapping.mark,
                _("a rhetoric item needs a “technique”; use one of: {known}").format(
                    known=", ".join(technique_ids)
                ),
            )
        elif technique is not None and answer in type_ids and answer != "rhetoric":
            checker.warning(
                at("technique"),
                _("a technique is shown only for rhetoric items; this one is “{type}”").format(
                    type=answer
                ),
            )

        difficulty = fields.get("difficulty", "medium")
        if difficulty not in DIFFICULTIES:
            checker.error(at("difficulty"), unknown_choice(_("difficulty"), difficulty, DIFFICULTIES))

        paragraph = fields.get("paragraph")
        passage = fields.get("passage")
        if paragraph is not None and paragraph < 1:
            checker.error(
                at("paragraph"), _("paragraphs are counted from 1; write 1 for the first")
            )
        elif article is not None and paragraph is not None and paragraph > len(article.paragraphs):
            checker.error(
                at("paragraph"),
                _("there is no paragraph {number}; the article has {count} (count from 1)").format(
                    number=paragraph, count=len(article.paragraphs)
                ),
            )
        elif article is not None and paragraph is not None and passage is not None:
            check_passage(checker, at("passage"), passage, paragraph, article)
        if paragraph is not None and passage is not None:
            earlier = passages.get((paragraph, passage))
            if earlier is not None:
                checker.warning(
                    at("passage"),
                    _("item “{id}” (line {line}) already asks this passage; keep one of them").format(
                        id=earlier[0], line=earlier[1][0]
                    ),
                )
            else:
                passages[(paragraph, passage)] = (item_id or "?", at("passage"))

        cues: list[str] = []
        if "cues" in fields:
            for cue, cue_mark in checker.text_list(mapping, "cues", fields["cues"]):
                if passage is not None and cue not in passage:
                    checker.error(
                        cue_mark,
                        _("the cue “{cue}” is not in the passage; copy the words exactly").format(
                            cue=cue
                        ),
                    )
                cues.append(cue)
        # While the label is TODO the cues cannot be chosen yet: one problem at a time.
        if not cues and answer is not None and "cues" not in mapping:
            checker.warning(
                mapping.mark,
                _("the item has no “cues”; list the words that give the type away, so that the feedback can highlight them"),
            )
        elif not cues and answer is not None and isinstance(fields.get("cues"), YamlList):
            checker.warning(
                at("cues"),
                _("“cues” is empty; list the words that give the type away, so that the feedback can highlight them"),
            )

        explanation = fields.get("explanation")
        if explanation is not None:
            sentences = _sentence_count(explanation)
            if sentences > MAX_EXPLANATION_SENTENCES:
                checker.warning(
                    at("explanation"),
                    _("the explanation has {count} sentences; keep it to {limit} or fewer, so that students read it").format(
                        count=sentences, limit=MAX_EXPLANATION_SENTENCES
                    ),
                )

        if not any(p.severity == "error" for p in checker.problems[before:]):
            items.append(
                Item(
                    id=item_id,
                    passage=passage,
                    answer=answer,
                    explanation=explanation,
                    paragraph=paragraph,
                    cues=tuple(cues),
                    accept=tuple(accept),
                    technique=technique,
                    difficulty=difficulty,
                )
            )
    return items


def _sentence_count(text: str) -> int:
    """How many sentences `text` has, counted by the same splitter as `new-bank` uses."""
    # Most explanations are short: pay for the splitter (and its import) only when the text
    # has enough sentence marks to be too long at all.
    if sum(text.count(mark) for mark in ".!?…") <= MAX_EXPLANATION_SENTENCES:
        return 1
    from quiz.banks.sentences import split_sentences

    return len(split_sentences(text))


# Typographic and plain forms of the same character, one for one (so positions still match):
