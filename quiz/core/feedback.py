"""What a learner is told (after each answer, at the end) and how they may answer.

Shared by every front end, so the Textual app and the plain mode say the same things.
"""

from __future__ import annotations

import re

from quiz.core.engine import Answer, Outcome, Results
from quiz.core.evidence import Evidence
from quiz.core.model import Article, Catalog
from quiz.i18n import _, content_text, format_date, format_duration, format_number, format_percent, list_of, ngettext

# Outcome marks do not rely on colour: each has its own symbol and words.
MARKS = {Outcome.CORRECT: "✓", Outcome.PARTIAL: "◐", Outcome.WRONG: "✗"}


def attribution(article: Article) -> str:
    """Whose words the passages are: title, author, publication and date.

    An editorial or an agency report has the publication as its author ("by Reuters"): it
    is named once.
    """
    title = content_text("article title", article.title)
    date = format_date(article.date)
    if " ".join(article.author.casefold().split()) == " ".join(article.publication.casefold().split()):
        return _("Passages from “{title}” by {author}, {date}").format(
            title=title, author=article.author, date=date
        )
    return _("Passages from “{title}” by {author}, {publication}, {date}").format(
        title=title, author=article.author, publication=article.publication, date=date
    )


def not_saved_line(reason: str) -> str:
    """The warning that answers are not kept, and why."""
    return "⚠ " + _("Your answers will not be saved.") + " " + reason


def not_saved_note() -> str:
    """Said with the verdict of an answer that could not be saved."""
    return "⚠ " + _("This answer was not saved.")


def type_name(catalog: Catalog, type_id: str) -> str:
    """A claim type's name in the active language."""
    return content_text("type name", catalog.claim_type(type_id).name)


def verdict(answer: Answer, catalog: Catalog) -> str:
    """Right or wrong in words, with its symbol, naming the right type."""
    right = type_name(catalog, answer.item.answer)
    chosen = type_name(catalog, answer.chosen)
    mark = MARKS[answer.outcome]
    if answer.outcome is Outcome.CORRECT:
        return f"{mark} " + _("Correct: it is {type}.").format(type=right)
    if answer.outcome is Outcome.PARTIAL:
        return f"{mark} " + _(
            "Partly correct: {chosen} is defensible, but the best answer is {type}."
        ).format(chosen=chosen, type=right)
    return f"{mark} " + _("Not quite: you chose {chosen}; it is {type}.").format(
        chosen=chosen, type=right
    )


def technique_line(answer: Answer, catalog: Catalog) -> tuple[str, str] | None:
    """For rhetoric items, the label “Technique:” and “name — definition”; else None."""
    if not answer.item.technique:
        return None
    technique = catalog.technique(answer.item.technique)
    return _("Technique:"), (
        content_text("technique name", technique.name)
        + " — "
        + content_text("technique definition", technique.definition)
    )


def cues_line(cues: tuple[str, ...]) -> tuple[str, str] | None:
    """The label “Words that give it away:” and the quoted cues; None without cues."""
    if not cues:
        return None
    return _("Words that give it away:"), list_of(quoted(cue) for cue in cues)


def quote_marks() -> tuple[str, str]:
    """The opening and closing quotation marks of the active language (“ ”, « », „ “ …)."""
    # TRANSLATORS: how a quoted passage or cue is written; keep {text}.
    opening, _sep, closing = _("“{text}”").partition("{text}")
    return opening, closing


def quoted(text: str) -> str:
    """`text` in the active language's quotation marks; quotes inside it become inner ones.

    So a cue that quotes a word reads “the ‘republic’” in English and «„республика“» in Russian.
    """
    opening, closing = quote_marks()
    return f"{opening}{nested_quotes(text)}{closing}"


def nested_quotes(text: str, *, same_length: bool = False) -> str:
    """`text`, to be shown inside the active language's quotation marks: its own quotation
    marks become inner ones. With `same_length`, only where that keeps every offset into the
    text right (one character for one), as the question screen's marking needs."""
    opening, closing = quote_marks()
    if opening in text or closing in text:
        # TRANSLATORS: quotation marks inside a quotation (English ‘ ’, Russian „ “); keep {text}.
        inner_opening, _sep, inner_closing = _("‘{text}’").partition("{text}")
        if not same_length or (len(inner_opening), len(inner_closing)) == (len(opening), len(closing)):
            text = text.replace(opening, inner_opening).replace(closing, inner_closing)
    return text


