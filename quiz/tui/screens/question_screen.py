"""Asking one question, then showing why the answer was right or wrong."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from quiz.core.engine import Answer, Outcome
from quiz.core.run import QuizRun
from quiz.i18n import (
    N_,
    format_number,
    SOURCE_LANGUAGE,
    LocalizedItem,
    _,
    current_language,
    localize_item,
    localize_paragraph,
)
from quiz.core.feedback import (
    answer_letters,
    cues_line,
    not_saved_note,
    progress_line,
    reply_choices,
    technique_line,
    verdict,
)
from quiz.core.model import AttemptMode, Item, cue_spans
from quiz.tui.wiring import EVERY_SCREEN_KEYS, follow_language, quiz_app
from quiz.tui.widgets import ChoiceBar, KeyFooter, PassageView

_ANSWER = Binding.Group(N_("Answer"), compact=True)
_OUTCOME_COLOURS = {Outcome.CORRECT: "green", Outcome.PARTIAL: "yellow", Outcome.WRONG: "red"}


class QuestionScreen(Screen):
    """Shows the current item; after an answer, the feedback, until the learner goes on."""

    # Everything a student needs after an answer fits 80×24 without scrolling, in every
    # language (tests/test_screen_fit.py): no blank padding rows, one-row buttons, and lines
    # no longer than about 76 columns on wide terminals, which are easier to read.
    DEFAULT_CSS = """
    QuestionScreen {
        #progress { height: 1; padding: 0 2; background: $panel; text-style: bold; }
        #question-body { height: 1fr; padding: 0 1; align-horizontal: center; }
        #question-body > * { max-width: 78; }
        #translation-note { height: auto; padding: 0 2; text-style: italic; color: $warning; }
        #prompt { height: auto; padding: 1 2 0 2; color: $text-muted; }
        #choices { padding: 1 0 0 0; }
        #feedback { height: auto; padding: 0 2; margin-top: 1; }
        #after-answer { margin-top: 1; }
        #context { height: auto; padding: 0 1; margin-top: 1; border: round $secondary; display: none; }
        /* Always one row, so showing the marker never changes the layout it reports on. */
        #more-below { height: 1; padding: 0 2; }
        #more-below.-shown { background: $accent; color: $text; text-style: bold; }
    }
    """

    AUTO_FOCUS = "#question-body"  # not a choice button, so Enter never answers by accident

    BINDINGS = [
        Binding("1", "choose(0)", N_("Answer"), group=_ANSWER),
        Binding("2", "choose(1)", N_("Answer"), group=_ANSWER),
        Binding("3", "choose(2)", N_("Answer"), group=_ANSWER),
        Binding("4", "choose(3)", N_("Answer"), group=_ANSWER),
        Binding("enter,space", "next", N_("Next"), key_display="⏎"),
        # Each letter key also answers to where it sits on a Russian (ЙЦУКЕН) or Greek layout,
        # so a student need not switch the keyboard: c = с/ψ, e = у/ε.
        Binding("c,с,ψ", "context", N_("In the article"), key_display="c"),
        Binding("c,с,ψ", "hide_context", N_("Hide the article"), key_display="c"),
        Binding("e,у,ε", "original", N_("English original"), key_display="e"),
        *EVERY_SCREEN_KEYS,
    ]

    def __init__(self, quiz: QuizRun) -> None:
        super().__init__()
        self.quiz = quiz
        self.last_answer: Answer | None = None
        self.last_saved = True  # whether the answer on screen reached the score file
        self.show_original = False  # the passage in English, whatever the language
        self.context_seen = False  # the paragraph was opened before this item was answered

    def compose(self) -> ComposeResult:
        yield Static(id="progress", markup=False)
        # One column that reads top to bottom; nothing docked to the bottom, so a tall window
        # (a browser under `serve`) shows no gap between the question and its buttons.
        with VerticalScroll(id="question-body"):
            yield Static(id="translation-note", markup=False)
            yield PassageView(id="passage")
            yield Static(id="prompt", markup=False)
            yield ChoiceBar(self.quiz.catalog.claim_types, id="choices")
            yield Static(id="feedback")
            with Horizontal(id="after-answer", classes="button-row"):
                yield Button("", id="next", variant="primary", compact=True)
                yield Button("", id="show-context", compact=True)
            yield Static(id="context")
        yield Static(id="more-below", markup=False)
        yield KeyFooter()

    @property
    def answered(self) -> bool:
        return self.last_answer is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            return not self.answered
        if action == "next":
            return self.answered
        if action in ("context", "hide_context"):
            showing = self.query_one("#context").display
            return showing if action == "hide_context" else not showing  # False: not in the key bar
        if action == "original":
            return current_language() != SOURCE_LANGUAGE
        return True

    @property
    def shown_item(self) -> Item:
        """The item on screen: the one just answered while its feedback shows, else the next."""
        return self.last_answer.item if self.last_answer is not None else self.quiz.current

    def render_text(self) -> None:
        """Every text on the screen: when it is shown and when the language changes."""
        self.query_one(ChoiceBar).relabel()
        self.query_one("#prompt", Static).update(
            _("What kind of claim is this? Press 1–4 (or {letters}), or click a button.").format(
                letters=", ".join(answer_letters(self.quiz.catalog))
            )
        )
        self._render_item()

    def _render_item(self) -> None:
        """What changes with each question and each answer: only that, as a key press waits."""
        answered = self.answered
        localized = localize_item(self.shown_item, original=self.show_original)
        self._render_progress()
        note = self.query_one("#translation-note", Static)
        note.display = current_language() != SOURCE_LANGUAGE and localized.in_english
        if note.display:
            note.update(
                _("Shown in English (the original)")
                if self.show_original
                else _("Not translated yet: shown in English")
            )
        passage = self.query_one(PassageView)
        feedback = self.query_one("#feedback", Static)
        context = self.query_one("#context", Static)
        if context.display:
            self._render_context()
        if self.last_answer is None:
            passage.show(localized.passage)
        else:
            passage.show(localized.passage, localized.cues)
            feedback.update(self._feedback(self.last_answer, localized))
            self.query_one("#next", Button).label = Content(
                _("See results") if self.quiz.finished else _("Next question")
            )
            self.query_one("#show-context", Button).label = Content(
                _("Hide the article") if context.display else _("Show in the article")
            )
        feedback.display = answered
        self.query_one("#prompt").display = not answered
        self.query_one("#choices").display = not answered
        self.query_one("#after-answer").display = answered

    def _feedback(self, answer: Answer, localized: LocalizedItem) -> Text:
        """Right or wrong in words and a symbol (never colour alone), then why."""
        catalog = self.quiz.catalog
        # Only the verdict is coloured (and bold); the why is ordinary text to read.
        text = Text()  # no base style: it would colour everything appended after the verdict
        text.append(verdict(answer, catalog), style=f"bold {_OUTCOME_COLOURS[answer.outcome]}")
        if not self.last_saved:
            text.append("\n" + not_saved_note(), style="bold")
        text.append("\n" + localized.explanation + "\n")
        for line in (cues_line(localized.cues), technique_line(answer, catalog)):
            if line:
                label, value = line
                text.append("\n" + label, style="bold")
                text.append(" " + value)
        return text

    def _render_context(self) -> None:
        """The passage inside its paragraph of the article, in the quiz's language where the
        paragraph is translated, the passage underlined."""
        item = self.shown_item
        english = self.quiz.bank.article.paragraph(item.paragraph)
        paragraph, in_english = (english, False) if self.show_original else localize_paragraph(english)
        passage = localize_item(item, original=self.show_original).passage
        text = Text()  # no base style: only the heading is bold
        text.append(_("Paragraph {number} of the article:").format(number=item.paragraph), style="bold")
        if in_english:
            text.append(" " + _("Not translated yet: shown in English"), style="italic")
        body = Text("\n" + paragraph)
        for start, end in cue_spans(paragraph, (passage, item.passage)):
            body.stylize("underline bold", start + 1, end + 1)
        text.append_text(body)
        self.query_one("#context", Static).update(text)

    def on_key(self, event: events.Key) -> None:
        # Letters depend on the language (f/i/o/r, h/i/o/r in Spanish …), so they are not BINDINGS.
        if self.answered or not event.character:
            return
        type_id = reply_choices(self.quiz.catalog).get(event.character.casefold())
        if type_id is not None and not event.character.isdigit():
            event.stop()
            self.choose(type_id)

    @on(ChoiceBar.Chosen)
    def _chosen(self, event: ChoiceBar.Chosen) -> None:
        self.choose(event.type_id)

    def action_choose(self, index: int) -> None:
        self.choose(self.quiz.catalog.claim_types[index].id)

    def on_mount(self) -> None:
        follow_language(self, self.render_text)
        body = self.query_one("#question-body", VerticalScroll)
        self.watch(body, "scroll_y", self._show_more_below, init=False)
        self.watch(body, "virtual_size", self._show_more_below, init=False)
        if self.quiz.seconds_left is not None:
            self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        """Keep the clock on screen; at the time limit, go to the results."""
        if not self.is_current:
            return
        if self.quiz.time_up():
            quiz_app(self).show_results()  # they say that the time is up
        else:
            self._render_progress()

    def _render_progress(self) -> None:
        quiz = self.quiz
        parts = [progress_line(quiz.number_of(self.shown_item), quiz.total)]
        if quiz.mode is AttemptMode.REVIEW:
            parts.insert(0, _("Practising missed items"))
        if quiz.exam:
            parts.append(_("Exam: feedback at the end"))
        else:
            parts.append(_("Score: {points}").format(points=format_number(quiz.results().points, decimals=1)))
        left = quiz.seconds_left
        if left is not None:
            minutes, seconds = divmod(int(left), 60)
            parts.append(_("Time left: {time}").format(time=f"{minutes}:{seconds:02d}"))
        self.query_one("#progress", Static).update("   ".join(parts))

    def choose(self, type_id: str) -> None:
        if self.answered:
            return
        answered = self.quiz.answer(type_id, context_seen=self.context_seen)  # saved before feedback
        answer, self.last_saved = answered.answer, answered.saved
        if answer is None:  # too late: the time limit passed a moment ago
            quiz_app(self).show_results()
            return
        self.last_answer = answer
        if self.quiz.exam:
            self.action_next()
            return
        self._render_item()
        self.refresh_bindings()
        self.query_one("#question-body").scroll_home(animate=False)
        # The focus stays on the text: its arrow keys scroll the feedback, Enter goes on.
        self._hand_focus_to_text(from_row="#choices")

    def _hand_focus_to_text(self, from_row: str) -> None:
        """A button in the row just hidden (clicked, or reached with Tab) gives up the focus.

        It goes to the text after the frame is drawn: restyling for a focus change costs as
        much as drawing the frame, and the learner is waiting for the frame.
        """
        if self.focused is not None and self.focused.parent is self.query_one(from_row):
            self.call_after_refresh(self.query_one("#question-body").focus)

    @on(Button.Pressed, "#next")
    def action_next(self) -> None:
        if not self.answered:
            return
        self.last_answer = None
        self.context_seen = False
        self.query_one("#context").display = False
        if self.quiz.finished:
            quiz_app(self).show_results()
            return
        self.quiz.show_current()
        self._render_item()
        self.refresh_bindings()
        self.query_one("#question-body").scroll_home(animate=False)
        self.call_after_refresh(self._show_more_below)
        self._hand_focus_to_text(from_row="#after-answer")

    def action_original(self) -> None:
        self.show_original = not self.show_original
        self._render_item()

    @on(Button.Pressed, "#show-context")
    def _toggle_context(self) -> None:
        if self.query_one("#context").display:
            self.action_hide_context()
        else:
            self.action_context()

    def action_context(self) -> None:
        """Show the passage in its paragraph of the article, before or after answering."""
        context = self.query_one("#context")
        context.display = True
        self.context_seen = self.context_seen or not self.answered
        self._render_item()
        self.refresh_bindings()
        self.call_after_refresh(
            self.query_one("#question-body", VerticalScroll).scroll_to_widget, context, animate=False
        )

    def action_hide_context(self) -> None:
        self.query_one("#context").display = False
        self._render_item()
        self.refresh_bindings()
        self.call_after_refresh(self._show_more_below)

    def _show_more_below(self, *_args: object) -> None:
        """A marker while the text goes on below the bottom of the screen."""
        body = self.query_one("#question-body", VerticalScroll)
        marker = self.query_one("#more-below", Static)
        hidden = body.max_scroll_y - body.scroll_y >= 1
        marker.set_class(hidden, "-shown")
        marker.update("▼ " + _("More below: scroll down or press ↓") if hidden else "")

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_more_below)
