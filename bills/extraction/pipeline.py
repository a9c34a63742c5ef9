"""Put the pieces together: structure → units → findings → obligations with attributes.

Conventions implemented here (from the hand-labelled gold): text before the
enacting clause (a digest) and sections of findings, purpose or definitions
are skipped; a list under a duty is part of that duty, except when the lead
sentence only says "shall do all of the following:" (then each run of items
with the same category is its own obligation) or when the items set
different penalty amounts; a history note's effective date ("eff. January
1, 2026") applies to its section; consecutive sentences of one paragraph with
the same category and actor are one obligation.
"""

from __future__ import annotations

import re

from . import attributes as attrs
from . import rules
from .actors import ActorFinder
from .amendments import AI_TOPIC_RE, host_sections
from .calibration import CALIBRATED
from .casing import fold_capitals
from .classify import _EMPTY_LEAD_RE, Classifier, Finding, modal_clauses
from .definitions import Term, read_definitions
from .model import ExtractedObligation
from .recipients import overseer, parse_recipient
from .relevance import Scope
from .sentences import Unit, children, iter_units
from .structure import NOTE, Block, Section, parse_structure

# A heading that *is* one of these (not one that mentions "policy" among duties).
_SKIP_HEADING_RE = re.compile(
    r"^\s*(?:legislative |statement of )?(?:purposes?|findings|intent|short title|definitions?|policy"
    r"|declarations?)\b(?:\s*(?:and|;|,)\s*(?:purposes?|findings|intent|definitions?|policy|declarations?))*"
    r"\s*\.?\s*$",
    re.IGNORECASE,
)
_SKIP_OPENING_RE = re.compile(
    r"finds and declares|legislative findings|findings and (?:declarations|intent)|"
    r"^\s*(?:as used in|for (?:the )?purposes of|in) this (?:act|article|chapter|section|part|subchapter|title)"
    r"[^.]{0,30}:|^\s*unless the context clearly (?:indicates|requires) otherwise, the definitions",
    re.IGNORECASE,
)
_ENFORCEMENT = frozenset(
    {"enforcement_authority", "private_right_of_action", "civil_penalty", "cure_period",
     "affirmative_defense", "preemption", "agency_directive"}
)  # fmt: skip


# Findings below this calibrated confidence (the share of such findings that were right on
# the dev gold, see bills/extraction/calibration.py) are marked for an editor's review.
REVIEW_THRESHOLD = 0.75


