"""The plain, line-based quiz: for screen readers, pipes and terminals without full-screen mode.

Same engine, store, banks and translations as the Textual app; it reads answers line by
line from standard input and prints everything as plain text.
"""

from __future__ import annotations

import getpass
from typing import TextIO

from quiz.core.feedback import (
    answer_letters,
    attribution,
    cues_line,
    missed_title,
    not_saved_line,
    not_saved_note,
    progress_line,
    quoted,
    reply_choices,
    score_lines,
    technique_line,
    type_name,
    verdict,
)
from quiz.core.run import QuizRun
from quiz.i18n import _, content_text, format_percent, localize_item
from quiz.terminal_text import one_line, printable


class PlainQuiz:
    """One plain-text quiz between `stdin` and `stdout`, driving a `QuizRun`."""

    def __init__(self, quiz: QuizRun, stdin: TextIO, stdout: TextIO) -> None:
        self.quiz = quiz
        self.catalog = quiz.catalog
        quiz.on_saving_stopped = lambda reason: self.say(not_saved_line(reason))
        self.stdin = stdin
        self.stdout = stdout

    def say(self, text: str = "") -> None:
        self.stdout.write(printable(text) + "\n")
        self.stdout.flush()

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
        quiz.start()
        self.say(
            _("Answer with 1–4 or the letters {letters}; q stops.").format(
                letters=", ".join(answer_letters(self.catalog))
            )
            + (" " + _("Each answer is saved as you give it.") if quiz.learner is not None else "")
        )
        while not quiz.finished:
            if not self._ask_one():
                answered = quiz.position
                self.say(
                    _("Stopped after {count} of {total} questions.").format(count=answered, total=quiz.total)
                    + (" " + _("Your answers are saved.") if quiz.saving and answered else "")
                )
                break
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
        self.say(quoted(localized.passage))
        self.say(
            "  ".join(
                f"{n}) {content_text('type name', t.name)}"
                for n, t in enumerate(self.catalog.claim_types, 1)
            )
        )
        quiz.show_current()
        replies = reply_choices(self.catalog)
        while True:
            reply = self.ask(_("Your answer: "))
            if reply is None or reply.casefold() == "q":
                return False
            if reply.casefold() in replies:
                break
            self.say(
                _("Please answer 1, 2, 3 or 4 (or {letters}).").format(
                    letters=", ".join(answer_letters(self.catalog))
                )
            )
        answered = quiz.answer(replies[reply.casefold()])
        answer = answered.answer
        if answer is None:
            return True  # too late: the results say the time is up
        if quiz.exam:  # an exam gives its feedback at the end
            self.say(_("Answer recorded.") if answered.saved else not_saved_note())
            return True
        self.say(verdict(answer, self.catalog))
        if not answered.saved:
            self.say(not_saved_note())
        self.say(localized.explanation)
        for line in (cues_line(localized.cues), technique_line(answer, self.catalog)):
            if line:
                self.say(" ".join(line))
        return True

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
        self.say()
        self.say(_("Results"))
        for line in score_lines(results, quiz.unsaved):
            self.say(line)
        for type_id, score in results.per_type.items():
            if not score.total:
                continue
            chosen = ", ".join(
                f"{type_name(self.catalog, other)} {results.confusion[(type_id, other)]}"
                for other in self.catalog.type_ids
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
