"""Show your evidence, and how sure are you: the words a learner marks, how they score, what the
learner is told, and what is kept — in the core, without a screen."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import pytest

from quiz.core.engine import Outcome
from quiz.core.evidence import EvidenceStep, cut_words, evidence_found, passage_words
from quiz.core.feedback import (
    calibration_lines,
    calibration_question,
    evidence_lines,
    parse_guess,
    parse_word_numbers,
    score_lines,
)
from quiz.core.model import BankMode, cue_spans
from quiz.core.run import QuizRun
from quiz.i18n import localize_item, set_language
from quiz.scores.migrations import MIGRATIONS, SCHEMA_VERSION
from quiz.scores.salvage import read_export_rows
from quiz.scores.store import FILE_NAME, ScoreStore
from tests.conftest import shipped_bank

LANGUAGES = ["en", "de", "es", "fr", "ru", "zh_CN"]


def words(text: str) -> list[str]:
    return [text[start:end] for start, end in passage_words(text)]


def with_evidence(bank, *, mode: BankMode | None = None):
    """`bank` asking for the evidence, every item asked in the bank's order."""
    options = replace(bank.options, evidence=True, shuffle=False, count=len(bank.items))
    return replace(bank, options=replace(options, mode=mode) if mode else options)


def indexes_of(step: EvidenceStep, *wanted: str) -> list[int]:
    """The word indexes of `wanted` words, each at its first place in the passage."""
    found = [step.word(n) for n in range(len(step.words))]
    return [found.index(word) for word in wanted]


# --- Words ------------------------------------------------------------------------------------


def test_english_words_leave_out_spaces_and_punctuation_and_keep_apostrophes_and_numbers():
    text = "Vladimir Putin’s trip — 3,000 km and 1.5 days, “suggests so.” Iran-backed U.S. deal!"
    assert words(text) == [
        "Vladimir", "Putin’s", "trip", "3,000", "km", "and", "1.5", "days", "suggests", "so",
        "Iran-backed", "U.S.", "deal",
    ]
    # Each word is a span of the passage itself.
    assert all(text[start:end].strip() == text[start:end] for start, end in passage_words(text))


def test_french_elided_words_are_words_of_their_own():
    assert words("l’apologiste du régime, qu’au fil d’aujourd’hui") == [
        "l’", "apologiste", "du", "régime", "qu’", "au", "fil", "d’", "aujourd’hui"
    ]


def test_chinese_is_split_into_characters_and_latin_runs_stay_whole():
    text = "这并不是因为PNAS 2022年的结论。"
    assert words(text) == ["这", "并", "不", "是", "因", "为", "PNAS", "2022", "年", "的", "结", "论"]


def test_chinese_units_never_give_the_cue_away():
    # Were a cue one unit, it would stand out among single characters: every unit of a Chinese
    # passage is one character (or a run of Latin letters or digits), cue or not.
    set_language("zh_CN")
    bank, _catalog = shipped_bank()
    for item in bank.items:
        localized = localize_item(item)
        step = EvidenceStep.of(localized.passage, localized.cues)
        assert step is not None, item.id
        units = [step.word(n) for n in range(len(step.words))]
        assert all(len(unit) == 1 or unit.isascii() for unit in units), (item.id, units)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_shipped_cue_is_whole_words_of_its_passage(language):
    """A learner can select every cue exactly: no cue starts or ends inside a word."""
    set_language(language)
    bank, _catalog = shipped_bank()
    problems = []
    for item in bank.items:
        localized = localize_item(item)
        assert not localized.in_english, (language, item.id)
        assert len(localized.cues) == len(item.cues), (language, item.id)
        passage_word_spans = passage_words(localized.passage)
        for cue in localized.cues:
            spans = cue_spans(localized.passage, [cue])
            assert spans, (language, item.id, cue)
            if cut_words(passage_word_spans, spans):
                problems.append(f"{language} {item.id}: “{cue}” cuts a word of “{localized.passage}”")
            elif not any(start <= a and b <= end for a, b in passage_word_spans for start, end in spans):
                problems.append(f"{language} {item.id}: “{cue}” holds no word to select")
    assert not problems, "\n".join(problems)


