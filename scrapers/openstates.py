"""Open States: bills of the 50 states, DC and Puerto Rico.

Two formats come from Open States and both are parsed here:

* **API v3** ``GET https://v3.openstates.org/bills`` search pages
  (``{"results": [...], "pagination": {...}}``) and single-bill details. The
  live scrape searches every jurisdiction for AI terms; full-text search is
  broad, so each record carries ``ai_relevant`` from ``scrapers.relevance`` and
  a reason naming the search that found it.
* **Scraper output** (``os-update``/pupa JSON: ``bill_<uuid>.json`` next to
  ``jurisdiction_*.json`` and ``organization_*.json``), where actions and
  sponsors point at organisations through ``~{"classification": "upper"}``
  pseudo-ids that the sibling files resolve.

Open States' own action classifications are authoritative: an action keeps
them (mapped onto our vocabulary) and only unclassified actions go through the
regex rules; the status is then derived from the actions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bills.vocabulary.statuses import ACTION_CLASSIFICATIONS

from .errors import ParseError, ScrapeError
from .jurisdictions import Jurisdiction, by_code, from_openstates_id, normalise_identifier
from .jurisdictions import subnational as subnational_jurisdictions
from .keys import required_api_key
from .records import ActionRecord, BillRecord, RelatedBillRecord, SponsorRecord, VersionRecord
from .registry import ScrapeParams, Source, register
from .relevance import assess

if TYPE_CHECKING:
    from .http import HttpClient

SOURCE_NAME = "openstates"
API_URL = "https://v3.openstates.org/bills"
INCLUDES = ("actions", "sponsorships", "versions", "sources", "abstracts", "related_bills")
PER_PAGE = 20  # the API's maximum for /bills
# Phrases for Open States' full-text search (Postgres websearch syntax, so quoted
# phrases and OR work). Several are ORed into one query to spend fewer of the
# 10 requests a minute the default API tier allows.
SEARCH_TERMS = (
    '"artificial intelligence"',
    '"machine learning"',
    '"automated decision"',
    '"algorithmic discrimination"',
    '"generative"',
    '"deepfake"',
    '"synthetic media"',
    '"chatbot"',
    '"frontier model"',
    '"facial recognition"',
)
TERMS_PER_QUERY = 5

# Open States classifications that are ours under another name; others not in our
# vocabulary (deferral, receipt, study, ...) say nothing about status and are dropped.
_CLASSIFICATION_ALIASES = {
    "committee-passage-favorable": "committee-passage",
    "committee-passage-unfavorable": "committee-passage",
}
_RELATIONS = {
    "companion": "companion",
    "prior-session": "prior_session",
    "replaced-by": "replaced_by",
    "replaces": "replaces",
}
_CHAMBERS = ("upper", "lower", "legislature", "executive")
# Some scrapers store a summary's file path as its abstract ("2025/Summaries/SF0006.pdf").
_FILE_PATH = re.compile(r"^\S+\.(pdf|docx?|html?|txt)$", re.IGNORECASE)


# --------------------------------------------------------------------------- API v3


@dataclass(frozen=True)
class Pagination:
    page: int
    max_page: int
    total_items: int


def parse_search_page(
    payload: Any, where: str, *, query: str = ""
) -> tuple[list[BillRecord], Pagination]:
    """Records and pagination of one ``/bills`` response; ``query`` is noted in each reason."""
    if not isinstance(payload, dict) or not isinstance(payload.get("results"), list):
        raise ParseError(SOURCE_NAME, where, 'a /bills response object with a "results" list')
    meta = payload.get("pagination")
    try:
        pagination = Pagination(int(meta["page"]), int(meta["max_page"]), int(meta["total_items"]))
    except (TypeError, KeyError, ValueError):
        raise ParseError(
            SOURCE_NAME, where, '"pagination" with integer page, max_page and total_items'
        ) from None
    found_by = f"found by Open States search {query}" if query else ""
    records = [
        parse_api_bill(bill, f"{where} results[{i}]", found_by=found_by)
        for i, bill in enumerate(payload["results"])
    ]
    return records, pagination


def parse_api_bill(bill: Any, where: str, *, found_by: str = "") -> BillRecord:
    """One API v3 bill object (a search result or ``/bills/ocd-bill/...``) as a record."""
    if not isinstance(bill, dict):
        raise ParseError(SOURCE_NAME, where, "a bill object")
    jurisdiction = _jurisdiction(_field(bill, "jurisdiction", dict, where).get("id", ""), where)
    record = BillRecord(
        jurisdiction=jurisdiction.code,
        session=_field(bill, "session", str, where),
        identifier=normalise_identifier(_field(bill, "identifier", str, where)),
        title=_field(bill, "title", str, where).strip(),
        kind=_kind(bill.get("classification") or []),
        abstract=_abstract(bill.get("abstracts") or [], []),
        subjects=list(bill.get("subject") or []),
        sources=_sources(bill),
        source_ids={SOURCE_NAME: _field(bill, "id", str, where)},
    )
    actions = sorted(bill.get("actions") or [], key=lambda a: a.get("order", 0))
    record.actions = [
        _action(a, _org_classification(a.get("organization")), f"{where} action") for a in actions
    ]
    record.sponsors = [_api_sponsor(s) for s in bill.get("sponsorships") or []]
    record.versions = [_version(v, where) for v in bill.get("versions") or []]
    record.related_bills = [_related(r) for r in bill.get("related_bills") or []]
    return _finish(record, found_by)


def _api_sponsor(sponsorship: dict) -> SponsorRecord:
    person = sponsorship.get("person") or {}
    role = person.get("current_role") or {}
    return SponsorRecord(
        name=sponsorship.get("name") or person.get("name", ""),
        classification="primary" if sponsorship.get("primary") else "cosponsor",
        chamber=role.get("org_classification", ""),
        party=person.get("party", ""),
        source_id=person.get("id", ""),
    )


def _org_classification(org: Any) -> str:
    if not isinstance(org, dict):
        return ""
    classification = org.get("classification", "")
    return classification if classification in _CHAMBERS else org.get("name", "")


def _sources(bill: dict) -> list[str]:
    urls = [s["url"] for s in bill.get("sources") or [] if s.get("url")]
    if bill.get("openstates_url"):
        urls.append(bill["openstates_url"])
    return urls


# --------------------------------------------------------------------------- scraper output


class OrganizationIndex:
    """Resolves the organisation references of scraper output to (classification, name).

    A reference is either an organisation file's ``_id`` or a pseudo-id, ``~``
    followed by JSON naming fields to match ({"classification": "upper"}).
    """

    def __init__(self, organizations: Iterable[dict]) -> None:
        self.organizations = list(organizations)

    def resolve(self, reference: str | None) -> tuple[str, str]:
        if not reference:
            return "", ""
        wanted = self._wanted(reference)
        for org in self.organizations:
            if all(org.get(k) == v for k, v in wanted.items()):
                return org.get("classification", ""), org.get("name", "")
        return wanted.get("classification", ""), wanted.get("name", "")

    @staticmethod
    def _wanted(reference: str) -> dict:
        if not reference.startswith("~"):
            return {"_id": reference}
        try:
            wanted = json.loads(reference[1:])
        except json.JSONDecodeError:
            return {"_id": reference}
        return wanted if isinstance(wanted, dict) else {"_id": reference}

    def actor(self, reference: str | None) -> str:
        """The action actor: upper, lower, executive or legislature, else the organisation's name."""
        classification, name = self.resolve(reference)
        return classification if classification in _CHAMBERS else name


