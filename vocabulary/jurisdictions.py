"""The jurisdictions RegTracker follows: 50 states, DC, Puerto Rico and the federal government.

One row per jurisdiction ties together the names each source uses for it: our
code ("US-NY"), the Open Civic Data jurisdiction id Open States filters on,
and LegiScan's state abbreviation (LegiScan has no Puerto Rico, and calls
Congress "US"). Sources look jurisdictions up here rather than building codes
from strings, so a typo fails loudly instead of creating a 53rd state.

Also here: ``normalise_identifier``, because every state source needs the same
bill-number spelling ("SF0006" and "SF 6" must be one bill).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Jurisdiction:
    code: str  # "US-NY"; "US" for federal
    name: str
    kind: str  # state | territory | federal (vocabulary.kinds.JURISDICTION_KINDS)
    openstates_id: str
    legiscan_state: str  # "" where LegiScan has no coverage

    @property
    def abbreviation(self) -> str:
        """Two-letter postal abbreviation ("NY"); "US" for federal."""
        return self.code.rsplit("-", 1)[-1]


def _state(abbr: str, name: str) -> Jurisdiction:
    ocd = f"ocd-jurisdiction/country:us/state:{abbr.lower()}/government"
    return Jurisdiction(f"US-{abbr}", name, "state", ocd, abbr)


_STATES = (
    ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"),
    ("CA", "California"), ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"),
    ("FL", "Florida"), ("GA", "Georgia"), ("HI", "Hawaii"), ("ID", "Idaho"),
    ("IL", "Illinois"), ("IN", "Indiana"), ("IA", "Iowa"), ("KS", "Kansas"),
    ("KY", "Kentucky"), ("LA", "Louisiana"), ("ME", "Maine"), ("MD", "Maryland"),
    ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"), ("MS", "Mississippi"),
    ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"), ("NV", "Nevada"),
    ("NH", "New Hampshire"), ("NJ", "New Jersey"), ("NM", "New Mexico"), ("NY", "New York"),
    ("NC", "North Carolina"), ("ND", "North Dakota"), ("OH", "Ohio"), ("OK", "Oklahoma"),
    ("OR", "Oregon"), ("PA", "Pennsylvania"), ("RI", "Rhode Island"), ("SC", "South Carolina"),
    ("SD", "South Dakota"), ("TN", "Tennessee"), ("TX", "Texas"), ("UT", "Utah"),
    ("VT", "Vermont"), ("VA", "Virginia"), ("WA", "Washington"), ("WV", "West Virginia"),
    ("WI", "Wisconsin"), ("WY", "Wyoming"),
)  # fmt: skip

FEDERAL = Jurisdiction(
    "US", "United States", "federal", "ocd-jurisdiction/country:us/government", "US"
)

JURISDICTIONS: tuple[Jurisdiction, ...] = (
    *(_state(abbr, name) for abbr, name in _STATES),
    Jurisdiction(
        "US-DC",
        "District of Columbia",
        "territory",
        "ocd-jurisdiction/country:us/district:dc/government",
        "DC",
    ),
    Jurisdiction(
        "US-PR",
        "Puerto Rico",
        "territory",
        "ocd-jurisdiction/country:us/territory:pr/government",
        "",
    ),
    FEDERAL,
)

_BY_CODE = {j.code: j for j in JURISDICTIONS}
_BY_OPENSTATES_ID = {j.openstates_id: j for j in JURISDICTIONS}
_BY_LEGISCAN = {j.legiscan_state: j for j in JURISDICTIONS if j.legiscan_state}


def by_code(code: str) -> Jurisdiction:
    """The jurisdiction for "US-NY" (case-insensitive); KeyError naming the code otherwise."""
    try:
        return _BY_CODE[code.strip().upper()]
    except KeyError:
        raise KeyError(f"unknown jurisdiction code {code!r}") from None


def from_openstates_id(ocd_id: str) -> Jurisdiction:
    """The jurisdiction for an Open Civic Data id such as ".../state:wy/government"."""
    try:
        return _BY_OPENSTATES_ID[ocd_id.strip().lower()]
    except KeyError:
        raise KeyError(f"unknown Open States jurisdiction id {ocd_id!r}") from None


def from_legiscan_state(abbr: str) -> Jurisdiction:
    """The jurisdiction for a LegiScan state abbreviation ("AK"; "US" is Congress)."""
    try:
        return _BY_LEGISCAN[abbr.strip().upper()]
    except KeyError:
        raise KeyError(f"unknown LegiScan state {abbr!r}") from None


def subnational() -> tuple[Jurisdiction, ...]:
    """The 50 states, DC and Puerto Rico: everything Open States covers."""
    return tuple(j for j in JURISDICTIONS if j.kind != "federal")


def legiscan_states() -> tuple[Jurisdiction, ...]:
    """The states and DC as LegiScan covers them (Congress is left to the congress source)."""
    return tuple(j for j in subnational() if j.legiscan_state)


# --------------------------------------------------------------------------- identifiers

_IDENTIFIER = re.compile(r"^(?P<prefix>[A-Z]+)0*(?P<number>\d+)$")


def normalise_identifier(raw: str) -> str:
    """Spell a bill number the one way RegTracker does: "SF0006" -> "SF 6", "H.B. 12" -> "HB 12".

    Numbers of another shape (Colorado's "SB 24-205") keep their form, upper-cased
    with single spaces, because stripping parts of them would merge distinct bills.
    """
    match = _IDENTIFIER.match(re.sub(r"[\s.]+", "", raw).upper())
    if match is None:
        return " ".join(raw.split()).upper()
    return f"{match.group('prefix')} {int(match.group('number'))}"
