"""Decide whether a unit states obligations, and which: category, actors, the clause.

A unit states an obligation when it has an enforcement provision (see
``rules``) or a duty modal: "shall", "must", "shall not", "may not", "is
prohibited from". A bare "may" is a permission and is skipped unless it is
an enforcement power ("the attorney general may bring an action") or a
request power ("may request from the person", which obliges the person).

Each modal is read with its own subject, so "shall describe ... and shall
retain ... for five years" gives a disclosure duty and a retention duty. The
duty's category is the first topic rule that matches its clause; failing
that, a public body's duty is an ``agency_directive``, a private actor's
prohibition a ``prohibited_practice``. A clause whose subject is not an
actor ("A disclosure under Subsection (b) must be clear") inherits from the
obligation it refers to; the caller resolves that (``Finding.inherit``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from . import rules
from .actors import GENERIC, ActorFinder, actors_from_verbs
from .recipients import parse_recipient

_MODAL_RE = re.compile(
    r"\b(?:(?P<shall>shall|must)(?P<neg1>\s+not)?|(?P<may>may)(?P<neg2>\s+not)?"
    r"|(?:is|are)\s+(?P<prohibited>prohibited)\s+from)\b"
)
_NO_SUBJECT_RE = re.compile(r"\b(?:no|neither)\s+[\w ]{1,40}$", re.IGNORECASE)
_REQUIRE_RE = re.compile(
    r"\brequire\w*\s+(the|an?|each|any)\s+([\w ]{1,40}?)\s+to\b", re.IGNORECASE
)
_REFERENCE_RE = re.compile(
    r"\b(?:under|by|in|of|pursuant to)\s+(?:(?:Subsection|subdivision)\s+\((?P<sub>[a-z]{1,3})\)"
    r"|this (?P<this>subdivision|subsection|paragraph))",
    re.IGNORECASE,
)
_ASIDE_RE = re.compile(r"^\s*,[^,]{0,80},")
# "shall, in implementing Public Law 117-167, known as the CHIPS Act, promote": the rest of an
# aside that names a law ("known as ...") is no inert verb of the duty.
_APPOSITIVE_RE = re.compile(r"^\s*(?:also\s+)?(?:known|referred to) as\b[^,;.]{0,120},")
_PASSIVE_RE = re.compile(r"\s*be\s+\w+(?:ed|en|wn|ne)\b")
# "shall do all of the following:", "shall ensure all of the following when considering
# applicants:", "shall comply with the following standards related to X:": the items say it all.
_EMPTY_LEAD_RE = re.compile(
    r"^\s*(?:not\s+)?(?:(?:do|ensure|comply with|meet|satisfy|observe|follow|take)\s+)?"
    r"(?:(?:(?:all|each|any|both|either|one) of )?the following\b[^.;:]{0,200})?[:—-]?\s*$",
    re.IGNORECASE,
)
_GOVERNMENT = frozenset({"government_agency", "attorney_general"})


@dataclass
class Finding:
    """One obligation found in a unit, before offsets and attributes are attached."""

    category: str
    actors: list[tuple[str, str]]
    clause: str
    confidence: float
    negated: bool = False
    inherit: str | None = None  # "category" or "both": fill from the referenced obligation
    reference: str | None = None  # the subdivision label referred to ("b"), or "this"
    extra: dict[str, object] = field(default_factory=dict)
    rule_id: str = ""
    trigger: str = ""  # the words that fired the rule, as they stand in the text


def _enforcement(text: str, actor: str | None) -> Finding | None:
    """An enforcement provision stated in ``text`` (no modal needed)."""
    lowered = text.lower()
    private = rules.trigger("private_right_of_action", text, lowered)
    negated = bool(private) and bool(rules.NEGATED_ACTION_RE.search(text))
    if private and (actor not in _GOVERNMENT or negated):
        return Finding("private_right_of_action", [("other", "")], text, 0.85, negated=negated,
                       rule_id="enforcement.private_right_of_action", trigger=private)  # fmt: skip
    for category in rules.ENFORCEMENT_ORDER:
        found = rules.trigger(category, text, lowered)
        if found:
            owner = "government_agency" if category == "preemption" else "attorney_general"
            negated = category == "affirmative_defense" and bool(
                rules.NOT_A_DEFENSE_RE.search(text)
            )
            return Finding(category, [(owner, "")], text, 0.85, negated=negated,
                           rule_id=f"enforcement.{category}", trigger=found)  # fmt: skip
    if private:
        return Finding("enforcement_authority", [("attorney_general", "")], text, 0.8,
                       rule_id="enforcement.private_suit_by_official", trigger=private)  # fmt: skip
    return None


# "the Secretary, in consultation with the agencies as the Secretary may deem appropriate, shall":
# a "may" inside an "as ... may deem" aside qualifies the subject; it is no modal of the sentence.
_ASIDE_MAY_RE = re.compile(r"\bas\s+[^,;:.()]{1,80}?\s+may\Z", re.IGNORECASE)


def _iter_modals(text: str) -> Iterator[re.Match[str]]:
    """The modals of ``text``, leaving out a "may" inside an "as ... may deem" aside."""
    for match in _MODAL_RE.finditer(text):
        if not (
            match.group("may")
            and not match.group("neg2")
            and _ASIDE_MAY_RE.search(text[max(0, match.start() - 100) : match.end()])
        ):
            yield match


def _modals(text: str) -> list[re.Match[str]]:
    return list(_iter_modals(text))


def _duty_modal(text: str) -> re.Match[str] | None:
    """The first modal of ``text`` that can state a duty (a bare "may" states none)."""
    return next((m for m in _iter_modals(text) if not m.group("may") or m.group("neg2")), None)


def modal_clauses(text: str) -> list[tuple[re.Match[str], str, str]]:
    """(modal match, text before it in its clause, the clause after it) for each modal."""
    matches = _modals(text)
    result = []
    for number, match in enumerate(matches):
        begin = matches[number - 1].end() if number else 0
        end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
        result.append((match, text[begin : match.start()], text[match.end() : end]))
    return result


class Classifier:
    """Classifies units of one document (it knows the document's defined actors)."""

    def __init__(self, finder: ActorFinder) -> None:
        self.finder = finder
        self._lead_cache: dict[tuple[str, bool, bool], Topic | None] = {}
        self._unit: tuple[str, str] = ("", "")

    def classify(self, lead: str, full: str, has_list: bool) -> list[Finding]:
        """Findings for a unit whose lead sentence is ``lead`` and whole text ``full``."""
        self._unit = (full if has_list else lead, lead)
        if rules.skip_sentence(lead) and not _encouraged_beside_duty(lead):
            return []
        if "deemed" in lead and rules.FORM_EQUIVALENCE_RE.search(lead):
            return []
        modal = next(_iter_modals(lead), None)
        subject = self.finder.subject(lead[: modal.start() if modal else len(lead)], lead)
        actor_code = subject[0] if subject else None
        if rules.REQUEST_RE.search(lead):
            return [self._request(lead, full, subject)]
        found = _enforcement(lead, actor_code)
        if has_list and rules.CURE_RE.search(full) and rules.DEFENSE_RE.search(lead):
            found = Finding(
                "cure_period",
                [("attorney_general", "")],
                full,
                0.8,
                rule_id="enforcement.cure_before_defense",
                trigger=rules.trigger("cure_period", full, full.lower()),
            )
        if found:
            return self._with_penalty(found, lead)
        crime = rules.CRIME_OF_RE.search(lead)
        offender = self.finder.subject(lead[: crime.start()], lead) if crime else None
        if offender and not _MODAL_RE.search(lead[: crime.start()]):
            return [Finding("prohibited_practice", self._actors(*offender, lead), lead, 0.75,
                            rule_id="prohibition.commits_the_crime", trigger=crime.group(0))]  # fmt: skip
        unlawful = rules.UNLAWFUL_FOR_RE.search(lead)
        if unlawful:
            actor = self.finder.mention(unlawful.group("actor"), lead)
            if not actor:
                return []
            found = Finding("prohibited_practice", self._actors(*actor, lead), lead, 0.8,
                            rule_id="prohibition.unlawful_for", trigger=unlawful.group(0))  # fmt: skip
            unless = _UNLESS_RE.search(lead, unlawful.end())
            conditions = (
                self._conditions(full[unless.end() :], actor, found.actors) if unless else []
            )
            return [found, *conditions]
        if rules.ESTABLISHED_RE.search(lead) and actor_code in _GOVERNMENT:
            return [
                Finding(
                    "agency_directive",
                    [subject],
                    lead,
                    0.75,
                    rule_id="directive.established_to",
                    trigger=rules.ESTABLISHED_RE.search(lead).group(0),
                )
            ]  # type: ignore[list-item]
        findings = self._duties(lead, full if has_list else lead, lead)
        if not findings and has_list:
            found = _enforcement(full, None)
            if found:
                return [found]
            if not _duty_modal(lead):  # "To reduce risks that may arise: (a) the Secretary shall"
                findings = self._duties(full, full, lead)
        return findings

    def _with_penalty(self, found: Finding, lead: str) -> list[Finding]:
        result = [found]
        lowered = lead.lower()
        if found.category == "private_right_of_action" and _PER_VIOLATION_RE.search(lead):
            # "may recover ... $1,000 per violation": statutory damages are the monetary exposure
            result.append(Finding("civil_penalty", [("other", "")], lead, 0.75,
                                  rule_id="enforcement.statutory_damages", trigger="per violation"))  # fmt: skip
        if found.category == "enforcement_authority" and "$" in lead and "penalt" in lowered:
            result.append(
                Finding(
                    "civil_penalty",
                    [("attorney_general", "")],
                    lead,
                    0.8,
                    rule_id="enforcement.civil_penalty",
                    trigger=rules.trigger("civil_penalty", lead, lowered) or "penalt",
                )
            )
        if found.category == "civil_penalty" and rules.matches(
            "enforcement_authority", lead, lowered
        ):
            result.insert(
                0,
                Finding(
                    "enforcement_authority",
                    [("attorney_general", "")],
                    lead,
                    0.8,
                    rule_id="enforcement.enforcement_authority",
                    trigger=rules.trigger("enforcement_authority", lead, lowered),
                ),
            )
        return result

    def _request(self, lead: str, full: str, subject: tuple[str, str] | None) -> Finding:
        asked = rules.REQUEST_RE.search(lead)
        named = self.finder.mention(asked.group("who"), lead) if asked.group("who") else None
        if named and named[0] not in ("other", GENERIC):
            actors = self._actors(*named, full)
        else:
            actors = [(code, "person") for code in actors_from_verbs(full)]
        finding = Finding(
            "government_reporting",
            actors,
            full,
            0.7,
            rule_id="reporting.on_request",
            trigger=rules.REQUEST_RE.search(lead).group(0),
        )
        if subject:
            finding.extra["recipient"] = subject[1].strip()
        return finding

    def _duties(self, text: str, topic_text: str, lead: str) -> list[Finding]:
        findings: list[Finding] = []
        previous: tuple[str, str] | None = None
        for number, (match, before, after) in enumerate(modal_clauses(text)):
            negative = bool(match.group("neg1") or match.group("neg2") or match.group("prohibited"))
            negative = negative or bool(_NO_SUBJECT_RE.search(before))
            negative = negative or bool(_ENSURE_NOT_RE.match(after))
            if match.group("may") and not negative:  # a permission; its subject carries on
                only = _ONLY_HUMAN_RE.match(before) if number == 0 else None
                if only:  # "Only a licensed physician may deny ...": no machine may
                    findings.append(Finding("human_oversight", [], after, 0.6, inherit="actor",
                                            rule_id="oversight.only_a_human_may",
                                            trigger=only.group(0).strip()))  # fmt: skip
                previous = self._subject(before, number, text)
                continue
            if negative and _NOT_REQUIRED_RE.match(after):
                continue  # "shall not be required to post": an exemption, not a duty
            bare = _APPOSITIVE_RE.sub("", _ASIDE_RE.sub("", after, count=1), count=1)
            if rules.INERT_RE.match(bare) and not _PASSIVE_DUTY.match(bare):
                continue
            if number > 0 and _RELATIVE_RE.search(before):
                continue  # "an appeal, which appeal must allow human review": part of the duty before
            if number > 0 and "that" in before and _REPORTED_RE.search(before):
                continue  # "issue guidance to make clear that employers must comply": its content
            joined = number > 0 and bool(_JOINED_RE.search(before))
            if joined and previous is None and _PASSIVE_RE.match(before):
                continue  # "shall be filed ... by the office and shall contain": no new subject
            subject = previous if joined and previous else self._subject(before, number, text)
            if subject is not None and rules.NON_ACTOR_RE.search(subject[1]):
                previous = None
                continue
            if subject is None and rules.PERMISSION_SUBJECT_RE.search(before[-60:]):
                continue
            if subject is None and _NO_SUBJECT_RE.search(before):
                subject = self.finder.mention(_NO_SUBJECT_RE.search(before).group(0)[3:], text)
            finding = self._duty(before, after, subject, negative, topic_text)
            if finding:
                findings.append(finding)
                findings.extend(finding.extra.pop("conditions", []))
                findings.extend(_second_report(finding, after))
            previous = subject
        return findings

    def _subject(self, before: str, number: int, text: str) -> tuple[str, str] | None:
        """The subject of the modal whose clause begins with ``before``.

        Looked for in the modal's own sentence first: an actor of the sentence before
        ("... best practices for employers. The principles shall include") is not it.
        """
        segment = before if number == 0 else before.split(",")[-1]
        own = _own_sentence(segment)
        if own is not segment:
            found = self.finder.subject(own, text)
            if found or _INSTRUMENT_SUBJECT_RE.match(own):
                return found
        return self.finder.subject(segment, text)

    def _duty(
        self, before: str, after: str, subject: tuple[str, str] | None, negative: bool, topic: str
    ) -> Finding | None:
        if subject is None:
            required = _REQUIRE_RE.search(after)
            if required:
                subject = self.finder.mention(required.group(2), after) or (
                    GENERIC,
                    required.group(2),
                )
        if (
            subject is None
            and _INSTRUMENT_SUBJECT_RE.match(_own_sentence(before))
            and _CONTENT_RE.match(after)
        ):
            # "The memorandum shall address ...": what the instrument just ordered must say
            return Finding("", [], after, 0.55, inherit="both", reference="this",
                           rule_id="inherit.instrument_content", trigger=after[:40])  # fmt: skip
        if (
            subject is None
            and rules.DOCUMENT_SUBJECT_RE.search(before)
            and rules.INCLUDE_RE.match(after)
        ):
            return None
        clause = after if after.strip(" :—-") else topic
        condition = _UNLESS_RE.search(clause) if negative else None
        if condition and any(regex.search(clause) for _, regex in rules.NEGATED_DUTY_RULES):
            condition = None  # "may not deploy without having filed": the filing is the duty
        main = clause[: condition.start()] if condition else clause
        found = self._topic(main, subject, negative)
        review = (
            _PROFESSIONAL_REVIEW_RE.match(main)
            if subject and subject[0] in _PROFESSIONALS
            else None
        )
        if review and (found is None or found[0] == "testing_evaluation"):
            found = ("human_oversight", "oversight.professional_review", review.group(0).strip())
        confidence = 0.8
        if (
            found is None
            and not condition
            and not _EMPTY_LEAD_RE.match(after)
            and topic is not clause
        ):
            found = self._lead_topic(topic, subject, negative)
            confidence = 0.7
        reference = _reference(before + " " + after) or _reference(topic[:200])
        ref_label = (reference.group("sub") or "this") if reference else None
        category, rule_id, trigger = found or ("", "", "")
        if subject is None:
            if category and category != "prohibited_practice":
                return Finding(category, [], after, 0.6, inherit="actor", reference=ref_label,
                               rule_id=rule_id, trigger=trigger)  # fmt: skip
            if reference or _PASSIVE_RE.match(after):
                found_ = Finding("", [], after, 0.55, inherit="both", reference=ref_label,
                                 rule_id="inherit.passive_or_reference", trigger=after[:40])  # fmt: skip
                found_.extra["renewal"] = bool(rules.RENEWAL_RE.match(after))
                return found_
            return None
        code, words = subject
        if not category:
            fallback = _fallback(code, negative, after)
            if fallback:
                category, rule_id, trigger, confidence = (
                    fallback,
                    f"fallback.{fallback}",
                    after[:60],
                    0.7,
                )
        if not category:
            if reference:
                return Finding("", self._actors(code, words, topic), after, 0.6, inherit="category",
                               reference=ref_label, rule_id="inherit.reference", trigger=after[:40])  # fmt: skip
            return None
        finding = Finding(category, self._actors(code, words, topic), after, confidence,
                          rule_id=rule_id, trigger=trigger.strip())  # fmt: skip
        if condition:
            text = clause[condition.end() :] + self._list_after(clause)
            finding.extra["conditions"] = self._conditions(text, subject, finding.actors)
        if code in _GOVERNMENT and _REQUIRE_START_RE.match(after):
            required = self._required_report(after) or self._required_report(topic)
            if required:
                finding.extra.setdefault("conditions", []).append(required)
        return finding

    def _required_report(self, clause: str) -> Finding | None:
        """ "The Secretary shall require: (i) companies developing X to provide the Government
        with reports": the required party's own duty to report, beside the directive."""
        found = _REQUIRED_PARTY_RE.search(clause, 0, _LEAD_WINDOW)
        party = self.finder.mention(found.group("who"), clause) if found else None
        if party is None or party[0] in (*_GOVERNMENT, "other", GENERIC):
            return None
        finding = Finding("government_reporting", [party], clause, 0.7,
                          rule_id="reporting.required_by_a_public_body", trigger=found.group(0)[-60:])  # fmt: skip
        recipient = parse_recipient(clause[found.end() - 20 : found.end() + 120])
        if recipient:
            finding.extra["recipient"] = recipient
        return finding

    def _list_after(self, clause: str) -> str:
        """The list under the unit's lead, when ``clause`` ends the lead (for "unless: (1) ...")."""
        full, lead = self._unit
        return (
            full[len(lead) :] if full is not lead and lead.rstrip().endswith(clause.strip()) else ""
        )

    def _conditions(
        self, text: str, subject: tuple[str, str], actors: list[tuple[str, str]]
    ) -> list[Finding]:
        """ "may not X unless Y": each Y the actor must meet to be allowed, as its own duty.

        A list of conditions ("unless: (1) a bias audit ...; (2) a summary ... is made
        publicly available") gives one duty per kind of condition.
        """
        result: list[Finding] = []
        for piece in _CONDITION_SPLIT_RE.split(text):
            found = _new_topic(piece, {f.category for f in result}) if piece.strip() else None
            if found is None:
                continue
            category, rule_id, trigger = found
            result.append(Finding(category, list(actors), piece, 0.75,
                                  rule_id=f"condition.{rule_id}", trigger=trigger.strip()))  # fmt: skip
        return result

    def _lead_topic(
        self, topic: str, subject: tuple[str, str] | None, negative: bool
    ) -> Topic | None:
        """The lead sentence's topic, computed once per unit however many modals it has."""
        key = (topic, (subject or ("",))[0] in _GOVERNMENT, negative)
        if key not in self._lead_cache:
            self._lead_cache.clear()
            self._lead_cache[key] = self._topic(topic[:_LEAD_WINDOW], subject, negative)
        return self._lead_cache[key]

    def _actors(self, code: str, words: str, topic: str) -> list[tuple[str, str]]:
        if code == GENERIC:
            return [(actor, words) for actor in actors_from_verbs(topic)]
        if " or " in words or " and " in words:  # "a deployer or other developer"
            codes = self.finder.codes_in(words)
            if len(codes) > 1:
                return [(each, words) for each in codes]
        return [(code, words)]

    def _topic(self, clause: str, subject: tuple[str, str] | None, negative: bool) -> Topic | None:
        """(category, rule id, trigger words) of the first rule that names ``clause``'s topic."""
        return topic_of(clause, bool(subject) and subject[0] in _GOVERNMENT, negative)


@lru_cache(maxsize=8192)
def topic_of(clause: str, public: bool, negative: bool) -> Topic | None:
    """(category, rule id, trigger words) of ``clause``; ``public``: its actor is a public body.

    Cached: laws repeat their clauses ("the health plan shall make a decision
    and notify the provider ..." in one section per kind of plan).
    """
    lowered = clause.lower()
    if negative:
        for category, regex in rules.NEGATED_DUTY_RULES:
            found = regex.search(clause)
            if found:
                return category, f"negated.{category}", found.group(0)
    if public:
        found = rules.GOVERNMENT_AI_USE_RE.match(clause) if negative else None
        if found:
            return "prohibited_practice", "government.no_ai_use", found.group(0)
        found = rules.GOVERNMENT_USE_RE.search(clause)
        if found:
            return "government_use", "government.use_or_procurement", found.group(0)
        for rule in rules.TOPIC_RULES:
            if rule.category in _PUBLIC_TOPICS:
                found = rule.search(clause, lowered)
                if found:
                    return rule.category, rule.id, found.group(0)
        return None
    for rule in rules.TOPIC_RULES:
        if negative and not rule.prohibitions:
            continue
        if rule.category == "government_reporting":
            recipient = _reports_to_government(_head(clause))
            if recipient:
                return rule.category, "reporting.to_public_body", recipient
        found = rule.search(clause, lowered)
        if found:
            return rule.category, rule.id, found.group(0)
    return None


def _new_topic(piece: str, taken: set[str]) -> Topic | None:
    """The first duty topic of a condition that is not already among ``taken``."""
    lowered = piece.lower()
    for rule in rules.TOPIC_RULES:
        if rule.category in taken or rule.category == "government_reporting":
            continue
        found = rule.search(piece, lowered)
        if found:
            return rule.category, rule.id, found.group(0)
    return None


# Topics a public body's duty can have besides a directive (an agency's own chatbot).
_PUBLIC_TOPICS = frozenset({"ai_interaction_disclosure"})
Topic = tuple[str, str, str]


def _reference(text: str) -> re.Match[str] | None:
    """ "under subsection (b)", "pursuant to this paragraph": what a clause refers back to."""
    lowered = text.lower()
    if "sub" not in lowered and "this" not in lowered:
        return None
    return _REFERENCE_RE.search(text)


# A licensed professional's own review or approval is the human oversight an AI law asks for.
_PROFESSIONALS = frozenset({"health_care_provider", "regulated_professional"})
_PROFESSIONAL_REVIEW_RE = re.compile(
    r"\s*(?:\w+ly\s+)?(?:review|evaluate|approve|oversee|supervise|verify|make)\b", re.IGNORECASE
)
_ONLY_HUMAN_RE = re.compile(
    r"\s*only\s+(?:an?\s+|the\s+)?(?:licensed|qualified|certified|human|natural person|individual)\b",
    re.IGNORECASE,
)
# "shall ensure all of the following: the system does not base its decision solely on ...":
# what the actor must ensure does not happen is forbidden to it.
_ENSURE_NOT_RE = re.compile(
    r"\s*ensure\b[^.;]{0,200}?\b(?:does|do|is|are|will|shall|may) not\b", re.IGNORECASE
)
_RELATIVE_RE = re.compile(r"\bwhich(?:\s+\w+){0,3},?\s*$", re.IGNORECASE)
_JOINED_RE = re.compile(r"\b(?:and|or|but)\s*$")
_REPORTED_RE = re.compile(
    r"\b(?:make clear|clarify|clarifying|explain|explaining|advise|advising|inform|informing)\s+"
    r"(?:\w+\s+){0,3}?that\b[^.;:]*$",
    re.IGNORECASE,
)
# "may not X unless Y" / "without first Y-ing": Y is a condition the actor must meet.
_UNLESS_RE = re.compile(
    r"\bunless\b|\bwithout (?:first )?(?=\w+ing\b|(?:the |a |an |prior |written |express |informed )"
    r"[^.;]{0,40}\b(?:consent|notice|review|approval|authori[sz]ation|disclos))",
    re.IGNORECASE,
)
_LEAD_WINDOW = 600
# The subject of a sentence that prescribes an instrument's content: "The memorandum",
# "These regulations", "Such a program", "The principles and best practices".
_INSTRUMENT_SUBJECT_RE = re.compile(
    r"^\s*(?:the|these|this|such|that|each|any)\s+(?:an?\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:memorand(?:um|a)|reports?|plans?|strateg(?:y|ies)|guidance|guidelines|regulations|"
    r"rules|programs?|framework|recommendations|resources|playbook|agenda|study|evaluation|"
    r"assessment|principles and best practices|best practices|policy notice|policy statement)"
    r"(?:\s+of\s+[^,;:]{1,40})?\s*$",
    re.IGNORECASE,
)
_CONTENT_RE = re.compile(
    r"\s*(?:,?\s*(?:also|at a minimum|in particular|as appropriate)\s*,?\s*)*"
    r"(?:(?:include|contain|address|outline|identify|describe|specify|set forth|take into account|"
    r"cover|pursue|seek|provide|recommend|assess|consider|define|explain)\b|[:—]\s*$)",
    re.IGNORECASE,
)
# "shall require:", "shall, by regulation, require": a public body imposes a duty on another.
_REQUIRE_START_RE = re.compile(r"\s*(?:,[^,]{0,80},\s*)?require\b", re.IGNORECASE)
_REQUIRED_PARTY_RE = re.compile(
    r"\brequire\s*:?\s*(?:\([ivx\d]{1,4}\)\s*)?(?P<who>[^.;:()]{3,160}?)\s+to\s+"
    r"(?:provide|report|submit|disclose|furnish|file)\b",
    re.IGNORECASE,
)
_SENTENCE_END_RE = re.compile(r"[.?!]\s+(?=[(A-Z])")
_SUBJECT_WINDOW = 400


def _own_sentence(before: str) -> str:
    """The part of ``before`` in the modal's own sentence (a subject never precedes it)."""
    offset = max(0, len(before) - _SUBJECT_WINDOW)  # a subject phrase is never longer
    ends = list(_SENTENCE_END_RE.finditer(before, offset))
    return before[ends[-1].end() :] if ends else before


_ENCOURAGED_RE = re.compile(r"\b(?:is|are)\s+encouraged\b", re.IGNORECASE)


def _encouraged_beside_duty(lead: str) -> bool:
    """ "The Secretary shall, and the Director is encouraged to, issue guidance": a duty stands."""
    return (
        bool(_ENCOURAGED_RE.search(lead))
        and _duty_modal(lead) is not None
        and not rules.skip_sentence(_ENCOURAGED_RE.sub(" ", lead))
    )


_NOT_REQUIRED_RE = re.compile(r"\s*be\s+required\b", re.IGNORECASE)
_PER_VIOLATION_RE = re.compile(
    r"\$\s?\d[\d,]*[^.;]{0,40}\b(?:per|for each|each) violation", re.IGNORECASE
)
_CONDITION_SPLIT_RE = re.compile(r";|\n|\(\d{1,2}\)|\s(?=\d{1,2}\.\s)")


def _second_report(finding: Finding, clause: str) -> list[Finding]:
    """ "publish a copy ... and transmit a copy to the Division": the transmittal is its own duty."""
    if finding.category in _REPORTING or not finding.actors or finding.actors[0][0] in _GOVERNMENT:
        return []
    second = rules.SECOND_REPORT_RE.search(clause)
    if second is None or not _reports_to_government(second.group(0)):
        return []
    found = Finding(
        "government_reporting",
        list(finding.actors),
        second.group(0),
        finding.confidence,
        rule_id="reporting.and_transmit",
        trigger=second.group(0)[:60],
    )
    found.extra["recipient"] = parse_recipient(second.group(0))
    return [found]


def _head(clause: str) -> str:
    """The clause before a second "and transmit ..." duty (which ``_second_report`` takes)."""
    second = rules.SECOND_REPORT_RE.search(clause)
    return clause[: second.start()] if second else clause


_REPORTING = frozenset({"government_reporting", "incident_reporting", "agency_directive"})
_PASSIVE_DUTY = re.compile(r"\s*be\s+(?:deemed|considered) (?:to be )?in compliance", re.IGNORECASE)


def _reports_to_government(clause: str) -> str:
    """The recipient when ``clause`` sends something to a public body, else ""."""
    recipient = parse_recipient(clause)
    if not recipient:
        return ""
    from .actors import actor_from_words

    public = actor_from_words(recipient) in _GOVERNMENT or recipient[:1].isupper()
    return recipient if public else ""


def _fallback(code: str, negative: bool, clause: str) -> str | None:
    if code in _GOVERNMENT:
        return "agency_directive"
    if negative and code not in ("other",):
        return "prohibited_practice"
    return None
