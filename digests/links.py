"""Absolute links for emails: the site's address (``SITE_URL``) and the signed pages."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.urls import reverse

from .models import Subscription
from .tokens import make_token


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def confirm_url(subscription: Subscription) -> str:
    return absolute(reverse("digests:confirm", args=[make_token(subscription, "confirm")]))


def manage_url(subscription: Subscription) -> str:
    return absolute(reverse("digests:manage", args=[make_token(subscription, "manage")]))


def unsubscribe_url(subscription: Subscription) -> str:
    return absolute(reverse("digests:unsubscribe", args=[make_token(subscription, "unsubscribe")]))


def signed_link_maker(name: str, purpose: str) -> Callable[[Subscription], str]:
    """``manage_url``/``unsubscribe_url`` for many subscriptions: the page is reversed once.

    A token is URL-safe base64 and colons, which ``reverse`` leaves as they are,
    so the link is the same as reversing it with the token.
    """
    mark = "TOKEN"
    before, after = reverse(f"digests:{name}", args=[mark]).split(mark)
    prefix = absolute(before)
    return lambda subscription: f"{prefix}{make_token(subscription, purpose)}{after}"
