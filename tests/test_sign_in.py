"""Signing in under `media-quiz serve` (issue 19): each browser session is its own student.

The PIN, its wrong tries and the class list are tested on the core (no screen): quiz.scores.pins,
the store's `pins` table, quiz.scores.roster and `QuizRun`'s served mode; then the start screen
in served mode, as a second browser session would see it.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.core.run import LAST_LEARNER, QuizRun
from quiz.core.sign_in import SignInNeed
from quiz.scores.pins import LONGEST_WAIT_SECONDS, hash_pin, pin_matches, pin_problem
from quiz.scores.roster import RosterError, read_roster
from quiz.scores.store import ScoreStore


class Clock:
    """The store's clock, moved by hand: waits are tested without waiting."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def wait(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


# --- the PIN itself ---------------------------------------------------------------------------


def test_a_pin_is_kept_as_a_salted_scrypt_hash_and_only_that_pin_matches():
    first, second = hash_pin("4071"), hash_pin("4071")
    assert first.startswith("scrypt$16384$8$1$") and "4071" not in first
    assert first != second  # a salt of its own
    assert pin_matches("4071", first) and pin_matches(" ４０７１ ", second)  # full-width digits too
    assert not pin_matches("4072", first) and not pin_matches("", first)
    assert not pin_matches("4071", "scrypt$garbled")  # an unreadable hash matches nothing


@pytest.mark.parametrize("typed", ["", "123", "123456789", "12a4", "12 34", "½½½½"])
def test_a_pin_is_four_to_eight_digits(typed):
    assert pin_problem(typed) == "A PIN is 4 to 8 digits, such as 4071."
    with pytest.raises(ValueError):
        hash_pin(typed)


# --- wrong tries, kept in the score file ------------------------------------------------------


def test_wrong_pins_make_the_learner_wait_longer_each_time_even_from_a_new_tab(tmp_path):
    clock = Clock()
    with ScoreStore.open(tmp_path, clock=clock) as store:
        assert store.set_pin("Ana", "4071")
        assert not store.set_pin("ANA", "9999")  # chosen already: kept as it was
        checks = [store.check_pin("ana", "0000") for _ in range(5)]
    assert [check.tries_left for check in checks] == [4, 3, 2, 1, 0]
    assert [check.wait_seconds for check in checks] == [0, 0, 0, 0, 30]

    # Another tab (another process, another store) finds the wait, and even the right PIN waits.
    with ScoreStore.open(tmp_path, clock=clock) as tab:
        assert tab.pin_state("Ana").wait_seconds == 30
        early = tab.check_pin("Ana", "4071")
        assert not early.right and not early.tried and early.wait_seconds == 30
        clock.wait(30)
        assert tab.check_pin("Ana", "1111").wait_seconds == 60  # twice as long
        clock.wait(60)
        assert tab.check_pin("Ana", "1111").wait_seconds == 120
        for _ in range(8):
            clock.wait(LONGEST_WAIT_SECONDS)
            last = tab.check_pin("Ana", "1111")
        assert last.wait_seconds == LONGEST_WAIT_SECONDS  # never more than 15 minutes
        clock.wait(LONGEST_WAIT_SECONDS)
        right = tab.check_pin("Ana", "4071")
        assert right.right and tab.pin_state("Ana").failures == 0  # the count starts again
        assert tab.check_pin("Ana", "0000").wait_seconds == 0


def test_a_teacher_resets_a_pin_from_the_command_line(tmp_path, capsys):
    clock = Clock()
    with ScoreStore.open(tmp_path, clock=clock) as store:
        store.set_pin("Ana García", "4071")
        for _ in range(5):
            store.check_pin("Ana García", "0000")
    assert main(["pin", "reset", "ana garcía", "--data-dir", str(tmp_path)]) == 0
    said = capsys.readouterr().out
    assert "ana garcía" in said and "choose a new one" in said and "wait" in said
    with ScoreStore.open(tmp_path) as store:
        state = store.pin_state("Ana García")
    assert not state.has_pin and state.wait_seconds == 0 and state.failures == 0

    assert main(["pin", "reset", "Nobody", "--data-dir", str(tmp_path)]) == 1
    assert "Nobody has no PIN" in capsys.readouterr().err
    assert main(["pin", "reset", "Ana", "--data-dir", str(tmp_path / "empty")]) == 1
    assert "No score file" in capsys.readouterr().err
    assert not (tmp_path / "empty").exists()  # nothing created


