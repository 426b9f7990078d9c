"""The Textual app: the screens of one `QuizRun`, and what every screen offers (language, help, quit)."""

from __future__ import annotations

import gc

from textual.app import App
from textual.binding import Binding
from textual.signal import Signal

from quiz.core.run import QuizRun
from quiz.i18n import N_, _, set_language
from quiz.tui.themes import HIGH_CONTRAST, THEMES, theme_label


class QuizApp(App[None]):
    """Start screen → one question screen per attempt → results, with help and quit on top.

    The quiz itself (who plays, answers, time, saving) is the `QuizRun` it is given; the
    app only shows it. Screens are handed the run; none reaches into the app for state.
    """

    CSS_PATH = "quiz.tcss"
    TITLE = "media-quiz"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("t,е,τ", "next_theme", N_("Theme"), key_display="t"),  # also on Russian, Greek layouts
        # Ctrl+C and Ctrl+Q ask first, as q does (Textual's own quit at once, or say in English
        # how to quit); priority, so that they work in the name field too.
        Binding("ctrl+c,ctrl+q", "request_quit", show=False, priority=True),
    ]

    def __init__(self, quiz: QuizRun) -> None:
        super().__init__()
        self.quiz = quiz
        self.crash: Exception | None = None  # the error that stopped the app, if one did
        quiz.on_saving_stopped = self._saving_stopped
        # Published once per change of language; every screen and the key bar redraw their words.
        self.language_changed_signal: Signal[str] = Signal(self, "language-changed")

    def on_mount(self) -> None:
        from quiz.tui.screens.start_screen import StartScreen

        self.register_theme(HIGH_CONTRAST)
        saved = self.quiz.setting("theme")
        self.theme = saved if saved in THEMES else THEMES[0]
        self.push_screen(StartScreen(self.quiz))
        if note := self.quiz.count_note():
            self.notify(note, markup=False, timeout=8)
        self.call_after_refresh(_first_screen_up)

    def _handle_exception(self, error: Exception) -> None:
        # Textual's one hook for an error nothing handled (private; Textual is bounded below 9):
        # the command writes a crash report and exits non-zero once the app has closed.
        if self.crash is None:
            self.crash = error
        super()._handle_exception(error)

    def action_next_theme(self) -> None:
        """Switch to the next theme (dark, light, high contrast) and remember the choice."""
        self.theme = THEMES[(THEMES.index(self.theme) + 1) % len(THEMES)] if self.theme in THEMES else THEMES[0]
        self.notify(_("Theme: {name}").format(name=theme_label(self.theme)), markup=False, timeout=3)
        self.quiz.remember("theme", self.theme)

    # --- moving between screens ---------------------------------------------------------------

    def show_start(self) -> None:
        from quiz.tui.screens.start_screen import StartScreen

        self.switch_screen(StartScreen(self.quiz))

    def play(self) -> None:
        """Show the attempt the run has just started or resumed."""
        from quiz.tui.screens.question_screen import QuestionScreen

        self.switch_screen(QuestionScreen(self.quiz))

    def show_results(self) -> None:
        """The quiz is over (every way of finishing comes here): first, once, how many answers
        the learner thinks were right; then the results, which compare that with the score."""
        from quiz.tui.screens.calibration_screen import CalibrationScreen
        from quiz.tui.screens.results_screen import ResultsScreen

        quiz = self.quiz
        if isinstance(self.screen, CalibrationScreen):
            return  # already asking
        if not quiz.asks_calibration:
            self.switch_screen(ResultsScreen(quiz))
            return

        def answered(guess: int | None) -> None:
            quiz.give_calibration(guess)
            self.switch_screen(ResultsScreen(quiz))

        self.push_screen(CalibrationScreen(quiz.calibration_total), answered)

    def show_history(self) -> None:
        from quiz.tui.screens.history_screen import HistoryScreen

        if self.quiz.learner is not None:
            self.push_screen(HistoryScreen(self.quiz))

    def _saving_stopped(self, reason: str) -> None:
        """Saving stopped half-way: say so at once, whichever screen is up."""
        self.notify(reason, title="⚠ " + _("Your answers will not be saved."), severity="warning",
                    timeout=10, markup=False)

    def switch_language(self, language: str) -> None:
        """Show every screen, and everything after, in `language`."""
        set_language(language)
        self.language_changed_signal.publish(language)

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
            self.push_screen(HelpScreen(self.quiz.choices))

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
