"""A real SMTP server on localhost (aiosmtpd) for the digest tests, and settings pointing at it.

The server keeps every accepted message, parsed; ``reply`` lets a test make
the server refuse a recipient (a bounce) or react to a message (kill a worker
in the middle of a batch) before it answers.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.reply: Callable[[str, EmailMessage], str | None] | None = None
        self.lock = threading.Lock()
        self.sessions = 0  # EHLO greetings: one per SMTP connection
        self.envelopes: list[tuple[str, list[str]]] = []  # (MAIL FROM, RCPT TO) of each DATA

    async def handle_EHLO(self, server, session, envelope, hostname, responses) -> list[str]:
        session.host_name = hostname
        with self.lock:
            self.sessions += 1
        return responses

    async def handle_DATA(self, server, session, envelope) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        recipient = envelope.rcpt_tos[0]
        with self.lock:
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        if self.reply is not None:
            answer = self.reply(recipient, message)
            if answer:
                return answer
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if address in str(m["To"])]

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    """(inbox, port) of a running SMTP server; stopped after the test."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture
def smtp_inbox(smtp_server, settings) -> Inbox:
    """Django's mail goes to the real SMTP server (as EMAIL_URL=smtp://127.0.0.1:port would)."""
    from regtracker.env import email_from_url

    inbox, port = smtp_server
    for name, value in email_from_url(f"smtp://127.0.0.1:{port}").items():
        setattr(settings, name, value)
    return inbox


def parts(message: EmailMessage) -> tuple[str, str]:
    """The plain-text and HTML bodies of a digest."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html
