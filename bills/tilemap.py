"""The jurisdictions map: a tile grid of the 50 states, DC and Puerto Rico, as server-rendered SVG.

A tile grid (one equal square per state, placed roughly where the state
is) keeps small states clickable and needs no map data or JavaScript. Tiles
are shaded by how many AI laws count as law there today (legal state in
force or enacted and awaiting its date), counted in one grouped query.
"""

from __future__ import annotations

from dataclasses import dataclass

from bills import totals
from bills.models import Jurisdiction
from vocabulary.jurisdictions import by_code
from vocabulary.legal_states import COUNTED

# (column, row) of each tile; rows run north to south.
GRID = {
    "AK": (0, 0), "ME": (11, 0),
    "VT": (10, 1), "NH": (11, 1),
    "WA": (1, 2), "ID": (2, 2), "MT": (3, 2), "ND": (4, 2), "MN": (5, 2), "IL": (6, 2),
    "WI": (7, 2), "MI": (8, 2), "NY": (9, 2), "RI": (10, 2), "MA": (11, 2),
    "OR": (1, 3), "NV": (2, 3), "WY": (3, 3), "SD": (4, 3), "IA": (5, 3), "IN": (6, 3),
    "OH": (7, 3), "PA": (8, 3), "NJ": (9, 3), "CT": (10, 3),
    "CA": (1, 4), "UT": (2, 4), "CO": (3, 4), "NE": (4, 4), "MO": (5, 4), "KY": (6, 4),
    "WV": (7, 4), "VA": (8, 4), "MD": (9, 4), "DE": (10, 4),
    "AZ": (2, 5), "NM": (3, 5), "KS": (4, 5), "AR": (5, 5), "TN": (6, 5), "NC": (7, 5),
    "SC": (8, 5), "DC": (9, 5),
    "OK": (4, 6), "LA": (5, 6), "MS": (6, 6), "AL": (7, 6), "GA": (8, 6),
    "HI": (0, 7), "TX": (4, 7), "FL": (9, 7), "PR": (11, 7),
}  # fmt: skip

TILE, GAP = 56, 4
# Light to dark, each with a text colour that stays readable on it (WCAG AA contrast).
SHADES = [
    (0, "no AI law yet", "#eef2f7", "#1d2330"),
    (1, "1 law", "#bfdbfe", "#1d2330"),
    (2, "2–3 laws", "#60a5fa", "#0b1a33"),
    (4, "4 or more laws", "#1e40af", "#ffffff"),
]


@dataclass(frozen=True)
class Tile:
    code: str  # US-NY
    abbreviation: str
    name: str
    x: int
    y: int
    laws: int
    bills: int
    fill: str
    ink: str
    shade_label: str


def shade(laws: int) -> tuple[str, str, str]:
    """(fill, text colour, legend label) for a count of laws."""
    chosen = SHADES[0]
    for entry in SHADES:
        if laws >= entry[0]:
            chosen = entry
    return chosen[2], chosen[3], chosen[1]


def tiles() -> list[Tile]:
    """Every tile with its counts."""
    laws, tracked = place_counts()
    result = []
    for abbreviation, (column, row) in GRID.items():
        code = f"US-{abbreviation}"
        fill, ink, label = shade(laws.get(code, 0))
        result.append(
            Tile(
                code=code,
                abbreviation=abbreviation,
                name=by_code(code).name,
                x=column * (TILE + GAP),
                y=row * (TILE + GAP),
                laws=laws.get(code, 0),
                bills=tracked.get(code, 0),
                fill=fill,
                ink=ink,
                shade_label=label,
            )
        )
    return result


def place_counts() -> tuple[dict[str, int], dict[str, int]]:
    """(laws, bills) per jurisdiction code, from the maintained counts (``bills.totals``): a few
    hundred rows read on every visit, whatever the number of bills."""
    codes = dict(Jurisdiction.objects.values_list("id", "code"))
    laws, tracked = totals.place_counts(COUNTED)
    return (
        {codes[place]: n for place, n in laws.items() if place in codes},
        {codes[place]: n for place, n in tracked.items() if place in codes},
    )


def map_size() -> tuple[int, int]:
    columns = max(c for c, _ in GRID.values()) + 1
    rows = max(r for _, r in GRID.values()) + 1
    return columns * (TILE + GAP) - GAP, rows * (TILE + GAP) - GAP


def legend() -> list[tuple[str, str, str]]:
    return [(label, fill, ink) for _, label, fill, ink in SHADES]
