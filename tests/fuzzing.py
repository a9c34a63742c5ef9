"""Mutations of real recorded samples, and the property every source's parser must keep.

Each source's fuzz test (``tests/test_<source>_fuzz.py``) feeds its registered
``parse_file`` files made from its real samples by one of these mutations:

- bytes: a slice deleted, replaced or repeated, random bytes inserted, the
  file cut short (what a broken download or a bad disk gives);
- JSON: one node anywhere in the tree replaced by a value of another shape (a
  string where an object was, a list of strings, null, a huge number, text
  with a lone surrogate or a NUL, thousands of nested arrays);
- markup: thousands of nested tags, or a tag renamed, inserted anywhere.

The property: the parser returns records, each of which is storable (JSON
with any character encodes, and ``validate`` passes or raises RecordError), or
it raises ``ParseError`` naming the source and the file; in bounded time.
Examples are derandomised and few, so CI runs the same inputs every time and
stays fast; raise ``FUZZ_EXAMPLES`` locally to look further.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrapers.errors import ParseError
from scrapers.records import BillRecord, RecordError
from scrapers.registry import get_source

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))
SECONDS_PER_INPUT = 30  # generous: CI machines are shared; a hang takes far longer

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the same inputs on every run: a fuzz failure is never flaky
    database=None,
    deadline=None,  # timed below, with room for a loaded machine
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_HOSTILE_TEXT = st.sampled_from(
    ["AI \ud800 model", "\udfff", "nul\x00byte", "", " ", "x" * 5000, "\u202e\ufeff", "0000-00-00"]
)
_DEEP = "__fuzz_deeply_nested_arrays__"  # a placeholder no sample holds
_HOSTILE_VALUES = st.one_of(
    _HOSTILE_TEXT,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False),
    st.just([]),
    st.just({}),
    st.lists(_HOSTILE_TEXT, max_size=3),
    st.dictionaries(_HOSTILE_TEXT, _HOSTILE_TEXT, max_size=2),
    st.just({"count": 3, "url": "https://api.congress.gov/v3/x"}),
)


@st.composite
def mutated(draw: st.DrawFn, sample: bytes) -> bytes:
    """``sample`` with one mutation: of its bytes, of its JSON tree, or of its markup."""
    kinds = ["bytes", "markup"]
    tree = _json_or_none(sample)
    if tree is not None:
        kinds += ["json", "json", "deep-json"]
    kind = draw(st.sampled_from(kinds))
    if kind == "json":
        return _mutate_json(draw, tree)
    if kind == "deep-json":
        depth = draw(st.sampled_from([100, 5_000]))
        # Written as text: json.dumps itself would recurse once per level.
        deep = ("[" * depth + '"AI"' + "]" * depth).encode()
        return _mutate_json(draw, tree, replacement=_DEEP).replace(
            b'"' + _DEEP.encode() + b'"', deep
        )
    if kind == "markup":
        return _mutate_markup(draw, sample)
    return _mutate_bytes(draw, sample)


def _json_or_none(sample: bytes) -> Any:
    try:
        return json.loads(sample)
    except ValueError:
        return None


def _nodes(tree: Any) -> list[tuple]:
    """Paths to every node of a JSON tree, found without recursion."""
    paths, stack = [], [((), tree)]
    while stack:
        path, node = stack.pop()
        paths.append(path)
        if isinstance(node, dict | list):
            items = node.items() if isinstance(node, dict) else enumerate(node)
            stack.extend((path + (key,), child) for key, child in items)
    return sorted(paths, key=len)


def _mutate_json(draw: st.DrawFn, tree: Any, replacement: Any = None) -> bytes:
    paths = _nodes(tree)
    path = paths[draw(st.integers(min_value=0, max_value=len(paths) - 1))]
    value = replacement if replacement is not None else draw(_HOSTILE_VALUES)
    if not path:
        tree = value
    else:
        parent = tree
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = value
    return json.dumps(tree).encode()  # lone surrogates become "\\ud800" escapes, as in the wild


def _mutate_markup(draw: st.DrawFn, sample: bytes) -> bytes:
    at = draw(st.integers(min_value=0, max_value=len(sample)))
    depth = draw(st.sampled_from([10, 5_000]))
    tag = draw(st.sampled_from([b"div", b"b", b"table", b"p", b"BILL"]))
    opening, closing = b"<" + tag + b">", b"</" + tag + b">"
    return sample[:at] + opening * depth + b"AI" + closing * depth + sample[at:]


def _mutate_bytes(draw: st.DrawFn, sample: bytes) -> bytes:
    start = draw(st.integers(min_value=0, max_value=len(sample)))
    end = draw(st.integers(min_value=start, max_value=min(len(sample), start + 200)))
    op = draw(st.sampled_from(["delete", "replace", "insert", "repeat", "truncate"]))
    noise = draw(st.binary(min_size=1, max_size=40))
    if op == "delete":
        return sample[:start] + sample[end:]
    if op == "replace":
        return sample[:start] + noise + sample[end:]
    if op == "insert":
        return sample[:start] + noise + sample[start:]
    if op == "repeat":
        return sample[:end] + sample[start:end] * 50 + sample[end:]
    return sample[:start]


def check_parse(source_name: str, name: str, data: bytes, siblings: list[Path] = ()) -> None:
    """Write ``data`` as ``name`` (beside unmutated ``siblings``) and check the property."""
    source = get_source(source_name)
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        for sibling in siblings:
            shutil.copy(sibling, folder / sibling.name)
        path = folder / name
        path.write_bytes(data)
        started = time.monotonic()
        try:
            records = source.parse_file(path)
        except ParseError as exc:
            message = str(exc)  # names the source, the file and what was expected
            assert message.startswith(f"[{source_name}] {path}") and ": expected " in message
            message.encode("utf-8")  # storable in the run's error, printable anywhere
            records = []
        assert time.monotonic() - started < SECONDS_PER_INPUT
        for record in records:
            assert_storable(record)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def assert_storable(record: BillRecord) -> None:
    """A record the importer can take or reject cleanly, and print in any encoding."""
    assert isinstance(record, BillRecord)
    record.normalised()
    json.dumps(record.to_dict(), ensure_ascii=False).encode("utf-8")
    try:
        record.validate()
    except RecordError:
        pass


FIXTURES = Path(__file__).parent / "fixtures"


def sample_paths(corpus_dir: Path, sample: str, siblings: list[str]) -> tuple[Path, list[Path]]:
    """The sample's path ("fixtures:..." under tests/fixtures, else in the corpus) and the
    sibling files (glob patterns in the corpus) to put beside each mutation of it."""
    path = (
        FIXTURES / sample.split(":", 1)[1]
        if sample.startswith("fixtures:")
        else corpus_dir / sample
    )
    beside = [p for pattern in siblings for p in sorted(corpus_dir.glob(pattern)) if p != path]
    return path, beside


def fuzz_samples(source_name: str, corpus_dir: Path, sample: str, siblings: list[str]) -> None:
    """Run the property on mutations of one sample; each source's test module names its samples.

    One body for every source, so a change to how samples are mutated or checked reaches all
    seven at once.
    """
    path, sibling_paths = sample_paths(corpus_dir, sample, siblings)

    @FUZZ_SETTINGS
    @given(mutated(path.read_bytes()))
    def check(data: bytes) -> None:
        check_parse(source_name, path.name, data, sibling_paths)

    check()
