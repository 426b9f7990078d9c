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
        "--test",
        type=str.lower,  # "Pre" as well: choices are words, not codes to type exactly
        choices=("pre", "post"),
        help=_(
            "take the pre-test or the post-test: one of the bank's two parallel forms, as an exam "
            "(which form is decided by your name, so that half a class takes each first)"
        ),
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help=_("line-by-line quiz on standard input and output (screen readers, pipes)"),
    )
    # What `serve` gives each browser session's quiz (see `session_arguments`): not for people.
    parser.add_argument("--served", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--session-roster", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--lrs",
        type=_web_address,
        metavar=_("URL"),
        help=_(
            "send each answer to this learning record store (its xAPI address); the key and "
            "secret come from $MEDIA_QUIZ_LRS_USER and $MEDIA_QUIZ_LRS_PASSWORD or the config file"
        ),
    )
    parser.add_argument(
        "--homepage",
        type=_web_address,
        metavar=_("URL"),
        help=_("the school's web address, for learners' accounts in xAPI statements"),
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
        "--roster",
        type=Path,
        metavar=_("FILE"),
        help=_("a class list (CSV: name,code): only these students sign in, each with their code"),
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

    pin = commands.add_parser("pin", help=_("students' PINs for the browser quiz (serve)"))
    pin_commands = pin.add_subparsers(dest="pin_command", metavar=_("COMMAND"), required=True)
    reset = pin_commands.add_parser(
        "reset", help=_("forget a student's PIN (and any wait): they choose a new one at their next sign-in")
    )
    reset.add_argument("name", metavar=_("NAME"), help=_("the student's name, in any letter case"))
    reset.add_argument(
        "--data-dir", dest="pin_data_dir", type=Path, metavar=_("DIR"), help=_("where scores are kept")
    )

    export = commands.add_parser(
        "export", help=_("save answers for a gradebook (CSV) or a learning record store (xAPI)")
    )
    export.add_argument("--format", type=str.lower, choices=("csv", "xapi"), default="csv", help=_("file format"))
    export.add_argument("--learner", dest="export_learner", metavar=_("NAME"), help=_("only this learner"))
    export.add_argument("-o", "--output", type=Path, metavar=_("FILE"), help=_("write here, not to the screen"))
    export.add_argument(
        "--homepage",
        dest="export_homepage",
        type=_web_address,
        metavar=_("URL"),
        help=_("the school's web address, for learners' accounts (xAPI)"),
    )
    export.add_argument(
        "--jsonl", action="store_true", help=_("xAPI as one statement a line, not one JSON array")
    )

    sync = commands.add_parser(
        "sync", help=_("send the statements that wait for the learning record store")
    )
    sync.add_argument(
        "--status", action="store_true", help=_("only say how many wait and when the last were sent")
    )

    report = commands.add_parser(
        "report", help=_("a class report from CSV exports: which items mislead, which teach nothing")
    )
    report.add_argument("files", nargs="+", type=Path, metavar=_("FILE"), help=_("CSV exports"))
    report.add_argument(
        "--format", type=str.lower, choices=("text", "markdown", "csv", "html"), default="text",
        help=_("output format (html: one page with charts that opens offline; give it -o FILE)"),
    )
    report.add_argument(
        "--attempts",
        type=str.lower,
        choices=("first", "last", "all"),
        default="first",
        help=_(
            "which finished attempts count, per student (practice, pre-test and post-test apart): "
            "the first (default), the last, or all"
        ),
    )
    report.add_argument(
        "--bank",
        type=Path,
        metavar=_("PATH"),
        default=argparse.SUPPRESS,
        help=_("a bank file to take passages from, besides the shipped ones"),
    )
    report.add_argument("-o", "--output", type=Path, metavar=_("FILE"), help=_("write here, not to the screen"))

    i18n = commands.add_parser("i18n", help=_("translation tools"))
    i18n_commands = i18n.add_subparsers(dest="i18n_command", metavar=_("COMMAND"), required=True)
    status = i18n_commands.add_parser(
        "status", help=_("how complete each language is: translated, fuzzy, missing")
    )
    # --lang works after the command too (`media-quiz report --lang es`); main() reads it first.
    for command in (validate, new_bank, serve, export, report, i18n, status):
        command.add_argument(
            "--lang", metavar=_("CODE"), default=argparse.SUPPRESS,
            help=_("language of the messages, e.g. es or fr (default: from the environment)"),
        )
    return parser


def _whole_number(text: str, least: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a whole number").format(value=text)
        ) from None
    if value < least:
        raise argparse.ArgumentTypeError(_("must be at least 1") if least == 1 else _("must be 0 or more"))
    return value


def _positive(text: str) -> int:
    return _whole_number(text, 1)


def _not_negative(text: str) -> int:
    return _whole_number(text, 0)


def _web_address(text: str) -> str:
    from quiz.config import web_address

    try:
        return web_address(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


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
            from quiz.tui.serve import ServeLimits, serve

            if args.learner is not None:
                # Every browser session is its own student, who signs in; one name for all of
                # them would show each student the others' answers.
                print(
                    _(
                        "--learner cannot be used with serve: each student signs in with their own "
                        "name in the browser. Leave it out."
                    ),
                    file=sys.stderr,
                )
                return 2
            if args.roster is not None:
                if not _roster_readable(args.roster):
                    return 2
            else:
                import shlex

                reset = shlex.join(
                    ["media-quiz", "pin", "reset", _("NAME")]
                    + (["--data-dir", str(args.data_dir.resolve())] if args.data_dir else [])
                )
                print(
                    # TRANSLATORS: {command} is typed as it is, with the student's name for NAME.
                    _(
                        "Students sign in with their name and a PIN they choose the first time. "
                        "To reset a forgotten PIN: {command}"
                    ).format(command=reset)
                )
            limits = ServeLimits(args.max_sessions, args.idle_timeout, args.spawn, args.ready)
            return serve(args.host, args.port, args.public_url, session_arguments(args), limits, args.data_dir)
        if args.command == "pin":
            return _reset_pin(args.name, args.pin_data_dir or args.data_dir)
        if args.command == "export":
            return _export(args)
        if args.command == "report":
            return _report(args)
        if args.command == "sync":
            return _sync(args)
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


def session_arguments(args: argparse.Namespace) -> list[str]:
    """What each browser session's quiz is started with under `serve`: the quiz options given,
    and that it is served (each session its own student, signing in), with the class list."""
    from quiz.tui.serve import quiz_arguments

    passed = [*quiz_arguments(args), "--served"]
    if args.roster is not None:
        passed += ["--session-roster", str(args.roster.resolve())]
    return passed


def _roster_readable(path: Path) -> bool:
    """Whether the class list at `path` can be used; the teacher is told how many students it
    lists, or why it cannot be used and where."""
    from quiz.scores.roster import RosterError, read_roster

    try:
        roster = read_roster(path)
    except RosterError as error:
        print(error, file=sys.stderr)
        return False
    count = len(roster.entries)
    print(
        ngettext(
            "Class list {path}: {count} student; only they can sign in, with their code.",
            "Class list {path}: {count} students; only they can sign in, each with their code.",
            count,
        ).format(path=path, count=count)
    )
    return True


def _reset_pin(name: str, directory: Path | None) -> int:
    """`media-quiz pin reset NAME`: forget the PIN and any wait; say what there was."""
    from quiz.scores.database import StoreError
    from quiz.scores.names import clean_name
    from quiz.scores.store import FILE_NAME, ScoreStore, data_dir

    path = data_dir(directory) / FILE_NAME
    if not path.is_file():
        print(_("No score file at {path}: nothing to reset.").format(path=path), file=sys.stderr)
        return 1
    try:
        name = clean_name(name)
        with ScoreStore.open(directory) as store:
            before = store.reset_pin(name)
    except (StoreError, ValueError) as error:
        print(error, file=sys.stderr)
        return 1
    if not before.has_pin and not before.failures:
        print(
            _("{name} has no PIN and no wrong tries in {path}: nothing to reset.").format(name=name, path=path),
            file=sys.stderr,
        )
        return 1
    if before.has_pin:
        print(_("The PIN of {name} is reset: they choose a new one at their next sign-in.").format(name=name))
    if before.wait_seconds or before.failures:
        print(_("{name} can sign in again at once (no wait after wrong tries).").format(name=name))
    return 0


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

    from quiz.config import ConfigError

    path = data_dir(args.data_dir) / FILE_NAME
    try:
        found = read_export_rows(path, args.export_learner)
        options = {}
        if args.format == "xapi":
            options = _xapi_options(args, {row.bank_id for row in found.rows})
        _write(lambda out: write_export(found.rows, args.format, out, **options), args.output)
    except (StoreError, ValueError, ConfigError) as error:  # ValueError: an empty --learner name
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


def _xapi_options(args: argparse.Namespace, bank_ids: set[str]) -> dict:
    """The home page (--homepage, else the config file's) and the activity definitions, from
    the banks this quiz can find, for an xAPI export."""
    from quiz.banks import ContentError, find_banks, load_bank, load_catalog
    from quiz.config import load_lrs_settings
    from quiz.paths import content_dir
    from quiz.scores.activities import ActivityDefinitions
    from quiz.scores.export import DEFAULT_HOMEPAGE

    settings = load_lrs_settings(homepage=args.export_homepage or args.homepage)
    try:
        catalog = load_catalog()
    except ContentError:
        return {"homepage": settings.homepage or DEFAULT_HOMEPAGE, "lines": args.jsonl}
    banks = []
    for path in ([args.bank] if args.bank else []) + find_banks(content_dir()):
        try:
            bank = load_bank(path, catalog)
        except ContentError:
            continue  # a bank with problems is described by its ids only
        if bank.id in bank_ids:
            banks.append(bank)
    return {
        "homepage": settings.homepage or DEFAULT_HOMEPAGE,
        "definitions": ActivityDefinitions(catalog, banks),
        "lines": args.jsonl,
    }


def _sync(args: argparse.Namespace) -> int:
    """Send what waits in the outbox (or, with --status, say how much waits); exit 1 when some
    statements still wait or were refused."""
    from quiz.config import ConfigError, load_lrs_settings
    from quiz.scores.database import StoreError
    from quiz.scores.lrs import clients, send_waiting, status_line
    from quiz.scores.store import FILE_NAME, ScoreStore, data_dir

    folder = data_dir(args.data_dir)
    if not (folder / FILE_NAME).exists():
        print(_("No score file in {folder} yet: nothing waits.").format(folder=folder), file=sys.stderr)
        return 0
    try:
        settings = load_lrs_settings(url=args.lrs)
        store = ScoreStore.open(folder)
    except (ConfigError, StoreError) as error:
        print(error)
        return 1
    with store:
        if not args.status:
            report = send_waiting(store, clients(settings.credentials))
            if report.sent:
                print(ngettext("{count} statement sent.", "{count} statements sent.", report.sent).format(
                    count=report.sent
                ))
            if report.failure:
                print(_("The learning record store did not take the rest: {reason}").format(reason=report.failure))
        status = store.outbox_status()
    print(status_line(status))
    if args.status and status.waiting and status.last_error:
        print(_("Last try: {reason}").format(reason=status.last_error))
    for rejected in status.rejected:
        print(
            _("Refused by {address}: statement {id}: {reason}").format(
                address=rejected.endpoint, id=rejected.statement_id, reason=rejected.error
            )
        )
    return 1 if status.waiting or status.rejected else 0


def _report(args: argparse.Namespace) -> int:
    from quiz.scores.report.formatting import format_report
    from quiz.scores.report.reading import ReportError, read_exports
    from quiz.scores.report.statistics import class_report

    try:
        marks = read_exports(args.files)
    except ReportError as error:
        print(error, file=sys.stderr)
        return 1
    if any(mark.finished is None for mark in marks):
        print(
            _(
                "Note: some of these exports come from before the “finished” column, so their "
                "unfinished attempts could not be told apart and count too. Export again for a "
                "report without them."
            ),
            file=sys.stderr,
        )
    report = class_report(marks, attempts=args.attempts)
    passages = _passages(getattr(args, "bank", None))
    if args.format == "html":
        from datetime import date

        from quiz.scores.report.html import format_html

        text = format_html(
            report,
            _type_names(),
            bank_titles=_bank_titles(args),
            made_on=date.today().isoformat(),
            passages=passages,
        )
    else:
        text = format_report(report, args.format, _type_names(), passages)
    try:
        _write(lambda out: out.write(text if text.endswith("\n") else text + "\n"), args.output)
    except BrokenPipeError:
        raise
    except OSError as error:
        print(_("Cannot write {path}: {reason}").format(path=args.output, reason=error.strerror), file=sys.stderr)
        return 1
    if args.output is not None:
        print(_("Class report written to {path}").format(path=args.output), file=sys.stderr)
    return 0


def _bank_titles(args: argparse.Namespace) -> dict[str, str]:
    """Each known bank's title by its id: the shipped banks, and the one given with --bank."""
    from quiz.banks.discovery import bank_titles
    from quiz.banks.loaders import find_banks
    from quiz.i18n import content_text
    from quiz.paths import content_dir

    paths = find_banks(content_dir())
    if args.bank:
        paths.append(Path(args.bank))
    return {bank_id: content_text("bank title", title) for bank_id, title in bank_titles(paths).items()}


def _passages(extra_bank: Path | None) -> dict[tuple[str, str], str]:
    """Each item's passage by (bank id, item id), from the shipped banks and `extra_bank`, in
    the language of the report.

    A bank that cannot be read is passed over: the report then shows its items without passages.
    """
    from quiz.banks import ContentError, find_banks, load_bank, load_catalog
    from quiz.i18n import localize_item
    from quiz.paths import content_dir

    try:
        catalog = load_catalog()
    except ContentError:
        return {}
    passages: dict[tuple[str, str], str] = {}
    for path in find_banks(content_dir()) + ([extra_bank] if extra_bank else []):
        try:
            bank = load_bank(path, catalog)
        except (ContentError, OSError):
            continue
        for item in bank.items:
            # In the teacher's language, as the quiz shows it (English where not translated).
            passages[(bank.id, item.id)] = localize_item(item).passage
    return passages


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

    roster = None
    if args.session_roster is not None:
        from quiz.scores.roster import RosterError, read_roster

        try:
            roster = read_roster(args.session_roster)  # read again by each session: edits count
        except RosterError as error:
            print(error, file=sys.stderr)
            return 1
    lrs = None
    if args.lrs or args.homepage or _has_config():
        from quiz.config import ConfigError, load_lrs_settings

        try:
            lrs = load_lrs_settings(url=args.lrs, homepage=args.homepage)
        except ConfigError as error:
            print(error, file=sys.stderr)
            return 1
    run = QuizRun(
        bank,
        catalog,
        score_file=ScoreFile(args.data_dir),  # opened once the first screen is up
        learner_name=args.learner,
        seed=args.seed,
        count=args.count,
        bank_path=bank_path,
        bank_paths=[bank_path] if args.bank else find_banks(content_dir()),
        served=args.served,
        roster=roster,
        lrs=lrs,
    )
    run.fixed_test = run.test_choice = args.test
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
        _say_what_waits(run)


def _has_config() -> bool:
    from quiz.config import config_path

    return config_path().exists()


def _say_what_waits(run) -> None:
    """After a quiz with an LRS: statements that could not go yet, said once, with what to do."""
    if run.lrs is None or run.store is None:
        return
    from quiz.scores.store import ScoreStore

    try:
        with ScoreStore.open(run.store.path.parent) as store:
            status = store.outbox_status()
    except Exception:  # noqa: BLE001 - only a note: the quiz is over and its answers are saved
        return
    if status.waiting:
        print(
            ngettext(
                "{count} statement waits for the learning record store; “media-quiz sync” sends it.",
                "{count} statements wait for the learning record store; “media-quiz sync” sends them.",
                status.waiting,
            ).format(count=status.waiting),
            file=sys.stderr,
        )