# --- Scoring ----------------------------------------------------------------------------------


def test_precision_and_recall_are_counted_over_words():
    # "The council met on 3 May and voted 7 to 2.": the cue words are 3, May, 7, to, 2.
    step = EvidenceStep.of("The council met on 3 May and voted 7 to 2.", ["3 May", "7 to 2"])
    assert sorted(step.word(n) for n in step.cue_words) == ["2", "3", "7", "May", "to"]
    evidence = step.mark(indexes_of(step, "3", "May", "council"))
    assert evidence.precision == pytest.approx(2 / 3)  # two of the three marked are cue words
    assert evidence.recall == pytest.approx(2 / 5)  # two of the five cue words were marked
    assert evidence.found
    assert evidence.spans == ((4, 11), (19, 24))  # "council", "3 May": one span per run of words
    assert evidence.texts == ("council", "3 May")


def test_one_telling_word_is_found_marking_everything_is_not():
    step = EvidenceStep.of("This suggests the plan will pass.", ["suggests"])
    assert step.mark(indexes_of(step, "suggests")).found
    everything = step.mark(range(len(step.words)))
    assert everything.recall == 1 and everything.precision == pytest.approx(1 / 6)
    assert not everything.found
    assert not step.mark(indexes_of(step, "plan")).found  # no cue word at all
    assert evidence_found(0.5, 0.2) and not evidence_found(0.49, 1) and not evidence_found(None, None)


def test_a_repeated_cue_counts_wherever_it_is_marked():
    passage = "no Russian negligence; no Russian saber rattling;"
    step = EvidenceStep.of(passage, ["no Russian"])
    second = [n for n in range(len(step.words)) if step.words[n][0] > passage.index(";")][:2]
    evidence = step.mark(second)
    assert [step.word(n) for n in second] == ["no", "Russian"]
    assert evidence.precision == 1 and evidence.recall == 0.5 and evidence.found


def test_chinese_evidence_is_scored_by_character():
    step = EvidenceStep.of("这并不是因为一时的战略趋同。", ["并不是因为"])
    assert len(step.cue_words) == 5
    evidence = step.mark(indexes_of(step, "不", "是"))
    assert (evidence.precision, evidence.recall) == (1, pytest.approx(2 / 5))


def test_an_item_without_cues_in_its_passage_asks_no_evidence():
    assert EvidenceStep.of("Nothing to see.", ["absent"]) is None
    with pytest.raises(ValueError):
        EvidenceStep.of("This suggests so.", ["suggests"]).mark([7])


# --- What the learner is told ---------------------------------------------------------------------


def test_the_feedback_names_the_overlap_what_is_missing_and_what_is_not_a_cue():
    step = EvidenceStep.of("The government should act and needs to pay now.", ["should", "needs to"])
    lines = evidence_lines(step.mark(indexes_of(step, "should", "government")))
    assert lines == [
        "You marked “should” — yes; the words that give it away also include “needs to”.",
        "“government” does not give it away.",
    ]
    assert evidence_lines(step.mark(indexes_of(step, "should", "needs", "to"))) == [
        "You marked “should”, “needs to” — yes, that is what gives it away."
    ]
    assert evidence_lines(step.mark(indexes_of(step, "The", "government", "now"))) == [
        "You marked “The government”, “now”, but the words that give it away are “should”, “needs to”."
    ]


def test_the_feedback_is_in_the_learners_language():
    set_language("de")
    step = EvidenceStep.of("Die Regierung sollte handeln.", ["sollte"])
    (line,) = evidence_lines(step.mark(indexes_of(step, "sollte")))
    assert "sollte" in line and "You marked" not in line