class _Document:
    def __init__(self, text: str, ai_only: bool = True) -> None:
        self.text = text
        self.structure = parse_structure(text)
        self.terms: dict[str, Term] = read_definitions(text)
        self.classifier = Classifier(ActorFinder({n: t.actor for n, t in self.terms.items()}))
        self.skipped = {s.start for s in self.structure.sections if self._skip_section(s)}
        self.hosts = host_sections(text, self.structure.sections)
        self.effective = self._effective_dates()
        self.act_effective = attrs.act_effective_date(text[self.structure.operative_start :])
        self.order_date = attrs.order_date(text)
        self.history: list[tuple[Block, ExtractedObligation]] = []
        self.scope = Scope(text, self.structure, self.terms, ai_only)
        self.relevance = ""
        self._subjects: dict[int, tuple[str, str] | None] = {}

    def _skip_section(self, section: Section) -> bool:
        if section.heading and _SKIP_HEADING_RE.search(section.heading):
            return True
        opening = self.text[section.start : min(section.end, section.start + 300)]
        return bool(
            _SKIP_OPENING_RE.search(opening.split("\n", 2)[-1] if "\n" in opening else opening)
        )

    def _effective_dates(self) -> dict[int, str]:
        found: dict[int, str] = {}
        for block in self.structure.blocks:
            if block.kind == NOTE and block.section and block.section.start not in found:
                date = attrs.parse_effective_date(self.text[block.start : block.end])
                if date:
                    found[block.section.start] = date
        return found

    def run(self) -> list[ExtractedObligation]:
        result: list[ExtractedObligation] = []
        if not self.scope.document.counts:
            return result  # not a text about AI: none of its duties are the tracker's
        for unit in iter_units(self.text, self.structure.blocks, self.structure.operative_start):
            decision = self.scope.decide(unit.block)
            if not decision.counts:
                continue
            self.relevance = decision.reason
            section = unit.block.section
            if section is not None and section.start in self.skipped:
                continue
            if (
                section is not None
                and section.start in self.hosts
                and not AI_TOPIC_RE.search(self.text, unit.start, unit.end)
            ):
                continue  # reprinted host law that does not speak of AI
            for obligation in self._unit(unit):
                if _mergeable(result, obligation, unit.block, self.history):
                    continue
                result.append(obligation)
                self.history.append((unit.block, obligation))
        return result

    def _unit(self, unit: Unit) -> list[ExtractedObligation]:
        found = self._unit_findings(unit)
        lead = self.text[unit.start : unit.lead_end]
        modal = rules.MODAL_WORD_RE.search(lead)
        scope = _MINOR_SCOPE_RE.search(lead, 0, modal.start() if modal else len(lead))
        if scope:  # "For a user the operator knows is a minor, an operator shall ...": minors only
            for obligation in found:
                if obligation.category not in _ENFORCEMENT:
                    obligation.category = "minor_protection"
                    obligation.rule_id = "minors.duty_scoped_to_minors"
        return found

    def _unit_findings(self, unit: Unit) -> list[ExtractedObligation]:
        text = self.text
        lead = text[unit.start : unit.lead_end]
        full = text[unit.start : unit.end]
        if unit.has_list and _empty_lead(lead):
            return self._split_items(unit, lead)
        if unit.has_list and _verb_lead(lead):
            split = self._split_items(unit, lead)
            if len({o.category for o in split}) > 1:  # items of different kinds: each is a duty
                return split
        findings = self.classifier.classify(lead, full, unit.has_list)
        categories = [f.category for f in findings]
        if unit.has_list and categories == ["civil_penalty"]:
            split = self._split_penalties(unit, findings[0])
            if split:
                return split
        if (
            unit.has_list
            and categories in (["enforcement_authority"], ["private_right_of_action"])
            and rules.matches("civil_penalty", full, full.lower())
        ):
            penalty = Finding(
                "civil_penalty",
                [("attorney_general", "")],
                full,
                0.8,
                rule_id="enforcement.civil_penalty",
                trigger=rules.trigger("civil_penalty", full, full.lower()),
            )
            split = self._split_penalties(unit, penalty)
            return self._obligations(findings, unit.block, unit.start, unit.end) + split
        return self._obligations(findings, unit.block, unit.start, unit.end)

    def _split_items(self, unit: Unit, lead: str) -> list[ExtractedObligation]:
        """Runs of items with the same findings; an item with a deadline of its own other
        than its run's ("(ii) within 150 days ...; (iii) within 540 days ...") starts a run."""
        runs: list[tuple[int, int, list[Finding], str | None]] = []
        passive = _passive_lead(lead)  # "the following actions shall be taken:": items stand alone
        for item, item_end in children(unit):
            body = self.text[item.start : item_end]
            text = body if passive else lead + " " + body
            findings = self.classifier.classify(text, text, False)
            signature = [(f.category, f.actors) for f in findings]
            timed = findings and _TIME_UNIT_RE.search(
                body
            )  # parse_deadline costs; most items have none
            deadline = attrs.parse_deadline(body) if timed else None
            if runs and (
                not findings
                or (
                    [(f.category, f.actors) for f in runs[-1][2]] == signature
                    and not (deadline and runs[-1][3] and deadline != runs[-1][3])
                )
            ):
                runs[-1] = (runs[-1][0], item_end, runs[-1][2], runs[-1][3] or deadline)
            else:
                runs.append((item.start if runs else unit.start, item_end, findings, deadline))
        result: list[ExtractedObligation] = []
        for start, end, findings, _ in runs:
            result.extend(self._obligations(findings, unit.block, start, end))
        return result

    def _split_penalties(self, unit: Unit, finding: Finding) -> list[ExtractedObligation]:
        priced = [
            (item, end)
            for item, end in children(unit)
            if attrs.money_amounts(self.text[item.start : end])
        ]
        if len(priced) < 2:  # one priced item: the unit states one penalty
            return self._obligations([finding], unit.block, unit.start, unit.end) if priced else []
        result: list[ExtractedObligation] = []
        for number, (item, end) in enumerate(priced):
            start = unit.start if number == 0 else item.start
            result.extend(self._obligations([finding], unit.block, start, end))
        return result

    def _obligations(
        self, findings: list[Finding], block: Block, start: int, end: int
    ) -> list[ExtractedObligation]:
        result: list[ExtractedObligation] = []
        seen: set[tuple[str, str]] = set()
        for finding in findings:
            if finding.inherit and not self._inherit(finding, block):
                continue
            for actor, actor_text in finding.actors:
                if (finding.category, actor) in seen:
                    continue
                seen.add((finding.category, actor))
                result.append(self._build(finding, actor, actor_text, block, start, end))
        return result

    def _inherit(self, finding: Finding, block: Block) -> bool:
        source = self._referenced(finding.reference, block)
        if source is None and finding.extra.get("renewal"):
            source = self._last_filing(block)
        if source is None and finding.inherit == "actor" and block.section is not None:
            subject = self._section_subject(block.section)
            if subject is None:
                return False
            finding.actors = [subject]  # a passive duty takes the section's subject
            finding.confidence = min(finding.confidence, 0.6)
            _public_directive(finding)
            return True
        if source is None:
            return False
        if finding.inherit in ("both", "category") or not finding.category:
            finding.category = source.category
        if finding.inherit in ("both", "actor") or not finding.actors:
            finding.actors = [(source.actor, source.actor_text)]
        finding.confidence = min(finding.confidence, 0.6)
        _public_directive(finding)
        return bool(finding.category)

    def _section_subject(self, section: Section) -> tuple[str, str] | None:
        """Who the section is about: the actor of its first sentence that names one."""
        if section.start not in self._subjects:
            opening = self.text[section.start : min(section.end, section.start + 600)]
            found = None
            for sentence in re.split(r"(?<=[.;:])\s+", opening)[:4]:
                found = self.classifier.finder.mention(sentence.split(" shall ")[0][:200], sentence)
                if found and found[0] not in ("other", "generic"):
                    break
                found = None
            self._subjects[section.start] = found
        return self._subjects[section.start]

    def _referenced(self, label: str | None, block: Block) -> ExtractedObligation | None:
        for earlier_block, obligation in reversed(self.history[-40:]):
            if earlier_block.section is not block.section:
                break
            if label and label != "this" and earlier_block.path[:1] != (label,):
                continue
            if label in (None, "this") and earlier_block.path[:1] != block.path[:1]:
                continue
            return obligation
        return None

    def _last_filing(self, block: Block) -> ExtractedObligation | None:
        """ "It shall be renewed every two years": the filing duty it renews, in this section."""
        for earlier_block, obligation in reversed(self.history[-40:]):
            if earlier_block.section is not block.section:
                break
            if obligation.category in rules.FILING_CATEGORIES:
                return obligation
        return None

    def _build(
        self, finding: Finding, actor: str, actor_text: str, block: Block, start: int, end: int
    ) -> ExtractedObligation:
        span = self.text[start:end]
        values = self._attributes(finding, actor_text, block, span)
        trigger = self.text.find(finding.trigger, start, end) if finding.trigger else -1
        return ExtractedObligation(
            category=finding.category,
            actor=actor,
            actor_text=actor_text.strip(),
            section=block.citation(),
            start=start,
            end=end,
            text=span,
            attributes=values,
            confidence=round(finding.confidence, 2),
            rule_id=finding.rule_id or f"other.{finding.category}",
            trigger_start=trigger if trigger >= 0 else None,
            trigger_end=trigger + len(finding.trigger) if trigger >= 0 else None,
            relevance=self.relevance,
        )

    def _attributes(self, finding: Finding, actor_text: str, block: Block, span: str) -> dict:
        values: dict[str, object] = {}
        for name, parse in (
            ("deadline", attrs.parse_deadline),
            ("frequency", attrs.parse_frequency),
            ("retention", attrs.parse_retention),
        ):
            value = parse(span)
            if value:
                values[name] = value
        if finding.category == "civil_penalty":
            values.update(attrs.parse_penalties(span))
        due = attrs.parse_due_date(span)
        if due:
            values["due_date"] = due
        employees = attrs.parse_employee_threshold(span)
        if employees:
            values["employee_threshold"] = employees
        term = self.terms.get(actor_text.strip().lower().removeprefix("a ").removeprefix("the "))
        if term is None:
            term = self._term_in(actor_text)
        if term is not None and finding.category not in _ENFORCEMENT:
            values.update(term.thresholds)
        if finding.category in rules.REPORT_RECIPIENT_CATEGORIES:
            recipient = (
                finding.extra.get("recipient")
                or parse_recipient(finding.clause)
                or overseer(finding.clause)
            )
            if recipient:
                values["recipient"] = recipient
        note = (
            self.effective.get(block.section.start)
            if block.section and block.section.start not in self.hosts
            else None
        )
        signed = self.order_date if attrs.FROM_THE_ORDER_RE.search(span) else None
        date = attrs.parse_effective_date(span) or signed or note or self.act_effective
        if date:
            values["effective_date"] = date
        if finding.negated:
            values["negated"] = True
        return values

    def _term_in(self, actor_text: str) -> Term | None:
        lowered = actor_text.lower()
        best: Term | None = None
        for name, term in self.terms.items():
            if term.actor and name in lowered and (best is None or len(name) > len(best.name)):
                best = term
        return best


