"""The plain, line-based quiz: for screen readers, pipes and terminals without full-screen mode.

Same engine, store, banks and translations as the Textual app; it reads answers line by
line from standard input and prints everything as plain text.
"""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING, TextIO

from quiz.core.attempt import RecordedAttempt
from quiz.core.feedback import (
    answer_letters,
    cues_line,
    progress_line,
    quoted,
    reply_choices,
    score_lines,
    technique_line,
    type_name,
    verdict,
)
from quiz.i18n import _, content_text, format_date, format_percent, localize_item
from quiz.core.model import Bank, Catalog
from quiz.terminal_text import one_line, printable

if TYPE_CHECKING:
    from quiz.scores.store import ScoreStore


class PlainQuiz:
    """One plain-text quiz between `stdin` and `stdout`."""

    def __init__(
        self,
        bank: Bank,
        catalog: Catalog,
        stdin: TextIO,
        stdout: TextIO,
        *,
        store: ScoreStore | None = None,
        store_warning: str | None = None,
    ) -> None:
        self.bank = bank
        self.catalog = catalog
        self.stdin = stdin
        self.stdout = stdout
        self.store = store
        self.store_warning = store_warning

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

    def run(self, *, learner_name: str | None, seed: int | None, count: int | None) -> int:
        article = self.bank.article
        self.say(content_text("bank title", self.bank.title))
        self.say(
            _("Passages from “{title}” by {author}, {publication}, {date}").format(
                title=content_text("article title", article.title),
                author=article.author,
                publication=article.publication,
                date=format_date(article.date),
            )
        )
        if self.store_warning:
            self.say("⚠ " + _("Your answers will not be saved.") + " " + self.store_warning)
        learner = self._learner(learner_name)
        attempt = RecordedAttempt.start(self.bank, self.store, learner, seed=seed, count=count)
        self.say(
            _("Answer with 1–4 or the letters {letters}; q stops.").format(
                letters=", ".join(answer_letters(self.catalog))
            )
            + (" " + _("Each answer is saved as you give it.") if attempt.saving else "")
        )
        while not attempt.session.finished:
            if not self._ask_one(attempt):
                answered = attempt.session.position
                self.say(
                    _("Stopped after {count} of {total} questions.").format(
                        count=answered, total=len(attempt.session.items)
                    )
                    + (" " + _("Your answers are saved.") if attempt.saving and answered else "")
                )
                break
            if attempt.save_error is not None and self.store_warning is None:
                self.store_warning = str(attempt.save_error)
                self.say("⚠ " + _("Your answers will not be saved.") + " " + self.store_warning)
        self._results(attempt)
        return 0

    def _learner(self, name: str | None):
        if self.store is None:
            return None
        from quiz.scores.database import StoreError

        if not name:
            default = self.store.get_setting("last_learner") or one_line(getpass.getuser())
            if self.stdin.isatty():
                typed = self.ask(_("Your name [{default}]: ").format(default=default))
                name = typed or default
            else:
                name = default  # piped answers start on the first line: no name is asked
        try:
            learner = self.store.learner(one_line(name))
            self.store.set_setting("last_learner", learner.name)
        except (StoreError, ValueError) as error:
            self.say("⚠ " + _("Your answers will not be saved.") + " " + str(error))
            self.store = None
            return None
        self.say(_("Playing as {name}.").format(name=learner.name))
        return learner

    def _ask_one(self, attempt: RecordedAttempt) -> bool:
        """Ask the current item and give feedback; False when the learner stops."""
        session = attempt.session
        item = session.current
        localized = localize_item(item)
        self.say()
        self.say(progress_line(session.position + 1, len(session.items)))
        if localized.in_english:
            self.say(_("Not translated yet: shown in English"))
        self.say(quoted(localized.passage))
        self.say(
            "  ".join(
                f"{n}) {content_text('type name', t.name)}"
                for n, t in enumerate(self.catalog.claim_types, 1)
            )
        )
        session.show_current()
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
        answer = attempt.answer(replies[reply.casefold()])
        if session.bank.options.mode == "exam":
            self.say(_("Answer recorded."))  # an exam gives its feedback at the end
            return True
        self.say(verdict(answer, self.catalog))
        self.say(localized.explanation)
        for line in (cues_line(localized.cues), technique_line(answer, self.catalog)):
            if line:
                self.say(" ".join(line))
        return True

    def _results(self, attempt: RecordedAttempt) -> None:
        results = attempt.results(self.catalog.type_ids)
        if attempt.session.timed_out:
            self.say(_("Time is up."))
        if not results.answered:
            return
        if attempt.session.bank.options.mode == "exam":
            self.say()
            self.say(_("Your answers"))
            for number, answer in enumerate(attempt.session.answers, 1):
                localized = localize_item(answer.item)
                self.say(f"{number}. {quoted(localized.passage)}")
                self.say(verdict(answer, self.catalog))
                self.say(localized.explanation)
        self.say()
        self.say(_("Results"))
        for line in score_lines(results):
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
