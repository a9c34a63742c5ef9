"""Realistic synthetic bill records at the scale of fifty legislatures, deterministic from a seed.

Usage: ``python -m bench.generate --scale small|medium|large [--seed 1] [-o FILE.jsonl]``
(or ``--count N``); writes the project's JSONL record format (``scrapers/records.py``).

What a record holds, and why: 50 states, DC, Puerto Rico and Congress, each
with its share of a biennium's ~250,000 bills and its own sessions (biennial,
annual, or Congress 119), bill prefixes and action wording (New York's
``PASSED SENATE``, California's ``Chaptered by Secretary of State``,
congress.gov's ``Became Public Law No:``), so the status rules run on every
record as they do on real input; 5-40 actions, 1-5 sponsors, 1-3 text
versions of 5-60 KB (log-uniform) with sections, definitions and lists;
about 2% AI bills carrying real-looking duties, thresholds and penalties;
omnibus bills, a few with an AI article buried inside; amended versions,
chapter amendments, vetoes, substitutions and companions.

Everything comes from one ``random.Random(seed)`` consumed in order, so the
same seed and count give byte-identical files, and ``records(n)`` is a prefix
of ``records(n + k)``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from vocabulary.jurisdictions import JURISDICTIONS

from .legal_text import AI_TITLES, SUBJECTS, TextPool, bill_text, omnibus_ai_article

SCALES = {"small": 1_000, "medium": 50_000, "large": 250_000}
AI_SHARE = 0.02
OMNIBUS_SHARE = 0.002

# Bills introduced per biennium (rounded, from Open States counts); the rest get DEFAULT_VOLUME.
VOLUME = {"US": 15000, "US-NY": 18000, "US-NJ": 10000, "US-IL": 10000, "US-TX": 11000,
          "US-MA": 8000, "US-MN": 8000, "US-CA": 5000, "US-PA": 6000, "US-HI": 6000,
          "US-MS": 6000, "US-FL": 4000, "US-WA": 4000, "US-VA": 5000, "US-MO": 4000,
          "US-PR": 3000, "US-DC": 2000, "US-WY": 800, "US-ND": 900, "US-SD": 900}  # fmt: skip
DEFAULT_VOLUME = 2500
ANNUAL = {"US-AL", "US-AZ", "US-CO", "US-CT", "US-FL", "US-IN", "US-KS", "US-KY", "US-MD",
          "US-NM", "US-OK", "US-SD", "US-TN", "US-UT", "US-VA", "US-WV", "US-WY"}  # fmt: skip
PREFIXES = {"US-NY": ("S", "A"), "US-NJ": ("S", "A"), "US-CA": ("SB", "AB"), "US-NV": ("SB", "AB"),
            "US-WI": ("SB", "AB"), "US": ("S", "HR"), "US-PR": ("PS", "PC")}  # fmt: skip
COMMITTEES = ("Judiciary", "Finance", "Education", "Health", "Commerce", "Transportation",
              "Appropriations", "Rules", "Internet and Technology", "Government Operations")  # fmt: skip
FIRST = ("Maria", "James", "Linda", "Robert", "Aisha", "David", "Chen", "Patricia", "Jose",
         "Karen", "Michael", "Nadia", "William", "Grace", "Tom", "Priya")  # fmt: skip
LAST = ("Garcia", "Smith", "Johnson", "Nguyen", "Brown", "Okafor", "Miller", "Davis", "Lopez",
        "Wilson", "Anderson", "Kim", "Thomas", "Moore", "Jackson", "Patel")  # fmt: skip


def count_for(scale: str) -> int:
    return SCALES[scale]


def records(n: int, seed: int = 1) -> Iterator[dict]:
    """``n`` record dicts (``BillRecord.to_dict`` shape), streamed: memory does not grow with n."""
    return Generator(seed).records(n)


class Generator:
    """One seeded stream of records; keeps only per-session bill counters between records."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.pool = TextPool(self.rng)
        self.places = [j for j in JURISDICTIONS]
        self.weights = [VOLUME.get(j.code, DEFAULT_VOLUME) for j in self.places]
        self.numbers: dict[tuple[str, str, str], int] = {}

    def records(self, n: int) -> Iterator[dict]:
        made = 0
        while made < n:
            for record in self._bill_and_follow_ups():
                if made < n:
                    made += 1
                    yield record

    def _bill_and_follow_ups(self) -> list[dict]:
        rng = self.rng
        place = rng.choices(self.places, self.weights)[0]
        roll = rng.random()
        ai = roll < AI_SHARE
        omnibus = AI_SHARE <= roll < AI_SHARE + OMNIBUS_SHARE
        record = self._bill(place, ai=ai, omnibus=omnibus)
        if ai and _enacted(record) and rng.random() < 0.3:
            return [record, *self._chapter_amendment(place, record)]
        return [record]

    def _bill(self, place, ai: bool, omnibus: bool) -> dict:
        rng = self.rng
        session, start, end, name = _session(place.code, rng)
        chamber = rng.choice(("upper", "lower"))
        resolution = not (ai or omnibus) and rng.random() < 0.12
        identifier = self._identifier(place.code, session, chamber, resolution)
        subject = "artificial intelligence systems" if ai else rng.choice(SUBJECTS)
        title = _title(rng, place.code, subject, ai, omnibus)
        actions = _actions(rng, place.code, chamber, start, end)
        versions, buried_ai = self._versions(place, identifier, subject, actions, ai, omnibus)
        return {
            "jurisdiction": place.code,
            "session": session,
            "identifier": identifier,
            "title": title,
            "kind": "resolution" if resolution else "bill",
            "popular_name": "",
            "abstract": "" if rng.random() < 0.6 else f"{title}.",
            "status": "",  # derived by the status rules from the actions, as for most sources
            "status_date": None,
            "chapter": "",
            "effective_date": None,
            "subjects": ["Artificial intelligence"] if ai else [subject.capitalize()],
            "sources": [_url(place.code, session, identifier)],
            "source_ids": {"openstates": f"ocd-bill/{_uuid(rng)}"},
            "actions": actions,
            "versions": versions,
            "sponsors": _sponsors(rng, chamber),
            "related_bills": self._related(place.code, session, chamber, actions),
            "ai_relevant": ai or buried_ai,
            "ai_relevance_reason": _relevance_reason(ai, buried_ai),
            "session_name": name,
            "session_start": start.isoformat(),
            "session_end": end.isoformat(),
            "partial": False,
        }

    def _identifier(self, code: str, session: str, chamber: str, resolution: bool) -> str:
        upper, lower = PREFIXES.get(code, ("SB", "HB"))
        prefix = upper if chamber == "upper" else lower
        if resolution:
            prefix = prefix.rstrip("B") + self.rng.choice(("R", "JR", "CR"))
        key = (code, session, prefix)
        self.numbers[key] = self.numbers.get(key, 0) + 1 + int(self.rng.random() < 0.05)
        return f"{prefix} {self.numbers[key]}"

    def _versions(
        self, place, identifier: str, subject: str, actions: list, ai: bool, omnibus: bool
    ) -> tuple[list, bool]:
        """The bill's prints, and whether an omnibus carries an AI article."""
        rng = self.rng
        labels = _version_labels(rng, place.code, identifier, actions)
        size = int(math.exp(rng.uniform(math.log(5_000), math.log(60_000))))
        if omnibus:
            size *= 8
        text = bill_text(self.pool, place.name, subject, size, ai)
        buried_ai = omnibus and rng.random() < 0.25
        if buried_ai:
            parts = text.split("\n\n")
            at = rng.randrange(2, len(parts))
            parts.insert(at, omnibus_ai_article(self.pool, rng.randint(20, 60)))
            text = "\n\n".join(parts)
        versions = []
        for k, label in enumerate(labels):
            if k:
                text = _amended(self.pool, text)
            when = actions[min(len(actions) - 1, k * len(actions) // len(labels))]["date"]
            url = f"{_url(place.code, '', identifier)}/text/{label.replace(' ', '_')}.html"
            versions.append(
                {"label": label, "date": when, "url": url, "media_type": "text/html", "text": text}
            )
        return versions, buried_ai

    def _related(self, code: str, session: str, chamber: str, actions: list) -> list:
        rng = self.rng
        related = []
        if code != "US-NE" and rng.random() < 0.12:
            upper, lower = PREFIXES.get(code, ("SB", "HB"))
            other = lower if chamber == "upper" else upper
            related.append(_link(f"{other} {rng.randint(1, 4000)}", "companion"))
        substituted = next((a for a in actions if a["text"].startswith("SUBSTITUTED BY ")), None)
        if substituted:
            related.append(
                _link(substituted["text"].removeprefix("SUBSTITUTED BY "), "replaced_by")
            )
        if rng.random() < 0.03:
            related.append(
                _link(
                    f"{PREFIXES.get(code, ('SB',))[0]} {rng.randint(1, 900)}",
                    "prior_session",
                    "2023-2024",
                )
            )
        return related

    def _chapter_amendment(self, place, enacted: dict) -> list[dict]:
        follow = self._bill(place, ai=True, omnibus=False)
        follow["session"] = enacted["session"]
        follow["identifier"] = self._identifier(place.code, enacted["session"], "upper", False)
        follow["title"] = (
            f"An act to amend the law relating to {enacted['title'][10:].split(';')[0]}"
        )
        follow["related_bills"] = [_link(enacted["identifier"], "chapter_amendment_of")]
        enacted["related_bills"].append(_link(follow["identifier"], "amended_by"))
        for key in ("session_name", "session_start", "session_end"):
            follow[key] = enacted[key]
        return [follow]


def _relevance_reason(ai: bool, buried_ai: bool) -> str:
    if ai:
        return "title: artificial intelligence"
    return "text: artificial intelligence (one article of an omnibus)" if buried_ai else ""


def _session(code: str, rng: random.Random) -> tuple[str, date, date, str]:
    if code == "US":
        return "119", date(2025, 1, 3), date(2027, 1, 3), "119th Congress"
    if code in ANNUAL:
        year = rng.choice((2025, 2026))
        return str(year), date(year, 1, 8), date(year, 6, 30), f"{year} Regular Session"
    return "2025-2026", date(2025, 1, 8), date(2026, 12, 31), "2025-2026 Regular Session"


def _title(rng: random.Random, code: str, subject: str, ai: bool, omnibus: bool) -> str:
    if ai:
        return rng.choice(AI_TITLES)
    if omnibus:
        return "An act making appropriations and implementing the budget for fiscal year 2027"
    if code == "US":
        return f"To amend title {rng.randint(5, 50)}, United States Code, with respect to {subject}"
    return f"An act relating to {subject}; {rng.choice(('amending', 'creating', 'repealing'))} provisions concerning {rng.choice(SUBJECTS)}"


def _enacted(record: dict) -> bool:
    return any(_SIGNATURE_WORDS & set(a["text"].split()) for a in record["actions"])


_SIGNATURE_WORDS = {"Approved", "SIGNED", "Chaptered", "Became"}


def _actions(rng: random.Random, code: str, chamber: str, start: date, end: date) -> list:
    """A bill's history in its legislature's wording, 5-40 actions, oldest first."""
    style = _STYLE.get(code, _STYLE["default"])
    other = "lower" if chamber == "upper" else "upper"
    fate = rng.choices(
        ("committee", "one", "both", "enacted", "vetoed", "substituted", "failed"),
        (62, 12, 4, 16, 2, 2, 2),
    )[0]
    committee = rng.choice(COMMITTEES)
    steps = [(chamber, style["intro"].format(c=committee))]
    steps += [
        (chamber, rng.choice(style["filler"]).format(c=committee)) for _ in range(_filler(rng))
    ]
    if fate in ("substituted", "failed") and code in ("US-NY", "US-NJ"):
        steps.append(
            (chamber, f"SUBSTITUTED BY {'A' if chamber == 'upper' else 'S'}{rng.randint(1, 9000)}")
        )
    elif fate == "failed":
        steps.append((chamber, "Failed to pass"))
    if fate in ("one", "both", "enacted", "vetoed"):
        steps.append((chamber, style["passed"].format(chamber=_NAMES[code == "US-NY"][chamber])))
    if fate in ("both", "enacted", "vetoed"):
        steps.append((other, style["intro"].format(c=rng.choice(COMMITTEES))))
        steps.append((other, style["passed"].format(chamber=_NAMES[code == "US-NY"][other])))
    if fate in ("enacted", "vetoed"):
        steps.append(("executive", style["delivered"]))
        steps.append(
            (
                "executive",
                style["vetoed" if fate == "vetoed" else "signed"].format(n=rng.randint(1, 900)),
            )
        )
    day = start + timedelta(days=rng.randrange(60))
    actions = []
    for actor, text in steps:
        day = min(end, day + timedelta(days=rng.randrange(0, 15)))
        actions.append(
            {"actor": actor, "classification": [], "date": day.isoformat(), "text": text}
        )
    return actions


def _filler(rng: random.Random) -> int:
    return min(33, int(rng.triangular(4, 33, 6)))


_NAMES = {
    False: {"upper": "Senate", "lower": "House"},
    True: {"upper": "SENATE", "lower": "ASSEMBLY"},
}
_STYLE = {
    "default": {
        "intro": "Introduced and referred to Committee on {c}",
        "filler": ("Committee hearing held", "Public hearing scheduled", "Fiscal note requested",
                   "Placed on calendar", "Cosponsor added", "Reported favorably by Committee on {c}",
                   "Read second time", "Committee amendment adopted", "Rereferred to Committee on {c}"),
        "passed": "Read third time and passed {chamber}",
        "delivered": "Enrolled and presented to Governor",
        "signed": "Approved by Governor; Chapter {n}",
        "vetoed": "Vetoed by Governor",
    },
    "US-NY": {
        "intro": "REFERRED TO {c}",
        "filler": ("AMEND AND RECOMMIT TO {c}", "ADVANCED TO THIRD READING", "2ND REPORT CAL.",
                   "1ST REPORT CAL.", "COMMITTEE DISCHARGED AND COMMITTED TO RULES"),
        "passed": "PASSED {chamber}",
        "delivered": "DELIVERED TO GOVERNOR",
        "signed": "SIGNED CHAP.{n}",
        "vetoed": "VETOED MEMO.{n}",
    },
    "US-CA": {
        "intro": "Introduced. Read first time. Referred to Com. on {c}.",
        "filler": ("From committee: Do pass and re-refer to Com. on APPR.", "In committee: Hearing postponed by committee.",
                   "From committee chair, with author's amendments: Amend, and re-refer to committee.",
                   "Read second time. Ordered to third reading.", "Joint Rule 61(a)(10) suspended."),
        "passed": "Read third time. Passed. Ordered to the {chamber}.",
        "delivered": "Enrolled and presented to the Governor at 3 p.m.",
        "signed": "Approved by the Governor. Chaptered by Secretary of State - Chapter {n}, Statutes of 2025.",
        "vetoed": "Vetoed by Governor.",
    },
    "US": {
        "intro": "Introduced in House and referred to the Committee on {c}.",
        "filler": ("Referred to the Subcommittee on {c}.", "Hearings held.", "Committee Consideration and Mark-up Session Held",
                   "Ordered to be Reported (Amended) by Voice Vote.", "Placed on the Union Calendar"),
        "passed": "Passed/agreed to in {chamber}: On passage Passed by recorded vote",
        "delivered": "Presented to President.",
        "signed": "Became Public Law No: 119-{n}.",
        "vetoed": "Vetoed by President.",
    },
}  # fmt: skip


def _version_labels(rng: random.Random, code: str, identifier: str, actions: list) -> list[str]:
    """1-3 prints: most bills never get past the first; New York letters its amended prints."""
    count = rng.choices((1, 2, 3), (55, 30, 15))[0]
    if code == "US-NY":
        base = identifier.replace(" ", "")
        return [base, f"{base}A", f"{base}B"][:count]
    last = "Enrolled" if _enacted({"actions": actions}) else "Engrossed"
    return ["Introduced", "Amended", last][:count]


def _amended(pool: TextPool, text: str) -> str:
    """A later print: one or two sections rewritten, one added, the rest as before."""
    rng = pool.rng
    parts = text.split("\n\n")
    for _ in range(rng.randint(1, 2)):
        at = rng.randrange(2, len(parts))
        head = parts[at].split(".", 2)
        parts[at] = ".".join(head[:2]) + ". " + pool.paragraph(rng.randint(3, 8))
    parts.insert(len(parts) - 1, f"Section {len(parts)}. Severability. {pool.paragraph(2)}")
    return "\n\n".join(parts)


def _sponsors(rng: random.Random, chamber: str) -> list:
    sponsors = []
    for k in range(rng.choices((1, 2, 3, 4, 5), (40, 25, 15, 12, 8))[0]):
        sponsors.append(
            {
                "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "classification": "primary" if k == 0 else "cosponsor",
                "chamber": chamber,
                "party": rng.choice(("Democratic", "Republican")),
                "source_id": "",
            }
        )
    return sponsors


def _link(identifier: str, relation: str, session: str = "") -> dict:
    return {"identifier": identifier, "relation": relation, "session": session, "jurisdiction": ""}


def _url(code: str, session: str, identifier: str) -> str:
    host = "www.congress.gov" if code == "US" else f"legislature.{code[3:].lower()}.gov"
    path = "/".join(p for p in (session, identifier.replace(" ", "")) if p)
    return f"https://{host}/bills/{path}"


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def write_jsonl(path: Path, n: int, seed: int = 1) -> int:
    """Write ``n`` records to ``path`` (one JSON object a line); returns the bytes written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    with path.open("w", encoding="utf-8") as out:
        for record in records(n, seed):
            line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
            out.write(line)
            size += len(line)
    return size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--count", type=int, help="records to write (overrides --scale)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    n = args.count or SCALES[args.scale]
    if args.output:
        write_jsonl(Path(args.output), n, args.seed)
        return 0
    for record in records(n, args.seed):
        sys.stdout.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
