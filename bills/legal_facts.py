"""What the legal state of a bill and its obligations is derived from, read from the database.

A bill's facts: its status and dates, the day it was signed (its signing
action), when its session ends (with each jurisdiction's carry-over rule),
the companion substituted for it, and the later laws that replace, amend or
revoke it together with what their texts say they change
(``bills.amendment_scope``); executive orders are matched to the later
orders whose text names them, because sources rarely link a revocation. A
duty's facts: its section and article (from its label or the headings
around it) and the dates its law's clauses give them (``bills.section_dates``).
"""

from __future__ import annotations

import re
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from bills.amendment_scope import (
    FULL,
    REPEAL,
    AmendmentScope,
    LawNames,
    amendment_scope,
    short_titles,
)
from bills.legal_timeline import Amender, BillFacts, DutyFacts
from bills.models import (
    Bill,
    BillAction,
    BillVersion,
    LegislativeSession,
    Obligation,
    RelatedBill,
)
from bills.section_dates import SectionDate, headings, section_dates, unit_at
from bills.sessions import pending_ends, session_years
from vocabulary.statuses import ENACTED_STATUSES

SIGNING = {"executive-signature", "became-law", "veto-override-passage"}
# Relations read from the earlier bill's side, and from the later bill's side.
LATER_LAW_RELATIONS = ("amended_by", "replaced_by", "revoked_by")
EARLIER_LAW_RELATIONS = ("chapter_amendment_of", "replaces", "revokes")
_SECTION_LABEL = re.compile(
    r"(?:ILCS\s+\d+/)?(?:Section|SECTION|Sec\.?|SEC\.?|§+)?\s*(\d+[A-Za-z]?(?:[-.]\d+[A-Za-z]?)*)"
)


def bill_facts(bill: Bill) -> BillFacts:
    actions = list(bill.actions.order_by("order"))
    return BillFacts(
        **own_facts(bill, actions, session_end(bill)),
        amenders=tuple(later_laws(bill)),
        **_substitute(bill),
    )


def own_facts(bill: Bill, actions: list, session_end: date | None) -> dict:
    """The facts a bill's own row and actions give: one bill's derivation and a batch's share them.

    ``actions`` are the bill's in stored order: rows or a record's ``ActionRecord``s.
    """
    return {
        "identifier": bill.identifier,
        "kind": bill.kind,
        "session": bill.session.identifier,
        "status": bill.status,
        "status_date": bill.status_date,
        "chapter": bill.chapter,
        "effective_date": bill.effective_date,
        "first_action_date": bill.first_action_date or (actions[0].date if actions else None),
        "enacted_on": enactment_date(bill, actions),
        "session_end": session_end,
        "withdrawn": bool(actions) and "withdrawal" in (actions[-1].classification or []),
        "enjoined_on": bill.enjoined_on,
        "enjoined_order": bill.enjoined_order,
    }


def enactment_date(bill: Bill, actions: list[BillAction]) -> date | None:
    """The day it became law: its signing action, else its status date."""
    if bill.status not in ENACTED_STATUSES:
        return None
    for action in actions:
        if SIGNING & set(action.classification or []):
            return action.date
    if bill.status == "effective" and bill.effective_date and bill.status_date:
        return min(bill.status_date, bill.effective_date)
    return bill.status_date


def session_end(bill: Bill) -> date | None:
    """The day the bill's session ends for its pending bills (the carry-over rule applied)."""
    next_end = None
    following = _following_session(bill.session.identifier)
    if following is not None:
        next_end = (
            LegislativeSession.objects.filter(
                jurisdiction_id=bill.jurisdiction_id, identifier=following
            )
            .values_list("end_date", flat=True)
            .first()
        )
    return _pending_end(bill, next_end)


def session_ends(bills: Iterable[Bill]) -> dict[tuple[int, int], date | None]:
    """``session_end`` of each (jurisdiction id, session id) of ``bills``, in one query.

    Reads every session of the bills' jurisdictions at once (a batch of new
    bills spans a few dozen sessions), where ``session_end`` reads one per bill.
    """
    by_session = {(bill.jurisdiction_id, bill.session_id): bill for bill in bills}
    ends: dict[int, dict[str, date | None]] = defaultdict(dict)
    for jurisdiction, identifier, end in LegislativeSession.objects.filter(
        jurisdiction_id__in={jurisdiction for jurisdiction, _ in by_session}
    ).values_list("jurisdiction_id", "identifier", "end_date"):
        ends[jurisdiction][identifier] = end
    return {
        key: _pending_end(bill, ends[key[0]].get(_following_session(bill.session.identifier)))
        for key, bill in by_session.items()
    }


