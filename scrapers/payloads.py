"""Reading untrusted payloads with bounds: JSON nesting, archive sizes, and any other surprise.

Recorded files come from anywhere (a folder a user points ``--from-dir`` at,
a cache of raw responses, a mirror), so a parser must end in records or a
``ParseError`` whatever the bytes are. Three things the standard library does
not bound are bounded here:

- ``load_json``: ``json.loads`` recurses once per nesting level and ends in
  ``RecursionError`` on a few thousand ``[``; real API responses nest fewer
  than 15 levels, so anything deeper than ``MAX_JSON_DEPTH`` is refused.
- ``read_zip_member``: a .docx (or any ZIP) can declare or hide gigabytes
  behind a few kilobytes; a member is read in chunks and refused past
  ``MAX_DECOMPRESSED_BYTES``, and an archive with more than ``MAX_ZIP_MEMBERS``
  entries is refused before anything is inflated.
- ``guard_parser``: the last line of defence every registered ``parse_file``
  goes through (``scrapers.registry.register``). A wrong type deep in a payload
  (a string where an object was expected) ends as a ``ParseError`` naming the
  source, the file and what the source reads, not as a traceback.
"""

from __future__ import annotations

import functools
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import ParseError, ScrapeError

MAX_JSON_DEPTH = 64
MAX_DECOMPRESSED_BYTES = 32 * 1024 * 1024  # far above any real bill text (the largest is ~2 MB)
MAX_ZIP_MEMBERS = 5_000
_CHUNK = 1024 * 1024

# What a malformed payload raises inside a parser that assumed its shape. MemoryError is
# left out on purpose: the bounds above keep parsers from needing that much.
_SHAPE_ERRORS = (
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    ValueError,  # includes UnicodeError and json.JSONDecodeError
    RecursionError,
    OverflowError,
    LookupError,
    zipfile.BadZipFile,
    EOFError,
)


def load_json(data: bytes | str, source: str, where: str, expected: str) -> Any:
    """Parsed JSON, or a ParseError naming ``expected`` (bad syntax, bad encoding, too deep)."""
    try:
        value = json.loads(data)
    except RecursionError:
        raise ParseError(source, where, f"{expected} (JSON nested too deeply)") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ParseError(source, where, f"{expected} ({exc})") from None
    if json_depth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise ParseError(
            source, where, f"{expected} (JSON nested deeper than {MAX_JSON_DEPTH} levels)"
        )
    return value


def json_depth(value: Any, limit: int) -> int:
    """Nesting depth of parsed JSON, counted without recursion; stops once past ``limit``."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, dict | list):
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def read_zip_member(
    data: bytes, member: str, source: str, where: str, limit: int = MAX_DECOMPRESSED_BYTES
) -> bytes:
    """One member of a ZIP archive held in memory, inflated to at most ``limit`` bytes."""
    expected = f"a ZIP archive with {member}"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if len(archive.infolist()) > MAX_ZIP_MEMBERS:
                raise ParseError(source, where, f"{expected} and at most {MAX_ZIP_MEMBERS} entries")
            info = archive.getinfo(member)
            if info.file_size > limit:
                raise ParseError(source, where, f"{expected} inflating to at most {limit} bytes")
            return _read_bounded(archive, info, limit, source, where, expected)
    except KeyError:
        raise ParseError(source, where, expected) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        raise ParseError(source, where, expected) from None


def _read_bounded(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, source: str, where: str, what: str
) -> bytes:
    # The declared size can lie; count what really comes out.
    out = bytearray()
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            out += chunk
            if len(out) > limit:
                raise ParseError(source, where, f"{what} inflating to at most {limit} bytes")
    return bytes(out)


def guard_parser(
    source: str, expected: str, parse_file: Callable[[Path], list]
) -> Callable[[Path], list]:
    """``parse_file`` that ends in its records or a ParseError, whatever the file holds.

    A ``ParseError`` of the parser passes through unchanged (it already says
    what went wrong), one of a shared reader is re-told with the source and
    file; other ``ScrapeError``s pass through; an unreadable path is a ParseError naming it; any shape
    error is a ParseError saying what the source reads, with the Python error
    for whoever debugs the parser.
    """

    @functools.wraps(parse_file)
    def guarded(path: Path) -> list:
        try:
            return parse_file(path)
        except ParseError as exc:
            if exc.source == source and exc.where.startswith(str(path)):
                raise
            # A shared reader (scrapers.text) named itself and a URL: name the source and file.
            raise ParseError(source, str(path), exc.expected) from None
        except ScrapeError:
            raise
        except OSError as exc:
            raise ParseError(
                source, str(path), f"a readable file ({exc.strerror or exc})"
            ) from None
        except _SHAPE_ERRORS as exc:
            detail = f"{type(exc).__name__}: {exc}"[:200]
            raise ParseError(source, str(path), f"{expected} ({detail})") from None

    guarded.unguarded = parse_file  # type: ignore[attr-defined]
    return guarded


# --------------------------------------------------------------------------- typed field access
# Parsers read a payload's fields through these, so that a field of the wrong type (a string
# where an object was, a list where a number was) reads as absent instead of raising.


def text(value: Any) -> str:
    """A text field: strings as they are, numbers written out, anything else ""."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def number(value: Any) -> int:
    """A whole-number field (an int, or a string of digits); anything else 0."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return 0


def obj(value: Any) -> dict[str, Any]:
    """An object field; anything else an empty one."""
    return value if isinstance(value, dict) else {}


def objects(value: Any) -> list[dict[str, Any]]:
    """The objects of a list field, skipping items of another type."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def texts(value: Any) -> list[str]:
    """The non-empty texts of a list field, skipping items of another type."""
    return [t for t in (text(item) for item in value) if t] if isinstance(value, list) else []
