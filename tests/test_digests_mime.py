"""The digest's MIME bytes written directly: what the standard library's parser reads back."""

from __future__ import annotations

from email import message_from_bytes, policy

import pytest
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import BadHeaderError

from digests.mime import PreparedEmail, serialise

HEADERS = [("Subject", "RegTracker daily digest"), ("From", "RegTracker <alerts@example.org>"),
           ("To", "reader@example.com")]  # fmt: skip


def _read(data: bytes):
    return message_from_bytes(data, policy=policy.default)


def test_both_parts_read_back_as_written_with_crlf_line_ends():
    text = "Civil penalty: up to $10,000,000 → up to $1,000,000 per violation\n.leading dot\n"
    html = "<p>Civil penalty → <a href='x'>link</a></p>\n"
    data = serialise(HEADERS, text, html)
    assert b"\n" not in data.replace(b"\r\n", b"")  # no bare line feeds on the wire
    message = _read(data)
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"] == "RegTracker daily digest"
    assert message["From"] == "RegTracker <alerts@example.org>"
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n") == text
    assert message.get_body(("html",)).get_content().replace("\r\n", "\n") == html
    assert message.get_body(("plain",))["Content-Transfer-Encoding"] == "8bit"


def test_an_ascii_part_is_7bit_and_a_line_too_long_for_smtp_is_quoted_printable():
    long_line = "word " * 400  # 2,000 characters: RFC 5322 allows 998
    data = serialise(HEADERS, "plain ascii\n", f"<p>{long_line}é</p>\n")
    message = _read(data)
    assert message.get_body(("plain",))["Content-Transfer-Encoding"] == "7bit"
    html = message.get_body(("html",))
    assert html["Content-Transfer-Encoding"] == "quoted-printable"
    assert html.get_content().strip() == f"<p>{long_line}é</p>"
    assert max(len(line) for line in data.split(b"\r\n")) <= 998


def test_a_non_ascii_subject_and_address_are_encoded_as_django_would():
    headers = [("Subject", "Digest: Zürich → Genève"), ("To", "josé@bücher.de")]
    message = _read(serialise(headers, "x\n", "<p>x</p>\n"))
    assert str(message["Subject"]) == "Digest: Zürich → Genève"
    assert b"Subject: =?utf-8?" in serialise(headers, "x\n", "<p>x</p>\n")
    assert b"xn--bcher-kva.de" in serialise(headers, "x\n", "<p>x</p>\n")


def test_a_header_with_a_line_break_is_refused():
    with pytest.raises(BadHeaderError):
        serialise([("Subject", "hello\r\nBcc: everyone@example.com")], "x", "y")


def test_the_boundary_never_occurs_in_a_part():
    data = serialise(HEADERS, "--===============\n", "<p>==</p>\n")
    message = _read(data)
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]


def test_a_prepared_email_is_a_django_email_for_every_backend():
    email = PreparedEmail("Subject", "text body\n", "<p>html</p>\n", "bounces@example.org",
                          "reader@example.com", headers={"From": "RegTracker <alerts@example.org>",
                                                         "Message-ID": "<digest-7@example.org>"})  # fmt: skip
    assert isinstance(email, EmailMultiAlternatives)
    assert (email.body, email.alternatives[0][0]) == ("text body\n", "<p>html</p>\n")
    assert email.envelope() == ("bounces@example.org", ["reader@example.com"])
    message = email.message()
    assert message["From"] == "RegTracker <alerts@example.org>"  # the header, not the envelope
    assert message["Message-ID"] == "<digest-7@example.org>"
    assert message["Date"]
    assert message.as_bytes().count(b"\r\n") == 0  # the local line ends a file backend writes
    assert _read(message.as_bytes(linesep="\r\n")).get_body(("plain",)).get_content() == (
        "text body\r\n"
    )
