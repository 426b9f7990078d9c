"""The items of a bank: each passage, its answer, cues, technique and explanation."""

from __future__ import annotations

from dataclasses import dataclass

from quiz.banks.fields import ID, REQUIRED_TEXT, Field, FileChecker, entries_of
from quiz.banks.passages import check_passage
from quiz.banks.yaml_reader import Mark, YamlList, YamlMap
from quiz.core.evidence import cut_words, passage_words
from quiz.core.forms import FORMS
from quiz.core.model import DIFFICULTIES, Article, Catalog, Item, cue_spans
from quiz.i18n import N_

ITEM_FIELDS = {
    "id": ID.described("A short name, unique in the bank, e.g. council-vote."),
    "paragraph": Field(
        int, required=True, minimum=1,
        description="The paragraph the passage is in, counting from 1.",
    ),
    "passage": REQUIRED_TEXT.described("The words asked about, copied exactly from that paragraph."),
    "answer": Field(
        str, required=True, kind_name="text", catalog="types",
        description="The type of claim the passage makes.",
    ),
    "accept": Field(
        YamlList, catalog="types",
        description="Other types that earn partial credit, for passages that are honestly borderline.",
    ),
    "difficulty": Field(
        str, kind_name="text", choices=DIFFICULTIES, description="How hard the item is (default medium)."
    ),
    "cues": Field(
        YamlList,
        description="Words in the passage that give the type away, highlighted in the feedback.",
    ),
    "technique": Field(str, kind_name="text", catalog="techniques"),
    "needs_context": Field(
        bool,
        description="Show the passage's paragraph before the question (default false), for a passage"
        " that cannot be judged alone.",
    ),
    "form": Field(
        str, kind_name="text", choices=FORMS,
        description="a or b: put the item in this parallel form for the pre- and post-test, instead of"
        " the balanced rule's choice (see TEACHING.md).",
    ),
    "explanation": REQUIRED_TEXT.described("Why the answer is right, in one to three sentences."),
    "suggested": Field(
        bool,
        description="Written by new-bank on a label it suggested from cue words: validate warns"
        " until a teacher has checked the answer and cues and deleted this line.",
    ),
}


@dataclass(frozen=True)
class BankTypes:
    """The claim types a bank's `types:` lists (catalog order), and where that list is."""

    ids: tuple[str, ...]
    mark: Mark


# Feedback is read between questions; longer than this and students skip it.
MAX_EXPLANATION_SENTENCES = 3