def test_typed_word_numbers_and_ranges_are_read_and_bad_ones_say_what_to_do():
    assert parse_word_numbers("2 5-7", 10) == [1, 4, 5, 6]
    assert parse_word_numbers(" 7, 2 – 3 ", 10) == [1, 2, 6]  # commas, an en dash, spaces
    assert parse_word_numbers("２ ５－６", 10) == [1, 4, 5]  # full-width, as a Chinese keyboard types
    assert parse_word_numbers("", 10) == []
    with pytest.raises(ValueError, match="“abc” is not a word number; type numbers from 1 to 10"):
        parse_word_numbers("abc", 10)
    with pytest.raises(ValueError, match="There is no word 99: the words are numbered from 1 to 10"):
        parse_word_numbers("2 99", 10)
    with pytest.raises(ValueError, match="3-1 goes backwards; write the smaller number first: 1-3"):
        parse_word_numbers("3-1", 10)


def test_the_guess_is_a_whole_number_up_to_the_total_or_nothing():
    assert parse_guess(" 12 ", 20) == 12 and parse_guess("0", 20) == 0 and parse_guess("", 20) is None
    for bad in ("abc", "21", "-1", "2.5"):
        with pytest.raises(ValueError, match="Please type a whole number from 0 to 20, or nothing to skip"):
            parse_guess(bad, 20)
    assert calibration_question(20) == "How many of the 20 questions do you think you got right?"


# --- The run: asked, scored, saved ----------------------------------------------------------------


def test_evidence_is_asked_after_the_type_scored_and_saved_at_once(mini_bank, mini_catalog, tmp_path):
    quiz = QuizRun(with_evidence(mini_bank), mini_catalog, store=ScoreStore.open(tmp_path), learner_name="Eve")
    quiz.sign_in("Eve")
    quiz.start()
    item = quiz.current
    assert item.id == "council-vote" and quiz.evidence_step is None  # nothing before the type
    answered = quiz.answer("opinion")  # the wrong type …
    assert answered.saved and answered.answer.outcome is Outcome.WRONG
    step = quiz.evidence_step
    assert step.passage == item.passage
    given = quiz.give_evidence(indexes_of(step, "3", "May"))  # … for the right words
    assert given.saved and quiz.evidence_step is None
    assert given.answer.points == 0 and given.answer.evidence.found  # the type alone decides the mark
    with ScoreStore.open(tmp_path) as store:
        [row] = store.answers_for_export()
    assert row.evidence_spans == ((19, 24),) and row.evidence_words == ("3 May",)
    assert (row.evidence_precision, row.evidence_recall) == (1, pytest.approx(2 / 5))

    quiz.answer("inference")
    skipped = quiz.give_evidence(None)
    assert skipped.saved and skipped.answer.evidence is None
    with ScoreStore.open(tmp_path) as store:
        rows = store.answers_for_export()
    assert rows[1].evidence_spans == () and rows[1].evidence_precision is None  # skipped, not "not asked"
    assert quiz.results().evidence_given == 1 and quiz.results().evidence_found == 1
    assert "Words that gave it away: you found them in 1 of 1 answer" in score_lines(quiz.results())


def test_a_bank_with_evidence_off_asks_none_and_a_front_end_can_switch_it(mini_bank, mini_catalog):
    quiz = QuizRun(mini_bank, mini_catalog)
    quiz.start()
    quiz.answer("fact")
    assert not quiz.asks_evidence and quiz.evidence_step is None
    with pytest.raises(RuntimeError):
        quiz.give_evidence([0])
    switched = QuizRun(with_evidence(mini_bank), mini_catalog)
    switched.evidence_choice = False  # a start screen's toggle
    switched.start()
    switched.answer("fact")
    assert switched.evidence_step is None