def parse_scraped_bill(
    bill: Any,
    where: str,
    organizations: OrganizationIndex | None = None,
    jurisdiction_data: dict | None = None,
) -> BillRecord:
    """One ``bill_*.json`` of Open States scraper output; siblings resolve chambers and session."""
    if not isinstance(bill, dict):
        raise ParseError(SOURCE_NAME, where, "a bill object")
    orgs = organizations or OrganizationIndex([])
    ocd_id = (bill.get("jurisdiction") or {}).get("id") or (jurisdiction_data or {}).get("id", "")
    session = _field(bill, "legislative_session", str, where)
    extras = bill.get("extras") or {}
    record = BillRecord(
        jurisdiction=_jurisdiction(ocd_id, where).code,
        session=session,
        identifier=normalise_identifier(_field(bill, "identifier", str, where)),
        title=_field(bill, "title", str, where).strip(),
        kind=_kind(bill.get("classification") or []),
        abstract=_abstract(bill.get("abstracts") or [], bill.get("other_titles") or []),
        subjects=list(bill.get("subject") or []),
        sources=_sources(bill),
        effective_date=_date(extras.get("effective_date"), f"{where} extras.effective_date"),
    )
    _add_session(record, jurisdiction_data)
    record.actions = [
        _action(a, orgs.actor(a.get("organization_id")), f"{where} action")
        for a in _oldest_first(bill.get("actions") or [])
    ]
    record.sponsors = [_scraped_sponsor(s, orgs) for s in bill.get("sponsorships") or []]
    record.versions = [_version(v, where) for v in bill.get("versions") or []]
    record.related_bills = [_related(r) for r in bill.get("related_bills") or []]
    _finish(record, "")
    record.chapter = record.chapter or _chapter(extras.get("chapter"), record.status_date)
    return record


