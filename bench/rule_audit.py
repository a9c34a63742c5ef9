"""Audit of the extraction rules: how widely each alternative of each rule matches real law.

Usage: python -m bench.rule_audit [--shared DIR] [--all]

Every regex of ``bills/extraction/rules.py`` (the topic rows, the enforcement
rules and the module's other patterns) is split into its top-level
alternatives (``a|b|c`` at depth 0), and every guard word is taken on its
own. Each is run over every sentence (a unit: a sentence with any list folded
under it) of every law text in the corpus: ``bill_texts/``, the Federal
Register wrapper and daily issue (one document per FR document), and the
LegiScan bill text. The table counts, for each, the sentences and the distinct
documents it matches, and whether it matches its rule's own example.

An alternative runs as its rule does: only on a sentence holding one of its
rule's guards; one anchored at the start of a clause (``^``, or a pattern the
classifier applies with ``match``) runs on the sentence and on the clauses
before and after each modal. An alternative that matches at most one sentence
of the corpus was written for that sentence, not for a legal pattern: remove
it, or generalise it, prove it on realistic sentences of other shapes in the
tests, and list it in ``bench/rule_audit_listed.py`` with the reason and two sentences.
Guard words are counted and shown, not judged: each only admits its rule's alternatives.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.rule_audit_listed import LISTED  # noqa: E402
from bills.extraction import rules  # noqa: E402
from bills.extraction.casing import fold_capitals  # noqa: E402
from bills.extraction.classify import modal_clauses  # noqa: E402
from bills.extraction.loading import load_text  # noqa: E402
from bills.extraction.sentences import children, iter_units  # noqa: E402
from bills.extraction.structure import parse_structure  # noqa: E402

# Patterns the classifier applies with ``match`` (at the start of the clause after a modal).
MATCHED_AT_START = frozenset({"INERT_RE", "INCLUDE_RE", "RENEWAL_RE", "GOVERNMENT_AI_USE_RE"})


@dataclass(frozen=True)
class Alternative:
    """One top-level alternative of a rule's regex, or one of its guard words."""

    rule: str
    source: str
    regex: re.Pattern[str] | None = None  # None for a guard word
    admits: tuple[str, ...] = ()  # the rule's guards: one must occur in the sentence
    at_start: bool = False  # runs on clause starts, not anywhere in the sentence
    examples: tuple[str, ...] = ()

    @property
    def guard(self) -> bool:
        return self.regex is None

    def matches(self, sentence: Sentence) -> bool:
        """Whether this alternative fires on ``sentence`` as its rule would."""
        if self.guard:
            return any(self.source in lowered for lowered in sentence.lowered)
        for text, lowered in zip(sentence.texts, sentence.lowered, strict=True):
            if self.admits and not any(word in lowered for word in self.admits):
                continue
            if self.at_start and any(self.regex.match(start) for start in sentence.starts):
                return True
            if not self.at_start and self.regex.search(text):
                return True
        return False


@dataclass
class Sentence:
    """A sentence as the classifier reads it: ``texts`` are the sentence with its list and,
    for a list, the lead joined to each item; ``starts`` are where a rule anchored at a start
    runs: the lead, and the clauses before and after each modal."""

    texts: list[str]
    starts: list[str]
    lowered: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.lowered = [text.lower() for text in self.texts]


@dataclass
class Row:
    """What the audit found for one alternative."""

    alternative: Alternative
    sentences: int = 0
    documents: set[str] = field(default_factory=set)
    in_examples: bool = False
    first: tuple[str, str] | None = None  # (document, sentence) of the first match

    @property
    def rare(self) -> bool:
        """A regex alternative that matches at most one sentence: written for a sentence, not a
        pattern. (A guard word only admits its rule's alternatives; it is shown, not judged.)"""
        return not self.alternative.guard and self.sentences <= 1

    @property
    def listed(self) -> str:
        """The reason it stays though rare (``bench/rule_audit_listed.py``), or ""."""
        entry = LISTED.get((self.alternative.rule, self.alternative.source))
        return entry.reason if entry and not self.alternative.guard else ""


