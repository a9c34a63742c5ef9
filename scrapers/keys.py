"""API keys come from settings (the environment), never from code, and never appear in errors."""

from __future__ import annotations

from .errors import ScrapeError


def required_api_key(source: str, setting: str) -> str:
    """The key in ``settings.<setting>``; a clear ScrapeError naming the variable if unset."""
    from django.conf import settings

    key = getattr(settings, setting, "")
    if not key:
        raise ScrapeError(f"[{source}] {setting} is not set")
    return key