def _oldest_first(actions: list[dict]) -> list[dict]:
    # Scrapers list actions newest first; reversing before the stable sort keeps
    # same-timestamp actions in their real order.
    if len(actions) > 1 and str(actions[0].get("date")) > str(actions[-1].get("date")):
        actions = list(reversed(actions))
    return sorted(actions, key=lambda a: str(a.get("date", "")))


def _scraped_sponsor(sponsorship: dict, orgs: OrganizationIndex) -> SponsorRecord:
    classification, _ = orgs.resolve(sponsorship.get("organization_id"))
    return SponsorRecord(
        name=sponsorship.get("name", ""),
        classification="primary" if sponsorship.get("primary") else "cosponsor",
        chamber=classification if classification in ("upper", "lower") else "",
    )


def _add_session(record: BillRecord, jurisdiction_data: dict | None) -> None:
    for session in (jurisdiction_data or {}).get("legislative_sessions") or []:
        if session.get("identifier") == record.session:
            record.session_name = session.get("name", "")
            record.session_start = _date(session.get("start_date"), "session start_date")
            record.session_end = _date(session.get("end_date"), "session end_date")


def _chapter(raw: Any, when: date | None) -> str:
    digits = "".join(ch for ch in str(raw or "") if ch.isdigit())
    if not digits or not int(digits):
        return ""
    return f"Chapter {int(digits)} of {when.year}" if when else f"Chapter {int(digits)}"


# --------------------------------------------------------------------------- shared pieces


def action_classifications(raw: Iterable[str]) -> list[str]:
    """Open States action classifications in our vocabulary, in order, without repeats."""
    mapped: list[str] = []
    for code in raw:
        ours = _CLASSIFICATION_ALIASES.get(code, code)
        if ours in ACTION_CLASSIFICATIONS and ours not in mapped:
            mapped.append(ours)
    return mapped


def _action(action: dict, actor: str, where: str) -> ActionRecord:
    when = _date(action.get("date"), where)
    if when is None:
        raise ParseError(SOURCE_NAME, where, f"an action date, got {action.get('date')!r}")
    return ActionRecord(
        date=when,
        text=str(action.get("description", "")).strip(),
        actor=actor,
        classification=action_classifications(action.get("classification") or []),
    )


def _version(version: dict, where: str) -> VersionRecord:
    links = version.get("links") or [{}]
    return VersionRecord(
        label=version.get("note", ""),
        date=_date(version.get("date"), f"{where} version date"),
        url=links[0].get("url", ""),
        media_type=links[0].get("media_type", ""),
    )


def _related(related: dict) -> RelatedBillRecord:
    return RelatedBillRecord(
        identifier=normalise_identifier(related.get("identifier", "")),
        relation=_RELATIONS.get(related.get("relation_type", ""), "related"),
        session=related.get("legislative_session", ""),
    )


def _abstract(abstracts: list[dict], other_titles: list[dict]) -> str:
    """The abstracts' text; else the longest other title (the formal "AN ACT relating to...")."""
    texts = [a.get("abstract", "").strip() for a in abstracts]
    texts = [t for t in texts if t and not _FILE_PATH.match(t)]
    if texts:
        return "\n\n".join(texts)
    titles = sorted((t.get("title", "").strip() for t in other_titles), key=len)
    return titles[-1] if titles else ""


def _kind(classification: list[str]) -> str:
    return "resolution" if any("resolution" in c for c in classification) else "bill"


def _finish(record: BillRecord, found_by: str) -> BillRecord:
    record.normalised()
    relevance = assess(record.title, record.abstract)
    record.ai_relevant = relevance.relevant
    record.ai_relevance_reason = "; ".join(r for r in (relevance.reason, found_by) if r)
    return record


def _field(obj: dict, name: str, kind: type, where: str) -> Any:
    value = obj.get(name)
    if not isinstance(value, kind) or (kind is str and not value.strip()):
        raise ParseError(SOURCE_NAME, where, f"a non-empty {kind.__name__} field {name!r}")
    return value


def _jurisdiction(ocd_id: str, where: str) -> Jurisdiction:
    try:
        return from_openstates_id(ocd_id)
    except KeyError:
        raise ParseError(
            SOURCE_NAME, where, f"a US state, DC or PR jurisdiction id, got {ocd_id!r}"
        ) from None


def _date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ParseError(SOURCE_NAME, where, f"an ISO date, got {value!r}") from None


# --------------------------------------------------------------------------- files


