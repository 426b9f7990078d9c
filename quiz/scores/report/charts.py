"""The HTML report's charts, drawn by matplotlib as SVG to be put inline in the page.

Imported by quiz.scores.report.html alone, so that matplotlib (a second or more to import)
loads only when a teacher asks for the HTML report, never at the quiz's start.

Each chart is one SVG string, ready to sit in the page: no XML prologue, no metadata (no
date: the same report gives the same file), element ids made unique across the page, text
kept as text (svg.fonttype "none": the browser's own fonts, every script, and selectable), and
every label shown as typed (no "$…$" mathematics, no markup: matplotlib escapes the text).
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("svg")  # no window, no display: the SVG backend alone

from matplotlib import rc_context  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

# The Okabe–Ito colours, told apart with any colour vision; they print well in grey.
BLUE, ORANGE, VERMILLION, GREEN, GREY = "#0072B2", "#E69F00", "#D55E00", "#009E73", "#999999"
INK = "#222222"

STYLE = {
    "svg.fonttype": "none",  # text as <text>: the reader's fonts, Chinese and Russian included
    "svg.hashsalt": "media-quiz",  # ids from a fixed salt, not a random one: reproducible files
    "text.parse_math": False,  # "$5 fine" stays "$5 fine"
    "font.family": "sans-serif",
    "font.size": 10,
    "axes.edgecolor": "#666666",
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": INK,
    "ytick.color": INK,
}
# What matplotlib writes about itself and when; left out.
NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


@dataclass(frozen=True)
class Slope:
    """One learner's line on the slope chart."""

    label: str
    pre: float  # 0–100
    post: float  # 0–100


@dataclass(frozen=True)
class ItemPoint:
    """One item on the item map."""

    label: str
    facility: float  # 0–100
    discrimination: float  # −100–100
    flagged: bool


def _figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def _svg(figure: Figure, prefix: str) -> str:
    """The figure as an inline SVG whose ids all start with `prefix` (unique in the page)."""
    out = io.StringIO()
    with warnings.catch_warnings():
        # A glyph DejaVu lacks (Chinese names) is only measured roughly; the browser draws it.
        warnings.simplefilter("ignore")
        figure.savefig(out, format="svg", metadata=NO_METADATA)
    svg = out.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', svg)
    # The page sizes the chart (CSS), keeping its proportions from the viewBox.
    svg = re.sub(r'^<svg ([^>]*?)width="[^"]*" height="[^"]*"', r"<svg \1", svg, count=1)
    return svg.strip()


def slope_chart(slopes: Sequence[Slope], mean: Slope | None, pre_label: str, post_label: str,
                axis_label: str, prefix: str) -> str:
    """Each learner's score before and after, a line from one to the other; the class mean bold."""
    with rc_context(STYLE):
        figure = _figure(6.4, 4.6)
        axes = figure.add_subplot()
        named = len(slopes) <= 24  # more names than that would print over each other
        for slope in slopes:
            colour = BLUE if slope.post > slope.pre else VERMILLION if slope.post < slope.pre else GREY
            axes.plot([0, 1], [slope.pre, slope.post], color=colour, linewidth=1.2, alpha=0.8,
                      marker="o", markersize=3.5)
        if named:
            for slope, height in zip(*_spread(slopes)):
                axes.annotate(slope.label, (1, slope.post), xytext=(1.04, height), textcoords="data",
                              va="center", fontsize=7.5, color=INK)
        if mean is not None:
            axes.plot([0, 1], [mean.pre, mean.post], color=INK, linewidth=3.2, marker="s", markersize=6,
                      zorder=5)
            axes.annotate(mean.label, (0, mean.pre), xytext=(-8, 0), textcoords="offset points",
                          ha="right", va="center", fontsize=8.5, fontweight="bold", color=INK)
        axes.set_xlim(-0.35, 1.45 if named else 1.15)
        axes.set_ylim(-3, 103)
        axes.set_xticks([0, 1], [pre_label, post_label])
        axes.set_ylabel(axis_label)
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.spines["bottom"].set_visible(False)
        return _svg(figure, prefix)


def _spread(slopes: Sequence[Slope], gap: float = 3.6) -> tuple[list[Slope], list[float]]:
    """The learners by post-test score, each with a height for its name: at its score, moved up
    just enough that no two names print over each other (then all down, if past the top)."""
    ordered = sorted(slopes, key=lambda slope: slope.post)
    heights: list[float] = []
    for slope in ordered:
        heights.append(max(slope.post, heights[-1] + gap) if heights else slope.post)
    over = heights[-1] - 102 if heights else 0
    if over > 0:
        heights = [height - over for height in heights]
    return ordered, heights


