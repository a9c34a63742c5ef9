"""A digest's MIME bytes, written directly: the standard library's generator is most of a send.

Django builds a message with ``email.mime`` and serialises it with the
standard library's generator, which walks every line of every part in Python
and folds every header: at 30 KB a digest that costs more than rendering it.
A digest always has the same shape (a multipart/alternative of a plain-text
and an HTML part, both UTF-8), so ``serialise`` writes those bytes itself,
with the transfer encodings Django would pick: 7bit or 8bit, and
quoted-printable when a line is longer than RFC 5322 allows.

``PreparedEmail`` is still an ``EmailMultiAlternatives`` (subject, body,
alternatives and headers as usual, so every mail backend and the test outbox
read it the same); only its ``message()`` hands the backends these bytes.
"""

from __future__ import annotations

import binascii
import re
import secrets
from email import message_from_bytes, policy
from email.header import Header
from email.message import Message
from email.utils import formatdate, parseaddr
from functools import lru_cache

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import BadHeaderError, sanitize_address

CRLF = b"\r\n"
LINE_LIMIT = 998  # RFC 5322 2.1.1, without the CRLF
ADDRESS_HEADERS = frozenset({"from", "to", "reply-to"})
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_PLAIN_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")


def serialise(headers: list[tuple[str, str]], text: str, html: str) -> bytes:
    """The whole message: ``headers`` (From, To, Subject, …), then the two parts, CRLF line ends."""
    parts = [_part("plain", text), _part("html", html)]
    boundary = _boundary(parts)
    head = [_header(name, value) for name, value in headers]
    head += [
        b'Content-Type: multipart/alternative; boundary="' + boundary + b'"',
        b"MIME-Version: 1.0",
    ]
    out = [CRLF.join(head), CRLF, CRLF]
    for part in parts:
        out += [b"--", boundary, CRLF, part, CRLF]
    out += [b"--", boundary, b"--", CRLF]
    return b"".join(out)


def _part(subtype: str, content: str) -> bytes:
    data = content.encode("utf-8")
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if data.isascii() and _longest_line(data) <= LINE_LIMIT:
        encoding = b"7bit"
    elif _longest_line(data) <= LINE_LIMIT:
        encoding = b"8bit"
    else:
        encoding = b"quoted-printable"
        data = binascii.b2a_qp(data, quotetabs=False, istext=True)
    head = b'Content-Type: text/%s; charset="utf-8"\r\nContent-Transfer-Encoding: %s\r\n\r\n' % (
        subtype.encode(),
        encoding,
    )
    return head + data.replace(b"\n", CRLF)


def _longest_line(data: bytes) -> int:
    return max(map(len, data.split(b"\n")), default=0)


def _boundary(parts: list[bytes]) -> bytes:
    while True:
        boundary = b"===============" + secrets.token_hex(12).encode() + b"=="
        if not any(boundary in part for part in parts):
            return boundary


def _header(name: str, value: str) -> bytes:
    if "\n" in value or "\r" in value:
        raise BadHeaderError(f"Header values can't contain newlines (got {value!r} for {name!r})")
    if name.lower() in ADDRESS_HEADERS:
        value = _address(value)
    elif not value.isascii():
        value = Header(value, "utf-8", header_name=name).encode(linesep="\r\n")
    elif len(name) + len(value) > 76 and " " in value:  # folded as the generator would
        value = Header(value, header_name=name).encode(linesep="\r\n")
    return f"{name}: {value}".encode("ascii")


@lru_cache(maxsize=64)  # the sender is the same on every message
def _address(value: str) -> str:
    """As ``sanitize_address`` writes it; a plain ASCII ``local@domain`` is already written so."""
    if _PLAIN_ADDRESS.fullmatch(value):
        return value
    return sanitize_address(value, "utf-8")


class SerialisedMessage:
    """What a mail backend gets from ``PreparedEmail.message()``: the bytes, ready.

    Backends call ``as_bytes`` (SMTP, file, console) and ``get_charset``
    (console); anything else a caller asks of a message is answered from the
    bytes parsed.
    """

    def __init__(self, data: bytes):
        self._data = data
        self._parsed: Message | None = None

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self._data if linesep == "\r\n" else self._data.replace(CRLF, linesep.encode())

    def as_string(self, unixfrom: bool = False, linesep: str = "\n") -> str:
        return self.as_bytes(unixfrom, linesep).decode("utf-8", "surrogateescape")

    def get_charset(self) -> None:
        return None  # each part names its own: utf-8

    def __getitem__(self, name: str):
        return self.parsed[name]

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.parsed, name)

    @property
    def parsed(self) -> Message:
        if self._parsed is None:
            self._parsed = message_from_bytes(self._data, policy=policy.compat32)
        return self._parsed


class PreparedEmail(EmailMultiAlternatives):
    """A plain-text and HTML email whose MIME bytes are written by ``serialise``.

    ``from_email`` is the envelope sender (where bounces go) and, unless
    ``headers`` has a "From", the From header too, as with Django's messages.
    """

    def __init__(self, subject: str, text: str, html: str, from_email: str, to: str, headers):
        super().__init__(subject, text, from_email, [to], headers=headers)
        self.attach_alternative(html, "text/html")

    def envelope(self) -> tuple[str, list[str]]:
        """(sender, [recipient]) as SMTP's MAIL FROM and RCPT TO take them."""
        return parseaddr(_address(self.from_email))[1], [parseaddr(_address(self.to[0]))[1]]

    def message(self) -> SerialisedMessage:
        sender = self.extra_headers.get("From", self.from_email)
        headers = [("Subject", self.subject), ("From", sender), ("To", self.to[0])]
        if not any(name.lower() == "date" for name in self.extra_headers):
            headers.append(("Date", formatdate(localtime=settings.EMAIL_USE_LOCALTIME)))
        headers += [(k, v) for k, v in self.extra_headers.items() if k.lower() != "from"]
        return SerialisedMessage(serialise(headers, self.body, self.alternatives[0][0]))
