"""Change events written for people: one headline and a few lines each, with links.

Each known kind has a describer in ``DESCRIBERS``; any other kind (issue 13's
legal-state events, a future source's) gets the generic one, which names the
kind and prints its simple details, so a new kind reads sensibly without a
change here. Obligation diffs read as the issue asks: "Civil penalty: up to
$10,000,000 → up to $1,000,000 per violation", "New duty: …", "Removed: …".
Dollar amounts are written in full here (a digest is a notice, not a matrix
cell); other attribute values reuse ``bills.formatting``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlencode

from django.urls import Resolver404, resolve, reverse

from bills.formatting import attribute_summary, format_attribute, format_duration
from bills.models.run import CHANGE_KINDS
from bills.vocabulary.taxonomy import ACTORS, CATEGORIES
from vocabulary.legal_states import LEGAL_STATES
from vocabulary.statuses import STATUSES

from .window import BillInfo, Event, Window

CATEGORY_LABELS = {t.code: t.label for t in CATEGORIES}
ACTOR_LABELS = {t.code: t.label for t in ACTORS}
KIND_LABELS = dict(CHANGE_KINDS)
MONEY = {
    "penalty_max_usd": " per violation",
    "penalty_repeat_max_usd": " per repeat violation",
    "cost_threshold_usd": " compute cost",
    "revenue_threshold_usd": " annual revenue",
}
TEXT_LIMIT = 220


@dataclass
class Line:
    text: str
    url: str = ""


@dataclass
class Item:
    headline: str
    lines: list[Line] = field(default_factory=list)
    url: str = ""


def describe(event: Event, bill: BillInfo, window: Window, diff: dict | None = None) -> Item:
    """``diff`` narrows an obligation diff to the subscriber's categories and actors."""
    describer = DESCRIBERS.get(event.kind, _generic)
    return describer(event, bill, window, diff)


def change_phrase(category: str, attribute: str, before, after) -> str:
    """ "Civil penalty: up to $10,000,000 → up to $1,000,000 per violation"."""
    label = CATEGORY_LABELS.get(category, category.replace("_", " ").capitalize())
    suffix = MONEY.get(attribute, "")
    was, now = _value(attribute, before), _value(attribute, after)
    return f"{label}: {was} → {now}{suffix}"


def bill_url(bill_id: int) -> str:
    return reverse("bill-detail", args=[bill_id])


def redline_url(bill_id: int, label: str, window: Window | None = None) -> str:
    """The redline of this text against the one before it, where the site has the page."""
    if not _has_redline_page():
        return bill_url(bill_id)
    path = f"/bills/{bill_id}/diff/"
    labels = window.version_labels.get(bill_id, []) if window else []
    if label in labels and labels.index(label) > 0:
        return f"{path}?{urlencode({'from': labels[labels.index(label) - 1], 'to': label})}"
    return f"{path}?{urlencode({'to': label})}" if label else path


@lru_cache(maxsize=1)
def _has_redline_page() -> bool:
    try:
        resolve("/bills/1/diff/")
    except Resolver404:
        return False
    return True


def _value(attribute: str, value) -> str:
    if value is None or value == "":
        return "none"
    if attribute in MONEY and isinstance(value, int | float) and not isinstance(value, bool):
        return f"up to ${value:,.0f}"
    if attribute == "deadline":
        return f"within {format_duration(value)}" if format_duration(value) else str(value)
    return format_attribute(attribute, value) or str(value)


def _obligation_changes(event: Event, bill: BillInfo, window: Window, diff: dict | None) -> Item:
    diff = diff if diff is not None else event.details
    version = str(event.details.get("version", ""))
    lines = [
        _duty_line("New duty", item, bill.id, version, window) for item in diff.get("added") or []
    ]
    for change in diff.get("changed") or []:
        text = change_phrase(
            change.get("category", ""), change.get("attribute", ""), change.get("from"),
            change.get("to"),
        )  # fmt: skip
        lines.append(Line(text, _obligation_link(window, bill.id, version, change)))
    lines += [
        _duty_line("Removed", item, bill.id, None, window) for item in diff.get("removed") or []
    ]
    headline = (
        f"Obligations changed in the new text ({version})" if version else "Obligations changed"
    )
    return Item(headline, lines, redline_url(bill.id, version, window))


def _duty_line(kind: str, item: dict, bill_id: int, version: str | None, window: Window) -> Line:
    category = CATEGORY_LABELS.get(item.get("category", ""), item.get("category", ""))
    actor = ACTOR_LABELS.get(item.get("actor", ""), item.get("actor", ""))
    where = ", ".join(x for x in (actor, item.get("section", "")) if x)
    text = " ".join(str(item.get("text", "")).split())
    if len(text) > TEXT_LIMIT:
        text = text[: TEXT_LIMIT - 1].rstrip() + "…"
    summary = attribute_summary(item.get("attributes"))
    parts = [f"{kind}: {category}" + (f" ({where})" if where else ""), text]
    if summary:
        parts.append(f"[{summary}]")
    return Line(" — ".join(p for p in parts if p), _obligation_link(window, bill_id, version, item))


