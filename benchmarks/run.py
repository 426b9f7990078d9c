"""How fast media-quiz is, each number against a baseline measured in the same run.

    python benchmarks/run.py            # the full run (under 3 minutes on a laptop); `make bench`
    python benchmarks/run.py --quick    # fewer repeats
    python benchmarks/run.py --size tiny  # a seconds-long smoke run (what the test suite runs)

Prints one line per measurement: the quiz's number, its baseline, the ratio, the target
and PASS or MISS. The method behind each one is described in benchmarks/RESULTS.md.

1. start-up to the first screen ÷ a minimal Textual app's start-up to its first frame
   (fresh processes, headless, median of N); and to the first question, Enter pressed as
   soon as the first screen is drawn;
2. loading and checking a generated 10,000-item bank ÷ `yaml.load` (C safe loader) of the
   same files, cold (empty cache) and on a second start (cache kept);
3. key press to feedback drawn, over 200 answers driven by Pilot: p50 and p95;
4. peak memory (resident, VmHWM) of the quiz ÷ the minimal app's, from the same processes
   as 1;
5. the class report over 500 students × 70 items.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # generate.py, when run as a script from anywhere

from generate import write_bank, write_exports  # noqa: E402


@dataclass(frozen=True)
class Size:
    """How much work each measurement does."""

    starts: int  # start-ups of each app (after one warm-up each, when warm_up)
    warm_up: bool
    bank_items: int
    loads: int
    answers: int
    students: int
    report_items: int
    reports: int


SIZES = {
    "full": Size(starts=11, warm_up=True, bank_items=10_000, loads=5, answers=200,
                 students=500, report_items=70, reports=5),
    "quick": Size(starts=5, warm_up=True, bank_items=10_000, loads=3, answers=200,
                  students=500, report_items=70, reports=3),
    "tiny": Size(starts=1, warm_up=False, bank_items=40, loads=1, answers=5,
                 students=10, report_items=7, reports=1),
}

TARGETS = {
    "startup": 1.30,  # quiz to its first screen / minimal app to its first frame, at most (issue 15)
    "startup_question": 1.15,  # quiz to its first question / minimal app to its first frame, at most
    "loading": 1.30,  # load + check / bare yaml.load, at most
    "feedback_p95_ms": 16.0,  # below
    "feedback_redraw": 1.5,  # quiz p95 / Textual's own full-screen redraw p95, at most (issue 15)
    "memory": 1.20,  # quiz peak RSS / minimal app peak RSS, at most
    "report_s": 1.0,  # below
}


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


RESULTS: list[tuple[int, str]] = []  # every line printed, for the summary at the end


def line(number: int, text: str) -> None:
    RESULTS.append((number, text))
    print(f"[{number}] {text}", flush=True)


# --- 1 and 4: start-up and peak memory, in fresh processes -------------------------------------


@dataclass(frozen=True)
class Start:
    seconds: float  # to the first frame
    question_seconds: float  # to the first question (the minimal app: its first frame)
    peak_kb: int | None  # peak resident memory, up to the app's exit


def start_once(which: str, env: dict[str, str]) -> Start:
    """One start of `which` ("minimal" or "quiz") in a new process."""
    command = [sys.executable, str(HERE / "startup_child.py"), which]
    if which == "quiz":
        command += ["--lang", "en"]
    with tempfile.TemporaryFile() as errors:
        t0 = time.monotonic()  # system-wide clock: the child measures against it
        child = subprocess.Popen(
            command, env={**env, "BENCH_T0": repr(t0)}, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=errors,
        )
        assert child.stdout is not None
        with child.stdout:
            output = child.stdout.read()
        peak_kb = None
        if hasattr(os, "wait4"):
            # wait4 gives this child's own resource use (RUSAGE_CHILDREN would mix all children).
            _pid, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
            # Linux counts kilobytes, macOS bytes.
            peak_kb = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
        else:  # pragma: no cover - Windows: no per-child peak memory
            child.wait()
        if child.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{which} start-up failed:\n{errors.read().decode(errors='replace')}")
    seconds, question_seconds, child_peak_kb = output.split()[-3:]
    # The child's own count where it has one: ru_maxrss also counts the parent's pages the
    # child was forked from, before it started Python.
    return Start(float(seconds), float(question_seconds), int(child_peak_kb) or peak_kb)


def measure_startup(size: Size, work: Path) -> None:
    env = {
        **os.environ,
        "MEDIA_QUIZ_DATA_DIR": str(work / "data"),
        "MEDIA_QUIZ_CACHE_DIR": str(work / "cache"),
        "COLUMNS": "80",  # the headless screen's size
        "LINES": "24",
    }
    env.pop("TEXTUAL_DRIVER", None)
    if size.warm_up:
        # Compiled bytecode, as an installed copy has it, kept out of the source tree; even
        # where the environment says not to write it (PYTHONDONTWRITEBYTECODE), since a
        # checkout being edited would otherwise recompile each changed module at every start.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
  # file cache, .pyc files, the bank cache, the score file: a second start
        start_once("minimal", env)
        start_once("quiz", env)
    runs: dict[str, list[Start]] = {"minimal": [], "quiz": []}
    for _ in range(size.starts):  # alternated, so that a busy moment hits both alike
        for which in runs:
            runs[which].append(start_once(which, env))
    quiz = statistics.median(s.seconds for s in runs["quiz"])
    minimal = statistics.median(s.seconds for s in runs["minimal"])
    ratio = quiz / minimal
    line(1, f"start-up to first screen: quiz {quiz * 1000:.0f} ms / minimal Textual app "
            f"{minimal * 1000:.0f} ms = {ratio:.2f}x (target <= {TARGETS['startup']:.2f}x, "
            f"median of {size.starts}) {verdict(ratio <= TARGETS['startup'])}")
    question = statistics.median(s.question_seconds for s in runs["quiz"])
    ratio = question / minimal
    line(1, f"  to the first question, Enter pressed at the first screen: {question * 1000:.0f} ms "
            f"= {ratio:.2f}x the minimal app (target <= {TARGETS['startup_question']:.2f}x) "
            f"{verdict(ratio <= TARGETS['startup_question'])}")
    if runs["quiz"][0].peak_kb is None:
        line(4, "peak memory: not measurable on this system (no os.wait4) MISS")
        return
    quiz_kb = statistics.median(s.peak_kb or 0 for s in runs["quiz"])
    minimal_kb = statistics.median(s.peak_kb or 0 for s in runs["minimal"])
    ratio = quiz_kb / minimal_kb
    line(4, f"peak memory (resident): quiz {quiz_kb / 1024:.1f} MB / minimal Textual app "
            f"{minimal_kb / 1024:.1f} MB = {ratio:.2f}x (target <= {TARGETS['memory']:.2f}x, "
            f"median of {size.starts}) {verdict(ratio <= TARGETS['memory'])}")


# --- 2: loading a large bank --------------------------------------------------------------------


def measure_loading(size: Size, work: Path) -> None:
    import yaml

    from quiz.banks import load_bank, load_catalog

    try:
        from yaml import CSafeLoader as BareLoader
    except ImportError:  # pragma: no cover
        from yaml import SafeLoader as BareLoader  # type: ignore[assignment]

    bank_path = write_bank(work / "bank", size.bank_items)
    article_path = bank_path.with_name("article.yaml")
    catalog = load_catalog()

    def bare() -> None:
        # What loading must at least do: parse both files the bank needs into Python values.
        for path in (bank_path, article_path):
            yaml.load(path.read_bytes(), Loader=BareLoader)

    cold, warm, baseline = [], [], []
    saved = os.environ.get("MEDIA_QUIZ_CACHE_DIR")
    try:
        for n in range(size.loads):
            os.environ["MEDIA_QUIZ_CACHE_DIR"] = str(work / f"load-cache-{n}")  # empty: a first start
            for times, run in ((cold, lambda: load_bank(bank_path, catalog)),
                               (warm, lambda: load_bank(bank_path, catalog)),
                               (baseline, bare)):
                gc.collect()
                t0 = time.perf_counter()
                result = run()
                times.append(time.perf_counter() - t0)
                if result is not None:
                    assert len(result.items) == size.bank_items
                del result
    finally:
        if saved is None:
            os.environ.pop("MEDIA_QUIZ_CACHE_DIR", None)
        else:
            os.environ["MEDIA_QUIZ_CACHE_DIR"] = saved
    cold_s, warm_s, bare_s = (statistics.median(t) for t in (cold, warm, baseline))
    ratio = cold_s / bare_s
    line(2, f"load + check {size.bank_items:,}-item bank: {cold_s:.3f} s / yaml.load (C safe "
            f"loader) {bare_s:.3f} s = {ratio:.2f}x (target <= {TARGETS['loading']:.2f}x, "
            f"median of {size.loads}) {verdict(ratio <= TARGETS['loading'])}")
    line(2, f"  second start, bank unchanged (cache): {warm_s:.3f} s = {warm_s / bare_s:.2f}x "
            f"yaml.load, {cold_s / warm_s:.0f}x faster than the first start "
            f"{verdict(warm_s < cold_s / 2)}")


# --- 3: key press to feedback -------------------------------------------------------------------


def measure_feedback(size: Size, work: Path) -> None:
    from quiz.banks import load_bank, load_catalog
    from quiz.scores.store import ScoreStore
    from quiz.core.run import QuizRun
    from quiz.tui.app import QuizApp
    from quiz.tui.screens.question_screen import QuestionScreen

    os.environ["MEDIA_QUIZ_CACHE_DIR"] = str(work / "cache")
    bank_path = work / "bank" / "bank.yaml"
    if not bank_path.exists():
        write_bank(bank_path.parent, max(size.bank_items, size.answers))
    catalog = load_catalog()
    bank = load_bank(bank_path, catalog)
    latencies: list[float] = []
    busy: list[float] = []  # CPU seconds per question (answer, feedback, next question)
    # Objects alive after the first tenth of the answers and before the last one (the
    # question screen, which lives for the whole quiz, still up).
    live: list[int] = []

    def live_objects() -> int:
        gc.collect()
        return len(gc.get_objects())

    async def scenario() -> None:
        store = ScoreStore.open(work / "feedback-data")
        app = QuizApp(QuizRun(bank, catalog, seed=1, count=size.answers, store=store, learner_name="bench"))
        pressed_at: list[float] = []  # set just before a key press; emptied by the frame
        time_frames(app, pressed_at, latencies,
                    lambda screen: isinstance(screen, QuestionScreen) and screen.answered)
        try:
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.press("enter")  # the start screen's Start
                await pilot.pause()
                for n in range(size.answers):
                    if n in (size.answers // 10, size.answers - 1):
                        live.append(live_objects())
                    assert isinstance(app.screen, QuestionScreen) and not app.screen.answered
                    cpu = time.process_time()
                    pressed_at.append(time.perf_counter())
                    # press() returns once the app is idle again, so each key meets a settled
                    # screen, as a learner's would.
                    await pilot.press("1234"[n % 4])
                    if pressed_at:
                        await pilot.pause()
                    assert not pressed_at, "the feedback was never drawn"
                    await pilot.press("enter")  # next question (or the results)
                    busy.append(time.process_time() - cpu)
        finally:
            store.close()
            gc.unfreeze()  # the app froze start-up's objects (quiz/tui/app.py); this process goes on

    asyncio.run(scenario())
    baseline = redraw_latencies(size.answers)
    ordered, base = sorted(latencies), sorted(baseline)
    p50, p95 = percentile(ordered, 0.5), percentile(ordered, 0.95)
    base50, base95 = percentile(base, 0.5), percentile(base, 0.95)
    line(3, f"key press to feedback drawn: p50 {p50:.1f} ms, p95 {p95:.1f} ms over "
            f"{len(ordered)} answers (target p95 < {TARGETS['feedback_p95_ms']:.0f} ms) "
            f"{verdict(p95 < TARGETS['feedback_p95_ms'])}")
    ratio = p95 / base95
    line(3, f"  Textual's own: a key press redrawing a whole 80x24 screen of text in a one-widget "
            f"app, p50 {base50:.1f} ms, p95 {base95:.1f} ms; the quiz's p95 = {ratio:.2f}x "
            f"(target <= {TARGETS['feedback_redraw']:.1f}x) {verdict(ratio <= TARGETS['feedback_redraw'])}")
    answers = max(1, size.answers - 1 - size.answers // 10)
    line(3, f"  per question, CPU (this process, Pilot included): median "
            f"{statistics.median(busy) * 1000:.0f} ms; objects alive: "
            f"{(live[1] - live[0]) / answers:+.0f} an answer over the last {answers} answers")


def time_frames(app, pressed_at: list[float], latencies: list[float], shows_result) -> None:
    """Time key presses to the frames that show their results: the quiz and its baseline alike.

    `pressed_at` holds the time taken just before a key press; the first frame drawn after it
    for which `shows_result(screen)` is true ends it, and the seconds go to `latencies`.
    """
    display = app._display  # Textual's one place where a finished frame goes to the terminal

    def timed_display(screen, renderable) -> None:
        display(screen, renderable)
        if pressed_at and shows_result(screen):
            if renderable is not None:
                # Headless, Textual skips turning the frame into terminal text; do it here,
                # so that the time includes all a real terminal frame costs.
                renderable.render_segments(app.console)
            latencies.append(time.perf_counter() - pressed_at.pop())

    app._display = timed_display


def percentile(ordered: list[float], fraction: float) -> float:
    """The value below which `fraction` of the sorted seconds lie, in milliseconds."""
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] * 1000


def redraw_latencies(presses: int) -> list[float]:
    """The baseline of 3: how long Textual itself takes from a key to a redrawn screen.

    An app with one Static; each key press puts a different screenful of words in it (so no
    cache can help), timed like the quiz: from just before the press to the frame that
    shows it, turned into terminal text. The feedback frame redraws about as much.
    """
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    words = ("the order of nations rests on goodwill and on the power of diplomacy; "
             "a claim can be checked against the record, or it only persuades ").split()
    latencies: list[float] = []
    pressed_at: list[float] = []

    class Redraw(App[None]):
        BINDINGS = [("n", "next_screenful")]
        count = 0

        def compose(self) -> ComposeResult:
            yield Static(id="text", markup=False)

        def action_next_screenful(self) -> None:
            self.count += 1
            shift = self.count % len(words)
            text = " ".join((words[shift:] + words[:shift]) * 7)  # ~1,800 characters: 23 lines
            self.query_one("#text", Static).update(f"{self.count}. {text}")

    async def scenario() -> None:
        app = Redraw()
        time_frames(app, pressed_at, latencies, lambda _screen: app.count > 0)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for _ in range(presses):
                pressed_at.append(time.perf_counter())
                await pilot.press("n")
                if pressed_at:
                    await pilot.pause()
                assert not pressed_at, "the redraw was never drawn"

    asyncio.run(scenario())
    return latencies


# --- 5: the class report ------------------------------------------------------------------------


def measure_report(size: Size, work: Path) -> None:
    from quiz.scores.report.formatting import format_report
    from quiz.scores.report.reading import read_exports
    from quiz.scores.report.statistics import class_report

    export = write_exports(work / "exports" / "class.csv", size.students, size.report_items)
    times, formatting = [], []
    for _ in range(size.reports):
        gc.collect()
        t0 = time.perf_counter()
        report = class_report(read_exports([export]))
        t1 = time.perf_counter()
        format_report(report, "text")
        formatting.append(time.perf_counter() - t1)
        times.append(t1 - t0)
    seconds = statistics.median(times)
    line(5, f"class report, {size.students} students x {size.report_items} items: "
            f"{seconds:.3f} s (+ {statistics.median(formatting):.3f} s to format as text) "
            f"(target < {TARGETS['report_s']:.0f} s, median of {size.reports}) "
            f"{verdict(seconds < TARGETS['report_s'])}")


# --- The run ------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                cpu = text.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import version

    return (f"{os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, Textual {version('textual')}, "
            f"PyYAML {version('pyyaml')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--size", choices=("full", "tiny"), default="full",
                        help="tiny: a seconds-long smoke run with small inputs")
    args = parser.parse_args(argv)
    size = SIZES["tiny" if args.size == "tiny" else "quick" if args.quick else "full"]
    print(f"media-quiz benchmarks ({args.size}{', quick' if args.quick else ''}) on {machine()}",
          flush=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="media-quiz-bench-") as folder:
        work = Path(folder)
        # Start-ups first, while this process is small (a child's peak memory must not count
        # the parent's pages it was forked from), then loading, while the heap holds little
        # (the collector's passes cost what the heap holds; a real start loads the bank
        # before Textual is imported), then what needs Textual in this process.
        for measure in (measure_startup, measure_loading, measure_feedback, measure_report):
            phase = time.perf_counter()
            measure(size, work)
            print(f"    ({measure.__name__}: {time.perf_counter() - phase:.0f} s)", flush=True)
    print(f"\nSummary ({time.perf_counter() - started:.0f} s):")
    for number, text in sorted(RESULTS, key=lambda result: result[0]):
        print(f"[{number}] {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
