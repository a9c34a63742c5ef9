"""Server-rendered SVG: the heatmap of states × categories and the research view's growth chart.

No JavaScript and no external asset: the page and its printout show the
same picture. Every cell has a <title> (its tooltip and its text for screen
readers) and links to the matrix zoomed on it; colours come from one
sequential scale with a legend, conflicts and absent duties drawn apart.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .report import Patchwork

# distance 0 (asks what the program asks) → dark; 1 (far) → light
_NEAR, _FAR = (8, 69, 148), (222, 235, 247)
_ABSENT, _CONFLICT = "#ffffff", "#c0392b"
_CELL, _LEFT, _TOP = 28, 150, 120


def colour(distance: float) -> str:
    t = max(0.0, min(1.0, distance))
    r, g, b = (round(n + (f - n) * t) for n, f in zip(_NEAR, _FAR, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def heatmap(patchwork: Patchwork) -> SafeString:
    """States (rows) × the categories that apply (columns), coloured by distance from the program."""
    categories = patchwork.categories
    states = [
        s
        for s in patchwork.states
        if any(c.jurisdiction == s["code"] for cat in categories for c in cat.states)
    ]
    # room on the right for the last rotated label, and for the legend
    width = max(_LEFT + _CELL * max(len(categories), 1) + 110, 480)
    height = _TOP + _CELL * max(len(states), 1) + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="heatmap-title"><title id="heatmap-title">How far each state is from the '
        f"one program, by category</title>",
    ]
    for col, cat in enumerate(categories):
        x = _LEFT + col * _CELL + _CELL // 2
        parts.append(
            f'<text x="{x}" y="{_TOP - 6}" transform="rotate(-55 {x} {_TOP - 6})" '
            f'font-size="11">{escape(cat.label)}</text>'
        )
    for row, state in enumerate(states):
        y = _TOP + row * _CELL
        parts.append(
            f'<text x="{_LEFT - 6}" y="{y + 18}" text-anchor="end" font-size="12">{escape(state["name"])}</text>'
        )
        for col, cat in enumerate(categories):
            parts.append(_cell(cat, state["code"], _LEFT + col * _CELL, y))
    parts.append(_legend(10, _TOP + _CELL * len(states) + 20))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above went through escape()


def _cell(cat, code: str, x: int, y: int) -> str:
    cell = next((c for c in cat.states if c.jurisdiction == code), None)
    if cell is None:
        fill, mark, tip = _ABSENT, "", f"{cat.label}: not required in {code}; the program adds it"
    elif cell.conflict:
        fill, mark, tip = _CONFLICT, "!", f"{cat.label} in {code}: conflict with another state"
    else:
        fill, mark = colour(cell.distance), ""
        tip = f"{cat.label} in {code}: distance {cell.distance:.2f} from the one program"
    link = "/matrix/?" + urlencode({"jurisdiction": code, "category": cat.code})
    text = (
        f'<text x="{x + _CELL // 2}" y="{y + 18}" text-anchor="middle" font-size="13" fill="#fff">{mark}</text>'
        if mark
        else ""
    )
    return (
        f'<a href="{escape(link)}"><rect x="{x}" y="{y}" width="{_CELL - 2}" height="{_CELL - 2}" '
        f'fill="{fill}" stroke="#999" stroke-width="0.5" data-distance="{"" if cell is None else cell.distance}">'
        f"<title>{escape(tip)}</title></rect>{text}</a>"
    )


def _legend(x: int, y: int) -> str:
    steps = [0.0, 0.25, 0.5, 0.75, 1.0]
    parts = [f'<text x="{x}" y="{y}" font-size="11">distance from the one program:</text>']
    for i, step in enumerate(steps):
        sx = x + 190 + i * 46
        parts.append(
            f'<rect x="{sx}" y="{y - 11}" width="14" height="14" fill="{colour(step)}" stroke="#999" stroke-width="0.5"/>'
            f'<text x="{sx + 17}" y="{y}" font-size="11">{step:g}</text>'
        )
    parts.append(
        f'<rect x="{x}" y="{y + 9}" width="14" height="14" fill="{_ABSENT}" stroke="#999" stroke-width="0.5"/>'
        f'<text x="{x + 18}" y="{y + 20}" font-size="11">not required there</text>'
        f'<rect x="{x + 150}" y="{y + 9}" width="14" height="14" fill="{_CONFLICT}"/>'
        f'<text x="{x + 168}" y="{y + 20}" font-size="11">conflict</text>'
    )
    return "".join(parts)


def growth_chart(series: list[tuple[date, int]], width: int = 640, height: int = 260) -> SafeString:
    """A step line of the distinct requirements by start date, with its axes and labelled points."""
    left, right, top, bottom = 50, 20, 20, 40
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="growth" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="growth-title"><title id="growth-title">'
        f"Distinct state requirements by the date they start</title>"
    )
    if not series:
        return mark_safe(head + '<text x="20" y="40">No requirements counted.</text></svg>')
    start, end = (
        series[0][0].toordinal(),
        max(series[-1][0].toordinal(), series[0][0].toordinal() + 1),
    )
    peak = max(n for _, n in series)

    def px(day: date) -> float:
        return left + (day.toordinal() - start) / (end - start) * (width - left - right)

    def py(n: int) -> float:
        return height - bottom - n / peak * (height - top - bottom)

    points, previous = [], None
    for day, n in series:
        if previous is not None:
            points.append(f"{px(day):.1f},{py(previous):.1f}")
        points.append(f"{px(day):.1f},{py(n):.1f}")
        previous = n
    parts = [
        head,
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#333"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#333"/>',
        f'<text x="{left - 6}" y="{py(peak) + 4:.1f}" text-anchor="end" font-size="11">{peak}</text>',
        f'<text x="{left - 6}" y="{height - bottom + 4}" text-anchor="end" font-size="11">0</text>',
        f'<polyline fill="none" stroke="#08458f" stroke-width="2" points="{" ".join(points)}"/>',
    ]
    for day, n in series:
        parts.append(
            f'<circle cx="{px(day):.1f}" cy="{py(n):.1f}" r="3" fill="#08458f"><title>{day.isoformat()}: {n}</title></circle>'
        )
    for day in (series[0][0], series[-1][0]):
        parts.append(
            f'<text x="{px(day):.1f}" y="{height - bottom + 16}" text-anchor="middle" font-size="11">{day.isoformat()}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — numbers and ISO dates only
