"""What stays state-specific: reports to each state's own office, state-only filings, conflicts.

Each rule is a row with an id and a pattern, and every finding keeps the id
and the words that matched, so anyone can answer "why is this state-specific?"
(the shape of ``scrapers/relevance.py``'s term table).

- **Own office**: a report or notice to a state authority. The program can
  unify its content and deadline, but each state's office still gets its own.
- **State-only filing**: a form, registration, statement on file or fee that
  exists in one state's law only.
- **Conflict**: a duty in one state that another state forbids: the same
  category required in one and denied (``negated``) in another, or a
  prohibition whose forbidden act is the duty another state imposes. Words
  like "unless" or "without" before the act make it a condition, not a ban.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Categories whose duty is a submission to an authority.
REPORT_CATEGORIES = frozenset({"incident_reporting", "government_reporting"})
_AUTHORITY = re.compile(
    r"\b(office|agency|attorney general|department|division|secretary|commission|commissioner|"
    r"legislature|governor|board|bureau|authority)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cue:
    id: str
    pattern: re.Pattern[str]
    what: str


def _cue(rule_id: str, pattern: str, what: str) -> Cue:
    return Cue(rule_id, re.compile(pattern, re.IGNORECASE), what)


STATE_FILING_CUES: tuple[Cue, ...] = (
    _cue(
        "form-prescribed",
        r"\b(on|in|using) (a|the) form (prescribed|provided|adopted|developed|approved)\b"
        r"|\bin (the|a) (form|format|manner) (prescribed|specified|determined|required|set)\b",
        "a form of this state's own",
    ),
    _cue("on-file", r"\bon file with\b", "a statement on file with this state"),
    _cue("registration", r"\bregist(er|ers|ration)\b[^.;]{0,40}\bwith\b", "a registration"),
    _cue(
        "fee",
        r"\b(pa(y|id|ying)|payment of)\b[^.;]{0,60}\b(fee|assessment|assessed share)\b",
        "a fee to this state",
    ),
)

_NEGATION = re.compile(
    r"\b(shall not|may not|must not|is prohibited from|are prohibited from|no [\w ]{1,40}? (shall|may))\b",
    re.IGNORECASE,
)
_CONDITION = re.compile(r"\b(unless|without|except|other than|until)\b", re.IGNORECASE)
# A forbidden act → the duty categories it would forbid.
FORBIDDEN_ACTS: tuple[tuple[Cue, tuple[str, ...]], ...] = (
    (
        _cue("forbid-disclose", r"\b(disclose|publish|make public|release)\b", "disclosing"),
        ("public_disclosure", "training_data_disclosure", "documentation_to_deployers"),
    ),
    (
        _cue("forbid-retain", r"\b(retain|keep|store|preserve)\b", "keeping records"),
        ("record_retention",),
    ),
    (
        _cue("forbid-report", r"\b(report|notify|submit)\b", "reporting"),
        ("incident_reporting", "government_reporting"),
    ),
    (
        _cue("forbid-label", r"\b(label|watermark|embed)\b", "labelling content"),
        ("content_provenance",),
    ),
    (
        _cue("forbid-collect", r"\b(collect|process|use) [^.;]{0,30}\bdata\b", "collecting data"),
        ("impact_assessment", "testing_evaluation"),
    ),
)


@dataclass
class Specific:
    kind: str  # own_office | state_filing | conflict
    jurisdiction: str
    category: str
    what: str
    rule: str
    matched: str
    obligation_id: int
    bill: str
    section: str


def own_office(category: str, jurisdiction: str, duty: dict) -> Specific | None:
    """A duty that goes to this state's own authority (its recipient, or a report category)."""
    recipient = str(duty["attributes"].get("recipient") or "")
    named = _AUTHORITY.search(recipient)
    if not named and category not in REPORT_CATEGORIES:
        return None
    where = recipient or "this state's authority"
    return Specific(
        "own_office",
        jurisdiction,
        category,
        f"to {where} ({jurisdiction})",
        "recipient-authority" if named else "report-category",
        named.group(0) if named else category,
        duty["obligation_id"],
        duty["bill"],
        duty["section"],
    )


# Every filing cue holds one of these words: texts without any skip the slower patterns.
_FILING_WORDS = re.compile(r"\b(form|format|manner|file|regist\w*|fee|assess\w*)\b", re.IGNORECASE)


def state_filings(category: str, jurisdiction: str, duty: dict) -> list[Specific]:
    if not _FILING_WORDS.search(duty["text"]):
        return []
    found = []
    for cue in STATE_FILING_CUES:
        match = cue.pattern.search(duty["text"])
        if match:
            found.append(
                Specific(
                    "state_filing",
                    jurisdiction,
                    category,
                    cue.what,
                    cue.id,
                    match.group(0),
                    duty["obligation_id"],
                    duty["bill"],
                    duty["section"],
                )
            )
    return found


def forbidden_categories(text: str) -> list[tuple[str, Cue, str]]:
    """(category, rule, matched words) for each duty category a prohibition in ``text`` forbids."""
    found = []
    for clause in re.split(r"[.;]\s", text):
        negation = _NEGATION.search(clause)
        if not negation:
            continue
        rest = clause[negation.end() :]
        for cue, categories in FORBIDDEN_ACTS:
            act = cue.pattern.search(rest)
            if act and not _CONDITION.search(rest[: act.start()]):
                words = f"{negation.group(0)} … {act.group(0)}"
                found.extend((category, cue, words) for category in categories)
    return found


@dataclass
class Conflict:
    category: str
    requiring: list[dict]  # {jurisdiction, obligation_id, bill, section}
    forbidding: list[dict]  # the same, with "rule" and "matched"
    why: str


def find_conflicts(
    required: dict[str, dict[str, list[dict]]], all_duties: dict[str, list[dict]]
) -> list[Conflict]:
    """Conflicts between states: ``required`` is category → state → duties; ``all_duties`` state → duties."""
    forbidden: dict[str, list[dict]] = {}
    for state, duties in all_duties.items():
        for duty in duties:
            if duty["attributes"].get("negated") is True:
                forbidden.setdefault(duty["category"], []).append(
                    _ref(state, duty, "negated", "the text denies this duty")
                )
            if duty["category"] != "prohibited_practice":
                continue
            for category, cue, words in forbidden_categories(duty["text"]):
                forbidden.setdefault(category, []).append(_ref(state, duty, cue.id, words))
    conflicts = []
    for category, by_state in required.items():
        against = forbidden.get(category, [])
        requiring = [
            _ref(state, duty)
            for state, duties in sorted(by_state.items())
            for duty in duties
            if duty["attributes"].get("negated") is not True
        ]
        forbidding_states = {f["jurisdiction"] for f in against}
        requiring = [r for r in requiring if forbidding_states - {r["jurisdiction"]}]
        if not requiring:
            continue
        against = [
            f for f in against if {r["jurisdiction"] for r in requiring} - {f["jurisdiction"]}
        ]
        conflicts.append(
            Conflict(
                category,
                requiring,
                against,
                f"required in {_states(requiring)}, forbidden in {_states(against)}",
            )
        )
    return conflicts


def _ref(state: str, duty: dict, rule: str = "", matched: str = "") -> dict:
    ref = {
        "jurisdiction": state,
        "obligation_id": duty["obligation_id"],
        "bill": duty["bill"],
        "section": duty["section"],
    }
    if rule:
        ref |= {"rule": rule, "matched": matched}
    return ref


def _states(refs: list[dict]) -> str:
    return ", ".join(sorted({r["jurisdiction"] for r in refs}))
