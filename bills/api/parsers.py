"""The API's JSON parser, refusing bodies nested deeper than any real request needs.

Python's ``json`` recurses once per nesting level, so a 50,000-deep array
raises ``RecursionError`` (a 500 and a deep stack) before any validation runs.
The depth is measured first, in linear time over the brackets outside
strings, and an excessive one is a 400 like any other malformed body.
"""

from __future__ import annotations

import io
import re

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32  # a profile is two levels deep; 32 leaves room for any future shape
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")


def json_depth(body: bytes, limit: int = MAX_DEPTH) -> int:
    """Deepest nesting of brackets outside strings, counting stops once past ``limit``."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(_STRINGS.sub(b'""', body)):
        depth += 1 if match.group() in b"[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
    return deepest


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read() if stream is not None else b""
        if json_depth(body) > MAX_DEPTH:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels.")
        return super().parse(io.BytesIO(body), media_type, parser_context)
