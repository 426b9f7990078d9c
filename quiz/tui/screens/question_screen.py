"""Asking one question, then showing why the answer was right or wrong."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from quiz.core.engine import Answer, score_answer
from quiz.core.run import QuizRun
from quiz.i18n import (
    N_,
    format_number,
    list_of,
    SOURCE_LANGUAGE,
    LocalizedItem,
    _,
    content_text,
    current_language,
    localize_item,
    localize_paragraph,
)
from quiz.core.evidence import EvidenceStep
from quiz.core.feedback import (
    answer_letters,
    cues_line,
    evidence_lines,
    evidence_question,
    nested_quotes,
    not_saved_note,
    progress_line,
    quote_marks,
    reply_choices,
    technique_line,
    type_name,
    verdict,
)
from quiz.core.model import AttemptMode, Item, cue_spans
from quiz.terminal_text import printable
from quiz.tui.wiring import EVERY_SCREEN_KEYS, follow_language, quiz_app
from quiz.tui.widgets import KeyFooter
from quiz.tui.widgets.question_view import Context, Feedback, Page, PageButton, QuestionView

_ANSWER = Binding.Group(N_("Answer"), compact=True)
_CHOICE = "choice-"  # the answer buttons are named choice-<type id>


class QuestionScreen(Screen):
    """Shows the current item; after an answer, the feedback, until the learner goes on.

    Everything between the progress line and the key bar is one `QuestionView`: the screen
    decides what it says (a `Page`), the view draws it and says which button was pressed.
    """

    # Everything a student needs after an answer fits 80×24 without scrolling, in every
    # language (tests/test_screen_fit.py): one-row buttons, no blank padding rows, and lines
    # of at most about 74 columns on wide terminals, which are easier to read.
    DEFAULT_CSS = """
    QuestionScreen {
        #progress { height: 1; padding: 0 2; background: $panel; text-style: bold; }
        /* Always one row, so showing the marker never changes the layout it reports on. */
        #more-below { height: 1; padding: 0 2; }
        #more-below.-shown { background: $accent; color: $text; text-style: bold; }
    }
    """

    AUTO_FOCUS = "#question-body"  # the text: its arrow keys scroll, Enter goes on

    BINDINGS = [
        Binding("1", "choose(0)", N_("Answer"), group=_ANSWER),
        Binding("2", "choose(1)", N_("Answer"), group=_ANSWER),
        Binding("3", "choose(2)", N_("Answer"), group=_ANSWER),
        Binding("4", "choose(3)", N_("Answer"), group=_ANSWER),
        # While marking the evidence: arrows move from word to word, space marks, Enter is done.
        Binding("left", "word(-1)", N_("Previous word"), key_display="←", priority=True, show=False),
        Binding("right", "word(1)", N_("Next word"), key_display="→", priority=True, show=False),
        Binding("space", "mark_word", N_("Mark"), key_display="␣"),
        Binding("enter", "give_evidence", N_("Done"), key_display="⏎"),
        Binding("s,ы,σ,escape", "skip_evidence", N_("Skip"), key_display="s"),
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
        self.context_open = False  # the passage's paragraph is shown under everything else
        self.context_seen = False  # the paragraph was opened before this item was answered
        self.step: EvidenceStep | None = None  # the words to mark, between the type and the feedback
        self.chosen: set[int] = set()  # the words marked so far (indexes into step.words)
        self.word = 0  # the word the arrow keys are on
        self._drag: tuple[set[int], bool] | None = None  # words before a drag, and mark or unmark
        self._more_below: bool | None = None  # what the marker says now
        self._progress = ""  # what the progress line says now

    def compose(self) -> ComposeResult:
        yield Static(id="progress", markup=False)
        yield QuestionView(id="question-body")
        yield Static(id="more-below", markup=False)
        yield KeyFooter()

    @property
    def answered(self) -> bool:
        return self.last_answer is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            # Keys beyond the bank's types do nothing, and the key bar leaves them out.
            (index,) = parameters
            return not self.answered and isinstance(index, int) and index < len(self.quiz.choices.claim_types)
        if action in ("word", "mark_word", "give_evidence", "skip_evidence"):
            return self.step is not None
        if action == "next":
            return self.answered and self.step is None
        if action == "context":
            return not self.context_open  # False: not in the key bar
        if action == "hide_context":
            return self.context_open
        if action == "original":
            return current_language() != SOURCE_LANGUAGE
        return True

    @property
    def shown_item(self) -> Item:
        """The item on screen: the one just answered while its feedback shows, else the next."""
        return self.last_answer.item if self.last_answer is not None else self.quiz.current

    def render_text(self) -> None:
        """Every text on the screen: when it is shown and when the language changes."""
        self._more_below = None  # their words change too
        self._render_item()

    def _render_item(self) -> None:
        """What changes with each question and each answer."""
        self._render_progress()
        self.query_one(QuestionView).show(
            self._page(self.last_answer, saved=self.last_saved, finished=self.quiz.finished,
                       context_open=self.context_open)
        )
        self.call_after_refresh(self._prepare_next_pages)

    def _page(self, answer: Answer | None, *, saved: bool = True, finished: bool = False,
              context_open: bool = False) -> Page:
        """What the view shows: the passage, then the prompt and the answer buttons or the
        feedback on `answer` and the way on (to the results when `finished`), then the
        paragraph when it is open."""
        item = answer.item if answer is not None else self.quiz.current
        localized = localize_item(item, original=self.show_original)
        note = ""
        if current_language() != SOURCE_LANGUAGE and localized.in_english:
            note = (
                _("Shown in English (the original)")
                if self.show_original
                else _("Not translated yet: shown in English")
            )
        # Before the feedback, a passage that needs its paragraph has it above; after, below.
        judging = answer is None or (self.step is not None and answer is self.last_answer)
        context = self._paragraph_in_context(item, first=judging) if context_open else None
        # Shown inside the quotation marks the view draws; the same length, for the marked words.
        passage = nested_quotes(printable(localized.passage), same_length=True)
        if answer is not None and self.step is not None and answer is self.last_answer:
            return self._marking_page(passage, note, context)
        if answer is None:
            catalog = self.quiz.choices  # the bank's types: a button and a key each
            letters = list_of(answer_letters(catalog))
            if len(catalog.claim_types) == 4:
                prompt = _("What kind of claim is this? Press 1–4 (or {letters}), or click a button.").format(
                    letters=letters
                )
            else:
                # TRANSLATORS: in a bank that asks about some claim types only; {last} is 2 or 3.
                prompt = _("What kind of claim is this? Press 1–{last} (or {letters}), or click a button.").format(
                    last=len(catalog.claim_types), letters=letters
                )
            choices = tuple(
                PageButton(_CHOICE + claim_type.id, f"{number} {content_text('type name', claim_type.name)}")
                for number, claim_type in enumerate(catalog.claim_types, 1)
            )
            return Page(passage, quote_marks(), note=note, prompt=prompt, buttons=choices, context=context)
        go_on = (
            PageButton("next", _("See results") if finished else _("Next question"), primary=True),
            PageButton("show-context", _("Hide the article") if context_open else _("Show in the article")),
        )
        return Page(
            passage,
            quote_marks(),
            marked=tuple(cue_spans(localized.passage, localized.cues)),
            note=note,
            feedback=self._feedback(answer, localized, saved),
            buttons=go_on,
            context=context,
        )

    def _marking_page(self, passage: str, note: str, context: Context | None) -> Page:
        """The evidence step: the passage's words to mark, how, and the way on."""
        step = self.step
        assert step is not None
        how = _("←/→ move, space marks a word (or click or drag), Enter when done, s skips.")
        buttons = (PageButton("give-evidence", _("Done"), primary=True), PageButton("skip-evidence", _("Skip")))
        return Page(
            passage,
            quote_marks(),
            chosen=tuple(step.words[index] for index in sorted(self.chosen)),
            word_cursor=step.words[self.word],
            note=note,
            prompt=evidence_question() + " " + how,
            buttons=buttons,
            context=context,
        )

    def _prepare_next_pages(self) -> None:
        """Lay out now, while the learner reads, the pages the next key can bring: the
        feedback on each possible answer, or the next question. The key press then only
        draws one; the answer is still scored and saved when it is given."""
        quiz = self.quiz
        if quiz.exam or not self.is_attached or self.step is not None:
            return  # the evidence step's pages change with each word: laid out as they come
        if self.answered:
            pages = [] if quiz.finished else [self._page(None)]
        elif quiz.asks_evidence:
            return  # a type brings the marking step first, not the feedback
        else:
            item, credit = quiz.current, quiz.bank.options.partial_credit
            finished = quiz.position + 1 >= quiz.total
            pages = [
                self._page(Answer(item, type_id, *score_answer(item, type_id, credit), 0.0),
                           saved=self.last_saved, finished=finished, context_open=self.context_open)
                for type_id in quiz.choices.type_ids
            ]
        self.query_one(QuestionView).prepare(pages)

    def _feedback(self, answer: Answer, localized: LocalizedItem, saved: bool) -> Feedback:
        """Right or wrong in words and a symbol (never colour alone), then why."""
        catalog = self.quiz.catalog
        # The evidence sentences name the cue words beside the learner's: they take the cue line's place.
        words = tuple(("", sentence) for sentence in evidence_lines(answer.evidence)) if answer.evidence else ()
        labelled = tuple(
            line for line in (*(words or (cues_line(localized.cues),)), technique_line(answer, catalog)) if line
        )
        return Feedback(
            verdict=verdict(answer, catalog),
            outcome=answer.outcome.value,
            explanation=localized.explanation,
            note="" if saved else not_saved_note(),
            labelled=labelled,
        )

    def _paragraph_in_context(self, item: Item, first: bool = False) -> Context:
        """`item`'s passage inside its paragraph of the article, in the quiz's language where
        the paragraph is translated, the passage underlined."""
        english = self.quiz.bank.article.paragraph(item.paragraph)
        paragraph, in_english = (english, False) if self.show_original else localize_paragraph(english)
        passage = localize_item(item, original=self.show_original).passage
        return Context(
            heading=_("Paragraph {number} of the article:").format(number=item.paragraph),
            note=_("Not translated yet: shown in English") if in_english else "",
            paragraph=printable(paragraph),
            marked=tuple(cue_spans(paragraph, (passage, item.passage))),
            first=first and item.needs_context,
        )

    def on_key(self, event: events.Key) -> None:
        # Letters depend on the language (f/i/o/r, h/i/o/r in Spanish …), so they are not BINDINGS.
        if self.answered or not event.character:
            return
        if event.character.isdigit():
            return  # the number keys are bindings: only as many as the bank has types
        type_id = reply_choices(self.quiz.choices).get(event.character.casefold())
        if type_id is not None:
            event.stop()
            self.choose(type_id)
        elif (other := reply_choices(self.quiz.catalog).get(event.character.casefold())) is not None:
            # The letter of a type this bank does not ask about ("i" in a fact-or-opinion quiz).
            event.stop()
            self.app.bell()
            self.notify(_("{type} is not a choice in this quiz.").format(type=type_name(self.quiz.catalog, other)))

    @on(QuestionView.Pressed)
    def _pressed(self, event: QuestionView.Pressed) -> None:
        if event.name == "give-evidence":
            self.action_give_evidence()
        elif event.name == "skip-evidence":
            self.action_skip_evidence()
        elif event.name.startswith(_CHOICE):
            self.choose(event.name.removeprefix(_CHOICE))
        elif event.name == "next":
            self.action_next()
        elif event.name == "show-context":
            self.action_hide_context() if self.context_open else self.action_context()

    def action_choose(self, index: int) -> None:
        choices = self.quiz.choices.claim_types
        if index < len(choices):
            self.choose(choices[index].id)

    def _arrive(self) -> None:
        """A new question: a passage that cannot be judged alone comes with its paragraph."""
        if not self.quiz.finished and self.quiz.current.needs_context:
            self.context_open = self.context_seen = True

    def on_mount(self) -> None:
        self._arrive()
        follow_language(self, self.render_text)
        view = self.query_one(QuestionView)
        self.watch(view, "scroll_y", self._show_more_below, init=False)
        self.watch(view, "virtual_size", self._show_more_below, init=False)
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
            points = quiz.points
            if self.step is not None and self.last_answer is not None:
                points -= self.last_answer.points  # the verdict comes after the evidence step
            parts.append(_("Score: {points}").format(points=format_number(points, decimals=1)))
        left = quiz.seconds_left
        if left is not None:
            minutes, seconds = divmod(int(left), 60)
            parts.append(_("Time left: {time}").format(time=f"{minutes}:{seconds:02d}"))
        text = "   ".join(parts)
        if text != self._progress:  # after a wrong answer it says the same
            self._progress = text
            # One row whatever it says: drawing it again needs no layout.
            self.query_one("#progress", Static).update(text, layout=False)

    def choose(self, type_id: str) -> None:
        if self.answered:
            return
        answered = self.quiz.answer(type_id, context_seen=self.context_seen)  # saved before feedback
        answer, self.last_saved = answered.answer, answered.saved
        if answer is None:  # too late: the time limit passed a moment ago
            quiz_app(self).show_results()
            return
        self.last_answer = answer
        self.step = self.quiz.evidence_step
        if self.step is not None:  # first the words that gave it away, then the feedback
            self.chosen, self.word = set(), 0
            self._render_item()
            self.refresh_bindings()
            return
        if self.quiz.exam:
            self.action_next()
            return
        self._render_item()
        self.refresh_bindings()
        self.query_one(QuestionView).scroll_home(animate=False)

    # --- the evidence step --------------------------------------------------------------------

    def action_word(self, step: int) -> None:
        assert self.step is not None
        self.word = max(0, min(self.word + step, len(self.step.words) - 1))
        self._render_item()

    def action_mark_word(self) -> None:
        self.chosen ^= {self.word}
        self._render_item()

    @on(QuestionView.PassageDragged)
    def _dragged(self, event: QuestionView.PassageDragged) -> None:
        """Click a word to mark or unmark it; drag over words to mark (or unmark) them all."""
        if self.step is None:
            return
        first, last = self._word_at(event.start), self._word_at(event.end)
        if first is None or last is None:
            return
        if self._drag is None:
            self._drag = (set(self.chosen), first not in self.chosen)
        before, marking = self._drag
        words = set(range(min(first, last), max(first, last) + 1))
        self.chosen = before | words if marking else before - words
        self.word = last
        if event.done:
            self._drag = None
        self._render_item()

    def _word_at(self, offset: int) -> int | None:
        """The word at `offset` of the passage, or the nearest before it (a space, a comma)."""
        assert self.step is not None
        before = [index for index, (start, _end) in enumerate(self.step.words) if start <= offset]
        return before[-1] if before else (0 if self.step.words else None)

    def action_give_evidence(self) -> None:
        self._give_evidence(sorted(self.chosen))

    def action_skip_evidence(self) -> None:
        self._give_evidence(None)

    def _give_evidence(self, marked: list[int] | None) -> None:
        """Keep the words marked (or the skip) with the answer, then go on as after any answer."""
        if self.step is None:
            return
        given = self.quiz.give_evidence(marked or None)
        self.step = None
        self.last_answer = given.answer
        self.last_saved = self.last_saved and given.saved
        self.refresh_bindings()
        if self.quiz.exam:
            self.action_next()
            return
        self._render_item()
        self.query_one(QuestionView).scroll_home(animate=False)

    def action_next(self) -> None:
        if not self.answered:
            return
        self.last_answer = None
        self.context_seen = False
        self.context_open = False
        if self.quiz.finished:
            quiz_app(self).show_results()
            return
        self.quiz.show_current()
        self._arrive()
        self._render_item()
        self.refresh_bindings()
        self.query_one(QuestionView).scroll_home(animate=False)
        self.call_after_refresh(self._show_more_below)

    def action_original(self) -> None:
        self.show_original = not self.show_original
        self._render_item()

    def action_context(self) -> None:
        """Show the passage in its paragraph of the article, before or after answering."""
        self.context_open = True
        self.context_seen = self.context_seen or not self.answered
        self._render_item()
        self.refresh_bindings()
        self.call_after_refresh(self.query_one(QuestionView).scroll_to_context)

    def action_hide_context(self) -> None:
        self.context_open = False
        self._render_item()
        self.refresh_bindings()
        self.call_after_refresh(self._show_more_below)

    def _show_more_below(self, *_args: object) -> None:
        """A marker while the text goes on below the bottom of the screen."""
        view = self.query_one(QuestionView)
        hidden = view.max_scroll_y - view.scroll_y >= 1
        if hidden == self._more_below:
            return
        self._more_below = hidden
        marker = self.query_one("#more-below", Static)
        marker.set_class(hidden, "-shown")
        marker.update("▼ " + _("More below: scroll down or press ↓") if hidden else "", layout=False)

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_more_below)
