"""Signing in under `media-quiz serve`: a PIN to choose (typed twice) or to type, or the code
on the teacher's class list. The rule is the core's (quiz.core.sign_in); this only asks."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from quiz.core.run import QuizRun
from quiz.core.sign_in import SignInNeed
from quiz.i18n import N_, _
from quiz.scores.pins import PIN_MAX, PIN_MIN
from quiz.scores.roster import CODE_MAX
from quiz.tui.wiring import follow_language
from quiz.tui.widgets import ButtonRow


class SignInScreen(ModalScreen[bool]):
    """Dismissed with True once `name` is signed in, False when the learner goes back (Esc).

    What is typed is masked. A wrong PIN or code says how many tries are left, or how long to
    wait; the fields are then emptied for the next try.
    """

    DEFAULT_CSS = """
    SignInScreen {
        align: center middle;
        #sign-in-dialog { height: auto; width: 66; max-width: 100%; }
        #sign-in-title { text-style: bold; }
        #sign-in-prompt { margin-top: 1; }
        #sign-in-secret, #sign-in-again { width: 30; margin-top: 1; }
        #sign-in-problem { color: $error; margin-top: 1; }
    }
    """

    BINDINGS = [Binding("escape", "back", N_("Back"))]

    def __init__(self, quiz: QuizRun, name: str, need: SignInNeed) -> None:
        super().__init__()
        self.quiz = quiz
        self.learner_name = name
        self.need = need
        self.problem: str | None = None  # the last try's, in the language of that moment

    @property
    def choosing(self) -> bool:
        return self.need is SignInNeed.CHOOSE_PIN

    def compose(self) -> ComposeResult:
        code = self.need is SignInNeed.CODE
        # PIN fields take digits only (of any script: "４０７１" is 4071); a code anything.
        restrict = None if code else r"\d*"
        longest = CODE_MAX if code else PIN_MAX
        with Vertical(id="sign-in-dialog", classes="dialog"):
            yield Static(id="sign-in-title", markup=False)
            yield Static(id="sign-in-prompt", markup=False)
            yield Input(id="sign-in-secret", password=True, restrict=restrict, max_length=longest)
            yield Input(id="sign-in-again", password=True, restrict=restrict, max_length=longest)
            yield Static(id="sign-in-problem", markup=False)
            with ButtonRow(id="sign-in-buttons"):
                yield Button("", id="sign-in-confirm", variant="primary")
                yield Button("", id="sign-in-back")

    def on_mount(self) -> None:
        follow_language(self, self.render_text)
        self.query_one("#sign-in-secret", Input).focus()

    def render_text(self) -> None:
        self.query_one("#sign-in-title", Static).update(_("Sign in as {name}").format(name=self.learner_name))
        self.query_one("#sign-in-again").display = self.choosing
        if self.choosing:
            prompt = _(
                "First time here: choose a PIN of {least} to {most} digits and type it twice. "
                "You will type it each time you sign in, so that nobody else can see your scores."
            ).format(least=PIN_MIN, most=PIN_MAX)
            self.query_one("#sign-in-again", Input).placeholder = _("the same PIN again")
        elif self.need is SignInNeed.CODE:
            prompt = _("Type the code your teacher gave you.")
        else:
            prompt = _("Type your PIN. (Forgotten it? Your teacher can reset it.)")
        self.query_one("#sign-in-prompt", Static).update(prompt)
        self.query_one("#sign-in-secret", Input).placeholder = (
            _("your code") if self.need is SignInNeed.CODE else _("PIN")
        )
        problem = self.query_one("#sign-in-problem", Static)
        problem.display = self.problem is not None
        problem.update(self.problem or "")
        self.query_one("#sign-in-confirm", Button).label = Content(_("Sign in (Enter)"))
        self.query_one("#sign-in-back", Button).label = Content(_("Back (Esc)"))
        self.query_one(ButtonRow).reflow()

    @on(Input.Submitted, "#sign-in-secret")
    def _secret_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.choosing and not self.query_one("#sign-in-again", Input).value:
            self.query_one("#sign-in-again", Input).focus()  # Enter goes on to the second field
        else:
            self.action_confirm()

    @on(Input.Submitted, "#sign-in-again")
    def _again_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    @on(Button.Pressed, "#sign-in-confirm")
    def action_confirm(self) -> None:
        secret = self.query_one("#sign-in-secret", Input)
        again = self.query_one("#sign-in-again", Input)
        if self.choosing:
            result = self.quiz.choose_pin(self.learner_name, secret.value, again.value)
        else:
            result = self.quiz.sign_in_with_secret(self.learner_name, secret.value)
        if result.signed_in or result.problem is None:  # signed in, or nothing is saved after all
            self.dismiss(True)
            return
        # A PIN chosen meanwhile in another window: from now on, this one asks for it.
        now = self.quiz.sign_in_need(self.learner_name)
        if now in (SignInNeed.PIN, SignInNeed.CHOOSE_PIN):
            self.need = now
        self.problem = result.problem
        secret.value = again.value = ""
        self.render_text()
        secret.focus()

    @on(Button.Pressed, "#sign-in-back")
    def action_back(self) -> None:
        self.dismiss(False)
