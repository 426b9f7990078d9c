"""The teacher's page of `media-quiz serve`: who is here, who has finished, how the class is doing.

Plain HTML that refreshes itself every few seconds and loads nothing else (a classroom may have
no internet). It is reached only with the token `serve` prints at start: students never see it,
so no student sees another's name. The numbers are those of `media-quiz report`
(quiz/scores/report/), computed from the answers given since the server started, read from the
score file without writing to it (quiz/scores/salvage.py).
"""

from __future__ import annotations

import html
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from quiz.i18n import _, format_percent, ngettext
from quiz.scores.records import ExportRow

REFRESH_SECONDS = 5


def _rows_since(data_dir: Path | None, started_at: float | None) -> list[ExportRow]:
    from quiz.paths import data_dir as find_data_dir
    from quiz.scores.database import StoreError
    from quiz.scores.salvage import read_export_rows
    from quiz.scores.store import FILE_NAME

    path = find_data_dir(data_dir) / FILE_NAME
    if not path.exists():
        return []
    try:
        rows = read_export_rows(path).rows
    except (StoreError, OSError):
        return []
    if started_at is None:
        return rows
    since = datetime.fromtimestamp(started_at, timezone.utc)
    return [row for row in rows if _moment(row.attempt_started_at) >= since]


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return datetime.min.replace(tzinfo=timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _class_report(rows: list[ExportRow]):
    """The class report of `rows`, through the very export and reading `report` uses."""
    from quiz.scores.export import write_csv
    from quiz.scores.report.reading import ReportError, read_exports
    from quiz.scores.report.statistics import class_report

    with tempfile.TemporaryDirectory(prefix="media-quiz-teacher-") as folder:
        export = Path(folder) / "answers.csv"
        with export.open("w", encoding="utf-8", newline="") as out:
            write_csv(rows, out)
        try:
            return class_report(read_exports([export]))
        except ReportError:
            return None


def _page(title: str, body: str, *, refresh: bool) -> str:
    meta = f"<meta http-equiv='refresh' content='{REFRESH_SECONDS}'>" if refresh else ""
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"{meta}<meta name='robots' content='noindex'><title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;margin:2em;line-height:1.4}"
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .6em;text-align:left}"
        "td.n{text-align:right}pre{font-size:.9em}</style>"
        f"</head><body>{body}</body></html>"
    )


def _progress(rows: list[ExportRow]) -> dict[str, dict]:
    """Each learner (by name, whatever its case): their quiz attempts, answers and points."""
    learners: dict[str, dict] = {}
    for row in rows:
        if row.mode != "quiz":
            continue
        entry = learners.setdefault(row.learner.casefold(), {"name": row.learner, "attempts": {}})
        attempt = entry["attempts"].setdefault(
            row.attempt_id,
            {"answers": 0, "points": 0.0, "count": row.attempt_item_count, "finished": row.attempt_finished_at},
        )
        attempt["answers"] += 1
        attempt["points"] += row.points
    return learners


def _finished(learners: dict[str, dict]) -> int:
    return sum(1 for entry in learners.values() if any(a["finished"] for a in entry["attempts"].values()))


def class_summary(data_dir: Path | None, started_at: float) -> tuple[int, int]:
    """(students who started a quiz since `started_at`, those of them who finished one)."""
    learners = _progress(_rows_since(data_dir, started_at))
    return len(learners), _finished(learners)


def _type_names() -> dict[str, str]:
    from quiz.cli import _type_names

    return _type_names()


def teacher_page(data_dir: Path | None, connected: int, started_at: float, max_sessions: int, token: str) -> str:
    """The page: sessions connected, each learner's progress since `started_at`, the class numbers.

    Its links are relative (to /teacher/<token>), so that they work behind a proxy's path prefix."""
    rows = _rows_since(data_dir, started_at)
    e = html.escape
    heading = _("The class right now")
    parts = [f"<h1>{e(heading)}</h1>"]
    parts.append(
        "<p>"
        + e(
            ngettext(
                "{count} student connected (at most {limit} at once).",
                "{count} students connected (at most {limit} at once).",
                connected,
            ).format(count=connected, limit=max_sessions)
        )
        + "</p>"
    )
    learners = _progress(rows)
    finished = _finished(learners)
    parts.append(
        "<p>"
        + e(
            ngettext(
                "Started since the server began: {count} student; finished: {finished}.",
                "Started since the server began: {count} students; finished: {finished}.",
                len(learners),
            ).format(finished=finished, count=len(learners))
        )
        + "</p>"
    )
    if learners:
        parts.append(
            "<table><tr>"
            + "".join(f"<th>{e(h)}</th>" for h in (_("Student"), _("Answered"), _("Score"), _("Finished")))
            + "</tr>"
        )
        done, not_yet = _("yes"), _("not yet")  # the Finished column
        for key in sorted(learners):
            entry = learners[key]
            latest = entry["attempts"][max(entry["attempts"])]
            parts.append(
                f"<tr><td>{e(entry['name'])}</td>"
                f"<td class='n'>{latest['answers']} / {latest['count']}</td>"
                f"<td class='n'>{e(_format_points(latest['points']))}</td>"
                f"<td>{e(done if latest['finished'] else not_yet)}</td></tr>"
            )
        parts.append("</table>")
        report = _class_report(rows)
        names = _type_names()
        if report is not None:
            for bank in report.banks:
                parts.append(f"<h2>{e(bank.bank_id)}</h2>")
                parts.append(
                    "<p>"
                    + e(_("Class mean: {score}").format(score=format_percent(bank.mean_score / 100)))
                    + "</p><table><tr>"
                    + "".join(f"<th>{e(h)}</th>" for h in (_("Type"), _("Answers"), _("Right")))
                    + "</tr>"
                )
                for kind in bank.types:
                    parts.append(
                        f"<tr><td>{e(names.get(kind.type_id, kind.type_id))}</td>"
                        f"<td class='n'>{kind.answers}</td><td class='n'>{e(format_percent(kind.accuracy))}</td></tr>"
                    )
                parts.append("</table>")
    full_report = _("The full class report (every answer in the score file)")
    parts.append(f"<p><a href='{e(token)}/report'>{e(full_report)}</a></p>")
    return _page(_("The class right now"), "".join(parts), refresh=True)


def _format_points(points: float) -> str:
    return str(int(points)) if float(points).is_integer() else f"{points:.1f}"


def report_page(data_dir: Path | None, token: str) -> str:
    """`media-quiz report` on every answer in the score file, as a page."""
    from quiz.scores.report.formatting import format_report

    rows = _rows_since(data_dir, None)
    report = _class_report(rows)
    text = format_report(report, "text", _type_names()) if report is not None else _("No answers yet.")
    back = html.escape(_("Back to the class right now"))
    return _page(
        _("Class report"),
        f"<p><a href='../{html.escape(token)}'>{back}</a></p><pre>{html.escape(text)}</pre>",
        refresh=False,
    )
