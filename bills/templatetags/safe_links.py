"""``{{ url|http_url }}``: a link target only when it is an http(s) URL, else empty.

Record URLs come from dozens of websites; a ``javascript:`` or ``data:`` URL
in a stored record must never become a clickable link (stored XSS). The
record layer refuses them on the way in; this filter guards what is already
stored and any other path into the database.
"""

from __future__ import annotations

from django import template

from scrapers.records import is_http_url

register = template.Library()


@register.filter
def http_url(value) -> str:
    value = str(value or "").strip()
    return value if is_http_url(value) else ""
