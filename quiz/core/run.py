"""One quiz, whatever the front end: who plays, which attempt, each answer saved, the results.

The Textual app and the plain mode both drive a `QuizRun` and hold no quiz rules of their
own: sign-in, new, resumed and review attempts, the time limit, exam versus practice, and
what happens when the score file cannot be written all live here, once.

The score store is optional. Without one (a read-only or damaged file, or none wanted) the
quiz still runs and `not_saved_reason` says why nothing is kept; a store that fails half-way
is dropped the same way, and the answer that failed is reported as not saved. It can be given
open (`store`) or as a file to open on first use (`score_file`), so that a front end can show
its first screen before the file is opened and checked.

Two steps of an attempt are offered to every front end here too. *Show your evidence*: after a
type is chosen (and saved), `evidence_step` holds the passage split into words and
`give_evidence` scores and saves the words the learner marked, or a skip (quiz.core.evidence
has the rule). *How sure are you?*: when the attempt is over, `asks_calibration` says to ask
how many of the `calibration_total` answers the learner thinks were right, and
`give_calibration` keeps the guess (or a skip) with the attempt; quiz.core.feedback words both.

*Pre- and post-tests*: `start(test="pre")` (or "post") plays one of the bank's two parallel
forms as an exam (quiz.core.forms has the rule, and which form is whose pre-test); the attempt
is stored with its test and form. Practice (`start()`) works as before.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TypeVar

from quiz.core.engine import Answer, Outcome, QuizSession, Results
from quiz.core.evidence import EvidenceStep
from quiz.core.model import AttemptMode, Bank, BankMode, Catalog, Item
from quiz.core.sign_in import (
    SignInNeed,
    SignInResult,
    no_pin_yet_text,
    not_listed_text,
    pin_chosen_meanwhile_text,
    pins_differ_text,
    wrong_secret_text,
)
from quiz.i18n import current_language, localize_item, ngettext

if TYPE_CHECKING:
    from quiz.banks.problems import Problem
    from quiz.config import LrsSettings
    from quiz.scores.activities import ActivityDefinitions
    from quiz.scores.lrs import StatementSender
    from quiz.scores.records import Attempt, AttemptSummary, Learner
    from quiz.scores.roster import Roster
    from quiz.scores.score_file import ScoreFile
    from quiz.scores.store import ScoreStore

T = TypeVar("T")

LAST_LEARNER = "last_learner"  # the setting that remembers who played last on this computer


@dataclass(frozen=True)
class Answered:
    """What giving one answer did."""

    answer: Answer | None  # None: the time limit had passed, so the quiz ended without it
    saved: bool  # on disk before this returned


@dataclass(frozen=True)
class EvidenceGiven:
    """What giving (or skipping) the evidence for the last answer did."""

    answer: Answer  # with its `evidence` (None when skipped)
    saved: bool  # the evidence is on disk (or, skipped, that it was skipped)


class QuizRun:
    """A learner's quizzes at one bank: sign in, play attempts one after another, see results.

    `clock` is injectable (seconds, monotonic) so that time limits are tested without sleeping.
    """

    def __init__(
        self,
        bank: Bank,
        catalog: Catalog,
        *,
        store: ScoreStore | None = None,
        score_file: ScoreFile | None = None,
        not_saved_reason: str | None = None,
        learner_name: str | None = None,
        seed: int | None = None,
        count: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        bank_path: Path | None = None,
        bank_paths: list[Path] | None = None,
        served: bool = False,
        roster: Roster | None = None,
        lrs: LrsSettings | None = None,
    ) -> None:
        self.bank = bank
        self.catalog = catalog
        self._choices = (bank, catalog.narrowed(bank.types))  # for `choices`, made once per bank
        self.store = store
        self._score_file = score_file  # opened on first use of the store (open_store)
        self._opened: ScoreStore | None = None  # the store this run opened, to close
        self.not_saved_reason = not_saved_reason  # why answers are not kept, when they are not
        self.fixed_learner = learner_name  # given on the command line: nobody is asked
        # One browser session of `media-quiz serve`: its own student, who signs in with a PIN
        # (or the class list's code) before anything of theirs shows (quiz.core.sign_in).
        self.served = served or roster is not None
        self.roster = roster
        self.seed = seed
        self.count = count
        self.clock = clock
        self.bank_path = bank_path  # where `bank` was read from, to read it again
        self.bank_paths = bank_paths or ([bank_path] if bank_path else [])  # banks to pick from
        self.learner: Learner | None = None
        self.session: QuizSession | None = None
        self.mode = AttemptMode.QUIZ
        # What a new quiz plays: "pre" or "post" for a test (--test, the start screen), None practice.
        self.test_choice: str | None = None
        self.fixed_test: str | None = None  # given on the command line (--test): nobody is asked
        self.test: str | None = None  # "pre" or "post" while a test is played (quiz.core.forms)
        self.form: str | None = None  # the parallel form that test asks
        self._attempt_id: int | None = None
        self.unsaved = 0  # answers of this attempt that could not be saved
        self._runs = 0
        # A front end's switch (the start screen's): None follows the bank's `evidence` option.
        self.evidence_choice: bool | None = None
        self._evidence_step: EvidenceStep | None = None
        self._calibration_asked = False
        self.calibration_guess: int | None = None  # how many right the learner thought, if said
        # Told once, with the reason, when saving stops half-way (the front end says so).
        self.on_saving_stopped: Callable[[str], None] = lambda reason: None
        # A learning record store to send each answer's xAPI statement to (None: none).
        self.lrs = lrs if lrs is not None and lrs.url else None
        self._sender: StatementSender | None = None
        self._definitions: ActivityDefinitions | None = None

    # --- the store, guarded: a failure stops saving, never the quiz -------------------------

    @property
    def saving(self) -> bool:
        """Whether answers are being kept at all."""
        return self.store is not None

    def open_store(self) -> None:
        """Open the score file given as `score_file`, unless it is open already.

        Done by the first use of the store; the Textual app calls it once its first screen is
        drawn. A file that cannot be used leaves the quiz running without saving, with the
        reason in `not_saved_reason`.
        """
        score_file, self._score_file = self._score_file, None
        if score_file is None:
            return
        from quiz.scores.database import StoreError

        try:
            self.store = self._opened = score_file.open()
        except StoreError as error:
            self.not_saved_reason = str(error)

    @property
    def store_pending(self) -> bool:
        """Whether a score file is still to be opened (so whether saving works is not known)."""
        return self._score_file is not None

    def close(self) -> None:
        """Close the score file this run opened; everything recorded is already saved.

        Statements still waiting for the learning record store get a few seconds to go;
        what is left is sent by `media-quiz sync` or the next quiz.
        """
        if self._sender is not None:
            self._sender.close()
            self._sender = None
        if self._opened is not None:
            self._opened.close()
            self._opened = None

    def _use_store(self, work: Callable[[ScoreStore], T], default: T) -> T:
        """Run `work` on the store; on a store error, stop saving (with the reason) and give `default`."""
        self.open_store()
        if self.store is None:
            return default
        from quiz.scores.database import StoreError

        try:
            self._connect_lrs(self.store)
            return work(self.store)
        except StoreError as error:
            self._stop_saving(str(error))
            return default

    def _connect_lrs(self, store: ScoreStore) -> None:
        """With an LRS, have `store` queue each answer's statement, and send them in the background
        (what waits from an earlier quiz too)."""
        if self.lrs is None or self._sender is not None or self.lrs.url is None:
            return
        from quiz.scores.activities import ActivityDefinitions
        from quiz.scores.export import DEFAULT_HOMEPAGE
        from quiz.scores.lrs import StatementSender, clients
        from quiz.scores.outbox import StatementFeed

        self._definitions = ActivityDefinitions(self.catalog, [self.bank])
        store.feed = StatementFeed(self.lrs.url, self.lrs.homepage or DEFAULT_HOMEPAGE, self._definitions)
        self._sender = StatementSender(store, clients(self.lrs.credentials), before=self._definitions.warm)
        store.on_queued = self._sender.wake
        self._sender.start()

    def lrs_status(self):
        """How many statements wait for the LRS and when the last went (an OutboxStatus), or
        None without an LRS or a score file."""
        if self.lrs is None:
            return None
        return self._use_store(lambda store: store.outbox_status(), None)

    def _stop_saving(self, reason: str) -> None:
        self.store = None
        self.not_saved_reason = reason
        self._attempt_id = None
        self.on_saving_stopped(reason)

    def setting(self, key: str) -> str | None:
        """A remembered setting (the theme, say), or None.

        Before the score file is opened, read from it without opening it (for a first screen).
        """
        if self._score_file is not None:
            return self._score_file.peek_setting(key)
        return self._use_store(lambda store: store.get_setting(key), None)

    def remember(self, key: str, value: str) -> None:
        """Keep a setting for next time, if anything can be kept."""
        self._use_store(lambda store: store.set_setting(key, value), None)

    # --- who is playing ----------------------------------------------------------------------

    @property
    def asks_name(self) -> bool:
        """Whether a front end should ask for a name (scores are kept, or a score file is
        still to be opened, and none was given)."""
        return (self.store is not None or self.store_pending) and not self.fixed_learner

    def remembered_name(self) -> str:
        """The name to offer: the one given on the command line, else the last one used here.

        Served, no name is remembered across sessions: only the one signed in in this session.
        """
        if self.fixed_learner:
            return self.fixed_learner
        if self.served:
            return self.learner.name if self.learner is not None else ""
        return self._use_store(lambda store: store.get_setting(LAST_LEARNER) or "", "")

    @property
    def asks_secret(self) -> bool:
        """Whether a name needs a PIN or a code before its learner is signed in (served)."""
        return self.served and self.asks_name

    def sign_in(self, name: str) -> Learner | None:
        """Make `name` the current learner, remembered for next time; None when nothing is kept.

        A name that is empty once cleaned stops saving with the reason, as a broken store does.
        Served, a name alone signs nobody in (None): see `sign_in_need`.
        """
        self.open_store()
        if self.store is None:
            return None
        if self.is_signed_in_as(name):
            return self.learner
        if self.asks_secret:
            return None
        return self._sign_in_as(name)

    def _sign_in_as(self, name: str) -> Learner | None:
        remember = not self.served  # served: each session is its own student

        def sign_in(store: ScoreStore) -> Learner:
            learner = store.learner(name)
            if remember:
                store.set_setting(LAST_LEARNER, learner.name)
            return learner

        try:
            self.learner = self._use_store(sign_in, None)
        except ValueError as error:  # no name left once control characters and spaces go
            self._stop_saving(str(error))
            self.learner = None
        return self.learner

    def sign_in_need(self, name: str) -> SignInNeed:
        """What `name` needs before its learner is signed in: nothing outside `serve`; served, a
        PIN to choose or to type, or the class list's code (or it is not on the list)."""
        self.open_store()
        if not self.asks_secret or self.is_signed_in_as(name):
            return SignInNeed.NOTHING
        if self.roster is not None:
            return SignInNeed.CODE if self.roster.find(name) is not None else SignInNeed.NOT_LISTED
        state = self._use_store(lambda store: store.pin_state(name), None)
        if state is None:  # saving stopped: nobody needs to sign in
            return SignInNeed.NOTHING
        return SignInNeed.PIN if state.has_pin else SignInNeed.CHOOSE_PIN

    def choose_pin(self, name: str, pin: str, again: str) -> SignInResult:
        """First sign-in under `serve`: keep the PIN typed twice for `name` and sign in."""
        from quiz.scores.pins import clean_pin, pin_problem

        if self.sign_in_need(name) is not SignInNeed.CHOOSE_PIN:
            return self._result(name, self._need_problem(name))
        problem = pin_problem(pin)
        if problem is not None:
            return SignInResult(None, problem)
        if clean_pin(pin) != clean_pin(again):
            return SignInResult(None, pins_differ_text())
        kept = self._use_store(lambda store: store.set_pin(name, pin), None)
        if kept is False:
            return SignInResult(None, pin_chosen_meanwhile_text())
        return self._result(name, sign_in=True)

    def sign_in_with_secret(self, name: str, secret: str) -> SignInResult:
        """Sign in as `name` with their PIN (or the class list's code); a wrong one counts
        towards a wait, and the result says how long."""
        from quiz.scores.pins import code_matches

        need = self.sign_in_need(name)
        if need is SignInNeed.PIN:
            check = self._use_store(lambda store: store.check_pin(name, secret), None)
        elif need is SignInNeed.CODE:
            assert self.roster is not None
            entry = self.roster.find(name)
            assert entry is not None
            name = entry.name  # as the teacher wrote it
            check = self._use_store(
                lambda store: store.check_secret(name, lambda _kept: code_matches(secret, entry.code)), None
            )
        else:
            return self._result(name, self._need_problem(name))
        if check is None:
            return self._result(name)  # saving stopped: nobody needs to sign in
        if not check.right:
            return SignInResult(None, wrong_secret_text(check, code=need is SignInNeed.CODE))
        return self._result(name, sign_in=True)

    def _need_problem(self, name: str) -> str | None:
        need = self.sign_in_need(name)
        if need is SignInNeed.NOT_LISTED:
            return not_listed_text()
        if need is SignInNeed.PIN:
            return pin_chosen_meanwhile_text()
        if need is SignInNeed.CHOOSE_PIN:
            return no_pin_yet_text()
        return None

    def _result(self, name: str, problem: str | None = None, *, sign_in: bool = False) -> SignInResult:
        """Signed in as `name` (first signing in, with `sign_in`, while saving goes on), or not,
        with `problem` (None when nothing is saved, so nobody needs to sign in)."""
        if sign_in and self.store is not None:
            self._sign_in_as(name)
        if self.is_signed_in_as(name):
            return SignInResult(self.learner)
        return SignInResult(None, problem if self.store is not None else None)

    def is_signed_in_as(self, name: str) -> bool:
        """Whether `name` is the learner signed in, spelled in any letter case ("José", "JOSÉ")."""
        from quiz.scores.names import name_key

        if self.learner is None:
            return False
        try:
            return name_key(name) == name_key(self.learner.name)
        except ValueError:  # no name at all
            return False

    def sign_out(self) -> None:
        """Nobody is signed in (the name being typed changed)."""
        self.learner = None

    def unfinished(self) -> Attempt | None:
        """The learner's quiz at this bank that was cut short with answers given, to resume."""
        if self.learner is None:
            return None
        learner = self.learner
        return self._use_store(
            lambda store: store.unfinished_attempt(learner, self.bank.id, mode=AttemptMode.QUIZ), None
        )

    def review_queue(self) -> list[str]:
        """Items the learner has missed and not yet got right twice in a row, still in the bank.

        With nobody signed in (nothing is kept), the items missed in the attempt just played.
        """
        if self.learner is None:
            return [answer.item.id for answer in self.missed()] if self.session is not None else []
        learner = self.learner
        missed = self._use_store(lambda store: store.review_items(learner, self.bank.id), [])
        known = {item.id for item in self.bank.items}
        return [item_id for item_id in missed if item_id in known]

    def history(self) -> list[AttemptSummary]:
        """The learner's attempts at this bank, oldest first."""
        if self.learner is None:
            return []
        learner = self.learner
        return self._use_store(lambda store: store.attempts(learner, self.bank.id), [])

    # --- attempts ----------------------------------------------------------------------------

    def start(self, test: str | None = None) -> None:
        """A new quiz at the bank; each new one with a seed gets a fresh order.

        `test` "pre" or "post" plays the learner's form for that test (quiz.core.forms) as an
        exam: every item of the form, in a shuffled order (`count`, when given, asks that many
        of them, balanced across types). None is practice, as the bank says.
        """
        seed = None if self.seed is None else self.seed + self._runs
        self._runs += 1
        if test is None:
            self.test = self.form = None
            self._begin(QuizSession(self.bank, seed=seed, count=self.count, clock=self.clock), AttemptMode.QUIZ, seed)
            return
        import random

        from quiz.core.engine import select_items
        from quiz.core.forms import form_items, form_of_test

        form = form_of_test(test, self._learner_key())
        items = select_items(form_items(self.bank.items, form), self.count, random.Random(seed), shuffle=True)
        self.test, self.form = test, form
        session = QuizSession(self.bank, item_ids=[item.id for item in items], clock=self.clock)
        self._begin(session, AttemptMode.QUIZ, seed)

    def _learner_key(self) -> str | None:
        """The signed-in learner's name as the store matches it (None: nobody signed in)."""
        from quiz.scores.names import name_key

        name = self.learner.name if self.learner is not None else self.fixed_learner
        if not name:
            return None
        try:
            return name_key(name)
        except ValueError:
            return None

    def forms_by_test(self) -> dict[str, str]:
        """Which form is this learner's pre-test and which the post-test ({"pre": "a", …})."""
        from quiz.core.forms import form_of_test

        key = self._learner_key()
        return {test: form_of_test(test, key) for test in ("pre", "post")}

    def start_review(self) -> None:
        """Practise only the items this learner has missed."""
        self.test = self.form = None
        session = QuizSession(self.bank, item_ids=self.review_queue(), clock=self.clock)
        self._begin(session, AttemptMode.REVIEW, None)

    def resume(self, stored: Attempt) -> None:
        """Carry on with an attempt cut short: its answers count, its order is kept, and so
        does the time already spent on them (for the time taken and the time limit).

        When that time already reaches the time limit, the attempt is over at once and
        marked finished: `finished` is then true and the results are what is left to show.
        """
        session = QuizSession(self.bank, item_ids=stored.item_ids, clock=self.clock)
        for answer in stored.answers:
            session.replay(answer.item_id, answer.chosen, answer.seconds)
        # The clock started when this session was made; move its start back by the time the
        # stored answers took, so the whole attempt is timed, across every resume.
        session.started = self.clock() - sum(answer.seconds for answer in stored.answers)
        self.session, self.mode, self._attempt_id = session, AttemptMode(stored.mode), stored.id
        self.test, self.form = stored.test, stored.form
        self._restore_evidence(stored)
        self._reset_steps()
        self.unsaved = 0
        self.time_up()

    def _begin(self, session: QuizSession, mode: AttemptMode, seed: int | None) -> None:
        self.session, self.mode, self._attempt_id = session, mode, None
        self._reset_steps()
        self.unsaved = 0
        if self.learner is None:
            return
        learner = self.learner
        self._attempt_id = self._use_store(
            lambda store: store.start_attempt(
                learner,
                self.bank.id,
                self.bank.content_hash,
                [item.id for item in session.items],
                seed=seed,
                locale=current_language(),
                mode=mode,
                test=self.test,
                form=self.form,
            ),
            None,
        )

    def _reset_steps(self) -> None:
        self._evidence_step = None
        self._calibration_asked = False
        self.calibration_guess = None

    def _restore_evidence(self, stored: Attempt) -> None:
        """The words marked before the attempt was cut short, back with their answers.

        Only where the passage reads as it did (the same language, the same bank text): the
        stored spans are offsets of the passage the learner saw.
        """
        session = self._playing
        marked = {answer.item_id: answer for answer in stored.answers if answer.evidence_spans}
        for position, answer in enumerate(session.answers):
            kept = marked.get(answer.item.id)
            if kept is None:
                continue
            localized = localize_item(answer.item)
            step = EvidenceStep.of(localized.passage, localized.cues)
            spans = kept.evidence_spans or ()
            if step is None or tuple(step.passage[a:b] for a, b in spans) != kept.evidence_words:
                continue
            indexes = step.marked_in(spans)
            if indexes:
                session.answers[position] = replace(answer, evidence=step.mark(indexes))

    @property
    def _playing(self) -> QuizSession:
        if self.session is None:
            raise RuntimeError("no attempt started")
        return self.session

    # --- playing -----------------------------------------------------------------------------

    @property
    def exam(self) -> bool:
        """In an exam, feedback waits for the end. A pre- or post-test is always one."""
        return self.test is not None or self.bank.options.mode == BankMode.EXAM

    @property
    def current(self) -> Item:
        return self._playing.current

    @property
    def position(self) -> int:
        """How many items have been answered."""
        return self._playing.position

    @property
    def total(self) -> int:
        return len(self._playing.items)

    @property
    def finished(self) -> bool:
        return self._playing.finished

    @property
    def timed_out(self) -> bool:
        return self._playing.timed_out

    @property
    def seconds_left(self) -> float | None:
        return self._playing.seconds_left

    def number_of(self, item: Item) -> int:
        """Where `item` stands in this attempt, counting from 1."""
        items = self._playing.items
        for number, listed in enumerate(items, 1):
            if listed is item:  # the item itself: comparing items field by field is slow
                return number
        return items.index(item) + 1

    def show_current(self) -> None:
        """Start timing the current item (it is on screen now)."""
        self._playing.show_current()

    def answer(self, type_id: str, *, context_seen: bool = False) -> Answered:
        """Score `type_id` for the current item and save it before returning.

        `context_seen`: the learner had the passage's paragraph open before answering (kept
        with the answer, so a teacher can tell which items needed their context).

        Too late (the time limit passed), the attempt ends without it and is marked finished.
        When the evidence is asked for, `evidence_step` is then set: the front end asks for
        the words and calls `give_evidence` (an exam shows no feedback meanwhile).
        """
        session = self._playing
        answer = session.answer(type_id)
        self._evidence_step = None  # the evidence of an answer before, never given
        if answer is None:
            self._finish_attempt()
            return Answered(None, saved=False)
        if self.asks_evidence:
            localized = localize_item(answer.item)
            self._evidence_step = EvidenceStep.of(localized.passage, localized.cues)
        if self._attempt_id is None:
            self.unsaved += 1
            return Answered(answer, saved=False)
        attempt_id = self._attempt_id
        self._use_store(
            lambda store: store.record_answer(
                attempt_id,
                item_id=answer.item.id,
                correct_type=answer.item.answer,
                chosen=answer.chosen,
                outcome=answer.outcome,
                points=answer.points,
                seconds=answer.seconds,
                locale=current_language(),
                bank_id=self.bank.id,
                bank_hash=self.bank.content_hash,
                context_seen=context_seen,
                evidence_expected=self._evidence_step is not None,
            ),
            None,
        )
        if self._attempt_id is None:  # that write failed: saving has stopped
            self.unsaved += 1
            return Answered(answer, saved=False)
        if session.finished:
            self._finish_attempt()
        return Answered(answer, saved=True)

    # --- the evidence: which words gave the type away --------------------------------------

    @property
    def asks_evidence(self) -> bool:
        """Whether learners mark their evidence after each type: the front end's switch if it
        set one, else the bank's `evidence` option."""
        if self.evidence_choice is not None:
            return self.evidence_choice
        return self.bank.options.evidence

    @property
    def evidence_step(self) -> EvidenceStep | None:
        """The words to mark for the answer just given, until `give_evidence`; else None
        (evidence off, the item has no cues, or it was given)."""
        return self._evidence_step

    def give_evidence(self, marked: Iterable[int] | None) -> EvidenceGiven:
        """Score and save the words marked (indexes into `evidence_step.words`), or a skip (None
        or no words); the answer with its evidence.

        Raises RuntimeError when no evidence is asked for, and ValueError for an index that
        is not a word of the passage.
        """
        step = self._evidence_step
        if step is None:
            raise RuntimeError("no evidence is asked for")
        indexes = frozenset(marked or ())
        evidence = step.mark(indexes) if indexes else None
        answer = self._playing.give_evidence(evidence) if evidence else self._playing.answers[-1]
        self._evidence_step = None
        if self._attempt_id is None:
            return EvidenceGiven(answer, saved=False)
        attempt_id = self._attempt_id
        self._use_store(
            lambda store: store.record_evidence(
                attempt_id,
                answer.item.id,
                spans=evidence.spans if evidence else (),
                words=evidence.texts if evidence else (),
                precision=evidence.precision if evidence else None,
                recall=evidence.recall if evidence else None,
            ),
            None,
        )
        return EvidenceGiven(answer, saved=self._attempt_id is not None)

    # --- how sure: the learner's guess at their score ----------------------------------------

    @property
    def asks_calibration(self) -> bool:
        """Whether to ask now how many answers the learner thinks were right: the attempt is
        over (every item answered, or the time is up), with answers, and it was not asked yet."""
        return (
            self.session is not None
            and self.session.finished
            and self.session.position > 0
            and not self._calibration_asked
        )

    @property
    def calibration_total(self) -> int:
        """The N of "how many of the N": the questions the score is out of."""
        return self.results().max_points

    def give_calibration(self, guess: int | None) -> bool:
        """Keep the learner's guess (0 to `calibration_total`), or a skip (None); saved or not.

        Raises ValueError for a guess outside that range.
        """
        if guess is not None and not 0 <= guess <= self.calibration_total:
            raise ValueError(f"the guess must lie between 0 and {self.calibration_total}")
        self._calibration_asked = True
        self.calibration_guess = guess
        if self._attempt_id is None:
            return False
        attempt_id = self._attempt_id
        if guess is None:  # the attempt's statement waited for a guess that is not coming
            self._use_store(lambda store: store.release_statements(attempt_id), None)
            return False
        self._use_store(lambda store: store.record_calibration(attempt_id, guess), None)
        return self._attempt_id is not None

    def time_up(self) -> bool:
        """Whether the time limit has passed; if so the attempt is over and marked finished."""
        if self.session is None or not self.session.timed_out:
            return False
        self._finish_attempt()
        return True

    def _finish_attempt(self) -> None:
        if self._attempt_id is not None:
            attempt_id = self._attempt_id
            # The guess at the score is asked next (asks_calibration): the statement waits for it.
            guess_expected = self.session is not None and self.session.position > 0 and not self._calibration_asked
            self._use_store(lambda store: store.finish_attempt(attempt_id, guess_expected=guess_expected), None)

    @property
    def points(self) -> float:
        """Points scored so far in this attempt (what the progress line shows)."""
        return self._playing.points

    def results(self) -> Results:
        """Scores so far, per claim type of the bank, with the confusion table."""
        return self._playing.results(self.choices.type_ids)

    @property
    def answers(self) -> list[Answer]:
        return self._playing.answers

    def count_note(self) -> str | None:
        """What happened to a --count larger than the bank: it plays all of its items."""
        if self.count is None or self.count <= len(self.bank.items):
            return None
        return ngettext(
            "The bank has only {count} item: playing it.",
            "The bank has only {count} items: playing all {count}.",
            len(self.bank.items),
        ).format(count=len(self.bank.items))

    def missed(self) -> list[Answer]:
        """This attempt's answers that were not fully right (wrong or partly right), in order:
        the ones to look at again, as the review queue counts them."""
        return [answer for answer in self._playing.answers if answer.outcome is not Outcome.CORRECT]

    # --- the bank ----------------------------------------------------------------------------

    @property
    def choices(self) -> Catalog:
        """The claim types learners choose between at this bank, with their definitions, in
        button order: the bank's `types:`, else every type. What each front end offers as
        answers, lists in its help and counts in the results; `catalog` keeps them all."""
        if self._choices[0] is not self.bank:  # another bank opened (or read again) since
            self._choices = (self.bank, self.catalog.narrowed(self.bank.types))
        return self._choices[1]

    def open_bank(self, path: Path) -> list[Problem]:
        """Read the bank at `path` (again) and play it from now on; its problems if it is broken."""
        from quiz.banks import ContentError, load_bank

        try:
            self.bank = load_bank(path, self.catalog)
        except ContentError as error:
            return error.problems
        self.bank_path = path
        if self._definitions is not None:
            self._definitions.banks[self.bank.id] = self.bank
        return []