def test_a_translated_passage_is_marked_against_its_translated_cues(tmp_path):
    set_language("de")
    bank, catalog = shipped_bank()
    quiz = QuizRun(with_evidence(bank), catalog, store=ScoreStore.open(tmp_path), learner_name="Udo")
    quiz.sign_in("Udo")
    quiz.start()
    item = quiz.current
    localized = localize_item(item)
    assert localized.passage != item.passage
    quiz.answer(item.answer)
    step = quiz.evidence_step
    assert step.passage == localized.passage
    # The words to find are the German cue's, not the English one's.
    assert {step.word(n) for n in step.cue_words} == {word for cue in localized.cues for word in words(cue)}
    assert localized.cues != item.cues
    given = quiz.give_evidence(sorted(step.cue_words))
    assert (given.answer.evidence.precision, given.answer.evidence.recall) == (1, 1)
    with ScoreStore.open(tmp_path) as store:
        [row] = store.answers_for_export()
    assert all(word in localized.passage for word in row.evidence_words)
    assert row.locale == "de"


def test_evidence_marked_before_a_quiz_was_cut_short_comes_back_on_resume(mini_bank, mini_catalog, tmp_path):
    bank = with_evidence(mini_bank)
    first = QuizRun(bank, mini_catalog, store=ScoreStore.open(tmp_path), learner_name="Rae")
    first.sign_in("Rae")
    first.start()
    first.answer("inference")
    first.give_evidence(indexes_of(first.evidence_step, "7", "to", "2"))
    again = QuizRun(bank, mini_catalog, store=ScoreStore.open(tmp_path), learner_name="Rae")
    again.sign_in("Rae")
    again.resume(again.unfinished())
    [resumed] = again.answers
    assert resumed.evidence is not None and resumed.evidence.texts == ("7 to 2",)
    assert again.results().evidence_found == 1


# --- How sure are you? ----------------------------------------------------------------------------


def test_calibration_is_asked_once_at_the_end_and_kept_with_the_attempt(mini_bank, mini_catalog, tmp_path):
    quiz = QuizRun(mini_bank, mini_catalog, store=ScoreStore.open(tmp_path), learner_name="Cal", count=4)
    quiz.sign_in("Cal")
    quiz.start()
    for _n in range(3):
        quiz.answer(quiz.current.answer)
        assert not quiz.asks_calibration  # not before the end
    quiz.answer("fact" if quiz.current.answer != "fact" else "opinion")
    assert quiz.asks_calibration and quiz.calibration_total == 4
    with pytest.raises(ValueError):
        quiz.give_calibration(5)
    assert quiz.give_calibration(4)
    assert not quiz.asks_calibration
    with ScoreStore.open(tmp_path) as store:
        assert {row.calibration_guess for row in store.answers_for_export()} == {4}


def test_the_results_say_how_far_the_guess_was_and_which_way(mini_bank, mini_catalog):
    quiz = QuizRun(with_evidence(mini_bank), mini_catalog)
    quiz.start()
    # fact ✓, inference taken as opinion ◐ (0.5), opinion ✓, rhetoric ✓, fact ✓: 4.5 of 5.
    for chosen in ("fact", "opinion", "opinion", "rhetoric", "fact"):
        quiz.answer(chosen)
    results = quiz.results()
    assert results.points == 4.5
    over, under = calibration_lines(5, results), calibration_lines(2, results)
    assert over[0] == "You guessed 5 and scored 4.5: 0.5 above your score, so you overestimated yourself."
    assert under[0] == "You guessed 2 and scored 4.5: 2.5 below your score, so you underestimated yourself."
    assert over[1].startswith("Why it matters: three in four Americans overrate")
    assert over[1].endswith("(Lyons et al., PNAS 2021).") and over[1] == under[1]
    assert calibration_lines(None, results) == []  # skipped: nothing to compare


def test_a_guess_equal_to_the_score_is_said_to_be_right(mini_bank, mini_catalog):
    quiz = QuizRun(with_evidence(mini_bank), mini_catalog)
    quiz.start()
    for chosen in ("fact", "fact", "fact", "fact", "fact"):  # right twice: 2 of 5
        quiz.answer(chosen)
    assert calibration_lines(2, quiz.results())[0] == "You guessed 2 and scored 2: exactly right."