def split_alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern``: split at ``|`` outside groups and classes.

    An alternative that is one whole group (``(?:a|b)``) is split inside it too, so
    wrapping alternatives in a group does not hide them from the audit.
    """
    parts: list[str] = []
    for part in _split(pattern):
        inner = _whole_group(part)
        parts.extend(split_alternatives(inner) if inner is not None else [part])
    return parts


def _split(pattern: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for index, char in _structure(pattern):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
    parts.append(pattern[start:])
    return parts


def _whole_group(part: str) -> str | None:
    """The inside of ``part`` when it is one non-capturing group and nothing else."""
    if not part.startswith("(?:"):
        return None
    depth = 0
    for index, char in _structure(part):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return part[3:index] if index == len(part) - 1 else None
    return None


def _structure(pattern: str) -> Iterator[tuple[int, str]]:
    """(index, character) of the parentheses and bars that give ``pattern`` its structure:
    none escaped or inside a character class."""
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]" or pattern[index - 1] == "["
        elif char == "[":
            in_class = True
            index += 1 if pattern[index + 1 : index + 2] == "^" else 0
        elif char in "()|":
            yield index, char
        index += 1


def _alternatives(
    rule: str, pattern: re.Pattern[str], guards: Iterable[str] = (), examples: tuple = ()
) -> list[Alternative]:
    guards = tuple(guards)
    found = []
    for source in split_alternatives(pattern.pattern):
        at_start = source.startswith("^") or rule in MATCHED_AT_START
        regex = re.compile(source, pattern.flags)
        found.append(Alternative(rule, source, regex, guards, at_start, examples))
    found.extend(Alternative(rule, guard) for guard in guards)
    return found


def rule_alternatives() -> list[Alternative]:
    """Every alternative and guard of every pattern in ``bills.extraction.rules``."""
    found: list[Alternative] = []
    for rule in rules.TOPIC_RULES:
        found += _alternatives(rule.id, rule.pattern, rule.guards, (rule.example,))
    covered = set()
    for category, (guards, regex) in rules._ENFORCEMENT_RULES.items():
        found += _alternatives(f"enforcement.{category}", regex, guards)
        covered.add(id(regex))
    for category, regex in rules.NEGATED_DUTY_RULES:
        found += _alternatives(f"negated.{category}", regex)
    for name, value in sorted(vars(rules).items()):
        if isinstance(value, re.Pattern) and id(value) not in covered:
            guards = rules._SKIP_GUARDS if name == "SKIP_SENTENCE_RE" else ()
            found += _alternatives(name, value, guards)
    return found


def corpus_documents(corpus: Path) -> Iterator[tuple[str, str]]:
    """(name, text) of every law text in the corpus: bills, statutes, orders, FR documents."""
    for path in sorted((corpus / "bill_texts").iterdir()):
        yield path.name, load_text(path)
    for path in sorted((corpus / "federal").rglob("*.json")):
        yield path.name, load_text(path)
    from scrapers.sources.federal_register.daily_issue import parse_daily_issue

    for path in sorted((corpus / "federal").glob("*.xml")):
        for record in parse_daily_issue(path.read_bytes(), path.name):
            text = "\n".join(version.text for version in record.versions)
            yield f"{path.name}#{record.identifier}", text
    from scrapers.sources.legiscan.payloads import parse_bill_text

    for path in sorted((corpus / "api_formats").rglob("text_*.json")):
        yield path.name, parse_bill_text(json.loads(path.read_bytes()), path.name).text


def document_sentences(text: str) -> list[Sentence]:
    """Every sentence of ``text`` (with any list it introduces), as the extractor cuts and reads
    them (capitals folded to sentence case)."""
    text = fold_capitals(text)
    structure = parse_structure(text)
    found = []
    for unit in iter_units(text, structure.blocks):
        lead = text[unit.start : unit.lead_end]
        texts = [text[unit.start : unit.end]]
        texts += [f"{lead} {text[item.start : end]}" for item, end in children(unit)]
        starts = [lead] + [
            part
            for each in texts
            for _, before, after in modal_clauses(each)
            for part in (before, after)
        ]
        found.append(Sentence(texts, starts))
    return found


def audit(documents: Iterable[tuple[str, str]], alternatives: list[Alternative]) -> list[Row]:
    """One row per alternative: the sentences and documents of ``documents`` it matches."""
    rows = [Row(alt, in_examples=_in_examples(alt)) for alt in alternatives]
    for name, text in documents:
        sentences = document_sentences(text)
        # Whatever a sentence's texts hold is in the document or in a lead joined to an item.
        whole = "\n".join([text, *(each for s in sentences for each in s.texts[1:])])
        lowered = whole.lower()
        for row in rows:
            if not _may_match(row.alternative, whole, lowered):
                continue
            for sentence in sentences:
                if row.alternative.matches(sentence):
                    row.sentences += 1
                    row.documents.add(name)
                    row.first = row.first or (name, sentence.texts[0])
    return rows


def _may_match(alt: Alternative, text: str, lowered: str) -> bool:
    """A cheap whole-document test that rules out documents the alternative cannot match."""
    if alt.guard:
        return alt.source in lowered
    if alt.admits and not any(word in lowered for word in alt.admits):
        return False
    return alt.at_start or bool(alt.regex.search(text))


def _in_examples(alt: Alternative) -> bool:
    return any(alt.matches(Sentence([text], [text])) for text in alt.examples)


def print_table(rows: list[Row], everything: bool) -> None:
    """The audit as a table: every alternative with ``everything``, else only the rare ones."""
    print("| rule | alternative | sentences | documents | own example | listed |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        if everything or row.rare:
            alt = row.alternative
            shown = ("guard " if alt.guard else "") + alt.source.replace("|", "\\|")
            listed = "yes" if row.listed else ""
            example = "yes" if row.in_examples else ""
            print(
                f"| {alt.rule} | `{shown}` | {row.sentences} | {len(row.documents)} "
                f"| {example} | {listed} |"
            )
    rare = [row for row in rows if row.rare]
    unlisted = [row for row in rare if not row.listed]
    guards = sum(1 for row in rows if row.alternative.guard)
    print(
        f"\n{len(rows) - guards} alternatives and {guards} guard words in "
        f"{len({row.alternative.rule for row in rows})} rules; {len(rare)} alternatives match at "
        f"most one sentence ({sum(1 for row in rare if row.sentences == 0)} none): "
        f"{len(rare) - len(unlisted)} listed with a reason, {len(unlisted)} unlisted"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--all", action="store_true", help="print every alternative")
    parser.add_argument(
        "--sentences", action="store_true", help="print the one sentence a rare alternative matches"
    )
    args = parser.parse_args()
    rows = audit(corpus_documents(Path(args.shared) / "corpus"), rule_alternatives())
    print_table(rows, args.all)
    if args.sentences:
        for row in rows:
            if row.rare and row.first:
                print(f"\n{row.alternative.rule} `{row.alternative.source}` in {row.first[0]}:")
                print("    " + " ".join(row.first[1].split())[:600])
    return 1 if any(row.rare and not row.listed for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
