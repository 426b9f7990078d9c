"""The plain, line-based quiz: for screen readers, pipes and terminals without full-screen mode.

Same engine, store, banks and translations as the Textual app; it reads answers line by
line from standard input and prints everything as plain text.
"""

from __future__ import annotations

import getpass
from typing import TextIO

from quiz.core.evidence import EvidenceStep
from quiz.core.feedback import (
    answer_letters,
    attribution,
    calibration_lines,
    calibration_question,
    cues_line,
    evidence_lines,
    evidence_question,
    missed_title,
    not_saved_line,
    not_saved_note,
    parse_guess,
    parse_word_numbers,
    progress_line,
    quoted,
    reply_choices,
    score_lines,
    form_intro_line,
    technique_line,
    type_name,
    verdict,
)
from quiz.core.run import QuizRun
from quiz.i18n import _, content_text, format_percent, list_of, localize_item, localize_paragraph
from quiz.terminal_text import one_line, printable
from quiz.terminal_text import fill
from quiz.terminal_text import wrap as wrap_columns

WIDTH = 80  # columns: what this mode adds keeps within them


def wrap(text: str, width: int = WIDTH) -> list[str]:
    """`text` in lines of at most `width` terminal columns (80 unless told), never none."""
    return wrap_columns(text, width) or [""]


def word_list(step: EvidenceStep, width: int = WIDTH) -> list[str]:
    """The passage's words with their numbers (1 Are   2 Russia …), in lines of `width` columns."""
    entries = [f"{number} {printable(step.word(number - 1))}" for number in range(1, len(step.words) + 1)]
    return fill(entries, width, gap="   ")  # an entry is never broken at its space


