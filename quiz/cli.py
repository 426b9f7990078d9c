"""The `media-quiz` command: start the quiz, or run one of the teachers' and translators' commands.

Each command's work lives in its own core module; this file only reads the command line.
Heavy modules (Textual, SQLite, Babel's catalogs) load only for the command that needs them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from quiz.i18n import _, negotiate_language, set_language


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))

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


def main(argv: Sequence[str] | None = None) -> int:
    # Language first, so that --help and every message are already translated.
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    set_language(negotiate_language(early.parse_known_args(argv)[0].lang))
    args = build_parser().parse_args(argv)
    try:
        if args.command == "i18n":
            return _i18n_status()
        return _play(args)
    except KeyboardInterrupt:
        return 130


def _i18n_status() -> int:
    from quiz.catalogs import catalog_status, format_status

    rows = catalog_status()
    if not rows:
        print(_("No translations found; see TRANSLATING.md to add one."))
        return 0
    print(format_status(rows))
    return 0


def _play(args: argparse.Namespace) -> int:
    from quiz.loading import ContentError, load_bank, load_catalog
    from quiz.paths import default_bank_path

    try:
        catalog = load_catalog()
        bank = load_bank(args.bank or default_bank_path(), catalog)
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    from quiz.tui.app import QuizApp  # Textual loads only when the quiz really starts

    QuizApp(bank, catalog, seed=args.seed, count=args.count).run()
    return 0