# --- the class list ---------------------------------------------------------------------------


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "class.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_a_class_list_is_read_with_or_without_its_heading_and_with_semicolons(tmp_path):
    roster = read_roster(write(tmp_path, "\ufeffname,code\nAna García, fox-41\n\n\"Okafor, Ben\",7302\n"))
    assert roster.find("ANA GARCÍA").name == "Ana García" and roster.find("ana garcía").code == "fox-41"
    assert roster.find("Okafor, Ben").line == 4 and roster.find("Carla") is None
    assert read_roster(write(tmp_path, "Ana;1234\nBen;5678\n")).find("Ben").code == "5678"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,code\nAna\n", "class.csv:2: a line needs two columns, the name and the code, separated by a comma (found 1)"),
        ("Ana,1234,extra\n", "class.csv:1: a line needs two columns"),
        ("Ana,12\n", "class.csv:1: the code of Ana must have 4 to 40 characters."),
        ("Ana,1234\nBen,5678\nANA,9999\n", "class.csv:3: ANA is listed twice (also on line 1); list each student once."),
        (" ,1234\n", "class.csv:1: A learner's name cannot be empty."),
        ("name,code\n\n", "class.csv: the class list names no student; write one line per student: name,code"),
        (b"Ana,1234\nJos\xe9,5678\n", "class.csv:2: not UTF-8 text; save the file again as “CSV UTF-8”"),
    ],
)
def test_a_class_list_that_cannot_be_used_is_refused_with_its_line_and_the_fix(tmp_path, text, message):
    with pytest.raises(RosterError) as refused:
        read_roster(write(tmp_path, text))
    assert message in str(refused.value)
    assert str(tmp_path / "class.csv") in str(refused.value)


def test_serve_refuses_a_bad_class_list_before_it_starts(tmp_path, capsys):
    assert main(["serve", "--roster", str(write(tmp_path, "Ana\n")), "--port", "1"]) == 2
    assert "class.csv:1: a line needs two columns" in capsys.readouterr().err
    assert main(["serve", "--roster", str(tmp_path / "missing.csv")]) == 2
    assert "Cannot read the class list" in capsys.readouterr().err


def test_served_sessions_get_the_served_flag_and_the_class_list(tmp_path):
    from quiz.cli import build_parser, session_arguments

    roster = write(tmp_path, "Ana,1234\n")
    args = build_parser().parse_args(["--count", "5", "serve", "--roster", str(roster)])
    assert session_arguments(args)[-3:] == ["--served", "--session-roster", str(roster.resolve())]
    again = build_parser().parse_args(session_arguments(args))  # as a session's quiz reads them
    assert again.served and again.session_roster == roster.resolve() and again.count == 5


# --- the quiz run, served ---------------------------------------------------------------------


def a_learner_with_history(data_dir: Path, name: str, pin: str | None, bank) -> None:
    """`name` has a finished attempt and an unfinished one at `bank`, and was the last to play
    in the terminal quiz (the setting a served session must not use)."""
    with ScoreStore.open(data_dir) as store:
        learner = store.learner(name)
        for finished in (True, False):
            items = [item.id for item in bank.items[:3]]
            attempt = store.start_attempt(learner, bank.id, bank.content_hash, items, seed=None, locale="en")
            store.record_answer(
                attempt, item_id=items[0], correct_type="fact", chosen="opinion", outcome="wrong",
                points=0, seconds=3, locale="en", bank_id=bank.id, bank_hash=bank.content_hash,
            )
            if finished:
                store.finish_attempt(attempt)
        store.set_setting(LAST_LEARNER, name)
        if pin is not None:
            store.set_pin(name, pin)


