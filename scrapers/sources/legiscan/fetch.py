"""LegiScan: bills of the 50 states and DC, from the pull API and the bulk datasets.

This module holds the API calls and the live scrape; saved files are read in
``parse``. The pure parsers of LegiScan's objects
(bill, text, master list, search, session list) are in
``scrapers.sources.legiscan.payloads``; ``parse_file`` reads a dataset file or a saved
response with them.

The live scrape spends few of LegiScan's monthly queries: a full-text search per
state picks the AI bills, ``getMasterListRaw`` gives every bill's
``change_hash``, and only bills whose hash differs from the one we stored are
fetched (``changed_bill_ids``). The stored hashes come from a ``known_hashes``
provider the caller passes in; parsers never touch the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from scrapers.errors import ParseError, ScrapeError
from scrapers.keys import required_api_key
from scrapers.records import BillRecord
from scrapers.registry import ScrapeParams, jurisdiction_for
from scrapers.sessions import with_previous
from vocabulary.jurisdictions import Jurisdiction, legiscan_states

from .payloads import (
    SOURCE_NAME,
    MasterListEntry,
    parse_bill,
    parse_bill_text,
    parse_master_list,
    parse_search,
    parse_session_list,
    unwrap,
)

if TYPE_CHECKING:
    from scrapers.http import HttpClient


API_URL = "https://api.legiscan.com/"
SEARCH_QUERY = (
    '"artificial intelligence" OR "machine learning" OR "automated decision" OR '
    '"algorithmic discrimination" OR deepfake OR "synthetic media" OR chatbot OR '
    '"frontier model" OR "generative"'
)


def changed_bill_ids(
    master_list: Iterable[MasterListEntry], known_hashes: Mapping[str, str]
) -> list[int]:
    """Bills that are new or whose change_hash differs from the stored one, in list order."""
    return [
        entry.bill_id
        for entry in master_list
        if known_hashes.get(str(entry.bill_id)) != entry.change_hash
    ]


def no_known_hashes() -> dict[str, str]:
    return {}


def scrape(
    params: ScrapeParams,
    client: HttpClient,
    known_hashes: Callable[[], Mapping[str, str]] = no_known_hashes,
) -> Iterator[BillRecord]:
    """AI bills of the current session of each state that changed since we last stored them.

    A bill is looked at if the AI search finds it or we already track it
    (its id is in ``known_hashes()``); it is fetched only if its hash changed.
    """
    hashes = dict(known_hashes())
    for jurisdiction in _selected(params):
        state = jurisdiction.legiscan_state
        entries = {e.bill_id: e for e in search_state(client, state)}
        for master in master_lists(client, state, date.today()):
            entries.update(
                {e.bill_id: e for e in master if e.bill_id in entries or str(e.bill_id) in hashes}
            )
        for bill_id in changed_bill_ids(entries.values(), hashes):
            yield fetch_bill(client, bill_id)


def master_lists(client: HttpClient, state: str, today: date) -> list[list[MasterListEntry]]:
    """The current session's master list, and the previous regular session's in its grace period."""
    from django.conf import settings

    lists = [
        parse_master_list(
            call(client, "getMasterListRaw", state=state), _where("getMasterListRaw", state)
        )
    ]
    where = _where("getSessionList", state)
    regular = [s for s in parse_session_list(call(client, "getSessionList", state=state), where)
               if not s.special]  # fmt: skip
    if len(regular) < 2:
        return lists
    current, previous = regular[0], regular[1]
    grace = settings.SCRAPER_PREVIOUS_SESSION_DAYS
    if len(with_previous(current, previous, date(current.year_start, 1, 1), today, grace)) == 2:
        payload = call(client, "getMasterListRaw", id=previous.session_id)
        lists.append(parse_master_list(payload, _where("getMasterListRaw", previous.session_id)))
    return lists


def search_state(
    client: HttpClient, state: str, query: str = SEARCH_QUERY
) -> list[MasterListEntry]:
    hits, page, pages = [], 1, 1
    while page <= pages:
        payload = call(client, "getSearch", state=state, query=query, page=page)
        found, pages = parse_search(payload, _where("getSearch", f"{state} page {page}"))
        hits.extend(found)
        page += 1
    return hits


def fetch_bill(client: HttpClient, bill_id: int) -> BillRecord:
    """getBill, plus getBillText of the latest version when the bill is about AI."""
    where = _where("getBill", bill_id)
    bill = unwrap(call(client, "getBill", id=bill_id), "bill", where)
    record = parse_bill(bill, where)
    latest = (bill.get("texts") or [None])[-1]
    if not record.ai_relevant or not latest:
        return record
    text = parse_bill_text(
        call(client, "getBillText", id=latest["doc_id"]), _where("getBillText", latest["doc_id"])
    )
    return parse_bill(bill, where, {text.doc_id: text.text})


def call(client: HttpClient, op: str, **params: Any) -> Any:
    response = client.get(
        API_URL,
        params={"key": required_api_key(SOURCE_NAME, "LEGISCAN_API_KEY"), "op": op, **params},
    )
    try:
        return response.json()
    except ValueError:
        raise ParseError(SOURCE_NAME, _where(op, params), "a JSON response") from None


def _where(op: str, detail: Any) -> str:
    return f"{API_URL}?op={op} ({detail})"  # never the URL itself: it holds the key


def _selected(params: ScrapeParams) -> tuple[Jurisdiction, ...]:
    if not params.jurisdiction:
        return legiscan_states()
    chosen = jurisdiction_for(SOURCE_NAME, params.jurisdiction)
    if not chosen.legiscan_state:
        raise ScrapeError(f"[{SOURCE_NAME}] LegiScan does not cover {chosen.code}")
    return (chosen,)