def check_items(
    checker: FileChecker,
    root: YamlMap,
    entries: YamlList | None,
    article: Article | None,
    catalog: Catalog,
    bank_types: BankTypes | None = None,
) -> list[Item]:
    """The items that have no errors; reports the problems of every item.

    Without an article (it is missing or has errors) passages and paragraphs go unchecked.
    With `bank_types` (the bank's `types:`), every answer and accepted alternative must be
    one of those.
    """
    type_ids = catalog.type_ids
    in_play = bank_types.ids if bank_types is not None else type_ids
    technique_ids = tuple(t.id for t in catalog.techniques)
    todo = {
        "answer": ("todo-answer", {"choices": ", ".join(in_play)}),
        "explanation": ("todo-explanation", {}),
        "technique": ("todo-technique", {"known": ", ".join(technique_ids)}),
    }
    items: list[Item] = []
    seen: dict[str, Mark] = {}
    passages: dict[tuple[int, str], tuple[str, Mark]] = {}
    if isinstance(entries, YamlList) and not entries:
        checker.error(root.value_marks["items"], "no-items")
    for entry, mark in entries_of(entries):
        mapping = checker.mapping(entry, mark, N_("an item"))
        if mapping is None:
            continue
        before = len(checker.problems)
        fields = checker.fields(mapping, ITEM_FIELDS, N_("an item"), todo)
        at = mapping.value_marks.get

        item_id = fields.get("id")
        if item_id in seen:
            checker.error(at("id"), "duplicate-item-id", id=item_id, line=seen[item_id][0])
        elif item_id:
            seen[item_id] = at("id")

        answer = fields.get("answer")
        if answer is not None and answer not in type_ids:
            checker.unknown_choice(at("answer"), N_("claim type"), answer, type_ids)
        elif answer is not None and bank_types is not None and answer not in in_play:
            _not_in_play(checker, at("answer"), answer, bank_types)

        accept: list[str] = []
        if "accept" in fields:
            for alternative, alt_mark in checker.text_list(mapping, "accept", fields["accept"]):
                if alternative not in type_ids:
                    checker.unknown_choice(alt_mark, N_("claim type"), alternative, type_ids)
                elif alternative == answer:
                    checker.error(alt_mark, "alternative-is-answer", type=alternative)
                elif bank_types is not None and alternative not in in_play:
                    _not_in_play(checker, alt_mark, alternative, bank_types)
                else:
                    accept.append(alternative)

        technique = fields.get("technique")
        if technique is not None and technique not in technique_ids:
            checker.unknown_choice(at("technique"), N_("technique"), technique, technique_ids)
        elif answer == "rhetoric" and technique is None and "technique" not in mapping:
            checker.error(mapping.mark, "rhetoric-needs-technique", known=", ".join(technique_ids))
        elif technique is not None and bank_types is not None and "rhetoric" not in bank_types.ids:
            checker.warning(at("technique"), "technique-without-rhetoric", line=bank_types.mark[0])
        elif technique is not None and answer in type_ids and answer != "rhetoric":
            checker.warning(at("technique"), "technique-not-rhetoric", type=answer)

        difficulty = fields.get("difficulty", "medium")
        difficulties = ITEM_FIELDS["difficulty"].choices
        if difficulty not in difficulties:
            checker.unknown_choice(at("difficulty"), N_("difficulty"), difficulty, difficulties)

        form = fields.get("form")
        if form is not None:
            form = form.strip().casefold()
            if form not in FORMS:
                checker.unknown_choice(at("form"), N_("form"), fields["form"], FORMS)

        paragraph = fields.get("paragraph")
        passage = fields.get("passage")
        passage_found = True
        if paragraph is not None and paragraph < 1:
            checker.error(at("paragraph"), "paragraph-below-one")
        elif article is not None and paragraph is not None and paragraph > len(article.paragraphs):
            checker.error(
                at("paragraph"), "no-such-paragraph", number=paragraph, count=len(article.paragraphs)
            )
        elif article is not None and paragraph is not None and passage is not None:
            passage_found = check_passage(checker, at("passage"), passage, paragraph, article)
        if paragraph is not None and passage is not None:
            earlier = passages.get((paragraph, passage))
            if earlier is not None:
                checker.warning(at("passage"), "repeated-passage", id=earlier[0], line=earlier[1][0])
            else:
                passages[(paragraph, passage)] = (item_id or "?", at("passage"))

        cues: list[str] = []
        if "cues" in fields:
            words = None  # the passage's words, split once for all its cues
            for cue, cue_mark in checker.text_list(mapping, "cues", fields["cues"]):
                if passage is not None and passage_found and cue not in passage:
                    checker.error(cue_mark, "cue-not-in-passage", cue=cue)
                elif passage is not None:
                    words = words if words is not None else passage_words(passage)
                    if cut_words(words, cue_spans(passage, [cue])):
                        checker.warning(cue_mark, "cue-cuts-word", cue=cue)
                cues.append(cue)
        # While the label is TODO the cues cannot be chosen yet: one problem at a time.
        if not cues and answer is not None and "cues" not in mapping:
            checker.warning(mapping.mark, "no-cues")
        elif not cues and answer is not None and isinstance(fields.get("cues"), YamlList):
            checker.warning(at("cues"), "empty-cues")

        if fields.get("suggested") and answer is not None:
            checker.warning(at("suggested"), "suggested-label", answer=answer)

        explanation = fields.get("explanation")
        if explanation is not None:
            sentences = _sentence_count(explanation)
            if sentences > MAX_EXPLANATION_SENTENCES:
                checker.warning(
                    at("explanation"), "long-explanation", count=sentences, limit=MAX_EXPLANATION_SENTENCES
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
                    needs_context=fields.get("needs_context", False),
                    form=form,
                )
            )
    return items


def _not_in_play(checker: FileChecker, mark: Mark, type_id: str, bank_types: BankTypes) -> None:
    """Report `type_id` (an answer or accepted alternative) as not among the bank's types."""
    checker.error(
        mark, "type-not-in-bank", type=type_id, types=", ".join(bank_types.ids), line=bank_types.mark[0]
    )


def _sentence_count(text: str) -> int:
    """How many sentences `text` has, counted by the same splitter as `new-bank` uses."""
    # Most explanations are short: pay for the splitter (and its import) only when the text
    # has enough sentence marks to be too long at all.
    if sum(text.count(mark) for mark in ".!?…") <= MAX_EXPLANATION_SENTENCES:
        return 1
    from quiz.banks.sentences import split_sentences

    return len(split_sentences(text))


# Typographic and plain forms of the same character, one for one (so positions still match):