def _following_session(identifier: str) -> str | None:
    """The identifier of the session after a one-year session (its end can extend carry-over)."""
    years = session_years(identifier)
    return str(years[0] + 1) if len(years) == 1 else None


def _pending_end(bill: Bill, next_end: date | None) -> date | None:
    session = bill.session
    return pending_ends(bill.jurisdiction.code, session.identifier, session.end_date, next_end)


def _substitute(bill: Bill) -> dict:
    if bill.status != "substituted":
        return {}
    link = (
        bill.related_bills.filter(relation="replaced_by").select_related("related").first()
        or bill.related_bills.filter(relation="companion").select_related("related").first()
    )
    if link is None:
        return {}
    enacted = link.related is not None and link.related.status in ENACTED_STATUSES
    return {"substitute": link.identifier, "substitute_enacted": enacted}


def later_laws(bill: Bill) -> list[Amender]:
    """The enacted laws that replace, amend or revoke ``bill``, with what their texts say they change."""
    # The links' ids first, the bills only when there are any: most bills have no later
    # law, and a join to the bills table cost ~4 ms a question, mostly in planning.
    relations: dict[int, str] = {}
    for pk, relation in [
        *bill.related_bills.filter(
            relation__in=LATER_LAW_RELATIONS, related__isnull=False
        ).values_list("related_id", "relation"),
        *RelatedBill.objects.filter(related=bill, relation__in=EARLIER_LAW_RELATIONS).values_list(
            "bill_id", "relation"
        ),
    ]:
        relations.setdefault(pk, relation)
    relations.pop(bill.pk, None)
    others = Bill.objects.in_bulk(list(relations)) if relations else {}
    found = {pk: (others[pk], relation) for pk, relation in relations.items() if pk in others}
    if bill.kind == "executive_order":
        for other in revoking_orders(bill):
            found.setdefault(other.pk, (other, "amended_by"))  # its text says what it does
    return [
        _amender(bill, other, relation)
        for other, relation in found.values()
        if other.status in ENACTED_STATUSES
    ]


_ORDER_NUMBER = re.compile(r"\bExecutive\s+Order\s+(?:No\.\s+)?(\d{4,6})\b", re.IGNORECASE)


def _order_number(bill: Bill) -> str:
    match = re.match(r"^EO\s*(\d+)$", bill.identifier)
    return match.group(1) if match else ""


def revoking_orders(bill: Bill) -> QuerySet:
    """Later orders of the same government whose text names this order (they may revoke it).

    Sources rarely link a revocation, but the revoking order always names the
    order it revokes ("Executive Order 14110 … is hereby revoked").
    """
    number = _order_number(bill)
    if not number:
        return Bill.objects.none()
    later = Bill.objects.filter(
        jurisdiction_id=bill.jurisdiction_id,
        kind="executive_order",
        status__in=sorted(ENACTED_STATUSES),
        versions__text__contains=number,
    )
    if bill.status_date:
        later = later.filter(status_date__gte=bill.status_date)
    return later.exclude(pk=bill.pk).distinct()


def orders_named_in(bill: Bill) -> set[int]:
    """The stored orders an executive order's text names (the ones it may revoke)."""
    if bill.kind != "executive_order":
        return set()
    numbers = set(_ORDER_NUMBER.findall(latest_text(bill)))
    if not numbers:
        return set()
    identifiers = [f"EO {n}" for n in numbers]
    return set(
        Bill.objects.filter(
            jurisdiction_id=bill.jurisdiction_id, identifier__in=identifiers
        ).values_list("pk", flat=True)
    )


def _amender(bill: Bill, other: Bill, relation: str) -> Amender:
    if relation in ("replaced_by", "replaces"):
        scope = AmendmentScope(FULL)
    elif relation in ("revoked_by", "revokes"):
        scope = AmendmentScope(REPEAL)
    else:
        scope = amendment_scope(latest_text(other), law_names(bill))
    chapter = other.chapter
    if chapter.startswith("Chapter"):
        chapter = "c" + chapter[1:]
    label = f"{other.identifier}, {chapter}" if chapter else other.identifier
    return Amender(
        identifier=other.identifier,
        label=label,
        relation=relation,
        scope=scope,
        enacted_on=enactment_date(other, list(other.actions.order_by("order"))),
        effective_on=other.effective_date,
    )


def law_names(bill: Bill) -> LawNames:
    """The names a later law may call this one by: its popular name and its own short titles."""
    names = tuple(
        dict.fromkeys(n for n in (bill.popular_name, *short_titles(latest_text(bill))) if n)
    )
    return LawNames(bill.identifier, bill.chapter, names)


