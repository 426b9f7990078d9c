"""The Textual app: wires the screens to the quiz engine."""

from __future__ import annotations

from textual.app import App

from quiz.engine import Answer, QuizSession
from quiz.i18n import format_date, format_number, set_language
from quiz.model import Bank, Catalog
from quiz.tui.screens.base import Translatable


class QuizApp(App[None]):
    """Start screen → one question screen per quiz → results, with help and quit on top."""

    CSS_PATH = "quiz.tcss"
    TITLE = "media-quiz"
    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self,
        bank: Bank,
        catalog: Catalog,
        *,
        seed: int | None = None,
        count: int | None = None,
    ) -> None:
        super().__init__()
        self.bank = bank
        self.catalog = catalog
        self.seed = seed
        self.count = count
        self.session: QuizSession | None = None
        self._runs = 0

    def on_mount(self) -> None:
        from quiz.tui.screens.start_screen import StartScreen

        self.push_screen(StartScreen())

    # --- what screens ask of the app ---------------------------------------------------------

    def start_quiz(self) -> None:
        """A new run through the bank; a second run with a seed gets a fresh order."""
        from quiz.tui.screens.question_screen import QuestionScreen

        seed = None if self.seed is None else self.seed + self._runs
        self._runs += 1
        self.session = QuizSession(self.bank, seed=seed, count=self.count)
        self.switch_screen(QuestionScreen())

    def record_answer(self, type_id: str) -> Answer:
        assert self.session is not None
        return self.session.answer(type_id)

    def show_results(self) -> None:
        from quiz.tui.screens.results_screen import ResultsScreen

        assert self.session is not None
        self.switch_screen(ResultsScreen(self.session.results(self.catalog.type_ids)))

    def format_points(self, points: float) -> str:
        return format_number(points, decimals=1)

    def format_date(self, iso_date: str) -> str:
        return format_date(iso_date)

    def switch_language(self, language: str) -> None:
        """Show every screen, and everything after, in `language`."""
        set_language(language)
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
