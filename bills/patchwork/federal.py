"""The federal overlay: federal items aimed at state AI laws, linked to the state duties they reach.

A federal item (a preemption or agency-directive obligation of a counted
federal text) targets state law when its words say so: a litigation task
force, a funding condition, preemption, an evaluation of state laws, a
federal standard. It is linked to the states it names (none named: every
state) and to the duties it describes by their kind ("disclose or report
information" reaches disclosure and reporting duties); carve-outs ("shall
not propose preempting … child safety … procurement and use") are kept out.
Each kind, link and carve-out keeps the cue that matched, like the
relevance table. Dates: the item's own date, and its due date when the
deadline runs from the text's own date ("within 30 days of the date of this
order").

Whether a federal standard would be stricter or looser than the one program
is answered two ways: federal duties of the same category compared value by
value with ``STRICTNESS``, and the stated aim of the federal text ("a
minimally burdensome national standard" is looser).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from bills.compare import stricter_side, strictest_value, strictness_key
from bills.formatting import format_attribute
from bills.matrix import state_pattern, states_named
from bills.models import BillVersion
from bills.obligations import duration_seconds
from bills.section_dates import headings as text_headings
from bills.vocabulary.taxonomy import CATEGORY_BY_CODE

from .program import REQUIREMENT_ATTRIBUTES, ProgramChoice
from .selection import LEGAL_STATE_LABELS


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


TARGETS_STATE_LAW = _rx(
    r"\bstates?('s)?\b[^.;]{0,80}\b(laws?|regulations?|regulatory|regimes?|rules)\b"
    r"|\bstate or local\b"
)
# id → (cue, what it is)
ITEM_KINDS: dict[str, tuple[re.Pattern[str], str]] = {
    "litigation": (_rx(r"\blitigation\b|\btask force\b|\bchallenge\b"), "litigation task force"),
    "funding_condition": (
        _rx(r"\bfund(s|ing)?\b|\bgrants?\b|\beligib\w*|\bineligible\b"),
        "funding condition",
    ),
    "preemption": (_rx(r"\bpreempt\w*"), "preemption"),
    "evaluation": (
        _rx(r"\bevaluat\w*\b[^.;]{0,60}\blaws\b|\bidentif\w*\b[^.;]{0,40}\blaws\b"),
        "evaluation of state laws",
    ),
    "federal_standard": (
        _rx(
            r"\bfederal\b[^.;]{0,60}\bstandard\b|\buniform federal\b|\bnational\b[^.;]{0,20}\bframework\b"
        ),
        "federal standard",
    ),
}
# Words describing state duties → the categories they describe.
DESCRIBED_DUTIES: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    (
        "disclosure",
        _rx(r"\bdisclos\w*"),
        ("public_disclosure", "training_data_disclosure", "ai_interaction_disclosure",
         "documentation_to_deployers"),
    ),
    ("reporting", _rx(r"\breport(ing|s)?\b"), ("incident_reporting", "government_reporting")),
    (
        "altered outputs",
        _rx(r"\btruthful outputs?\b|\balter\w*\b[^.;]{0,30}\boutputs?\b|\bideological\b"),
        ("duty_of_care", "impact_assessment", "risk_management_program"),
    ),
    ("child safety", _rx(r"\bchild(ren)?(\'s)? safety\b|\bminors?\b"), ("minor_protection",)),
    (
        "state procurement and use",
        _rx(r"\b(procurement|own use)\b"),
        ("government_use",),
    ),
)  # fmt: skip
_CARVE_OUT = _rx(r"\b(shall|will|should) not\b[^.]{0,40}\bpreempt\w*")
_FROM_OWN_DATE = _rx(
    r"\b(of|after|from) the date of (this|the) (order|act|enactment)|\bof enactment\b"
)
AIM_CUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (_rx(r"\bminimally burdensome\b|\bleast burden\w*\b|\bunduly burden\w*\b"), "looser"),
    (_rx(r"\bno less (protective|stringent)\b|\bat least as (protective|stringent)\b|\bfloor\b"),
     "stricter"),
)  # fmt: skip


@dataclass
class FederalTarget:
    obligation_id: int
    bill_id: int
    bill: str
    name: str
    legal_state: str
    section: str
    text: str
    kinds: list[dict]  # {"kind", "label", "matched"}
    date: date | None  # the federal text's own date (signed, published)
    due: date | None  # when the ordered step is due, if it runs from that date
    states: list[str]  # named states; empty: every state
    describes: list[dict]  # {"cue", "matched", "categories"}
    carve_outs: list[str]  # categories explicitly left to the states
    linked: list[dict] = field(default_factory=list)  # {"jurisdiction", "category", "bills"}


@dataclass
class StandardComparison:
    category: str
    label: str
    verdict: str  # stricter | looser | same | mixed | no federal duty
    attributes: list[dict]  # {"name", "program", "federal", "verdict"}
    federal_duties: list[dict]


@dataclass
class FederalOverlay:
    targets: list[FederalTarget]
    stated_aims: list[dict]  # {"bill", "aim", "matched"}
    standards: list[StandardComparison]
    deference: list[dict]  # state duties that accept an equivalent or stricter federal standard


def federal_targets(
    rows: list[dict], contexts: dict[int, str] | None = None
) -> list[FederalTarget]:
    """The federal rows (overlay categories) whose words aim at state law, classified.

    ``contexts`` gives each row's whole section (obligation id → text): the
    sentence after a duty often says which state laws it means ("laws that
    require models to alter truthful outputs") or which it spares.
    """
    contexts = contexts or {}
    pattern = state_pattern()
    targets = []
    for row in rows:
        own = row["text"]
        context = contexts.get(row["id"], "")
        text = context if own in context else f"{own}\n{context}"
        if not TARGETS_STATE_LAW.search(text) and not states_named(text, pattern):
            continue
        kinds = _kinds(own) or _kinds(text)
        if not kinds:
            continue
        described, carved = _described(text)
        own_date = row["bill__status_date"]
        targets.append(
            FederalTarget(
                obligation_id=row["id"],
                bill_id=row["bill_id"],
                bill=row["bill__identifier"],
                name=row["bill__popular_name"] or row["bill__title"][:160],
                legal_state=row["state_on_date"],
                section=row["section"],
                text=own[:600],
                kinds=kinds,
                date=own_date,
                due=_due(own_date, row["attributes"].get("deadline"), own),
                states=states_named(text, pattern),
                describes=described,
                carve_outs=carved,
            )
        )
    _share_due_dates(targets)
    return targets


def _kinds(text: str) -> list[dict]:
    return [
        {"kind": kind, "label": label, "matched": m.group(0)}
        for kind, (cue, label) in ITEM_KINDS.items()
        if (m := cue.search(text))
    ]


def _share_due_dates(targets: list[FederalTarget]) -> None:
    """A step with no deadline of its own is due with its section's ("the notice shall provide…")."""
    due = {(t.bill_id, t.section): t.due for t in targets if t.due}
    for target in targets:
        target.due = target.due or due.get((target.bill_id, target.section))


def section_contexts(rows: list[dict], texts: dict[int, str]) -> dict[int, str]:
    """Each row's whole section of its version's text (``texts``: version id → text).

    Rows of a text without section headings keep their own words only: a whole
    policy document is no context for one of its items.
    """
    contexts = {}
    for row in rows:
        text = texts.get(row["version_id"], "")
        headings = [offset for offset, unit, _ in text_headings(text) if unit == "section"]
        before = [o for o in headings if o <= row["start"]]
        if not before:
            continue
        after = [o for o in headings if o > row["start"]]
        end = after[0] if after else len(text)
        contexts[row["id"]] = text[before[-1] : min(end, before[-1] + _CONTEXT_CHARS)]
    return contexts


_CONTEXT_CHARS = 3000


def _described(text: str) -> tuple[list[dict], list[str]]:
    carve = _CARVE_OUT.search(text)
    kept, carved = text, []
    if carve:  # what follows "shall not … preempt" is left to the states
        kept, tail = text[: carve.start()], text[carve.start() :]
        carved = [c for _, cue, cats in DESCRIBED_DUTIES if cue.search(tail) for c in cats]
    described = [
        {
            "cue": name,
            "matched": m.group(0),
            "categories": [c for c in cats if c in CATEGORY_BY_CODE],
        }
        for name, cue, cats in DESCRIBED_DUTIES
        if (m := cue.search(kept))
    ]
    return [d for d in described if d["categories"]], [c for c in carved if c in CATEGORY_BY_CODE]


def _due(own_date: date | None, deadline: str | None, text: str) -> date | None:
    seconds = duration_seconds(deadline)
    if own_date is None or seconds is None or not _FROM_OWN_DATE.search(text):
        return None
    return own_date + timedelta(seconds=seconds)


def link_targets(targets: list[FederalTarget], cells: dict[tuple[str, str], list[str]]) -> None:
    """Fill each target's ``linked``: the (state, category) duties it names or describes.

    ``cells`` maps (state, category) → the bills holding the duty. A target that
    describes no kind of duty reaches every duty of the states it targets.
    """
    for target in targets:
        categories = {c for d in target.describes for c in d["categories"]}
        categories -= set(target.carve_outs)
        target.linked = [
            {
                "jurisdiction": state,
                "category": category,
                "category_label": CATEGORY_BY_CODE[category].label,
                "bills": bills,
            }
            for (state, category), bills in sorted(cells.items())
            if (not target.states or state in target.states)
            and (not target.describes or category in categories)
            and category not in target.carve_outs
        ]


def stated_aims(bill_ids: set[int]) -> list[dict]:
    """What each federal text says its standard should be (looser: "minimally burdensome")."""
    aims = []
    for bill_id, identifier, text in _latest_texts(bill_ids):
        for cue, aim in AIM_CUES:
            match = cue.search(text)
            if match:
                aims.append(
                    {"bill_id": bill_id, "bill": identifier, "aim": aim, "matched": match.group(0)}
                )
                break
    return aims


def _latest_texts(bill_ids: set[int]) -> list[tuple[int, str, str]]:
    latest: dict[int, tuple[int, str, str]] = {}
    rows = (
        BillVersion.objects.filter(bill_id__in=bill_ids)
        .exclude(text="")
        .order_by("bill_id", "order", "date", "id")
        .values_list("bill_id", "bill__identifier", "text")
    )
    for bill_id, identifier, text in rows:
        latest[bill_id] = (bill_id, identifier, text)
    return sorted(latest.values())


def compare_standard(
    category: str, program: list[ProgramChoice], federal_duties: list[dict]
) -> StandardComparison:
    """Federal duties of one category against the one program, attribute by attribute."""
    attributes = []
    for choice in program:
        if choice.name not in REQUIREMENT_ATTRIBUTES or choice.unordered:
            continue
        values = [
            d["attributes"][choice.name] for d in federal_duties if d["attributes"].get(choice.name)
        ]
        if not values:
            continue
        federal = strictest_value(choice.name, values)
        attributes.append(
            {
                "name": choice.name,
                "program": choice.value_label,
                "federal": format_attribute(choice.name, federal),
                "verdict": _verdict(choice.name, federal, choice.value),
            }
        )
    verdicts = {a["verdict"] for a in attributes}
    if not federal_duties:
        verdict = "no federal duty"
    elif not verdicts:
        verdict = "same"  # both impose the duty, neither states a value to compare
    else:
        verdict = verdicts.pop() if len(verdicts) == 1 else "mixed"
    return StandardComparison(
        category,
        CATEGORY_BY_CODE[category].label,
        verdict,
        attributes,
        [_duty_ref(d) for d in federal_duties],
    )


def _verdict(name: str, federal, program) -> str:
    mine, theirs = strictness_key(name, federal), strictness_key(name, program)
    if mine is None or theirs is None or mine == theirs:
        return "same"
    lower_is_stricter = stricter_side(name) == "lower"
    return "stricter" if (mine < theirs) == lower_is_stricter else "looser"


def _duty_ref(duty: dict) -> dict:
    return {
        "obligation_id": duty["obligation_id"],
        "bill": duty["bill"],
        "section": duty["section"],
        "legal_state": duty["legal_state"],
        "legal_state_label": LEGAL_STATE_LABELS.get(duty["legal_state"], duty["legal_state"]),
        "labels": duty["labels"],
    }


_DEFERENCE = _rx(
    r"\bfederal\b[^.;]{0,80}\bstandard\b[^.]{0,200}\b(deemed to comply|deemed in compliance)\b"
)


def deference(duties_by_state: dict[str, list[dict]]) -> list[dict]:
    """State duties that accept an equivalent or stricter federal standard in their place."""
    found = []
    for state, duties in sorted(duties_by_state.items()):
        for duty in duties:
            match = _DEFERENCE.search(duty["text"])
            if match:
                found.append(
                    {"jurisdiction": state, "category": duty["category"],
                     "category_label": CATEGORY_BY_CODE[duty["category"]].label,
                     **_duty_ref(duty), "matched": match.group(0)}
                )  # fmt: skip
    return found
