"""The first screen: the quiz, whose article it quotes, who is playing, the four types, start.

A bank with `pre_post: true` offers three ways in: the pre-test, practice and the post-test (the
tests are parallel forms played as exams, quiz.core.forms). `--test` on the command line makes
Start start that test instead, and the choice is not offered.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from quiz.core.feedback import attribution, not_saved_line
from quiz.core.run import QuizRun
from quiz.core.sign_in import SignInNeed, not_listed_text
from quiz.scores.names import NAME_MAX
from quiz.i18n import N_, _, content_text, ngettext
from quiz.tui.screens.resume_or_new_screen import resume_quiz, start_quiz
from quiz.tui.wiring import EVERY_SCREEN_KEYS, follow_language, quiz_app
from quiz.tui.widgets import ButtonRow, KeyFooter, OnOffToggle

if TYPE_CHECKING:
    from textual.widgets import Select

    from quiz.scores.records import Attempt


class StartScreen(Screen):
    DEFAULT_CSS = """
    StartScreen {
        #bank-choice { margin: 1 2 0 2; width: 60; }
        #title { text-style: bold; color: $accent; padding: 1 2 0 2; }
        #attribution { padding: 0 2; color: $text-muted; }
        #lrs-status { padding: 0 2; color: $text-muted; }
        #store-warning { padding: 1 2 0 2; color: $warning; }
        #learner-row { height: auto; padding: 1 2 0 2; }
        #learner-label { width: auto; padding: 1 1 0 0; }
        #learner-name { width: 40; }
        #start-buttons { padding: 1 2 0 2; }
        #evidence-toggle { margin: 1 2 0 2; border: none; padding: 0; }
        #evidence-toggle:focus { border: none; }
        #intro { padding: 1 2 0 2; }
        #type-list { padding: 1 2 0 4; }
    }
    """

    # Nothing has the focus before the score file is read (see `_fill_in`): Enter then waits.
    AUTO_FOCUS = None

    # Enter is the natural key: it resumes the unfinished quiz when there is one (and its
    # button has the focus), else it starts a new one. `check_action` picks which.
    BINDINGS = [
        Binding("enter", "resume", N_("Resume")),
        Binding("enter", "start", N_("Start")),
        Binding("e,у,ε", "toggle_evidence", N_("Show your evidence"), key_display="e"),  # and Russian, Greek
        Binding("ctrl+r", "reload", N_("Reload bank")),
        *EVERY_SCREEN_KEYS,
    ]

    def __init__(self, quiz: QuizRun) -> None:
        super().__init__()
        self.quiz = quiz
        self.unfinished: Attempt | None = None  # the quiz to resume, as last read
        self.filled_in = False  # what the score file says is on screen (name, resume, review …)
        self._waiting: Callable[[], None] | None = None  # asked for before that, done after

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="start-body"):
            paths = self.quiz.bank_paths
            if len(paths) > 1:  # a picker of articles, when there is a choice
                from textual.widgets import Select  # only when there is a choice
                from quiz.banks import bank_title  # reads YAML

                yield Select(
                    [(bank_title(path), path) for path in paths],
                    value=self.quiz.bank_path if self.quiz.bank_path in paths else paths[0],
                    allow_blank=False,
                    id="bank-choice",
                )
            yield Static(id="title", markup=False)
            yield Static(id="attribution", markup=False)
            yield Static(id="lrs-status", markup=False)  # only with a learning record store
            yield Static(id="store-warning", markup=False)
            with Horizontal(id="learner-row"):
                yield Static(id="learner-label", markup=False)
                yield Input(id="learner-name", max_length=NAME_MAX)
            with ButtonRow(id="start-buttons"):
                yield Button("", id="pre-test")
                yield Button("", id="start", variant="primary")
                yield Button("", id="post-test")
                yield Button("", id="resume")
                yield Button("", id="review")
                yield Button("", id="history")
            # The learner's switch for the evidence step, whatever the score file holds.
            yield OnOffToggle(value=self.quiz.asks_evidence, id="evidence-toggle")
            yield Static(id="intro", markup=False)
            yield Static(id="type-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#learner-row").display = self.quiz.asks_name  # nothing to save, or --learner
        self.query_one("#lrs-status").display = False
        if self.quiz.lrs is not None:  # statements go in the background: the line follows them
            self.set_interval(5, self._show_lrs_status)
        follow_language(self, self.render_text)
        if self.quiz.store_pending:
            # The screen is drawn first; opening the score file and reading it comes after.
            self.call_after_refresh(self._fill_in)
        else:
            self._fill_in()

    def _fill_in(self) -> None:
        """What the score file says: the name to offer, resume, review and history; then the
        focus, and whatever was asked for meanwhile (Enter, a click on Start)."""
        quiz = self.quiz
        quiz.open_store()
        self.query_one("#learner-row").display = quiz.asks_name  # nothing can be saved after all?
        name = self.query_one("#learner-name", Input)
        remembered = quiz.remembered_name()
        if not name.value:  # not typed over meanwhile
            name.value = remembered
        if name.value and name.value == remembered:
            quiz.sign_in(name.value)
        self._show_learner_buttons()
        self._show_lrs_status()
        if self.unfinished is not None:
            self.query_one("#resume", Button).focus()
        elif name.value or not quiz.asks_name:
            self.query_one("#start", Button).focus()
        else:
            name.focus()
        self.filled_in = True
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            waiting()

    def _when_filled_in(self, action: Callable[[], None]) -> None:
        """Do `action` now, or once the score file has been read: never on a half-filled
        screen, where Enter would start a new quiz before Resume was there to be seen."""
        if self.filled_in:
            action()
        else:
            self._waiting = action

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # One of the two Enter bindings works at a time, and the key bar shows that one.
        if action == "resume":
            return self.unfinished is not None
        if action == "start":
            return self.unfinished is None
        return True

    def on_select_changed(self, event: Select.Changed) -> None:
        # By its handler's name: Select is imported only when there is a choice of banks.
        event.stop()
        if event.select.id == "bank-choice" and isinstance(event.value, Path) and event.value != self.quiz.bank_path:
            if self._open_bank(event.value):
                self.render_text()

    def action_reload(self) -> None:
        """Read the bank again after a teacher edited it: no restart needed."""
        quiz = self.quiz
        if quiz.bank_path is not None and self._open_bank(quiz.bank_path):
            self.render_text()
            self.notify(
                ngettext(
                    "Bank reloaded: {count} item", "Bank reloaded: {count} items", len(quiz.bank.items)
                ).format(count=len(quiz.bank.items)),
                markup=False,
            )

    def _open_bank(self, path: Path) -> bool:
        """Play the bank at `path` from now on; False, with its problems shown, if it is broken."""
        problems = self.quiz.open_bank(path)
        if problems:
            shown = "\n".join(str(problem) for problem in problems[:5])
            more = len(problems) - 5
            if more > 0:
                shown += "\n" + _("… and {count} more: run media-quiz validate").format(count=more)
            self.notify(shown, title=_("The bank has problems"), severity="error", timeout=15, markup=False)
        return not problems

    def render_text(self) -> None:
        quiz = self.quiz
        self.query_one("#title", Static).update(content_text("bank title", quiz.bank.title))
        self.query_one("#attribution", Static).update(attribution(quiz.bank.article))
        warning = self.query_one("#store-warning", Static)
        warning.display = quiz.not_saved_reason is not None
        if quiz.not_saved_reason:
            warning.update(not_saved_line(quiz.not_saved_reason))
        self.query_one("#learner-label", Static).update(_("Your name:"))
        self.query_one("#learner-name", Input).placeholder = _("type your name")
        self.query_one("#intro", Static).update(
            _("Read each passage and decide what kind of claim it makes:")
        )
        types = Text()
        for claim_type in quiz.choices.claim_types:
            types.append(content_text("type name", claim_type.name), style="bold")
            types.append("  " + content_text("type definition", claim_type.definition) + "\n")
        self.query_one("#type-list", Static).update(types)
        start_label = {
            None: _("Start the quiz"),
            "pre": _("Start the pre-test"),
            "post": _("Start the post-test"),
        }
        offered = self._offers_tests
        self.query_one("#start", Button).label = Content(
            _("Practice") if offered else start_label.get(quiz.fixed_test, _("Start the quiz"))
        )
        self.query_one("#pre-test", Button).label = Content(_("Pre-test"))
        self.query_one("#post-test", Button).label = Content(_("Post-test"))
        self.query_one("#pre-test", Button).display = offered
        self.query_one("#post-test", Button).display = offered
        self.query_one("#history", Button).label = Content(_("History"))
        self._show_evidence_choice()
        self._show_learner_buttons()
        self._show_lrs_status()

    def _show_lrs_status(self) -> None:
        """How many statements wait for the school's learning record store, and when the last
        went: one line, only when there is one (and the score file has been read)."""
        line = self.query_one("#lrs-status", Static)
        status = None
        if self.quiz.lrs is not None and not self.quiz.store_pending:
            status = self.quiz.lrs_status()
        line.display = status is not None
        if status is not None:
            from quiz.scores.lrs import status_line  # only with an LRS: it brings urllib

            line.update(status_line(status))

    def _show_evidence_choice(self) -> None:
        """The toggle as the run has it (another bank may have another default), on or off in words."""
        toggle = self.query_one("#evidence-toggle", OnOffToggle)
        with self.prevent(OnOffToggle.Changed):  # showing the choice is not making one
            toggle.value = self.quiz.asks_evidence
        toggle.label = Content(
            _("Show your evidence: on") if toggle.value else _("Show your evidence: off")
        )

    @on(OnOffToggle.Changed, "#evidence-toggle")
    def _evidence_toggled(self, event: OnOffToggle.Changed) -> None:
        event.stop()
        self.quiz.evidence_choice = event.value
        self._show_evidence_choice()

    def action_toggle_evidence(self) -> None:
        """After choosing each type, mark the words that gave it away, or not (e, a click, Space)."""
        self.query_one("#evidence-toggle", OnOffToggle).toggle()

    def _show_learner_buttons(self) -> None:
        """Resume, review and history, for a learner who has something to resume or review."""
        quiz = self.quiz
        self.unfinished = unfinished = quiz.unfinished()
        resume = self.query_one("#resume", Button)
        resume.display = unfinished is not None
        if unfinished is not None:
            resume.label = Content(
                _("Resume ({answered} of {total} done)").format(
                    answered=len(unfinished.answers), total=len(unfinished.item_ids)
                )
            )
        queue = quiz.review_queue()
        review = self.query_one("#review", Button)
        review.display = bool(queue)
        review.label = Content(_("Practise missed ({count})").format(count=len(queue)))
        self.query_one("#history", Button).display = quiz.learner is not None
        warning = self.query_one("#store-warning", Static)
        if quiz.not_saved_reason and not warning.display:  # saving stopped while reading
            warning.display = True
            warning.update(not_saved_line(quiz.not_saved_reason))
        self.query_one(ButtonRow).reflow()  # new labels, buttons shown or hidden
        self.refresh_bindings()  # Enter resumes or starts

    @on(Input.Changed, "#learner-name")
    def _name_changed(self, event: Input.Changed) -> None:
        # Another name: its resume, review and history buttons appear once it is confirmed.
        if self.quiz.learner is not None and not self.quiz.is_signed_in_as(event.value):
            self.quiz.sign_out()
            self._show_learner_buttons()

    @on(Input.Submitted, "#learner-name")
    def _name_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.quiz.asks_secret:
            # Served: Enter signs in; the learner then sees their resume, practice and history.
            self._when_filled_in(lambda: self._with_learner(self._focus_first_choice))
        else:
            self._when_filled_in(self._new_quiz)

    def _focus_first_choice(self) -> None:
        self.query_one("#resume" if self.unfinished is not None else "#start", Button).focus()

    @property
    def _offers_tests(self) -> bool:
        """Whether the pre-test / practice / post-test choice is shown: the bank enables it and
        no test was chosen on the command line."""
        return self.quiz.bank.options.pre_post and self._fixed_test is None

    @property
    def _fixed_test(self) -> str | None:
        """The test given with --test (kept apart from the choice made here)."""
        return self.quiz.fixed_test

    @on(Button.Pressed, "#start")
    def _start_pressed(self) -> None:
        self._when_filled_in(self._new_quiz)

    @on(Button.Pressed, "#pre-test")
    def action_pre_test(self) -> None:
        """The pre-test: this learner's first parallel form, as an exam."""
        self._when_filled_in(lambda: self._new_quiz("pre"))

    @on(Button.Pressed, "#post-test")
    def action_post_test(self) -> None:
        """The post-test: the other form, as an exam."""
        self._when_filled_in(lambda: self._new_quiz("post"))

    def action_start(self) -> None:
        """Enter with nothing to resume; pressed before the score file was read, Enter does
        what it does once it has been: resume the unfinished quiz if there is one."""
        self._when_filled_in(lambda: self.action_resume() if self.unfinished is not None else self._new_quiz())

    def _new_quiz(self, test: str | None = None) -> None:
        """A new quiz (`test`: "pre" or "post" for a test; else practice, or --test's test);
        with one unfinished, only after asking (it is never dropped silently)."""
        self.quiz.test_choice = test if test is not None or self._offers_tests else self._fixed_test
        self._with_learner(lambda: start_quiz(quiz_app(self), self.quiz))

    @on(Button.Pressed, "#resume")
    def action_resume(self) -> None:
        def resume() -> None:
            unfinished = self.quiz.unfinished()
            if unfinished is not None:
                resume_quiz(quiz_app(self), self.quiz, unfinished)

        self._with_learner(resume)

    @on(Button.Pressed, "#review")
    def _review(self) -> None:
        def review() -> None:
            self.quiz.start_review()
            quiz_app(self).play()

        self._with_learner(review)

    @on(Button.Pressed, "#history")
    def _history(self) -> None:
        self._with_learner(quiz_app(self).show_history)

    def _with_learner(self, action: Callable[[], None]) -> None:
        """Sign in with the typed name, then do `action`; a hint instead when a name is needed
        but missing. Served, the name needs its PIN (or the class list's code) first: the
        sign-in screen asks, and nothing of that learner shows before."""
        quiz = self.quiz
        if not quiz.asks_name:
            action()  # nothing is saved, or the name was given on the command line
            return
        name_field = self.query_one("#learner-name", Input)
        name = name_field.value.strip()
        if not name:
            self.notify(_("Type your name first, so your scores are kept."), markup=False)
            name_field.focus()
            return
        if quiz.is_signed_in_as(name):
            action()
            return
        need = quiz.sign_in_need(name)
        if need is SignInNeed.NOTHING:
            quiz.sign_in(name)
            self._show_learner_buttons()
            action()
            return
        if need is SignInNeed.NOT_LISTED:
            self.notify(not_listed_text(), severity="warning", markup=False)
            name_field.focus()
            return
        from quiz.tui.screens.sign_in_screen import SignInScreen

        def signed_in(done: bool | None) -> None:
            if quiz.learner is not None:
                name_field.value = quiz.learner.name  # as kept (a class list's spelling)
            self._show_learner_buttons()
            if done and (quiz.learner is not None or not quiz.asks_name):
                action()
            else:
                name_field.focus()

        quiz_app(self).push_screen(SignInScreen(quiz, name, need), signed_in)
