"""The first screen: the quiz, whose article it quotes, who is playing, the four types, start."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Select, Static

from quiz.i18n import N_, _, content_text, ngettext
from quiz.banks import bank_title
from quiz.tui.screens.base import Translatable
from quiz.tui.widgets import KeyFooter


class StartScreen(Translatable, Screen):
    BINDINGS = [
        Binding("enter", "start", N_("Start")),
        Binding("ctrl+r", "reload", N_("Reload bank")),
        Binding("l", "app.choose_language", N_("Language")),
        Binding("question_mark", "app.help", N_("Help"), key_display="?"),
        Binding("q", "app.request_quit", N_("Quit")),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="start-body"):
            paths = self.app.bank_paths
            if len(paths) > 1:  # a picker of articles, when there is a choice
                yield Select(
                    [(bank_title(path), path) for path in paths],
                    value=self.app.bank_path if self.app.bank_path in paths else paths[0],
                    allow_blank=False,
                    id="bank-choice",
                )
            yield Static(id="title", markup=False)
            yield Static(id="attribution", markup=False)
            yield Static(id="store-warning", markup=False)
            with Horizontal(id="learner-row"):
                yield Static(id="learner-label", markup=False)
                yield Input(id="learner-name", max_length=60)
            with Horizontal(id="start-buttons"):
                yield Button("", id="start", variant="primary")
                yield Button("", id="resume")
                yield Button("", id="review")
                yield Button("", id="history")
            yield Static(id="intro", markup=False)
            yield Static(id="type-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        name = self.query_one("#learner-name", Input)
        name.value = self.app.remembered_learner()
        if self.app.store is None or self.app.fixed_learner:
            self.query_one("#learner-row").display = False  # nothing to save, or --learner
        if name.value:
            self.app.sign_in(name.value)
            self.query_one("#start", Button).focus()
        elif self.query_one("#learner-row").display:
            name.focus()
        # No super().on_mount(): Textual itself calls Translatable.on_mount next (it calls the
        # handler of every class in the MRO), and calling it here too rendered everything twice.

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, Path) and event.value != self.app.bank_path:
            if self.app.open_bank(event.value):
                self.render_text()

    def action_reload(self) -> None:
        """Read the bank again after a teacher edited it: no restart needed."""
        if self.app.bank_path is not None and self.app.open_bank(self.app.bank_path):
            self.render_text()
            self.app.notify(
                ngettext(
                    "Bank reloaded: {count} item", "Bank reloaded: {count} items", len(self.app.bank.items)
                ).format(count=len(self.app.bank.items)),
                markup=False,
            )

    def render_text(self) -> None:
        app = self.app
        bank, article = app.bank, app.bank.article
        self.query_one("#title", Static).update(content_text("bank title", bank.title))
        self.query_one("#attribution", Static).update(
            _("Passages from “{title}” by {author}, {publication}, {date}").format(
                title=content_text("article title", article.title),
                author=article.author,
                publication=article.publication,
                date=app.format_date(article.date),
            )
        )
        warning = self.query_one("#store-warning", Static)
        warning.display = app.store_warning is not None
        if app.store_warning:
            warning.update("⚠ " + _("Your answers will not be saved.") + " " + app.store_warning)
        self.query_one("#learner-label", Static).update(_("Your name:"))
        self.query_one("#learner-name", Input).placeholder = _("type your name")
        self.query_one("#intro", Static).update(
            _("Read each passage and decide what kind of claim it makes:")
        )
        types = Text()
        for claim_type in app.catalog.claim_types:
            types.append(content_text("type name", claim_type.name), style="bold")
            types.append("  " + content_text("type definition", claim_type.definition) + "\n")
        self.query_one("#type-list", Static).update(types)
        self.query_one("#start", Button).label = Content(_("Start the quiz"))
        self.query_one("#history", Button).label = Content(_("History"))
        self._show_learner_buttons()

    def _show_learner_buttons(self) -> None:
        """Resume, review and history, for a learner who has something to resume or review."""
        app = self.app
        unfinished = app.unfinished()
        resume = self.query_one("#resume", Button)
        resume.display = unfinished is not None
        if unfinished is not None:
            resume.label = Content(
                _("Resume ({answered} of {total} done)").format(
                    answered=len(unfinished.answers), total=len(unfinished.item_ids)
                )
            )
        queue = app.review_queue()
        review = self.query_one("#review", Button)
        review.display = bool(queue)
        review.label = Content(_("Practise missed ({count})").format(count=len(queue)))
        self.query_one("#history", Button).display = app.learner is not None

    def on_input_changed(self, event: Input.Changed) -> None:
        # Another name: its resume, review and history buttons appear once it is confirmed.
        if self.app.learner is not None and event.value.strip() != self.app.learner.name:
            self.app.learner = None
            self._show_learner_buttons()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "start":
            self.action_start()
        elif not self._signed_in():
            return
        elif event.button.id == "resume":
            unfinished = self.app.unfinished()
            if unfinished is not None:
                self.app.resume(unfinished)
        elif event.button.id == "review":
            self.app.start_review()
        elif event.button.id == "history":
            self.app.show_history()

    def _signed_in(self) -> bool:
        """Sign in with the typed name; False (and a hint) when a name is needed but missing."""
        if self.app.store is None:
            return True  # nothing is saved, so no name is needed
        name = self.query_one("#learner-name", Input).value.strip()
        if not name:
            self.app.notify(_("Type your name first, so your scores are kept."), markup=False)
            self.query_one("#learner-name", Input).focus()
            return False
        if self.app.learner is None or self.app.learner.name.casefold() != name.casefold():
            self.app.sign_in(name)
            self._show_learner_buttons()
        return True

    def action_start(self) -> None:
        if self._signed_in():
            self.app.start_quiz()
