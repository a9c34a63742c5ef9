"""What a later law does to an earlier one, read from the later law's own text.

An amending law says what it changes in words that follow a few fixed forms:

- Illinois: "the Artificial Intelligence Safety Measures Act is amended by
  changing Sections 18 and 25 as follows" (only those sections change);
- New York: "Article 44-B of the general business law, as added by a chapter
  of the laws of 2025 … as proposed in legislative bills numbers S. 6953-B and
  A. 6453-B, is REPEALED and a new article 44-B is added" (the whole text the
  earlier law added is replaced); "Section 3 of chapter 699 of the laws of
  2025 is amended to read" (one section);
- executive orders: "Executive Order 14110 of October 30, 2023 … is hereby
  revoked".

``amendment_scope`` finds the instructions that name the earlier law (by its
number, chapter, public act or name) and says whether the later law replaces
it whole, repeals it, or changes or repeals named sections. Pure: text in,
scope out, so it is tested on the real laws in ``../shared/corpus``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FULL, REPEAL, PARTIAL, UNKNOWN = "full", "repeal", "partial", "unknown"

# How far before an instruction's verb its subject (naming the earlier law) may start.
SUBJECT_WINDOW = 500
_PAGE_FURNITURE = re.compile(
    r"(?m)^\s*(?:Public Act \d+-\d+|[A-Z]{1,3}\d+ Enrolled\b.*|LRB\d.*|S\. \d+\s+\d+)\s*$"
)
_LINE_NUMBER = re.compile(r"(?m)^[ \t]*\d{1,2}(?=[ \t]{2,}|\t)")
_CHAMBER_WORDS = {
    "S": r"Senate\s+Bill|S\.?\s?B\.?|S\.?",
    "H": r"House\s+Bill|H\.?\s?B\.?|H\.?\s?R\.?|H\.?",
    "A": r"Assembly\s+Bill|A\.?\s?B\.?|A\.?",
}
_CHAPTER = re.compile(r"chapter\s+(\d+)\s+of\s+(\d{4})", re.IGNORECASE)
_PUBLIC_ACT = re.compile(r"public\s+act\s+(\d+-\d+)", re.IGNORECASE)
_NUMBER = r"\d+[A-Za-z]?(?:[-.]\d+[A-Za-z]?)*"
_SECTION_LIST = rf"(?:{_NUMBER})(?:\s*(?:,\s*(?:and\s+)?|and\s+|through\s+)(?:{_NUMBER}))*"
_CHANGING = re.compile(
    rf"\b(?:is|are)\s+(?:hereby\s+)?amended\s+by\s+(?P<verb>changing|repealing)\s+"
    rf"Sections?\s+(?P<list>{_SECTION_LIST})"
    rf"(?:\s*,?\s*and\s+by\s+(?P<verb2>changing|repealing)\s+Sections?\s+(?P<list2>{_SECTION_LIST}))?",
    re.IGNORECASE,
)
_SECTIONS_OF = re.compile(
    rf"\b(?:Sections?|§+)\s*(?P<list>{_SECTION_LIST})\s+of\s+(?P<subject>[^.;]{{0,400}}?)"
    rf"\b(?:is|are)\s+(?:hereby\s+)?(?P<verb>amended|repealed|REPEALED)\b",
    re.IGNORECASE,
)
# Another law named between the earlier law and the verb is the instruction's real subject.
_OTHER_LAW = re.compile(
    r"\b[A-Z][\w'-]*(?:\s+(?:of|and|the|on|for|[A-Z][\w'-]*))*\s+(?:Act|Code)\b"
)
_REPEALED = re.compile(
    r"\b(?:is|are)\s+(?:hereby\s+)?(?:repealed|revoked|rescinded)\b"
    r"(?P<readded>[^.]{0,40}?\b(?:and\s+)?(?:a\s+new\b[^.]{0,80}?\bis\s+added|re-?enacted))?"
    r"|\bI\s+(?:hereby\s+)?(?:revoke|rescind)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AmendmentScope:
    kind: str  # full | repeal | partial | unknown
    changed: tuple[str, ...] = ()
    repealed: tuple[str, ...] = ()
    evidence: str = ""  # the instruction's words, for the reason shown to people

    @property
    def sections(self) -> tuple[str, ...]:
        return self.changed + self.repealed


@dataclass(frozen=True)
class LawNames:
    """What an earlier law may be called in a later one."""

    identifier: str  # "SB 315", "S 6953", "EO 14110"
    chapter: str = ""  # "Chapter 699 of 2025", "Public Act 104-0538"
    names: tuple[str, ...] = field(default_factory=tuple)  # popular name, short title

    def pattern(self) -> re.Pattern[str]:
        alternatives = [_identifier_pattern(self.identifier)]
        chapter = _CHAPTER.search(self.chapter)
        if chapter:
            number, year = chapter.groups()
            alternatives.append(rf"chapter\s+{number}\s+of\s+(?:the\s+laws\s+of\s+)?{year}")
        act = _PUBLIC_ACT.search(self.chapter)
        if act:
            alternatives.append(rf"(?:Public\s+Act|P\.\s?A\.)\s+{re.escape(act.group(1))}")
        for name in self.names:
            words = name.split()
            if len(words) >= 2:
                alternatives.append(r"\s+".join(re.escape(w) for w in words))
        return re.compile("|".join(f"(?:{a})" for a in alternatives if a), re.IGNORECASE)


def _identifier_pattern(identifier: str) -> str:
    match = re.match(r"^(EO|[A-Z]+)\s*(\d+)", identifier.strip())
    if not match:
        return re.escape(identifier)
    prefix, number = match.groups()
    if prefix == "EO":
        return rf"\b(?:Executive\s+Order|E\.\s?O\.)\s+(?:No\.\s+)?{number}\b"
    words = _CHAMBER_WORDS.get(prefix[0], re.escape(prefix))
    return rf"\b(?:{words})\s*0*{number}\b"


_SHORT_TITLE = re.compile(
    r"\b(?:may be cited as|shall be known (?:and may be cited )?as|is the|name is)\s+the\s+"
    r"[\"“]?(?P<name>[A-Z][\w'’-]*\s+(?:(?:[A-Z][\w'’-]*|and|of|for|in|on|to)\s+){0,10}(?:Act|Code|Law))\b",
)


def short_titles(text: str) -> tuple[str, ...]:
    """The names a law gives itself ("This Act may be cited as the … Act")."""
    head = clean_text(text[:20000])
    return tuple(dict.fromkeys(m["name"].strip() for m in _SHORT_TITLE.finditer(head)))


def clean_text(text: str) -> str:
    """Page headers and print line numbers removed, whitespace collapsed to single spaces."""
    text = _PAGE_FURNITURE.sub(" ", text)
    text = _LINE_NUMBER.sub(" ", text)
    return re.sub(r"\s+", " ", text)


def section_numbers(text: str) -> tuple[str, ...]:
    """ "18 and 25" → ("18", "25"); "5, 10, and 15" → ("5", "10", "15")."""
    return tuple(dict.fromkeys(re.findall(_NUMBER, text)))


def amendment_scope(amending_text: str, earlier: LawNames) -> AmendmentScope:
    """What ``amending_text`` does to the law named by ``earlier`` (``unknown`` if it never says)."""
    text = clean_text(amending_text)
    names = earlier.pattern()
    changed: list[str] = []
    repealed: list[str] = []
    evidence: list[str] = []
    for match in _CHANGING.finditer(text):
        if not _names_subject(_subject(text, match.start()), names):
            continue
        for verb, listed in ((match["verb"], match["list"]), (match["verb2"], match["list2"])):
            if listed:
                target = changed if verb.lower() == "changing" else repealed
                target.extend(section_numbers(listed))
        evidence.append(match.group(0))
    for match in _SECTIONS_OF.finditer(text):
        if not _names_subject(match["subject"], names):
            continue
        target = changed if match["verb"].lower() == "amended" else repealed
        target.extend(section_numbers(match["list"]))
        evidence.append(match.group(0)[:200])
    whole = _whole_repeal(text, names)
    if whole is not None:
        return whole
    if changed or repealed:
        return AmendmentScope(
            PARTIAL,
            tuple(dict.fromkeys(changed)),
            tuple(dict.fromkeys(s for s in repealed if s not in changed)),
            "; ".join(evidence)[:300],
        )
    return AmendmentScope(UNKNOWN)


def _subject(text: str, verb_at: int) -> str:
    """The words before an instruction's verb, back to the previous instruction's end."""
    start = max(0, verb_at - SUBJECT_WINDOW)
    window = text[start:verb_at]
    cut = max(window.rfind(" as follows:"), window.rfind(" to read:"))
    return window[cut + 1 :] if cut >= 0 else window


def _names_subject(subject: str, names: re.Pattern[str]) -> re.Match[str] | None:
    """The last mention of the earlier law in ``subject``, unless another law is named after it."""
    mentions = list(names.finditer(subject))
    if not mentions:
        return None
    found = mentions[-1]
    for other in _OTHER_LAW.finditer(subject, found.end()):
        if other.group(0).split()[0].lower() not in ("this", "that", "the"):
            return None
    return found


def _whole_repeal(text: str, names: re.Pattern[str]) -> AmendmentScope | None:
    """The earlier law's text repealed as a whole (replaced if a new text is added in its place)."""
    for match in _REPEALED.finditer(text):
        subject = _subject(text, match.start())
        found = _names_subject(subject, names)
        if not found:
            continue
        # "Section 3 of chapter 699 … is repealed" repeals one section, handled as partial.
        if re.search(
            rf"\b(?:Sections?|§+)\s*{_SECTION_LIST}\s+of\s+[^.;]*$", subject[: found.start()]
        ):
            continue
        kind = FULL if match["readded"] else REPEAL
        return AmendmentScope(kind, evidence=(subject[-200:] + match.group(0)).strip())
    return None
