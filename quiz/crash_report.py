"""When media-quiz itself fails: the details go to a file, the person gets one line and its path.

A crash must never look like a normal end: the command exits non-zero, and the line says
that answers given so far are saved (each was on disk before its feedback showed).
"""

from __future__ import annotations

import sys
import traceback
from datetime import datetime
from pathlib import Path

from quiz.i18n import _


def write_crash_report(error: BaseException) -> Path | None:
    """Write `error`'s traceback to a new file in the cache folder; its path, or None."""
    from quiz import __version__
    from quiz.paths import cache_dir

    moment = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    text = "".join(traceback.format_exception(error))
    header = f"media-quiz {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n\n"
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{moment}.txt"
        path.write_text(header + text, encoding="utf-8")
    except OSError:
        return None
    return path


def report_crash(error: BaseException) -> int:
    """Tell the person on stderr that media-quiz failed and where the details are; exit code 1."""
    path = write_crash_report(error)
    message = _("media-quiz stopped because of an error in the program; the answers given so far are saved.")
    if path is not None:
        message += " " + _("Details: {path} (please send this file with a report of what you did).").format(
            path=path
        )
    print(message, file=sys.stderr)
    return 1