def _public_directive(finding: Finding) -> None:
    """A public body's inherited duty is a directive (its own AI use and chatbots excepted)."""
    if (
        finding.actors
        and finding.actors[0][0] in ("government_agency", "attorney_general")
        and finding.category not in _ENFORCEMENT | {"government_use", "ai_interaction_disclosure"}
    ):
        finding.category = "agency_directive"


_VERB_LEAD_RE = re.compile(
    r"^\s*(?:\w+ly\s+)?(?:provide|give|offer|make available|disclose|deliver|send)\b[^.;:]{0,60}"
    r"\bto (?:the|each|a|an|any) [\w ]{1,30}:\s*$",
    re.IGNORECASE,
)


def _verb_lead(lead: str) -> bool:
    """ "shall, if the decision is adverse, provide to the consumer:" — the items are the duties."""
    clauses = modal_clauses(lead)
    return len(clauses) == 1 and bool(_VERB_LEAD_RE.match(clauses[0][2].split(",")[-1]))


_MINOR_SCOPE_RE = re.compile(
    r"\b(?:for|to|with|if|when) (?:a |an |any |the )?(?:user|account holder|person|individual)s?\b[^.;]{0,40}"
    r"\b(?:is|are|may be) (?:a )?minors?\b|\bknows?\b[^.;]{0,30}\bis a minor\b"
    r"|\b(?:for|to) (?:a |any )?minors?\b",
    re.IGNORECASE,
)


