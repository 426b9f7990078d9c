"""The Textual app: wires the screens to the quiz engine and the score store."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding

from quiz.core.attempt import RecordedAttempt
from quiz.core.engine import Answer, QuizSession
from quiz.i18n import N_, _, format_date, format_number, set_language
from quiz.core.model import Bank, Catalog
from quiz.tui.screens.base import Translatable, translate_bindings
from quiz.tui.themes import HIGH_CONTRAST, THEMES, theme_label

if TYPE_CHECKING:
    from quiz.scores.store import Attempt, Learner, ScoreStore


class QuizApp(App[None]):
    """Start screen → one question screen per quiz → results, with help and quit on top."""

    CSS_PATH = "quiz.tcss"
    TITLE = "media-quiz"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("t", "next_theme", N_("Theme"))]

    def __init__(
        self,
        bank: Bank,
        catalog: Catalog,
        *,
        seed: int | None = None,
        count: int | None = None,
        store: ScoreStore | None = None,
        store_warning: str | None = None,
        learner_name: str | None = None,
        bank_path: Path | None = None,
        bank_paths: list[Path] | None = None,
    ) -> None:
        super().__init__()
        self.bank = bank
        self.bank_path = bank_path  # where `bank` was read from, for the reload key
        self.bank_paths = bank_paths or ([bank_path] if bank_path else [])  # banks to pick from
        self.catalog = catalog
        self.seed = seed
        self.count = count
        self.store = store
        self.store_warning = store_warning  # why scores are not saved, if they are not
        self.fixed_learner = learner_name  # --learner: the start screen does not ask
        self.learner: Learner | None = None
        self.attempt: RecordedAttempt | None = None
        self._runs = 0

    def on_mount(self) -> None:
        from quiz.tui.screens.start_screen import StartScreen

        translate_bindings(self)
        self.register_theme(HIGH_CONTRAST)
        saved = self.store.get_setting("theme") if self.store is not None else None
        self.theme = saved if saved in THEMES else THEMES[0]
        self.push_screen(StartScreen())
        self.call_after_refresh(_first_screen_up)

    def on_unmount(self) -> None:
        gc.unfreeze()  # for a process that goes on after the app (the tests)

    def action_next_theme(self) -> None:
        """Switch to the next theme (dark, light, high contrast) and remember the choice."""
        self.theme = THEMES[(THEMES.index(self.theme) + 1) % len(THEMES)] if self.theme in THEMES else THEMES[0]
        self.notify(_("Theme: {name}").format(name=theme_label(self.theme)), markup=False, timeout=3)
        if self.store is not None:
            from quiz.scores.store import StoreError

            try:
                self.store.set_setting("theme", self.theme)
            except StoreError:
                pass  # the warning about saving is already on the start screen

    @property
    def session(self) -> QuizSession:
        assert self.attempt is not None
        return self.attempt.session

    # --- what screens ask of the app ---------------------------------------------------------

    def remembered_learner(self) -> str:
        """The name to offer on the start screen: --learner, else the last one used here."""
        if self.fixed_learner:
            return self.fixed_learner
        if self.store is None:
            return ""
        return self.store.get_setting("last_learner", "") or ""

    def sign_in(self, name: str) -> Learner | None:
        """Make `name` the current learner (remembered for next time); None without a store."""
        if self.store is None:
            return None
        from quiz.scores.store import StoreError

        try:
            self.learner = self.store.learner(name)
            self.store.set_setting("last_learner", self.learner.name)
        except StoreError as error:
            self.store_warning = str(error)
            self.store = None
            self.learner = None
        return self.learner

    def unfinished(self) -> Attempt | None:
        """The current learner's attempt at this bank that was cut short, if any."""
        if self.store is None or self.learner is None:
            return None
        return self.store.unfinished_attempt(self.learner, self.bank.id, mode="quiz")

    def review_queue(self) -> list[str]:
        """Items the current learner has missed and not yet got right twice in a row."""
        if self.store is None or self.learner is None:
            return []
        known = {item.id for item in self.bank.items}
        return [i for i in self.store.review_items(self.learner, self.bank.id) if i in known]

    def start_quiz(self) -> None:
        """A new attempt at the bank; a second run with a seed gets a fresh order."""
        seed = None if self.seed is None else self.seed + self._runs
        self._runs += 1
        self._play(
            RecordedAttempt.start(self.bank, self.store, self.learner, seed=seed, count=self.count)
        )

    def start_review(self) -> None:
        """Practise only the items this learner has missed."""
        self._play(
            RecordedAttempt.start(
                self.bank, self.store, self.learner, item_ids=self.review_queue(), mode="review"
            )
        )

    def resume(self, stored: Attempt) -> None:
        assert self.store is not None
        self._play(RecordedAttempt.resume(self.bank, self.store, stored))

    def _play(self, attempt: RecordedAttempt) -> None:
        from quiz.tui.screens.question_screen import QuestionScreen

        self.attempt = attempt
        self._warn_if_not_saving()
        self.switch_screen(QuestionScreen())

    def record_answer(self, type_id: str) -> Answer:
        """Score and save the answer; it is on disk before the feedback is shown."""
        assert self.attempt is not None
        answer = self.attempt.answer(type_id)
        self._warn_if_not_saving()
        return answer

    def _warn_if_not_saving(self) -> None:
        assert self.attempt is not None
        if self.attempt.save_error is not None and self.store is not None:
            self.store_warning = str(self.attempt.save_error)
            self.store = None
            self.notify(self.store_warning, title="⚠", severity="warning", timeout=10, markup=False)

    def show_results(self) -> None:
        from quiz.tui.screens.results_screen import ResultsScreen

        session = self.session
        review = session.answers if session.bank.options.mode == "exam" else None
        self.switch_screen(ResultsScreen(session.results(self.catalog.type_ids), review))

    def show_start(self) -> None:
        from quiz.tui.screens.start_screen import StartScreen

        self.switch_screen(StartScreen())

    def show_history(self) -> None:
        from quiz.tui.screens.history_screen import HistoryScreen

        if self.store is not None and self.learner is not None:
            self.push_screen(HistoryScreen(self.store.attempts(self.learner, self.bank.id)))

    def open_bank(self, path: Path) -> bool:
        """Read the bank at `path` (again) and make it current; False, with the problems, if it is broken."""
        from quiz.banks import ContentError, load_bank

        try:
            self.bank = load_bank(path, self.catalog)
        except ContentError as error:
            shown = "\n".join(str(p) for p in error.problems[:5])
            more = len(error.problems) - 5
            if more > 0:
                shown += "\n" + _("… and {count} more: run media-quiz validate").format(count=more)
            self.notify(shown, title=_("The bank has problems"), severity="error", timeout=15, markup=False)
            return False
        self.bank_path = path
        return True

    def format_points(self, points: float) -> str:
        return format_number(points, decimals=1)

    def format_date(self, iso_date: str) -> str:
        return format_date(iso_date)

    def switch_language(self, language: str) -> None:
        """Show every screen, and everything after, in `language`."""
        set_language(language)
        translate_bindings(self)
        for screen in self.screen_stack:
            if isinstance(screen, Translatable):
                screen.retranslate()

    # --- actions every screen offers ---------------------------------------------------------

    def action_choose_language(self) -> None:
        from quiz.tui.screens.language_screen import LanguageScreen

        if isinstance(self.screen, LanguageScreen):
            return

        def chosen(language: str | None) -> None:
            if language:
                self.switch_language(language)

        self.push_screen(LanguageScreen(), chosen)

    def action_help(self) -> None:
        from quiz.tui.screens.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_request_quit(self) -> None:
        from quiz.tui.screens.quit_screen import QuitScreen

        if isinstance(self.screen, QuitScreen):
            return

        def decided(quit_: bool | None) -> None:
            if quit_:
                self.exit()

        self.push_screen(QuitScreen(), decided)


def _first_screen_up() -> None:
    """Freeze what start-up built out of the garbage collector's way, and let it run again.

    Textual, the bank and the catalogs are some 300,000 objects that live as long as the
    app; each full collection walked them all and paused the quiz for up to 80 ms now and
    then, in the middle of a key press (benchmarks/RESULTS.md). The command pauses the
    collector while it starts (quiz/cli.py); what is made from here on is collected as usual.
    """
    gc.freeze()
    gc.enable()