class PlainQuiz:
    """One plain-text quiz between `stdin` and `stdout`, driving a `QuizRun`."""

    def __init__(self, quiz: QuizRun, stdin: TextIO, stdout: TextIO) -> None:
        self.quiz = quiz
        self.catalog = quiz.catalog
        self.choices = quiz.choices  # the bank's claim types: the answers taken
        quiz.on_saving_stopped = lambda reason: self.say(not_saved_line(reason))
        self.stdin = stdin
        self.stdout = stdout

    def say(self, text: str = "") -> None:
        self.stdout.write(printable(text) + "\n")
        self.stdout.flush()

    def say_wrapped(self, text: str) -> None:
        """`text` in lines within WIDTH columns."""
        for line in wrap(printable(text)):
            self.say(line)

    def ask(self, prompt: str) -> str | None:
        """One line of input, or None at the end of input."""
        self.stdout.write(printable(prompt))
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            self.say()
            return None
        if not self.stdin.isatty():
            self.say(line.strip())  # echo piped answers, so the output reads as a transcript
        return line.strip()

    def play(self) -> int:
        """The whole quiz: who plays, every question with its feedback, the results."""
        quiz = self.quiz
        quiz.open_store()  # no first screen to draw before: whether answers are kept is said first
        self.say(content_text("bank title", quiz.bank.title))
        self.say(attribution(quiz.bank.article))
        if quiz.not_saved_reason:
            self.say(not_saved_line(quiz.not_saved_reason))
        self._sign_in()
        if note := quiz.count_note():
            self.say(note)
        quiz.start(quiz.test_choice)
        if quiz.test is not None:
            self.say(form_intro_line(quiz.test, quiz.form or "a", quiz.total))
        letters = list_of(answer_letters(self.choices))
        if len(self.choices.claim_types) == 4:
            self.say(_("Answer with 1–4 or the letters {letters}; c shows the paragraph; q stops.").format(
                letters=letters
            ))
        else:
            # TRANSLATORS: in a bank that asks about some claim types only; {last} is 2 or 3.
            self.say(_("Answer with 1–{last} or the letters {letters}; c shows the paragraph; q stops.").format(
                last=len(self.choices.claim_types), letters=letters
            ))
        if quiz.learner is not None:
            self.say(_("Each answer is saved as you give it."))  # a line of its own in every language
        while not quiz.finished:
            if not self._ask_one():
                answered = quiz.position
                self.say(
                    _("Stopped after {count} of {total} questions.").format(count=answered, total=quiz.total)
                )
                if quiz.saving and answered:
                    self.say(_("Your answers are saved."))
                break
        if quiz.asks_calibration:  # the quiz is over: before the results (and an exam's review)
            self._ask_calibration()
        self._results()
        return 0

    def _sign_in(self) -> None:
        quiz = self.quiz
        if not quiz.saving:
            return  # nothing is kept, so nobody needs a name
        name = quiz.fixed_learner
        if not name:
            default = quiz.remembered_name() or one_line(getpass.getuser())
            if self.stdin.isatty():
                typed = self.ask(_("Your name [{default}]: ").format(default=default))
                name = typed or default
            else:
                name = default  # piped answers start on the first line: no name is asked
        learner = quiz.sign_in(one_line(name))
        if learner is not None:
            self.say(_("Playing as {name}.").format(name=learner.name))

    def _ask_one(self) -> bool:
        """Ask the current item and give feedback; False when the learner stops."""
        quiz = self.quiz
        localized = localize_item(quiz.current)
        self.say()
        self.say(progress_line(quiz.position + 1, quiz.total))
        if localized.in_english:
            self.say(_("Not translated yet: shown in English"))
        context_seen = quiz.current.needs_context  # a passage that cannot be judged alone
        if context_seen:
            self._say_paragraph()
        self.say(quoted(localized.passage))
        self.say(
            "  ".join(
                f"{n}) {content_text('type name', t.name)}"
                for n, t in enumerate(self.choices.claim_types, 1)
            )
        )
        quiz.show_current()
        replies = reply_choices(self.choices)
        while True:
            reply = self.ask(_("Your answer: "))
            if reply is None or reply.casefold() == "q":
                return False
            if reply.casefold() in replies:
                break
            if reply.casefold() in ("c", "с", "ψ"):  # Latin, or the same key on a Cyrillic or Greek layout
                self._say_paragraph()
                context_seen = True
                continue
            self.say_wrapped(self._what_to_type(reply))
        answered = quiz.answer(replies[reply.casefold()], context_seen=context_seen)
        answer = answered.answer
        if answer is None:
            return True  # too late: the results say the time is up
        saved, going_on = answered.saved, True
        step = quiz.evidence_step
        if step is not None:
            marked, going_on = self._ask_evidence(step)
            given = quiz.give_evidence(marked)
            answer, saved = given.answer, saved and given.saved
        if quiz.exam:  # an exam gives its feedback at the end
            self.say(_("Answer recorded.") if saved else not_saved_note())
            return going_on
        self.say(verdict(answer, self.catalog))
        if not saved:
            self.say(not_saved_note())
        self.say(localized.explanation)
        if line := cues_line(localized.cues):
            self.say(" ".join(line))
        if answer.evidence is not None:
            for sentence in evidence_lines(answer.evidence):
                self.say_wrapped(sentence)
        if line := technique_line(answer, self.catalog):
            self.say(" ".join(line))
        return going_on

    def _what_to_type(self, reply: str) -> str:
        """What to type instead of `reply`, which is not an answer here; a type this bank does
        not ask about ("i" in a fact-or-opinion quiz) is named as such."""
        letters = list_of(answer_letters(self.choices))
        choices = self.choices.claim_types
        if len(choices) == 4:
            return _("Please answer 1, 2, 3 or 4 (or {letters}); c shows the paragraph.").format(letters=letters)
        # TRANSLATORS: in a bank that asks about some claim types only; {last} is 2 or 3.
        how = _("Please answer with a number from 1 to {last} (or {letters}); c shows the paragraph.").format(
            last=len(choices), letters=letters
        )
        other = reply_choices(self.catalog).get(reply.casefold())
        if other is None or reply.isdigit():
            return how
        # TRANSLATORS: a claim type the learner typed that this quiz does not ask about.
        return _("{type} is not a choice in this quiz.").format(type=type_name(self.catalog, other)) + " " + how

    def _ask_evidence(self, step: EvidenceStep) -> tuple[list[int], bool]:
        """The words the learner marks (indexes; none: skipped), and False when they stop."""
        self.say_wrapped(
            evidence_question()
            + " "
            + _("Type the numbers of the words (like 2 5-7), or nothing to skip.")
        )
        for line in word_list(step):
            self.say(line)
        while True:
            reply = self.ask(_("Words: "))
            if reply is None:
                return [], True  # the end of input: skipped; the next question stops the quiz
            if reply.casefold() == "q":
                return [], False
            try:
                return parse_word_numbers(reply, len(step.words)), True
            except ValueError as error:
                self.say_wrapped(str(error))

    def _ask_calibration(self) -> None:
        """How many answers the learner thinks were right, or a skip."""
        quiz = self.quiz
        total = quiz.calibration_total
        self.say()
        self.say_wrapped(
            calibration_question(total)
            + " "
            + _("Type a number from 0 to {count}, or nothing to skip.").format(count=total)
        )
        guess = None
        while True:
            reply = self.ask(_("Your guess: "))
            if reply is None:
                break
            try:
                guess = parse_guess(reply, total)
                break
            except ValueError as error:
                self.say_wrapped(str(error))
        quiz.give_calibration(guess)

    def _say_paragraph(self) -> None:
        """The current passage's paragraph of the article, in the quiz's language if translated."""
        item = self.quiz.current
        paragraph, in_english = localize_paragraph(self.quiz.bank.article.paragraph(item.paragraph))
        self.say(_("Paragraph {number} of the article:").format(number=item.paragraph))
        if in_english:
            self.say(_("Not translated yet: shown in English"))
        self.say(paragraph)

    def _results(self) -> None:
        quiz = self.quiz
        results = quiz.results()
        if quiz.timed_out:
            self.say(_("Time is up."))
        if not results.answered:
            return
        if quiz.exam:
            self.say()
            self.say(_("Your answers"))
            for number, answer in enumerate(quiz.answers, 1):
                localized = localize_item(answer.item)
                self.say(f"{number}. {quoted(localized.passage)}")
                self.say(verdict(answer, self.catalog))
                self.say(localized.explanation)
                if answer.evidence is not None:
                    if line := cues_line(localized.cues):
                        self.say(" ".join(line))
                    for sentence in evidence_lines(answer.evidence):
                        self.say_wrapped(sentence)
        self.say()
        self.say(_("Results"))
        for line in score_lines(results, quiz.unsaved):
            self.say(line)
        for sentence in calibration_lines(quiz.calibration_guess, results):
            self.say_wrapped(sentence)
        for type_id, score in results.per_type.items():
            if not score.total:
                continue
            chosen = list_of(
                f"{type_name(self.catalog, other)} {results.confusion[(type_id, other)]}"
                for other in self.catalog.type_ids  # every type chosen, in a resumed attempt too
                if (type_id, other) in results.confusion
            )
            self.say(
                _("{type}: {correct} of {total} right ({percent}); you chose: {chosen}").format(
                    type=type_name(self.catalog, type_id),
                    correct=score.correct,
                    total=score.total,
                    percent=format_percent(score.accuracy),
                    chosen=chosen,
                )
            )
        missed = quiz.missed()
        if missed and not quiz.exam:  # an exam has just listed every answer
            self.say()
            self.say(missed_title(len(missed)))
            for answer in missed:
                self.say(f"{quiz.number_of(answer.item)}. {quoted(localize_item(answer.item).passage)}")
                self.say(verdict(answer, self.catalog))