def test_the_comparison_is_worded_in_the_learners_language(mini_bank, mini_catalog):
    quiz = QuizRun(mini_bank, mini_catalog, count=4)
    quiz.start()
    while not quiz.finished:
        quiz.answer("fact")
    set_language("fr")  # as after `l` mid-quiz: what is said next is said in French
    lines = calibration_lines(4, quiz.results())
    assert "You guessed" not in lines[0] and "Lyons" in lines[1]


# --- Kept, and kept working in old files ----------------------------------------------------------


def version_2_store(path) -> None:
    """A score file as media-quiz wrote it before the evidence: schema version 2, one answer."""
    db = sqlite3.connect(path / FILE_NAME, isolation_level=None)
    for statements in MIGRATIONS[:2]:
        for statement in statements:
            db.execute(statement)
    db.execute("PRAGMA user_version = 2")
    db.execute("INSERT INTO learners VALUES (1, 'Old', '2024-01-01', '2024-01-01')")
    db.execute(
        "INSERT INTO attempts VALUES (1, 1, 'mini', 'h', 'quiz', ?, NULL, 'en', '2024-01-01', NULL)",
        (json.dumps(["council-vote", "plan-will-pass"]),),
    )
    db.execute(
        "INSERT INTO answers VALUES (1, 1, 'council-vote', 'fact', 'fact', 'correct', 1, 2, 'en', "
        "'mini', 'h', '2024-01-01', 1)"
    )
    db.close()


def test_a_version_2_score_file_exports_read_only_as_it_was(tmp_path):
    version_2_store(tmp_path)
    before = (tmp_path / FILE_NAME).read_bytes()
    [row] = read_export_rows(tmp_path / FILE_NAME).rows
    assert (tmp_path / FILE_NAME).read_bytes() == before  # export never migrates
    assert row.context_seen and row.evidence_spans is None and row.calibration_guess is None


def test_a_version_2_score_file_is_brought_up_to_date_and_its_quiz_resumes_with_evidence(
    mini_bank, mini_catalog, tmp_path
):
    version_2_store(tmp_path)
    quiz = QuizRun(with_evidence(mini_bank), mini_catalog, store=ScoreStore.open(tmp_path), learner_name="Old")
    quiz.sign_in("Old")
    old = quiz.unfinished()
    assert old is not None and old.answers[0].evidence_spans is None  # answered before the evidence
    quiz.resume(old)
    assert quiz.answers[0].evidence is None
    quiz.answer("inference")
    quiz.give_evidence(indexes_of(quiz.evidence_step, "suggests"))
    assert quiz.asks_calibration
    quiz.give_calibration(2)
    with ScoreStore.open(tmp_path) as store:
        rows = store.answers_for_export()
    assert [(row.item_id, row.evidence_words) for row in rows] == [
        ("council-vote", None), ("plan-will-pass", ("suggests",))
    ]
    assert {row.calibration_guess for row in rows} == {2}
    check = sqlite3.connect(tmp_path / FILE_NAME)
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    check.close()


def test_the_first_evidence_and_guess_are_kept(tmp_path):
    with ScoreStore.open(tmp_path) as store:
        learner = store.learner("Kit")
        attempt = store.start_attempt(learner, "mini", "h", ["a"], seed=1, locale="en")
        store.record_answer(attempt, item_id="a", correct_type="fact", chosen="fact", outcome="correct",
                            points=1, seconds=1, locale="en", bank_id="mini", bank_hash="h")
        store.record_evidence(attempt, "a", spans=((0, 3),), words=("The",), precision=0, recall=0)
        store.record_evidence(attempt, "a", spans=((4, 9),), words=("cheat",), precision=1, recall=1)
        store.record_calibration(attempt, 1)
        store.record_calibration(attempt, 0)
        [row] = store.answers_for_export()
    assert row.evidence_words == ("The",) and row.calibration_guess == 1
