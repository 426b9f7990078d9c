"""The class report as one web page: charts a teacher takes in at a glance, the tables behind them.

One self-contained file that opens offline: the styles are in the page, the charts are inline
SVG (quiz.scores.report.charts, drawn by matplotlib), and nothing is fetched — no script, font
or image from anywhere. Under each chart, the table of its numbers (a caption, headed rows and
columns) for screen readers, for print, and for anyone who wants the figures.

Every word of the page is translated (the teacher's language, as in the text report); learner
names, item ids and bank titles are written as text, escaped, never as markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from quiz.i18n import _, current_language, format_date, format_number, format_percent, list_of, ngettext
from quiz.scores.report.formatting import flag_lines, item_cells, item_headers, passage_of, placing_sentence
from quiz.scores.report.gain import ClassGain
from quiz.scores.report.statistics import (
    EASY_ABOVE,
    HARD_BELOW,
    WEAK_BELOW,
    BankReport,
    ClassReport,
    ItemStats,
)


CSS = """
:root { color-scheme: light; --ink: #222; --muted: #555; --rule: #ccc; --band: #f3f6f9; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
       color: var(--ink); background: #fff; margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.9rem; margin: 0 0 .25rem; }
h2 { font-size: 1.5rem; margin: 2.5rem 0 .5rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.15rem; margin: 2rem 0 .5rem; }
.meta, .note, figcaption { color: var(--muted); }
.bank-id { color: var(--muted); font-weight: normal; font-size: 1rem; }
.numbers { display: flex; flex-wrap: wrap; gap: .75rem; padding: 0; margin: 1rem 0; list-style: none; }
.numbers li { background: var(--band); border-radius: .4rem; padding: .5rem .9rem; min-width: 9rem; }
.numbers strong { display: block; font-size: 1.5rem; font-variant-numeric: tabular-nums; }
.placing { font-size: 1.05rem; border-left: 4px solid #0072B2; padding: .25rem .75rem; }
figure { margin: 1rem 0; }
figure svg { width: 100%; height: auto; max-width: 44rem; display: block; }
figure[data-chart="confusion"] svg { max-width: 40rem; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { padding: .2rem .6rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); text-align: left; }
tbody th { text-align: left; font-weight: 600; }
td.number, th.number { text-align: right; }
tbody tr:nth-child(even) { background: var(--band); }
.legend { font-size: .9rem; color: var(--muted); border-top: 1px solid var(--rule); margin-top: 3rem; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  .bank ~ .bank h2 { break-before: page; }  /* each bank on its own pages, the first under the title */
  section.chart, figure, table { break-inside: avoid; }
  tbody tr:nth-child(even), .numbers li { background: none; }
  .numbers li { border: 1px solid var(--rule); }
}
"""


def format_html(
    report: ClassReport,
    type_names: Mapping[str, str] | None = None,
    *,
    bank_titles: Mapping[str, str] | None = None,
    made_on: str | None = None,
    passages: Mapping[tuple[str, str], str] | None = None,
) -> str:
    """The report as a self-contained HTML page.

    `type_names` names the claim types in the reader's language (ids where missing), as in
    the text report; `bank_titles` gives each bank id its title; `made_on` (an ISO date) is
    the date the page says it was made (none shown without it); `passages` gives each
    (bank id, item id) its passage, shown shortened beside the item.
    """
    from quiz.scores.report import charts  # matplotlib: only now, never at the quiz's start

    page = _Page(charts, type_names or {}, bank_titles or {}, passages or {})
    language = current_language().replace("_", "-")
    title = _("Class report")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Nothing may be fetched, even by mistake: the page says so to the browser too.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{escape(page.page_title(report))}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{escape(title)}</h1>",
    ]
    if made_on:
        # TRANSLATORS: under the report's heading; {date} is today's date, written out.
        made = _("Made on {date} by media-quiz.").format(date=format_date(made_on))
        parts.append(f'<p class="meta">{escape(made)}</p>')
    if not report.banks:
        empty = _("These files hold no quiz answers.")
        parts.append(f"<p>{escape(empty)}</p>")
    for number, bank in enumerate(report.banks, 1):
        parts += page.bank(bank, f"b{number}")
    parts += [page.legend(), "</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _whole(value: float | None) -> str:
    return "–" if value is None else format_number(value, 0)


def _percent(value: float | None) -> str:
    """A score of 0–100 as a local percentage; – when there is none."""
    return "–" if value is None else format_percent(value / 100)


def _fraction(value: float | None) -> str:
    """A gain or an effect size, two decimals, the local way; – when undefined."""
    return "–" if value is None else format_number(value, 2, fixed=True)


def _table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int],
           row_headers: bool = True) -> str:
    """A table with its caption, column headers, and each row's first cell as the row's header."""
    number = ' class="number"'
    head = "".join(
        f'<th scope="col"{number if n in numeric else ""}>{escape(text)}</th>' for n, text in enumerate(headers)
    )
    body = []
    for cells in rows:
        out = []
        for n, text in enumerate(cells):
            if n == 0 and row_headers:
                out.append(f'<th scope="row">{escape(text)}</th>')
            else:
                out.append(f"<td{number if n in numeric else ''}>{escape(text)}</td>")
        body.append("<tr>" + "".join(out) + "</tr>")
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


class _Page:
    """The parts of the page, with what every part needs: the charts, the names to show."""

    def __init__(
        self,
        charts,
        type_names: Mapping[str, str],
        bank_titles: Mapping[str, str],
        passages: Mapping[tuple[str, str], str],
    ) -> None:
        self.charts = charts
        self.type_names = type_names
        self.bank_titles = bank_titles
        self.passages = passages

    def type_name(self, type_id: str) -> str:
        return self.type_names.get(type_id, type_id)

    def page_title(self, report: ClassReport) -> str:
        titles = [self.bank_titles.get(bank.bank_id, bank.bank_id) for bank in report.banks]
        if not titles:
            return _("Class report")
        # TRANSLATORS: the browser tab's title; {banks} is the bank titles, listed.
        return _("Class report: {banks}").format(banks=list_of(titles))

    def figure(self, name: str, svg: str, alt: str, caption: str, table: str) -> str:
        """A chart with its short description (read out instead of the drawing) and its table."""
        svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(alt)}" ', 1)
        return (
            f'<figure class="chart" data-chart="{name}">{svg}'
            f"<figcaption>{escape(caption)}</figcaption></figure>{table}"
        )

    def bank(self, bank: BankReport, anchor: str) -> list[str]:
        title = self.bank_titles.get(bank.bank_id, bank.bank_id)
        heading = f'<h2 id="{anchor}">{escape(title)}'
        if title != bank.bank_id:
            heading += f' <span class="bank-id">({escape(bank.bank_id)})</span>'
        heading += "</h2>"
        parts = [f'<section class="bank" aria-labelledby="{anchor}">', heading, self.numbers(bank)]
        if bank.gain is not None:
            parts.append(self.gain(bank.gain, anchor))
        parts += [self.types(bank, anchor), self.confusion(bank, anchor), self.items(bank, anchor), "</section>"]
        return parts

    def numbers(self, bank: BankReport) -> str:
        figures = [
            (str(bank.students), ngettext("student", "students", bank.students)),
            (_percent(bank.mean_score), ngettext(
                "mean score of {count} attempt", "mean score of {count} attempts", bank.sittings
            ).format(count=bank.sittings)),
            (str(len(bank.items)), ngettext("item", "items", len(bank.items))),
            (str(sum(1 for item in bank.items if item.flags)), _("items flagged")),
        ]
        too_few = sum(1 for item in bank.items if item.too_few)
        if too_few:
            figures.append((str(too_few), _("items with too few answers to judge")))
        if bank.calibration is not None:
            gap = format_number(bank.calibration.mean_gap, 1)
            if bank.calibration.mean_gap > 0:
                gap = "+" + gap
            # TRANSLATORS: under a number of points: each student's guess at their score minus the score, averaged.
            figures.append((gap, _("mean calibration gap (guess − score)")))
        cells = "".join(f"<li><strong>{escape(value)}</strong>{escape(label)}</li>" for value, label in figures)
        return f'<ul class="numbers">{cells}</ul>'

    # --- The gain between the pre- and the post-test ------------------------------------------

    def gain(self, gain: ClassGain, anchor: str) -> str:
        from quiz.scores.report.charts import Slope

        heading = _("What the class learned: pre-test and post-test")
        parts = [f'<section class="chart" aria-labelledby="{anchor}-gain">',
                 f'<h3 id="{anchor}-gain">{escape(heading)}</h3>']
        figures = [
            (_percent(gain.mean_pre), _("mean pre-test")),
            (_percent(gain.mean_post), _("mean post-test")),
            # TRANSLATORS: Hake's class-average normalised gain; keep the symbol ⟨g⟩.
            (_fraction(gain.hake_gain), _("class gain ⟨g⟩")),
            (_fraction(gain.d_z), _("effect size d_z")),
        ]
        parts.append('<ul class="numbers">' + "".join(
            f"<li><strong>{escape(value)}</strong>{escape(label)}</li>" for value, label in figures
        ) + "</ul>")
        placing = self.placing(gain)
        if placing:
            parts.append(f'<p class="placing">{escape(placing)}</p>')
        if gain.learners:
            mean = None
            if gain.mean_pre is not None and gain.mean_post is not None:
                mean = Slope(_("class mean"), gain.mean_pre, gain.mean_post)
            svg = self.charts.slope_chart(
                [Slope(learner.learner, learner.pre, learner.post) for learner in gain.learners], mean,
                _("Pre-test"), _("Post-test"), _("score (%)"), f"{anchor}-gain",
            )
            better = sum(learner.post > learner.pre for learner in gain.learners)
            alt = ngettext(
                "A slope chart: {count} learner's score on the pre-test joined to their score on the "
                "post-test. Scores that rose: {better}. The table below gives the numbers.",
                "A slope chart: each of the {count} learners' score on the pre-test joined to their "
                "score on the post-test. Scores that rose: {better}. The table below gives the numbers.",
                len(gain.learners),
            ).format(count=len(gain.learners), better=better)
            caption = _("Each line is a learner, from the pre-test (left) to the post-test (right): blue "
                        "rose, orange fell, grey stayed. The bold line is the class mean.")
            table = _table(
                _("Each learner's scores and normalised gain g = (post − pre) / (100 − pre)"),
                [_("Learner"), _("Pre-test"), _("Post-test"), _("Gain g")],
                [[learner.learner, _percent(learner.pre), _percent(learner.post), _fraction(learner.gain)]
                 for learner in gain.learners],
                {1, 2, 3},
            )
            parts.append(self.figure("gain", svg, alt, caption, table))
        parts.append(_table(
            _("The class's means"),
            [_("Measure"), _("Value")],
            [[_("mean pre-test"), _percent(gain.mean_pre)],
             [_("mean post-test"), _percent(gain.mean_post)],
             [_("mean of the learners' gains g"), _fraction(gain.mean_gain)],
             [_("class gain ⟨g⟩ (from the mean pre- and post-test)"), _fraction(gain.hake_gain)],
             [_("effect size d_z (paired)"), _fraction(gain.d_z)],
             [_("95% confidence interval of d_z"), self.interval(gain.d_z_interval)]],
            {1},
        ))
        if gain.per_type:
            parts.append(_table(
                _("Per claim type: the class's mean scores and class gain ⟨g⟩"),
                [_("Type"), _("Pre-test"), _("Post-test"), _("⟨g⟩")],
                [[self.type_name(kind.claim_type), _percent(kind.mean_pre), _percent(kind.mean_post),
                  _fraction(kind.hake_gain)] for kind in gain.per_type],
                {1, 2, 3},
            ))
        for names, text in (
            (gain.only_pre, _("Only the pre-test, so not in the gain: {names}.")),
            (gain.only_post, _("Only the post-test, so not in the gain: {names}.")),
        ):
            if names:
                parts.append(f'<p class="note">{escape(text.format(names=list_of(list(names))))}</p>')
        parts.append("</section>")
        return "\n".join(parts)

    def interval(self, interval: tuple[float, float] | None) -> str:
        if interval is None:
            return "–"
        # TRANSLATORS: a confidence interval, e.g. "0.21 to 0.95".
        return _("{low} to {high}").format(low=_fraction(interval[0]), high=_fraction(interval[1]))

    def placing(self, gain: ClassGain) -> str:
        """The text report's sentence placing ⟨g⟩ and d_z beside published figures."""
        return placing_sentence(gain) or ""

    # --- Accuracy per type, and which type was taken for which -------------------------------

    def types(self, bank: BankReport, anchor: str) -> str:
        names = [self.type_name(kind.type_id) for kind in bank.types]
        shown = [format_percent(kind.accuracy) for kind in bank.types]
        heading = _("Accuracy per claim type")
        parts = [f'<section class="chart" aria-labelledby="{anchor}-types">',
                 f'<h3 id="{anchor}-types">{escape(heading)}</h3>']
        if bank.types:
            svg = self.charts.bar_chart(names, [100 * kind.accuracy for kind in bank.types], shown,
                                        _("answers fully correct (%)"), f"{anchor}-types")
            weakest = min(bank.types, key=lambda kind: kind.accuracy)
            alt = _("A bar chart of the share of answers fully correct per claim type; the lowest is "
                    "{type}, {accuracy}. The table below gives the numbers.").format(
                type=self.type_name(weakest.type_id), accuracy=format_percent(weakest.accuracy))
            caption = _("The share of each type's answers that were fully correct.")
            table = _table(heading, [_("Type"), _("Answers"), _("Accuracy")],
                           [[name, str(kind.answers), text] for name, kind, text in zip(names, bank.types, shown)],
                           {1, 2})
            parts.append(self.figure("types", svg, alt, caption, table))
        parts.append("</section>")
        return "\n".join(parts)

    def confusion(self, bank: BankReport, anchor: str) -> str:
        if not bank.confusion:
            return ""
        type_ids = sorted({correct for correct, _chosen, _count in bank.confusion}
                          | {chosen for _correct, chosen, _count in bank.confusion})
        counts = {(correct, chosen): count for correct, chosen, count in bank.confusion}
        grid = [[counts.get((correct, chosen), 0) for chosen in type_ids] for correct in type_ids]
        names = [self.type_name(type_id) for type_id in type_ids]
        heading = _("Which type was taken for which")
        svg = self.charts.heat_map(names, names, grid, _("right answer"), _("answer given"), f"{anchor}-confusion")
        mistakes = [(count, correct, chosen) for (correct, chosen), count in counts.items() if correct != chosen]
        if mistakes:
            count, correct, chosen = max(mistakes, key=lambda found: (found[0], found[1], found[2]))
            alt = _("A heat map of the answers given (across) for each right answer (down); the most "
                    "common mix-up: {right} answered as {given}, {count} times. The table below gives "
                    "the numbers.").format(right=self.type_name(correct), given=self.type_name(chosen), count=count)
        else:
            alt = _("A heat map of the answers given (across) for each right answer (down): no type was "
                    "taken for another. The table below gives the numbers.")
        caption = _("Each row is the right type, each column the type answered; the diagonal is right. "
                    "The darker a cell, the larger its share of the row. Partly credited answers count "
                    "as the type chosen.")
        table = _table(
            _("Answers given (columns) for each right type (rows)"),
            [_("Right type")] + names,
            [[name] + [str(count) for count in row] for name, row in zip(names, grid)],
            set(range(1, len(names) + 1)),
        )
        return "\n".join([f'<section class="chart" aria-labelledby="{anchor}-confusion">',
                          f'<h3 id="{anchor}-confusion">{escape(heading)}</h3>',
                          self.figure("confusion", svg, alt, caption, table), "</section>"])

    # --- The items: facility against discrimination -------------------------------------------

    def items(self, bank: BankReport, anchor: str) -> str:
        from quiz.scores.report.charts import ItemPoint

        heading = _("The items: how hard, and how well they tell students apart")
        # An item with too few answers is left out of the map: its indices would be noise.
        drawn = [item for item in bank.items if item.discrimination is not None and item.shows_indices]
        svg = self.charts.item_map(
            [ItemPoint(item.item_id, item.facility, item.discrimination, bool(item.flags)) for item in drawn],
            [HARD_BELOW, EASY_ABOVE], [0, WEAK_BELOW],
            _("facility (% of the maximum mark; low = hard)"),
            _("discrimination (correlation with the rest × 100)"),
            f"{anchor}-items",
        )
        flagged = sum(1 for item in bank.items if item.flags)
        alt = ngettext(
            "A scatter plot of the {count} item with a discrimination index, facility across and "
            "discrimination up; flagged items are named (flagged: {flagged}). The table below gives the numbers.",
            "A scatter plot of the {count} items with a discrimination index, facility across and "
            "discrimination up; flagged items are named (flagged: {flagged}). The table below gives the numbers.",
            len(drawn),
        ).format(count=len(drawn), flagged=flagged)
        caption = _("Dashed lines: facility {hard} and {easy} (below, hard; above, easy), discrimination "
                    "{weak} (below, weak) and 0 (below, students who did better overall did worse here). "
                    "Flagged items are orange and named.").format(
            hard=format_number(HARD_BELOW, 0), easy=format_number(EASY_ABOVE, 0), weak=format_number(WEAK_BELOW, 0))
        missing = len(bank.items) - len(drawn)
        if missing:
            caption += " " + ngettext(
                "{count} item has no discrimination index to show (too few or too alike answers); it is in the table only.",
                "{count} items have no discrimination index to show (too few or too alike answers); they are in the table only.",
                missing,
            ).format(count=missing)
        headers = item_headers()
        headers.insert(1, _("Passage"))
        table = _table(heading, headers, [self.item_cells(bank, item) for item in bank.items], {3, 4, 5, 6})
        advice = flag_lines(bank)  # each flag present, with what to do about it
        if advice:
            table += '<ul class="flags">' + "".join(f"<li>{escape(line)}</li>" for line in advice) + "</ul>"
        return "\n".join([f'<section class="chart" aria-labelledby="{anchor}-items">',
                          f'<h3 id="{anchor}-items">{escape(heading)}</h3>',
                          self.figure("items", svg, alt, caption, table), "</section>"])

    def item_cells(self, bank: BankReport, item: ItemStats) -> list[str]:
        """The text report's cells for an item, with its passage (shortened) after its id."""
        cells = item_cells(item, self.type_names)
        cells.insert(1, passage_of(bank, item, self.passages) or "–")
        return cells

    def legend(self) -> str:
        text = _(
            "Facil.: facility, the mean mark as a share of the maximum (low = hard). "
            "Discr.: discrimination, 100 × the correlation of the item with the rest of the test. "
            "U–L: mean mark of the top 27 % minus that of the bottom 27 %, as a share of the maximum."
        )
        return f'<footer class="legend"><p>{escape(text)}</p></footer>'