def _obligation_link(window: Window, bill_id: int, version: str | None, item: dict) -> str:
    """The cited span: the obligation in the named version, or (for a removed one) any other."""
    key = (item.get("category"), item.get("actor"), item.get("section", ""))
    if version is not None:
        pk = window.obligation_ids.get((bill_id, version, *key))
    else:
        found = [
            pk
            for (b, _, *k), pk in window.obligation_ids.items()
            if b == bill_id and tuple(k) == key
        ]
        pk = found[0] if found else None
    return reverse("obligation-detail", args=[pk]) if pk else ""


def _new_bill(event: Event, bill: BillInfo, window: Window, diff) -> Item:
    status = STATUSES.get(event.details.get("status", ""), bill.status)
    return Item(f"New bill ({status.lower()})", [Line(bill.title)] if bill.popular_name else [])


def _status_change(event: Event, bill: BillInfo, window: Window, diff) -> Item:
    was = STATUSES.get(event.details.get("from", ""), event.details.get("from") or "none")
    now = STATUSES.get(event.details.get("to", ""), event.details.get("to") or "none")
    when = event.details.get("date")
    return Item(f"Status: {was} → {now}" + (f" on {when}" if when else ""))


def _new_action(event: Event, bill: BillInfo, window: Window, diff) -> Item:
    actions = event.details.get("actions") or []
    lines = [Line(f"{a.get('date', '')}: {a.get('text', '')}".strip(": ")) for a in actions]
    return Item("New action" if len(actions) == 1 else "New actions", lines)


def _new_version(event: Event, bill: BillInfo, window: Window, diff) -> Item:
    label = str(event.details.get("label", ""))
    change = event.details.get("change", "added")
    headline = f"Text changed: {label}" if change == "text changed" else f"New text: {label}"
    return Item(headline, [], redline_url(bill.id, label, window))


def _details_changed(event: Event, bill: BillInfo, window: Window, diff) -> Item:
    fields = event.details.get("fields") or {}
    lines = []
    for name, change in fields.items():
        label = name.replace("_", " ").capitalize()
        if isinstance(change, list) and len(change) == 2 and not isinstance(change[1], list | dict):
            lines.append(Line(f"{label}: {change[0] or 'none'} → {change[1]}"))
        else:
            lines.append(Line(f"{label} changed"))
    return Item("Details changed", lines)


def _legal_state_changed(event: Event, bill: BillInfo, window: Window, diff) -> Item:
    """ "Legal state: Enacted, not yet effective → In force", and the duties that moved."""
    details = event.details
    lines = []
    if details.get("bill_changed", True) and details.get("reason"):
        lines.append(Line(str(details["reason"])))
    for moved in _legal_moves(details.get("obligations") or [], diff):
        label = CATEGORY_LABELS.get(moved.get("category", ""), moved.get("category", ""))
        where = f" ({moved['section']})" if moved.get("section") else ""
        change = f"{_state(moved.get('from'))} → {_state(moved.get('to'))}"
        reason = f" — {moved['reason']}" if moved.get("reason") else ""
        url = reverse("obligation-detail", args=[moved["id"]]) if moved.get("id") else ""
        lines.append(Line(f"{label}{where}: {change}{reason}", url))
    if details.get("bill_changed", True):
        headline = f"Legal state: {_state(details.get('from'))} → {_state(details.get('to'))}"
    else:
        headline = "Legal state of some duties changed"
    return Item(headline, lines)


def _legal_moves(moves: list[dict], diff: dict | None) -> list[dict]:
    if diff is None or "legal_moves" not in diff:
        return moves
    return diff["legal_moves"]


def _state(code) -> str:
    return LEGAL_STATES.get(code or "", _plain(code))


def _generic(event: Event, bill: BillInfo, window: Window, diff) -> Item:
    """Any other kind: its name, a from → to if it has one, and its simple details."""
    label = KIND_LABELS.get(event.kind) or event.kind.replace("_", " ").capitalize()
    details = event.details
    if "from" in details and "to" in details:
        label = f"{label}: {_plain(details['from'])} → {_plain(details['to'])}"
    lines = [
        Line(f"{key.replace('_', ' ').capitalize()}: {_plain(value)}")
        for key, value in details.items()
        if key not in {"from", "to"} and isinstance(value, str | int | float) and value != ""
    ]
    return Item(label, lines)


def _plain(value) -> str:
    if value in (None, ""):
        return "none"
    return str(value).replace("_", " ")


DESCRIBERS: dict[str, Callable[..., Item]] = {
    "new_bill": _new_bill,
    "status_change": _status_change,
    "new_action": _new_action,
    "new_version": _new_version,
    "obligations_changed": _obligation_changes,
    "details_changed": _details_changed,
    "legal_state_changed": _legal_state_changed,
}