def test_a_served_session_offers_no_name_and_shows_nothing_of_a_learner_before_their_pin(
    mini_bank, mini_catalog, tmp_path
):
    a_learner_with_history(tmp_path, "Ana", "4071", mini_bank)
    terminal = QuizRun(mini_bank, mini_catalog, store=ScoreStore.open(tmp_path))
    assert terminal.remembered_name() == "Ana"  # the terminal quiz remembers, as before

    served = QuizRun(mini_bank, mini_catalog, store=ScoreStore.open(tmp_path), served=True)
    assert served.remembered_name() == ""
    assert served.sign_in("Ana") is None  # a name alone is not enough
    assert served.learner is None and served.history() == [] and served.unfinished() is None
    assert served.review_queue() == []
    assert served.sign_in_need("ANA") is SignInNeed.PIN
    wrong = served.sign_in_with_secret("Ana", "1234")
    assert not wrong.signed_in and wrong.problem == "That is not your PIN. 4 more tries before a wait."
    assert served.history() == []
    right = served.sign_in_with_secret("ana", "4071")
    assert right.signed_in and served.learner.name == "Ana"
    assert len(served.history()) == 2 and served.unfinished() is not None
    assert served.remembered_name() == "Ana"  # within its own session

    # A first sign-in chooses a PIN, typed twice; nothing is remembered for the next session.
    assert served.sign_in_need("Ben") is SignInNeed.CHOOSE_PIN
    assert served.choose_pin("Ben", "123", "123").problem == "A PIN is 4 to 8 digits, such as 4071."
    assert served.choose_pin("Ben", "5555", "5556").problem == "The two PINs differ: type the same PIN twice."
    assert served.choose_pin("Ben", "5555", "5555").signed_in and served.learner.name == "Ben"
    with ScoreStore.open(tmp_path) as store:
        assert store.get_setting(LAST_LEARNER) == "Ana"  # as the terminal quiz left it
        assert store.pin_state("Ben").has_pin
        store.reset_pin("Ben")  # by the teacher, while another tab was asking for Ben's PIN
    other_tab = QuizRun(mini_bank, mini_catalog, store=ScoreStore.open(tmp_path), served=True)
    refused = other_tab.sign_in_with_secret("Ben", "5555")
    assert not refused.signed_in and refused.problem.startswith("This name has no PIN now")
    assert other_tab.sign_in_need("Ben") is SignInNeed.CHOOSE_PIN


def test_with_a_class_list_only_listed_names_sign_in_with_their_code(mini_bank, mini_catalog, tmp_path):
    roster = read_roster(write(tmp_path, "name,code\nAna García,fox-41\n"))
    served = QuizRun(mini_bank, mini_catalog, store=ScoreStore.open(tmp_path / "data"), roster=roster)
    assert served.served and served.sign_in_need("Ben") is SignInNeed.NOT_LISTED
    refused = served.sign_in_with_secret("Ben", "fox-41")
    assert not refused.signed_in and "not on the class list" in refused.problem
    assert served.sign_in_need("ana garcía") is SignInNeed.CODE
    assert served.sign_in_with_secret("ana garcía", "fox-42").problem == (
        "That is not your code. 4 more tries before a wait."
    )
    assert served.sign_in_with_secret("ana garcía", " FOX-41 ").signed_in
    assert served.learner.name == "Ana García"  # as the teacher wrote it
    with sqlite3.connect(tmp_path / "data" / "scores.sqlite3") as db:
        assert db.execute("SELECT pin_hash, failures FROM pins").fetchall() == [(None, 0)]


# --- the start screen, served -----------------------------------------------------------------


