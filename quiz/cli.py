"""The `media-quiz` command: start the quiz, or run one of the teachers' and translators' commands.

Each command's work lives in its own core module; this file only reads the command line.
Heavy modules (Textual, SQLite, Babel's catalogs) load only for the command that needs them.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import Sequence

from quiz.i18n import _, available_languages, find_language, negotiate_language, ngettext, set_language
from quiz.terminal_text import printable


class _Parser(argparse.ArgumentParser):
    """argparse, with its help option described in the learner's language too."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help=_("show this help and exit"))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="media-quiz",
        description=_(
            "A media-literacy quiz: sort claims from a real article as fact, inference, "
            "opinion or rhetoric."
        ),
    )
    parser.add_argument(
        "--bank",
        type=Path,
        metavar=_("PATH"),
        help=_("play this bank file (default: the shipped article)"),
    )
    parser.add_argument(
        "--seed", type=int, help=_("shuffle the same way every time with this number")
    )
    parser.add_argument(
        "--count",
        type=_positive,
        metavar="N",
        help=_("ask N questions, balanced across types (default: the bank's count, 20)"),
    )
    parser.add_argument(
        "--lang",
        metavar=_("CODE"),
        help=_("language of the quiz, e.g. es or fr (default: from the environment)"),
    )
    parser.add_argument(
        "--learner",
        type=_learner_name,
        metavar=_("NAME"),
        help=_("who is playing (the start screen does not ask)"),
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar=_("DIR"),
        help=_("where scores are kept (default: $MEDIA_QUIZ_DATA_DIR, else your data folder)"),
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help=_("line-by-line quiz on standard input and output (screen readers, pipes)"),
    )
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))

    validate = commands.add_parser(
        "validate", help=_("check article and bank files; every problem as FILE:LINE:COL")
    )
    validate.add_argument(
        "paths", nargs="*", metavar=_("PATH"), help=_("files or folders (default: the shipped content)")
    )
    validate.add_argument(
        "--watch", action="store_true", help=_("check again each time a file changes (Ctrl+C stops)")
    )

    new_bank = commands.add_parser(
        "new-bank", help=_("start a bank for another article: article.yaml and a bank skeleton")
    )
    new_bank.add_argument("article", metavar="ARTICLE.txt", help=_("the article as plain text"))
    new_bank.add_argument("--out", required=True, metavar=_("DIR"), help=_("folder to write to"))
    new_bank.add_argument("--id", dest="article_id", help=_("the article's id (default: the --out folder's name)"))
    new_bank.add_argument("--title", help=_("the article's title"))
    new_bank.add_argument("--author", help=_("the article's author"))
    new_bank.add_argument("--publication", help=_("where it was published"))
    new_bank.add_argument("--date", help=_("when it was published (YYYY-MM-DD)"))
    new_bank.add_argument(
        "--language",
        default="en",
        metavar=_("CODE"),
        help=_("the article's language, for the suggested labels: en, es, fr, de or ru (default en)"),
    )

    serve = commands.add_parser("serve", help=_("the quiz in a web browser, for a classroom"))
    serve.add_argument("--host", default="127.0.0.1", help=_("address to listen on (default 127.0.0.1)"))
    serve.add_argument("--port", type=int, default=8000, help=_("port (default 8000)"))
    serve.add_argument(
        "--public-url",
        metavar=_("URL"),
        help=_("the address students type, when not serving on this computer only"),
    )
    serve.add_argument(
        "--max-sessions",
        type=_positive,
        metavar="N",
        help=_("at most N students at once; others are asked to wait (default: 30 per processor core, "
               "fewer if memory is short)"),
    )
    serve.add_argument(
        "--idle-timeout",
        type=_minutes,
        default=30.0,
        metavar=_("MINUTES"),
        help=_("close a quiz left without a key press this long; answers are kept (default 30, 0: never)"),
    )
    serve.add_argument(
        "--ready",
        type=_not_negative,
        metavar="N",
        help=_("keep N quizzes started in advance, so that a class arriving at once waits less "
               "(default: 30, at most --max-sessions; 0: none)"),
    )
    # The baseline of benchmarks/serve_load.py: each session a new interpreter through a shell,
    # as textual-serve starts them; not for classrooms.
    serve.add_argument("--spawn", choices=("fork", "shell"), default="fork", help=argparse.SUPPRESS)

    export = commands.add_parser(
        "export", help=_("save answers for a gradebook (CSV) or a learning record store (xAPI)")
    )
    export.add_argument("--format", choices=("csv", "xapi"), default="csv", help=_("file format"))
    export.add_argument("--learner", dest="export_learner", metavar=_("NAME"), help=_("only this learner"))
    export.add_argument("-o", "--output", type=Path, metavar=_("FILE"), help=_("write here, not to the screen"))

    report = commands.add_parser(
        "report", help=_("a class report from CSV exports: which items mislead, which teach nothing")
    )
    report.add_argument("files", nargs="+", type=Path, metavar=_("FILE"), help=_("CSV exports"))
    report.add_argument(
        "--format", choices=("text", "markdown", "csv"), default="text", help=_("output format")
    )
    report.add_argument("-o", "--output", type=Path, metavar=_("FILE"), help=_("write here, not to the screen"))

    i18n = commands.add_parser("i18n", help=_("translation tools"))
    i18n_commands = i18n.add_subparsers(dest="i18n_command", metavar=_("COMMAND"), required=True)
    i18n_commands.add_parser(
        "status", help=_("how complete each language is: translated, fuzzy, missing")
    )
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a whole number").format(value=text)
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1"))
    return value


