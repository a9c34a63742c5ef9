"""Delivery status notifications (RFC 3464) read from bytes: pure, standard library only.

A DSN is a ``multipart/report; report-type=delivery-status`` message: a
human-readable part, a ``message/delivery-status`` part (one block of
per-message fields, then one block per recipient: ``Final-Recipient``,
``Action``, ``Status``, ``Diagnostic-Code``…) and usually the returned
message or its headers (``message/rfc822`` or ``text/rfc822-headers``),
whose ``Message-ID`` names what we sent. The address the DSN was delivered
to (our envelope sender: ``Delivered-To``, ``X-Original-To`` or ``To``)
carries the delivery when digests are sent with VERP.

``parse_dsn`` gives one ``Notice`` per recipient block, or nothing for a
message that is not a DSN (an auto-reply, a person writing back).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import Message
from email.parser import BytesHeaderParser
from email.utils import getaddresses

_STATUS = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")
_SMTP_CODE = re.compile(r"\b([245])\d\d\b")
ENVELOPE_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "To")


@dataclass(frozen=True)
class Notice:
    """What a DSN says about one recipient of one message we sent."""

    report_id: str  # the DSN's own Message-ID (or a digest of its bytes): the same DSN read twice
    recipient: str  # Final-Recipient (else Original-Recipient), lower-cased
    original_recipient: str
    action: str  # failed | delayed | delivered | relayed | expanded
    status: str  # "5.1.1"
    diagnostic: str
    message_id: str  # of the returned message: "<digest-12@regtracker.org>", or ""
    envelope_to: tuple[str, ...]  # where the DSN was delivered: our (VERP) sender address

    @property
    def hard(self) -> bool:
        """A permanent failure (RFC 3463 class 5): the address will not take mail."""
        return self.action == "failed" and self.status.startswith("5.")


def parse_dsn(data: bytes) -> list[Notice]:
    """One notice per recipient block of a delivery-status report; [] for any other message."""
    message = message_from_bytes(data, policy=policy.compat32)
    report = _status_part(message)
    if report is None:
        return []
    blocks = report.get_payload()
    if not isinstance(blocks, list) or len(blocks) < 2:
        return []
    report_id = _header(message, "Message-ID") or "sha256:" + hashlib.sha256(data).hexdigest()
    message_id = _returned_message_id(message)
    envelope_to = tuple(
        address.lower()
        for name in ENVELOPE_HEADERS
        for _, address in getaddresses(message.get_all(name) or [])
        if address
    )
    return [
        notice
        for block in blocks[1:]
        if (notice := _notice(block, report_id, message_id, envelope_to)) is not None
    ]


def _status_part(message: Message) -> Message | None:
    if message.get_content_type() != "multipart/report":
        return None
    if (message.get_param("report-type") or "").lower() != "delivery-status":
        return None
    for part in message.walk():
        if part.get_content_type() == "message/delivery-status":
            return part
    return None


def _notice(block: Message, report_id: str, message_id: str, envelope_to) -> Notice | None:
    recipient = _address(block.get("Final-Recipient", "")) or _address(
        block.get("Original-Recipient", "")
    )
    if not recipient:
        return None
    diagnostic = " ".join(str(block.get("Diagnostic-Code", "")).split())
    return Notice(
        report_id=report_id,
        recipient=recipient,
        original_recipient=_address(block.get("Original-Recipient", "")),
        action=str(block.get("Action", "")).strip().lower(),
        status=_status(str(block.get("Status", "")), diagnostic),
        diagnostic=diagnostic[:1000],
        message_id=message_id,
        envelope_to=envelope_to,
    )


def _address(field: str) -> str:
    """ "rfc822; Reader@Example.com" → "reader@example.com"; other address types → ""."""
    kind, _, value = str(field).partition(";")
    if kind.strip().lower() != "rfc822":
        return ""
    addresses = [a for _, a in getaddresses([value.strip()]) if "@" in a]
    return addresses[0].lower() if addresses else ""


def _status(status: str, diagnostic: str) -> str:
    """The RFC 3463 code; from the SMTP reply when the Status field is missing or garbled."""
    for text in (status, diagnostic):
        if match := _STATUS.search(text):
            return ".".join(match.groups())
    if match := _SMTP_CODE.search(diagnostic):
        return f"{match.group(1)}.0.0"
    return ""


def _returned_message_id(message: Message) -> str:
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "message/rfc822":
            payload = part.get_payload()
            returned = payload[0] if isinstance(payload, list) and payload else None
            if isinstance(returned, Message):
                return _header(returned, "Message-ID")
        elif kind == "text/rfc822-headers":
            raw = part.get_payload(decode=True) or b""
            return _header(BytesHeaderParser().parsebytes(raw), "Message-ID")
    return ""


def _header(message: Message, name: str) -> str:
    return " ".join(str(message.get(name, "")).split())