async def test_a_second_browser_session_sees_no_name_and_not_the_history_of_another_without_their_pin(
    mini_bank, mini_catalog, tmp_path
):
    from textual.widgets import Input

    from quiz.scores.score_file import ScoreFile
    from quiz.tui.screens.history_screen import HistoryScreen
    from quiz.tui.screens.sign_in_screen import SignInScreen
    from quiz.tui.screens.start_screen import StartScreen
    from tests.conftest import flat, playing, screen_text

    a_learner_with_history(tmp_path, "Ana", "4071", mini_bank)  # and the last to play here
    async with playing(
        mini_bank, mini_catalog, score_file=ScoreFile(tmp_path), served=True, notifications=True
    ) as pilot:
        app = pilot.app
        await pilot.pause()
        start = app.screen
        assert isinstance(start, StartScreen)
        name = start.query_one("#learner-name", Input)
        buttons = {button: start.query_one(f"#{button}") for button in ("resume", "review", "history")}
        assert name.value == "" and name.has_focus  # not Ana's name, as the terminal quiz offers
        assert not any(button.display for button in buttons.values())

        name.value = "ana"
        await pilot.press("enter")
        assert isinstance(app.screen, SignInScreen)
        dialog = app.screen
        secret = dialog.query_one("#sign-in-secret", Input)
        assert secret.password and secret.has_focus
        secret.value = "1234"
        await pilot.pause()
        shown = screen_text(app)
        assert "Sign in as ana" in shown and "Type your PIN" in shown
        assert "1234" not in shown and "••••" in shown  # masked
        dialog.action_confirm()
        await pilot.pause()
        assert app.screen is dialog
        assert flat("That is not your PIN. 4 more tries before a wait.") in flat(screen_text(app))
        assert secret.value == "" and secret.has_focus  # ready for the next try
        assert start.quiz.learner is None and start.quiz.history() == []
        await pilot.press("escape")  # back: still nobody signed in, nothing of Ana's shown
        assert app.screen is start and not any(button.display for button in buttons.values())
        start._history()  # History (were it there) asks first too
        await pilot.pause()
        assert isinstance(app.screen, SignInScreen) and not isinstance(app.screen, HistoryScreen)
        app.screen.query_one("#sign-in-secret", Input).value = "4071"
        app.screen.action_confirm()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)  # signed in: what was asked for goes on
        assert "History of Ana — 2 attempts" in screen_text(app)
        await pilot.press("escape")
        assert name.value == "Ana" and buttons["resume"].display and buttons["history"].display

        # Another student, first time here: a PIN is chosen, typed twice.
        name.value = "Ben"
        await pilot.pause()
        assert not buttons["history"].display  # Ana signed out as the name changed
        await pilot.press("enter")
        dialog = app.screen
        assert isinstance(dialog, SignInScreen) and flat("First time here: choose a PIN") in flat(screen_text(app))
        dialog.query_one("#sign-in-secret", Input).value = "5555"
        dialog.query_one("#sign-in-again", Input).value = "5556"
        dialog.action_confirm()
        await pilot.pause()
        assert flat("The two PINs differ") in flat(screen_text(app))
        dialog.query_one("#sign-in-secret", Input).value = "5555"
        dialog.query_one("#sign-in-again", Input).value = "5555"
        dialog.action_confirm()
        await pilot.pause()
        assert app.screen is start and start.quiz.learner.name == "Ben"
        assert app.focused is start.query_one("#start")  # nothing of Ben's to resume or practise
        assert not buttons["resume"].display and not buttons["review"].display


async def test_the_sign_in_screen_fits_80_by_24_in_every_language_with_a_long_name(
    mini_bank, mini_catalog, tmp_path
):
    from textual.widgets import Static

    from quiz.core.sign_in import not_listed_text, pin_chosen_meanwhile_text, pins_differ_text, wait_text
    from quiz.i18n import _, available_languages
    from quiz.tui.screens.sign_in_screen import SignInScreen
    from tests.conftest import flat, playing, screen_text

    name = "Maximiliane [b]Wolkenstein-Oberhausen[/b] von Grünberg zu L"  # near the 60 allowed; shown as typed
    async with playing(mini_bank, mini_catalog, store=ScoreStore.open(tmp_path), served=True) as pilot:
        app = pilot.app
        dialog = SignInScreen(app.quiz, name, SignInNeed.CHOOSE_PIN)
        await app.push_screen(dialog)
        hidden = []
        for language in available_languages():
            app.switch_language(language)
            problems = (wait_text(900), pins_differ_text(), pin_chosen_meanwhile_text(), not_listed_text())
            dialog.problem = max(problems, key=len)  # the longest a learner can be told
            dialog.render_text()
            await pilot.pause()
            shown = flat(screen_text(app))
            needed = [
                _("Sign in as {name}").format(name=name),
                str(dialog.query_one("#sign-in-prompt", Static).content),
                dialog.problem,
                _("Sign in (Enter)"),
                _("Back (Esc)"),
                _("the same PIN again"),
            ]
            hidden += [f"{language}: {text}" for text in needed if flat(text) not in shown]
        assert not hidden, "\n".join(hidden)


def test_a_class_list_headed_in_the_teachers_language_skips_its_heading(tmp_path):
    from quiz.i18n import set_language
    from quiz.scores.roster import read_roster

    path = tmp_path / "classe.csv"
    path.write_text("Nom;Code\nAna García;fox-41\n", encoding="utf-8")
    set_language("fr")
    try:
        assert [entry.name for entry in read_roster(path).entries.values()] == ["Ana García"]
    finally:
        set_language("en")
    path.write_text("Name,Code\nBen Okafor,7302\n", encoding="utf-8")
    assert [entry.name for entry in read_roster(path).entries.values()] == ["Ben Okafor"]


def test_serve_refuses_one_learner_name_for_every_browser_session(capsys):
    assert main(["--learner", "Ana", "serve"]) == 2
    err = capsys.readouterr().err
    assert "--learner cannot be used with serve" in err and "Traceback" not in err
