"""Asked before a new quiz when one is unfinished: resume it, or start a new one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from quiz.i18n import N_, _
from quiz.tui.wiring import follow_language
from quiz.tui.widgets import ButtonRow

if TYPE_CHECKING:
    from quiz.core.run import QuizRun
    from quiz.scores.records import Attempt
    from quiz.tui.app import QuizApp

Choice = Literal["resume", "new"]


def start_quiz(app: QuizApp, quiz: QuizRun) -> None:
    """Start a new quiz; with one unfinished, ask first whether to resume it instead."""
    unfinished = quiz.unfinished()
    if unfinished is None:
        quiz.start(quiz.test_choice)
        app.play()
        return

    def chosen(choice: Choice | None) -> None:
        if choice == "resume":
            resume_quiz(app, quiz, unfinished)
        elif choice == "new":
            quiz.start(quiz.test_choice)
            app.play()

    app.push_screen(ResumeOrNewScreen(len(unfinished.answers), len(unfinished.item_ids)), chosen)


def resume_quiz(app: QuizApp, quiz: QuizRun, unfinished: Attempt) -> None:
    """Carry on with `unfinished`; a timed quiz whose time had already run out shows its results."""
    quiz.resume(unfinished)
    if quiz.finished:
        app.show_results()
    else:
        app.play()


class ResumeOrNewScreen(ModalScreen[Choice | None]):
    """Dismissed with "resume", "new", or None to do neither (Escape).

    Resume has the focus, so Enter keeps the work already done; a new quiz is a
    deliberate choice, and the unfinished one stays in the learner's history.
    """

    DEFAULT_CSS = """
    ResumeOrNewScreen {
        align: center middle;
        #resume-or-new-dialog { height: auto; width: 64; max-width: 100%; }
        #resume-or-new-buttons { padding-top: 1; }
    }
    """

    BINDINGS = [
        Binding("r,к,ρ", "choose('resume')", N_("Resume"), key_display="r"),  # and on Russian, Greek layouts
        Binding("n,т,ν", "choose('new')", N_("New quiz"), key_display="n"),
        Binding("escape", "choose(None)", N_("Cancel")),
    ]

    def __init__(self, answered: int, total: int) -> None:
        super().__init__()
        self.answered = answered
        self.total = total

    def compose(self) -> ComposeResult:
        with Vertical(id="resume-or-new-dialog", classes="dialog"):
            yield Static(id="resume-or-new-question", markup=False)
            with ButtonRow(id="resume-or-new-buttons"):
                yield Button("", id="choose-resume", variant="primary")
                yield Button("", id="choose-new")
                yield Button("", id="choose-cancel")

    def on_mount(self) -> None:
        follow_language(self, self.render_text)
        self.query_one("#choose-resume", Button).focus()

    def render_text(self) -> None:
        self.query_one("#resume-or-new-question", Static).update(
            _("You have a quiz you did not finish. Resume it, or start a new one?")
            + "\n"
            + _("A new quiz leaves the unfinished one in your history.")
        )
        self.query_one("#choose-resume", Button).label = Content(
            _("Resume ({answered} of {total} done)").format(answered=self.answered, total=self.total)
            + " (r)"
        )
        self.query_one("#choose-new", Button).label = Content(_("Start a new quiz (n)"))
        self.query_one("#choose-cancel", Button).label = Content(_("Cancel (Esc)"))
        self.query_one(ButtonRow).reflow()

    @on(Button.Pressed, "#choose-resume")
    def _resume(self) -> None:
        self.dismiss("resume")

    @on(Button.Pressed, "#choose-new")
    def _new(self) -> None:
        self.dismiss("new")

    @on(Button.Pressed, "#choose-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def action_choose(self, choice: Choice | None) -> None:
        self.dismiss(choice)