def progress_line(number: int, total: int) -> str:
    return _("Question {number} of {total}").format(number=number, total=total)


def score_lines(results: Results, unsaved: int = 0) -> list[str]:
    """The score, the count of right answers and the time, one line each; then how many
    answers could not be saved, if any."""
    lines = [
        _("Score: {points} of {total} ({percent})").format(
            points=format_number(results.points),
            total=results.max_points,
            percent=format_percent(results.fraction),
        )
    ]
    right = ngettext("{count} answer right", "{count} answers right", results.correct).format(
        count=results.correct
    )
    if results.partial:
        partly = ngettext("{count} partly right", "{count} partly right", results.partial).format(
            count=results.partial
        )
        # TRANSLATORS: "2 answers right" and "1 partly right", with your language's comma.
        right = _("{right}, {partly}").format(right=right, partly=partly)
    lines.append(right)
    lines.append(_("Time taken: {duration}").format(duration=format_duration(results.seconds)))
    if results.evidence_given:
        lines.append(ngettext(
            "Words that gave it away: you found them in {found} of {count} answer",
            "Words that gave it away: you found them in {found} of {count} answers",
            results.evidence_given,
        ).format(found=results.evidence_found, count=results.evidence_given))
    if unsaved:
        lines.append("⚠ " + ngettext(
            "{count} answer was not saved.", "{count} answers were not saved.", unsaved
        ).format(count=unsaved))
    return lines


def reply_choices(catalog: Catalog) -> dict[str, str]:
    """Every accepted reply → type id: 1–4, the English and translated letters and names.

    Replies are case-folded; the translated ones come from the content catalog, so a
    Spanish learner may type “h” for Hecho as well as “f”.
    """
    replies: dict[str, str] = {}
    for number, claim_type in enumerate(catalog.claim_types, 1):
        for reply in (
            str(number),
            claim_type.key,
            content_text("type key", claim_type.key),
            claim_type.name,
            content_text("type name", claim_type.name),
        ):
            replies.setdefault(reply.casefold(), claim_type.id)
    return replies


def answer_letters(catalog: Catalog) -> list[str]:
    """The letter of each type in the active language, in button order (f, i, o, r …).

    Where it differs from the English letter, that one follows ("ф/f"): the Latin letters
    always work too, and a student without that keyboard layout must be told so.
    """
    letters = []
    for claim_type in catalog.claim_types:
        own = content_text("type key", claim_type.key)
        letters.append(own if own.casefold() == claim_type.key.casefold() else f"{own}/{claim_type.key}")
    return letters


def missed_title(count: int) -> str:
    """The heading over the items answered wrong or partly right, at the end of a quiz."""
    return ngettext(
        "{count} item to look at again", "{count} items to look at again", count
    ).format(count=count)


# --- Show your evidence -------------------------------------------------------------------------


def evidence_question() -> str:
    """What the evidence step asks, after the type is chosen (each front end adds how to answer)."""
    return _("Which words gave it away?")


def _quoted_list(phrases: list[str]) -> str:
    return ", ".join(quoted(phrase) for phrase in phrases)


def evidence_lines(evidence: Evidence) -> list[str]:
    """The learner's words beside the cue words: what they marked that gives it away, what of
    the cue they missed, and what they marked that is not a cue. One sentence a line."""
    step = evidence.step
    hits = evidence.phrases(evidence.hits)
    missed = evidence.phrases(step.cue_words - evidence.marked)
    extra = evidence.phrases(evidence.marked - step.cue_words)
    if not hits:
        return [
            _("You marked {marked}, but the words that give it away are {cues}.").format(
                marked=_quoted_list(extra), cues=_quoted_list(evidence.phrases(step.cue_words))
            )
        ]
    if missed:
        lines = [
            _("You marked {marked} — yes; the words that give it away also include {missed}.").format(
                marked=_quoted_list(hits), missed=_quoted_list(missed)
            )
        ]
    else:
        lines = [_("You marked {marked} — yes, that is what gives it away.").format(marked=_quoted_list(hits))]
    if extra:
        lines.append(
            ngettext(
                "{words} does not give it away.", "{words} do not give it away.", len(extra)
            ).format(words=_quoted_list(extra))
        )
    return lines


