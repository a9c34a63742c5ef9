"""Delivery status notifications (RFC 3464) read from real-format messages written for these tests
(Postfix, Exim and a large provider's headers-only report, a success notice, an auto-reply)."""

from __future__ import annotations

from pathlib import Path

from digests.dsn import Notice, parse_dsn

FIXTURES = Path(__file__).parent / "fixtures" / "digests"
VALUES = {
    "envelope_to": "bounces+12-0123456789@regtracker.example",
    "recipient": "Reader@Example.com",
    "message_id": "<digest-12@regtracker.example>",
}


def dsn(name: str, **values: str) -> bytes:
    return (FIXTURES / name).read_text().format(**{**VALUES, **values}).encode()


def test_a_postfix_report_of_an_unknown_user_is_a_hard_bounce_naming_our_digest():
    [notice] = parse_dsn(dsn("postfix_user_unknown.eml"))
    assert notice == Notice(
        report_id="<20261130070112.4Q1a2b3c4d@mail.example.net>",
        recipient="reader@example.com",
        original_recipient="reader@example.com",
        action="failed",
        status="5.1.1",
        diagnostic=(
            "smtp; 550 5.1.1 <Reader@Example.com>: Recipient address rejected: User unknown in "
            "virtual mailbox table"
        ),
        message_id="<digest-12@regtracker.example>",
        envelope_to=(
            "bounces+12-0123456789@regtracker.example",
            "bounces+12-0123456789@regtracker.example",
        ),
    )
    assert notice.hard


def test_an_exim_delay_warning_is_temporary_and_reads_the_returned_headers():
    [notice] = parse_dsn(dsn("exim_delayed.eml"))
    assert (notice.action, notice.status, notice.hard) == ("delayed", "4.0.0", False)
    assert notice.message_id == "<digest-12@regtracker.example>"  # from text/rfc822-headers
    assert notice.envelope_to == ("bounces+12-0123456789@regtracker.example",) * 2


def test_a_headers_only_report_without_original_recipient_is_read():
    [notice] = parse_dsn(dsn("headers_only_mailbox_disabled.eml"))
    assert (notice.recipient, notice.original_recipient) == ("reader@example.com", "")
    assert (notice.status, notice.hard) == ("5.2.1", True)
    assert notice.diagnostic.startswith("smtp; 550-5.2.1 The email account")


def test_a_success_notice_is_read_but_is_no_failure():
    [notice] = parse_dsn(dsn("delivered_notice.eml"))
    assert (notice.action, notice.status, notice.hard) == ("delivered", "2.0.0", False)
    assert notice.report_id == "<20261130070112.success@mail.example.net>"


def test_an_auto_reply_or_a_plain_message_is_not_a_report():
    assert parse_dsn(dsn("out_of_office.eml")) == []
    assert parse_dsn(b"Subject: hello\r\n\r\nJust a note.\r\n") == []
    assert parse_dsn(b"") == []


def test_a_missing_status_is_taken_from_the_smtp_reply_and_a_missing_id_from_the_bytes():
    data = dsn("postfix_user_unknown.eml")
    data = data.replace(b"Status: 5.1.1\n", b"").replace(b"5.1.1", b"")
    data = data.replace(b"Message-Id: <20261130070112.4Q1a2b3c4d@mail.example.net>\n", b"")
    [notice] = parse_dsn(data)
    assert notice.status == "5.0.0"  # "550" in the Diagnostic-Code
    assert notice.report_id.startswith("sha256:") and len(notice.report_id) == 71
    assert parse_dsn(data) == [notice]  # the same bytes, the same id


def test_a_recipient_block_of_another_address_type_is_skipped():
    data = (
        dsn("postfix_user_unknown.eml")
        .replace(b"Final-Recipient: rfc822;", b"Final-Recipient: x400;")
        .replace(b"Original-Recipient: rfc822;", b"Original-Recipient: x400;")
    )
    assert parse_dsn(data) == []
