"""Signed links for confirm, manage and unsubscribe: no account, no login, and they expire.

``django.core.signing`` with a salt per purpose, so a manage link cannot be
replayed as a confirmation and the other way round. The payload binds the
subscription id to its address: a token outlives nothing it was not made for.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing

from .models import Subscription

MAX_AGE = {
    "confirm": timedelta(days=3),
    "manage": timedelta(days=120),
    # RFC 8058 asks that one-click unsubscribe keeps working long after the mail was sent.
    "unsubscribe": timedelta(days=400),
}


class BadToken(Exception):
    """The link was altered, made for another purpose, or has expired."""


def make_token(subscription: Subscription, purpose: str) -> str:
    payload = {"s": subscription.pk, "e": subscription.email.lower()}
    return signing.dumps(payload, salt=_salt(purpose), compress=True)


def read_token(token: str, purpose: str) -> Subscription:
    """The subscription a token names; raises BadToken for an altered or expired one."""
    try:
        payload = signing.loads(token, salt=_salt(purpose), max_age=MAX_AGE[purpose])
    except signing.SignatureExpired as exc:
        raise BadToken("This link has expired.") from exc
    except signing.BadSignature as exc:
        raise BadToken("This link is not valid.") from exc
    found = Subscription.objects.filter(pk=payload.get("s")).first()
    if found is None or found.email.lower() != payload.get("e"):
        raise BadToken("This link is not valid.")
    return found


def _salt(purpose: str) -> str:
    if purpose not in MAX_AGE:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return f"digests.{purpose}"
