"""One start-up, in a fresh process: start an app headless and note when its first screen is up.

    BENCH_T0=<time.monotonic() of the parent> python benchmarks/startup_child.py minimal
    BENCH_T0=... python benchmarks/startup_child.py quiz [media-quiz options …]

`minimal` is the baseline: a Textual app with one line of text, which exits after its first
frame. `quiz` runs the real `media-quiz` command (quiz.cli.main) with Textual's headless
driver; the learner presses Enter as soon as the start screen is drawn (its first frame),
and the app exits once the first question has been drawn. The last line printed is the
seconds from BENCH_T0 (taken by the parent just before starting this process, on the same
system-wide monotonic clock) to the first frame, then to the first question (the minimal
app has none: the first frame again), then this process's peak resident memory in KB
(VmHWM from /proc/self/status; 0 where there is none). A quiz whose start imported
matplotlib (which only the HTML report may) stops with an error instead.
"""

from __future__ import annotations

import os
import sys
import time

T0 = float(os.environ.get("BENCH_T0", time.monotonic()))
shown_after: list[float] = []  # the first frame, then the first question


def _shown(app=None) -> None:
    """A frame is drawn: note the time; with the app, leave it."""
    shown_after.append(time.monotonic() - T0)
    if app is not None:
        app.exit()


def peak_memory_kb() -> int:
    """The most memory this process has held in RAM so far (Linux), else 0.

    Not getrusage's ru_maxrss: that also counts the pages of the parent this process was
    started from, before it became this program.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for text in status:
                if text.startswith("VmHWM:"):
                    return int(text.split()[1])
    except OSError:
        pass
    return 0


def minimal() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("Hello")

        def on_mount(self) -> None:
            self.call_after_refresh(_shown, self)  # runs once the screen has been painted

    Minimal().run(headless=True)


def quiz(argv: list[str]) -> None:
    # The command picks the full-screen app (not the plain quiz) when Textual is given a
    # driver, as under `media-quiz serve`: here, the headless one. Textual reads it on import.
    os.environ["TEXTUAL_DRIVER"] = "textual.drivers.headless_driver:HeadlessDriver"
    # The command pauses the garbage collector from the start of a quiz until its first
    # screen is up (quiz/cli.py); the imports below come before the command here, so pause
    # it for them too, as for a real start.
    import gc

    gc.disable()
    # The app imports its screens when it needs them, by module attribute: replacing the two
    # classes here adds the key press and the exit without changing what the quiz loads.
    import quiz.tui.screens.question_screen as question_module
    import quiz.tui.screens.start_screen as start_module

    class StartThenEnter(start_module.StartScreen):
        def on_mount(self) -> None:  # runs along with StartScreen's own on_mount
            self.call_after_refresh(self._drawn)

        def _drawn(self) -> None:
            _shown()
            # From the app, as a terminal's key would come: a key sent by the screen itself
            # would not bubble back up to the app's bindings.
            self.app.call_later(self.app.simulate_key, "enter")

    class FirstQuestion(question_module.QuestionScreen):
        def on_mount(self) -> None:
            self.call_after_refresh(_shown, self.app)

    start_module.StartScreen = StartThenEnter  # type: ignore[misc]
    question_module.QuestionScreen = FirstQuestion  # type: ignore[misc]
    from quiz.cli import main

    code = main(["--learner", "bench", *argv])
    if code:
        raise SystemExit(code)
    # The HTML report's charts cost a second or more to import: never at a quiz's start.
    if "matplotlib" in sys.modules:
        raise SystemExit("the quiz's start-up imported matplotlib: keep it inside quiz/scores/report/charts.py")


if __name__ == "__main__":
    if sys.argv[1] == "minimal":
        minimal()
    else:
        quiz(sys.argv[2:])
    if not shown_after:
        raise SystemExit("the first frame was never shown")
    print(f"{shown_after[0]:.6f} {shown_after[-1]:.6f} {peak_memory_kb()}")
