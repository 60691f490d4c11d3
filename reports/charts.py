"""Line charts as server-side SVG: no script, no third party, readable on a phone.

The SVG is an image with a <title> and <desc> (role="img"); the page puts the legend
in HTML (it wraps on a narrow screen) and the same numbers in a table right after.
Lines differ by colour, dash and marker shape, so colour is never the only cue.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reports.registry import COUNT, RATIO
from reports.table import Chart

WIDTH, HEIGHT = 400, 250
LEFT, RIGHT, TOP, BOTTOM = 46, 14, 12, 42
# Colours with at least 3:1 contrast on white (WCAG non-text contrast).
COLOURS = ("#1f5fa8", "#b3261e", "#1e7b3c", "#7b3fa0", "#a35200", "#006d75")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2")
MARKERS = ("circle", "square", "triangle", "diamond", "circle", "square")


@dataclass
class LegendEntry:
    label: str
    colour: str
    dash: str
    marker: str


def _nice_ceiling(value: float) -> float:
    """1, 2, 2.5, 5 or 10 times a power of ten, at or above `value`."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="{colour}"/>'
    if shape == "triangle":
        points = f"{x:.1f},{y - 4:.1f} {x + 4:.1f},{y + 3:.1f} {x - 4:.1f},{y + 3:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if shape == "diamond":
        points = f"{x:.1f},{y - 4:.1f} {x + 4:.1f},{y:.1f} {x:.1f},{y + 4:.1f} {x - 4:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>'


def legend(chart: Chart) -> list[LegendEntry]:
    return [
        LegendEntry(
            line.label,
            COLOURS[i % len(COLOURS)],
            DASHES[i % len(DASHES)],
            MARKERS[i % len(MARKERS)],
        )
        for i, line in enumerate(chart.lines)
    ]


def legend_swatch(entry: LegendEntry) -> SafeString:
    """A small decorative sample of a line, for the HTML legend."""
    dash = f' stroke-dasharray="{entry.dash}"' if entry.dash else ""
    return mark_safe(  # noqa: S308 (numbers and fixed strings only)
        '<svg class="chart-swatch" width="28" height="12" viewBox="0 0 28 12" '
        'aria-hidden="true" focusable="false">'
        f'<line x1="1" y1="6" x2="27" y2="6" stroke="{entry.colour}" '
        f'stroke-width="2.5"{dash}/>{_marker(entry.marker, 14, 6, entry.colour)}</svg>'
    )


@dataclass(frozen=True)
class _Plot:
    """Where a month's index and a value fall on the drawing."""

    count: int  # months on the x axis
    top: float  # the value at the top of the y axis

    def x_at(self, index: int) -> float:
        plot_w = WIDTH - LEFT - RIGHT
        return LEFT + (
            plot_w * index / (self.count - 1) if self.count > 1 else plot_w / 2
        )

    def y_at(self, value: float) -> float:
        plot_h = HEIGHT - TOP - BOTTOM
        return TOP + plot_h - plot_h * (value / self.top)


def line_chart_svg(chart: Chart, *, dom_id: str) -> SafeString:
    """The chart as an inline SVG image labelled by its own <title> and <desc>."""
    step = _y_step(chart)
    plot = _Plot(count=len(chart.months), top=step * 4)
    parts = [
        f'<svg id="{dom_id}" class="chart-svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{dom_id}-title {dom_id}-desc" focusable="false">',
        f'<title id="{dom_id}-title">{escape(chart.title)}</title>',
        f'<desc id="{dom_id}-desc">{escape(chart.description)}</desc>',
        *_y_axis(chart, plot, ticks=[step * i for i in range(5)]),
        *_x_axis(chart, plot),
    ]
    for entry, line in zip(legend(chart), chart.lines, strict=True):
        parts.extend(_line(entry, line.values, plot))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text escaped above)


