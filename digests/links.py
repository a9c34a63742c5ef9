"""Absolute links for emails: the site's address (``SITE_URL``) and the signed pages."""

from __future__ import annotations

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