_TIME_UNIT_RE = re.compile(r"hour|day|week|month|year", re.IGNORECASE)
_APPLY_LEAD_RE = re.compile(r"^\s*apply\s*[:—-]?\s*$")
# "the following actions shall be taken within 180 days of the date of this order:"
_TAKEN_LEAD_RE = re.compile(
    r"^\s*be\s+(?:taken|carried out|undertaken|performed)\b[^.;:]{0,120}[:—-]\s*$"
)
_FOLLOWING_RE = re.compile(r"\bthe following(?:\s+\w+){0,2}\s*$", re.IGNORECASE)


def _empty_lead(lead: str) -> bool:
    """ "shall do all of the following:" or "the following shall apply:": the items say it all."""
    clauses = modal_clauses(lead)
    if len(clauses) != 1:
        return False
    _, before, after = clauses[0]
    return bool(
        _EMPTY_LEAD_RE.match(after)
        or (_APPLY_LEAD_RE.match(after) and before.rstrip().endswith("following"))
        or (_TAKEN_LEAD_RE.match(after) and _FOLLOWING_RE.search(before))
    )


def _passive_lead(lead: str) -> bool:
    """ "the following actions shall be taken:": no one is named; each item names its own actor."""
    if "following" not in lead.lower():
        return False
    clauses = modal_clauses(lead)
    if len(clauses) != 1:
        return False
    _, before, after = clauses[0]
    return bool(_TAKEN_LEAD_RE.match(after) and _FOLLOWING_RE.search(before))


def _mergeable(
    result: list[ExtractedObligation],
    obligation: ExtractedObligation,
    block: Block,
    history: list[tuple[Block, ExtractedObligation]],
) -> bool:
    """Fold a sentence into the previous obligation of the same paragraph, category and actor."""
    if not history or history[-1][0] is not block:
        return False
    previous = history[-1][1]
    if (previous.category, previous.actor) != (obligation.category, obligation.actor):
        return False
    if obligation.start < previous.end:
        return obligation.start == previous.start
    shared = previous.attributes.keys() & obligation.attributes.keys()
    if any(previous.attributes[key] != obligation.attributes[key] for key in shared):
        return False
    previous.end = obligation.end
    for key, value in obligation.attributes.items():
        previous.attributes.setdefault(key, value)
    return True


def extract_obligations(
    text: str, ai_only: bool = True, calibrated: bool = True
) -> list[ExtractedObligation]:
    """All obligations about AI stated in ``text`` (see the package docstring)."""
    obligations = _Document(fold_capitals(text), ai_only).run()
    for obligation in obligations:
        obligation.text = text[obligation.start : obligation.end]
        if calibrated:
            family = obligation.rule_id.split(".", 1)[0]
            obligation.confidence = CALIBRATED.get(family, obligation.confidence)
        obligation.needs_review = obligation.confidence < REVIEW_THRESHOLD
    return obligations