def _y_step(chart: Chart) -> float:
    """The distance between the y axis's five ticks: a quarter for ratios."""
    if chart.kind == RATIO:
        return 0.25
    values = [v for line in chart.lines for v in line.values if v is not None]
    step = _nice_ceiling(max(values, default=0) / 4)
    if chart.kind == COUNT:
        step = max(1, math.ceil(step))  # whole articles, whole questions
    return step


def _y_axis(chart: Chart, plot: _Plot, *, ticks: list[float]) -> list[str]:
    """A grid line and a label per tick."""
    parts = []
    for tick in ticks:
        y = plot.y_at(tick)
        label = f"{round(tick * 100)}%" if chart.kind == RATIO else _number(tick)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            'stroke="#d0d0d0" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="12" fill="#333">{label}</text>'
        )
    return parts


def _x_axis(chart: Chart, plot: _Plot) -> list[str]:
    """Each month's number, the year under the first month and every January."""
    parts = []
    for index, month in enumerate(chart.months):
        x = plot.x_at(index)
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
            f'font-size="11" fill="#333">{month.month}</text>'
        )
        if index == 0 or month.month == 1:
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 32}" text-anchor="middle" '
                f'font-size="11" fill="#333">{month.year}</text>'
            )
    plot_bottom = HEIGHT - BOTTOM
    parts.append(
        f'<line x1="{LEFT}" y1="{plot_bottom}" x2="{WIDTH - RIGHT}" '
        f'y2="{plot_bottom}" stroke="#555" stroke-width="1"/>'
    )
    return parts


def _line(entry: LegendEntry, values: list, plot: _Plot) -> list[str]:
    """A marker per value, and a polyline per run of values without a gap."""
    parts: list[str] = []
    segment: list[str] = []
    segments: list[list[str]] = []
    for index, value in enumerate(values):
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{plot.x_at(index):.1f},{plot.y_at(value):.1f}")
        parts.append(
            _marker(entry.marker, plot.x_at(index), plot.y_at(value), entry.colour)
        )
    if segment:
        segments.append(segment)
    dash = f' stroke-dasharray="{entry.dash}"' if entry.dash else ""
    for points in segments:
        parts.append(
            f'<polyline points="{" ".join(points)}" fill="none" '
            f'stroke="{entry.colour}" stroke-width="2"{dash}/>'
        )
    return parts


BAR_ROW_HEIGHT = 34  # a label line and a bar
BAR_LABEL_CHARS = 60


def bar_chart_svg(
    *, bars: list[tuple[str, float]], title: str, description: str, dom_id: str
) -> SafeString:
    """Horizontal bars, each with its label above it and its value at its end.

    For rankings (the most read items, the units with most reads): labels are long
    titles, so they get the full width of a phone rather than a narrow left margin.
    """
    height = TOP + BAR_ROW_HEIGHT * max(len(bars), 1) + 8
    top = _nice_ceiling(max((value for _label, value in bars), default=0))
    width = WIDTH - 8 - 60  # room for the value after the longest bar
    parts = [
        f'<svg id="{dom_id}" class="chart-svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{dom_id}-title {dom_id}-desc" focusable="false">',
        f'<title id="{dom_id}-title">{escape(title)}</title>',
        f'<desc id="{dom_id}-desc">{escape(description)}</desc>',
    ]
    for index, (label, value) in enumerate(bars):
        y = TOP + index * BAR_ROW_HEIGHT
        text = label if len(label) <= BAR_LABEL_CHARS else label[:BAR_LABEL_CHARS] + "…"
        length = max(width * (value / top), 1 if value else 0)
        parts.append(
            f'<text x="4" y="{y + 11}" font-size="12" fill="#1f2328">{escape(text)}'
            f'</text><rect x="4" y="{y + 15}" width="{length:.1f}" height="12" '
            f'fill="{COLOURS[0]}"/><text x="{length + 10:.1f}" y="{y + 25}" '
            f'font-size="12" fill="#333">{_number(value)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text escaped above)