def latest_text(bill: Bill) -> str:
    version = bill.versions.exclude(text="").order_by("-date", "-order", "-pk").only("text").first()
    return version.text if version else ""


# --- Obligations: their section, article and own dates ---------------------------------------


LAYOUTS_KEPT = 512  # about a megabyte of headings and dated clauses
_LAYOUTS: OrderedDict[str, TextLayout] = OrderedDict()  # by the text's sha256


@dataclass
class TextLayout:
    """Where a version's sections and articles start, and the dates its clauses give them."""

    headings: list[tuple[int, str, str]]
    rules: list[SectionDate]

    @classmethod
    def of(cls, text: str) -> TextLayout:
        return cls(headings(text), section_dates(text))

    @classmethod
    def of_text(cls, text: str, digest: str) -> TextLayout:
        """The layout of a text already in hand, kept by its hash as ``of_versions`` keeps it."""
        layout = _keep(digest, _LAYOUTS.get(digest) or cls.of(text))
        _trim()
        return layout

    @classmethod
    def of_versions(cls, versions: dict[int, str]) -> dict[int, TextLayout]:
        """The layouts of these versions (id: the text's sha256), each text read only when its
        layout is not already known: a layout depends on the text alone, so it is kept by
        the text's hash (``LAYOUTS_KEPT``, newest used). Every extraction re-derives its
        bill's duties, all versions' alike; reading and parsing each text again was a
        tenth of the extraction's time."""
        missing = {pk for pk, digest in versions.items() if not digest or digest not in _LAYOUTS}
        texts = dict(
            BillVersion.objects.filter(pk__in=sorted(missing)).values_list("pk", "text")
        ) if missing else {}  # fmt: skip
        found = {}
        for pk, digest in versions.items():
            layout = cls.of(texts.get(pk) or "") if pk in missing else _LAYOUTS[digest]
            found[pk] = _keep(digest, layout) if digest else layout
        _trim()  # after the loop: a layout known when ``missing`` was taken stays until read
        return found

    def place(self, ob: Obligation) -> tuple[str, str]:
        """(section, article) of an obligation: its own label, else the headings around it."""
        section = section_number(ob.section) or unit_at(self.headings, ob.start, "section")
        return section, unit_at(self.headings, ob.start, "article")


def _keep(digest: str, layout: TextLayout) -> TextLayout:
    """Keep ``layout`` as the newest used, under its text's hash."""
    _LAYOUTS[digest] = layout
    _LAYOUTS.move_to_end(digest)
    return layout


def _trim() -> None:
    while len(_LAYOUTS) > LAYOUTS_KEPT:
        _LAYOUTS.popitem(last=False)


def section_number(label: str) -> str:
    """ "Section 18(a)" → "18"; "§ 1421" → "1421"; "430 ILCS 185/18" → "18"; "" when none."""
    match = _SECTION_LABEL.search(label or "")
    return match.group(1) if match else ""


def duty_facts(ob: Obligation, bill: Bill, facts: BillFacts, layout: TextLayout) -> DutyFacts:
    """An obligation's section and the dates that beat its law's: its section's or its own.

    A date the law's effective-date clause gives the duty's section or article
    wins either way; a start date stated in the duty itself counts when it is
    later than the law's (a duty starting in 2028 under a law in force from
    2027; an earlier date in the text is something else, such as a deadline).
    """
    section, article = layout.place(ob)
    starts = expires = None
    for rule in layout.rules:
        covered = section if rule.unit == "section" else article
        if not covered or covered not in rule.numbers:
            continue
        when = rule.resolve(facts.enacted_on, _other_effective(bill, rule.with_bill))
        if when and rule.kind == "effective":
            starts = (when, rule.evidence)
        elif when and rule.kind == "expires":
            expires = (when, rule.evidence)
    if starts is None:
        own, base = _iso(ob.attributes.get("effective_date")), facts.in_force_on
        if own and base and own > base:
            starts = (own, f"Section {section} applies from {own}" if section else "")
    return DutyFacts(
        section,
        effective_on=starts[0] if starts else None,
        effective_why=starts[1] if starts else "",
        expires_on=expires[0] if expires else None,
        expires_why=expires[1] if expires else "",
    )


def _other_effective(bill: Bill, identifier: str) -> date | None:
    """When the bill a clause names ("the effective date of Senate Bill 315") takes effect."""
    if not identifier:
        return None
    other = (
        Bill.objects.filter(jurisdiction_id=bill.jurisdiction_id, identifier=identifier)
        .exclude(effective_date=None)
        .order_by("-session__identifier")
        .values_list("effective_date", flat=True)
        .first()
    )
    return other


def _iso(value) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