# Typed word numbers: "2 5-7", "2, 5–7", "２ ５－７" (any digits, several dashes and commas).
_NUMBER_SEPARATORS = re.compile(r"[\s,;，、；]+")
_DASHES = "-–—‐‑~～－"
_AROUND_DASH = re.compile(rf"\s*([{_DASHES}])\s*")
_RANGE = re.compile(rf"(\d+)[{_DASHES}](\d+)")


def parse_word_numbers(text: str, count: int) -> list[int]:
    """The words typed as numbers and ranges ("2 5-7", counting from 1) as indexes from 0,
    in order. Raises ValueError whose message says what to type instead."""
    indexes: set[int] = set()
    for part in _NUMBER_SEPARATORS.split(_AROUND_DASH.sub(r"\1", text.strip())):
        if not part:
            continue
        if part.isdecimal():
            first = last = int(part)
        elif match := _RANGE.fullmatch(part):
            first, last = int(match.group(1)), int(match.group(2))
            if first > last:
                raise ValueError(
                    _("{first}-{last} goes backwards; write the smaller number first: {last}-{first}.").format(
                        first=first, last=last
                    )
                )
        else:
            raise ValueError(
                _("“{text}” is not a word number; type numbers from 1 to {count}, such as 2 5-7, "
                  "or nothing to skip.").format(text=part, count=count)
            )
        for number in (first, last):
            if not 1 <= number <= count:
                raise ValueError(
                    _("There is no word {number}: the words are numbered from 1 to {count}.").format(
                        number=number, count=count
                    )
                )
        indexes.update(range(first - 1, last))
    return sorted(indexes)


# --- How sure are you? ---------------------------------------------------------------------------


def calibration_question(total: int) -> str:
    """The question at the end of a quiz: how many answers the learner thinks were right."""
    return ngettext(
        "How many of the {count} question do you think you got right?",
        "How many of the {count} questions do you think you got right?",
        total,
    ).format(count=total)


def parse_guess(text: str, total: int) -> int | None:
    """The guess typed (a whole number from 0 to `total`); None when nothing was typed (a skip).
    Raises ValueError whose message says what to type instead."""
    text = text.strip()
    if not text:
        return None
    if text.isdecimal() and int(text) <= total:
        return int(text)
    raise ValueError(
        _("Please type a whole number from 0 to {count}, or nothing to skip.").format(count=total)
    )


def calibration_lines(guess: int | None, results: Results) -> list[str]:
    """How far the guess was from the score, and in which direction, in plain words; then why
    it matters. Nothing when the learner skipped the question."""
    if guess is None:
        return []
    gap = guess - results.points
    values = {"guess": guess, "score": format_number(results.points), "gap": format_number(abs(gap))}
    if abs(gap) < 1e-9:
        comparison = _("You guessed {guess} and scored {score}: exactly right.")
    elif gap > 0:
        comparison = _("You guessed {guess} and scored {score}: {gap} above your score, so you "
                       "overestimated yourself.")
    else:
        comparison = _("You guessed {guess} and scored {score}: {gap} below your score, so you "
                       "underestimated yourself.")
    return [
        comparison.format(**values),
        _("Why it matters: three in four Americans overrate how well they tell true news headlines "
          "from false ones, and the most overconfident are the most likely to believe and share "
          "false news (Lyons et al., PNAS 2021)."),
    ]


def form_intro_line(test: str, form: str, total: int) -> str:
    """What a pre- or post-test says as it starts: which test, which form, how many questions."""
    if test == "pre":
        # TRANSLATORS: {form} is the letter of a parallel form (A or B).
        text = ngettext(
            "Pre-test (form {form}): {count} question. Feedback comes at the end.",
            "Pre-test (form {form}): {count} questions. Feedback comes at the end.",
            total,
        )
    else:
        # TRANSLATORS: {form} is the letter of a parallel form (A or B).
        text = ngettext(
            "Post-test (form {form}): {count} question. Feedback comes at the end.",
            "Post-test (form {form}): {count} questions. Feedback comes at the end.",
            total,
        )
    return text.format(form=form.upper(), count=total)