def parse_file(path: Path) -> list[BillRecord]:
    """Records in a saved API response or a scraper-output file (non-bill files give [])."""
    where = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(SOURCE_NAME, where, f"a readable JSON file ({exc})") from None
    if isinstance(data, dict) and "results" in data:
        return parse_search_page(data, where)[0]
    if isinstance(data, dict) and str(data.get("id", "")).startswith("ocd-bill/"):
        return [parse_api_bill(data, where)]
    if isinstance(data, dict) and _is_other_scraper_object(data):
        return []
    if isinstance(data, dict) and "legislative_session" in data and "identifier" in data:
        organizations, jurisdiction_data = _siblings(Path(path).parent)
        return [parse_scraped_bill(data, where, organizations, jurisdiction_data)]
    raise ParseError(
        SOURCE_NAME,
        where,
        "an Open States /bills response, an API bill, or scraper output (bill_*.json)",
    )


def _is_other_scraper_object(data: dict) -> bool:
    """Jurisdiction, organization and vote files sit beside bills but hold no bill."""
    return (
        "legislative_sessions" in data
        or "motion_text" in data
        or ("classification" in data and "name" in data and "parent_id" in data)
    )


def _siblings(folder: Path) -> tuple[OrganizationIndex, dict | None]:
    organizations = [_load(p) for p in sorted(folder.glob("organization_*.json"))]
    jurisdictions = [_load(p) for p in sorted(folder.glob("jurisdiction_*.json"))]
    return OrganizationIndex(o for o in organizations if isinstance(o, dict)), next(
        (j for j in jurisdictions if isinstance(j, dict)), None
    )


def _load(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(SOURCE_NAME, str(path), f"a readable JSON file ({exc})") from None


# --------------------------------------------------------------------------- live API


def search_queries(terms: Iterable[str] = SEARCH_TERMS, per_query: int = TERMS_PER_QUERY):
    """The search strings: ``per_query`` terms ORed together per request."""
    terms = list(terms)
    return [" OR ".join(terms[i : i + per_query]) for i in range(0, len(terms), per_query)]


def search_params(
    jurisdiction: Jurisdiction, query: str, page: int, session: str = "", since: date | None = None
) -> dict[str, Any]:
    params: dict[str, Any] = {
        "jurisdiction": jurisdiction.openstates_id,
        "q": query,
        "include": list(INCLUDES),
        "page": page,
        "per_page": PER_PAGE,
    }
    if session:
        params["session"] = session
    if since:
        params["updated_since"] = since.isoformat()
    return params


def scrape(params: ScrapeParams, client: HttpClient) -> Iterator[BillRecord]:
    """Search each jurisdiction for AI terms; yield each Open States bill once.

    Without a session or a since date only bills updated in the last year are
    asked for, so a routine run does not page through a decade of history.
    """
    since = params.since or (None if params.session else date.today() - timedelta(days=365))
    seen: set[str] = set()
    for jurisdiction in _selected(params):
        for query in search_queries():
            for record in _search(client, jurisdiction, query, params.session, since):
                if record.source_ids[SOURCE_NAME] not in seen:
                    seen.add(record.source_ids[SOURCE_NAME])
                    yield record


def _search(
    client: HttpClient, jurisdiction: Jurisdiction, query: str, session: str, since: date | None
) -> Iterator[BillRecord]:
    page = 1
    while True:
        payload = fetch_page(client, search_params(jurisdiction, query, page, session, since))
        where = f"{API_URL} {jurisdiction.code} q={query} page={page}"
        records, pagination = parse_search_page(payload, where, query=query)
        yield from records
        if pagination.page >= pagination.max_page:
            return
        page += 1


def fetch_page(client: HttpClient, params: dict[str, Any]) -> Any:
    response = client.get(
        API_URL,
        params=params,
        headers={"X-API-KEY": required_api_key(SOURCE_NAME, "OPENSTATES_API_KEY")},
    )
    try:
        return response.json()
    except ValueError:
        raise ParseError(SOURCE_NAME, response.url, "a JSON response") from None


def _selected(params: ScrapeParams) -> tuple[Jurisdiction, ...]:
    if not params.jurisdiction:
        return subnational_jurisdictions()
    try:
        chosen = by_code(params.jurisdiction)
    except KeyError as exc:
        raise ScrapeError(f"[{SOURCE_NAME}] {exc.args[0]}") from None
    if chosen.kind == "federal":
        raise ScrapeError(
            f"[{SOURCE_NAME}] Open States covers states, DC and PR, not {chosen.code}"
        )
    return (chosen,)


SOURCE = register(
    Source(
        name=SOURCE_NAME,
        description="Open States API v3: AI bills in the 50 states, DC and Puerto Rico",
        scrape=scrape,
        parse_file=parse_file,
        rate_per_minute=10,  # the default API tier's limit
        every_hours=24,
        file_patterns=("*.json",),
        api_key_setting="OPENSTATES_API_KEY",
        jurisdictions=tuple(j.code for j in subnational_jurisdictions()),
    )
)