def _not_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a whole number").format(value=text)
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(_("must be 0 or more"))
    return value


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("“{value}” is not a number of minutes").format(value=text)) from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(_("must be a number of minutes, 0 for never"))
    return value


def _learner_name(text: str) -> str:
    from quiz.scores.names import clean_name

    try:
        return clean_name(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def main(argv: Sequence[str] | None = None) -> int:
    # Language first, so that --help and every message are already translated.
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    requested = early.parse_known_args(argv)[0].lang
    set_language(negotiate_language(requested))
    parser = build_parser()
    if requested and find_language([requested]) is None:
        parser.error(
            _("there is no translation for “{code}”; available: {languages}").format(
                code=printable(requested), languages=", ".join(available_languages())
            )
        )
    args = parser.parse_args(argv)
    try:
        if args.command == "i18n":
            return _i18n_status()
        if args.command == "validate":
            from quiz.banks.validate import main as validate

            return validate(args.paths, watch=args.watch)
        if args.command == "new-bank":
            from quiz.banks.scaffold import main as new_bank

            return new_bank(
                args.article, args.out, article_id=args.article_id, title=args.title,
                author=args.author, publication=args.publication, date=args.date,
                language=args.language,
            )
        if args.command == "serve":
            from quiz.tui.serve import ServeLimits, quiz_arguments, serve

            limits = ServeLimits(args.max_sessions, args.idle_timeout, args.spawn, args.ready)
            return serve(args.host, args.port, args.public_url, quiz_arguments(args), limits, args.data_dir)
        if args.command == "export":
            return _export(args)
        if args.command == "report":
            return _report(args)
        return _play(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`media-quiz export | head`): stop quietly, as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as error:  # a bug of ours: never a bare traceback, never exit 0
        from quiz.crash_report import report_crash

        return report_crash(error)


def _i18n_status() -> int:
    from quiz.i18n.status import main

    return main()


def _write(text_writer, output: Path | None) -> None:
    """Run `text_writer(stream)` on the output file (written whole, or not at all) or stdout."""
    if output is None:
        text_writer(sys.stdout)
        return
    temporary = output.with_name(output.name + ".part")
    with temporary.open("w", encoding="utf-8", newline="") as stream:
        text_writer(stream)
    temporary.replace(output)


def _export(args: argparse.Namespace) -> int:
    """Export the score file read-only: every answer that can be read; exit 1 if any could not."""
    from quiz.scores.database import StoreError
    from quiz.scores.export import write_export
    from quiz.scores.salvage import read_export_rows
    from quiz.scores.store import FILE_NAME, data_dir

    path = data_dir(args.data_dir) / FILE_NAME
    try:
        found = read_export_rows(path, args.export_learner)
        _write(lambda out: write_export(found.rows, args.format, out), args.output)
    except (StoreError, ValueError) as error:  # ValueError: an empty --learner name
        print(error, file=sys.stderr)
        return 1
    except BrokenPipeError:
        raise
    except OSError as error:
        print(_("Cannot write {path}: {reason}").format(path=args.output, reason=error.strerror), file=sys.stderr)
        return 1
    count = len(found.rows)
    if not count and not found.unreadable:
        print(_("No answers to export yet."), file=sys.stderr)
    elif args.output is not None:
        print(
            ngettext("{count} answer written to {path}", "{count} answers written to {path}", count).format(
                count=count, path=args.output
            ),
            file=sys.stderr,
        )
    if found.unreadable:
        print(
            ngettext(
                "{count} answer in {path} could not be read: the file is damaged. Every answer "
                "that could be read was exported.",
                "{count} answers in {path} could not be read: the file is damaged. Every answer "
                "that could be read was exported.",
                found.unreadable,
            ).format(count=found.unreadable, path=path),
            file=sys.stderr,
        )
    if found.end_unreadable:
        print(
            _("The end of {path} could not be read either, so more answers may be missing.").format(path=path),
            file=sys.stderr,
        )
    return 1 if found.unreadable or found.end_unreadable else 0


def _report(args: argparse.Namespace) -> int:
    from quiz.scores.report.formatting import format_report
    from quiz.scores.report.reading import ReportError, read_exports
    from quiz.scores.report.statistics import class_report

    try:
        report = class_report(read_exports(args.files))
    except ReportError as error:
        print(error, file=sys.stderr)
        return 1
    text = format_report(report, args.format, _type_names())
    try:
        _write(lambda out: out.write(text if text.endswith("\n") else text + "\n"), args.output)
    except BrokenPipeError:
        raise
    except OSError as error:
        print(_("Cannot write {path}: {reason}").format(path=args.output, reason=error.strerror), file=sys.stderr)
        return 1
    return 0


def _type_names() -> dict[str, str]:
    """What a report calls each claim type: its name in the shipped catalog, translated."""
    from quiz.i18n import content_text
    from quiz.banks import ContentError, load_catalog

    try:
        catalog = load_catalog()
    except ContentError:
        return {}  # the report then shows the ids its files hold; it needs no catalog
    return {kind.id: content_text("type name", kind.name) for kind in catalog.claim_types}


def _play(args: argparse.Namespace) -> int:
    # Start-up builds what lives as long as the quiz (the catalogs, the bank, Textual and its
    # screens), and the garbage collector's passes meanwhile only walked it over and over:
    # about 90 ms of a start here, most of it one full pass. Paused until the first screen is
    # up; then what was built is frozen out of its way (QuizApp.on_mount).
    gc.disable()
    try:
        return _start_quiz(args)
    finally:
        gc.enable()


def _start_quiz(args: argparse.Namespace) -> int:
    from quiz.banks import ContentError, find_banks, load_bank, load_catalog
    from quiz.paths import content_dir, default_bank_path

    bank_path = args.bank or default_bank_path()
    try:
        catalog = load_catalog()
        bank = load_bank(bank_path, catalog)
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    from quiz.core.run import QuizRun
    from quiz.scores.score_file import ScoreFile

    run = QuizRun(
        bank,
        catalog,
        score_file=ScoreFile(args.data_dir),  # opened once the first screen is up
        learner_name=args.learner,
        seed=args.seed,
        count=args.count,
        bank_path=bank_path,
        bank_paths=[bank_path] if args.bank else find_banks(content_dir()),
    )
    plain = args.plain
    # Under `media-quiz serve`, textual-serve sets TEXTUAL_DRIVER: the browser is the screen,
    # though standard output is a pipe.
    web = bool(os.environ.get("TEXTUAL_DRIVER"))
    if not plain and not web and (not sys.stdout.isatty() or os.environ.get("TERM") == "dumb"):
        print(_("No full-screen terminal here: using the plain quiz (see --plain)."), file=sys.stderr)
        plain = True
    from quiz.i18n import catalog_problems

    for problem in catalog_problems():  # said once, before the quiz: those messages show in English
        print(problem, file=sys.stderr)
    try:
        if plain:
            from quiz.plain import PlainQuiz

            gc.enable()  # started: the plain quiz has no first screen to wait for
            return PlainQuiz(run, sys.stdin, sys.stdout).play()
        from quiz.tui.app import QuizApp  # Textual loads only when the quiz really starts

        app = QuizApp(run)
        app.run()
        if app.crash is not None:  # Textual has shown its traceback and closed the app
            from quiz.crash_report import report_crash

            return report_crash(app.crash)
        return app.return_code or 0
    finally:
        run.close()  # closed even when saving stopped half-way