def bar_chart(labels: Sequence[str], percents: Sequence[float], value_labels: Sequence[str],
              axis_label: str, prefix: str) -> str:
    """One horizontal bar per label, 0–100 %, its value written at its end."""
    with rc_context(STYLE):
        figure = _figure(6.4, 0.55 * len(labels) + 1.0)
        axes = figure.add_subplot()
        rows = range(len(labels))
        axes.barh(rows, percents, color=BLUE, height=0.6)
        for row, percent, text in zip(rows, percents, value_labels):
            axes.annotate(text, (percent, row), xytext=(4, 0), textcoords="offset points", va="center",
                          fontsize=9, color=INK)
        axes.set_yticks(list(rows), list(labels))
        axes.invert_yaxis()  # the first label on top, as in the table
        axes.set_xlim(0, 108)
        axes.set_xticks([0, 25, 50, 75, 100])
        axes.set_xlabel(axis_label)
        axes.grid(axis="x", color="#dddddd", linewidth=0.6)
        axes.set_axisbelow(True)
        return _svg(figure, prefix)


def heat_map(rows: Sequence[str], columns: Sequence[str], counts: Sequence[Sequence[int]],
             row_axis: str, column_axis: str, prefix: str) -> str:
    """A grid of counts, each cell shaded by its share of its row (drawn as vector cells)."""
    with rc_context(STYLE):
        # Each column wide enough for its name ("Schlussfolgerung"), each row for a line of text.
        column = max(1.0, 0.09 * max((len(name) for name in columns), default=0))
        figure = _figure(column * len(columns) + 0.08 * max((len(name) for name in rows), default=0) + 1.0,
                         0.55 * len(rows) + 1.2)
        axes = figure.add_subplot()
        shares = [[count / (sum(row) or 1) for count in row] for row in counts]
        axes.pcolormesh(shares, cmap="Blues", vmin=0, vmax=1, edgecolors="white", linewidth=2)
        for y, row in enumerate(counts):
            for x, count in enumerate(row):
                dark = shares[y][x] > 0.55
                axes.text(x + 0.5, y + 0.5, str(count), ha="center", va="center", fontsize=12,
                          color="white" if dark else INK, fontweight="bold" if x == y else "normal")
        axes.set_xticks([n + 0.5 for n in range(len(columns))], list(columns))
        axes.set_yticks([n + 0.5 for n in range(len(rows))], list(rows))
        axes.invert_yaxis()
        axes.xaxis.tick_top()
        axes.xaxis.set_label_position("top")
        axes.set_xlabel(column_axis, fontsize=11)
        axes.set_ylabel(row_axis, fontsize=11)
        axes.tick_params(length=0, labelsize=11)
        for side in axes.spines.values():
            side.set_visible(False)
        return _svg(figure, prefix)


def item_map(points: Sequence[ItemPoint], x_lines: Sequence[float], y_lines: Sequence[float],
             x_label: str, y_label: str, prefix: str) -> str:
    """Items by facility (across) and discrimination (up); flagged ones orange and named."""
    with rc_context(STYLE):
        figure = _figure(6.4, 4.6)
        axes = figure.add_subplot()
        for x in x_lines:
            axes.axvline(x, color=GREY, linewidth=0.8, linestyle="--")
        for y in y_lines:
            axes.axhline(y, color=GREY, linewidth=0.8, linestyle="--" if y else "-")
        plain = [point for point in points if not point.flagged]
        flagged = [point for point in points if point.flagged]
        axes.scatter([p.facility for p in plain], [p.discrimination for p in plain], s=28, color=BLUE,
                     zorder=3)
        axes.scatter([p.facility for p in flagged], [p.discrimination for p in flagged], s=40,
                     color=ORANGE, marker="D", edgecolors=INK, linewidths=0.5, zorder=4)
        for point in flagged:
            axes.annotate(point.label, (point.facility, point.discrimination), xytext=(5, 4),
                          textcoords="offset points", fontsize=8, color=INK)
        axes.set_xlim(-2, 102)
        axes.set_ylim(-105, 105)
        axes.set_xlabel(x_label)
        axes.set_ylabel(y_label)
        return _svg(figure, prefix)
