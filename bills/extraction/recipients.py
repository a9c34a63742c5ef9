"""Who receives a report, notice or disclosure: the "to X" after a communication verb.

"transmit to the Office of Emergency Services a summary" → "Office of
Emergency Services"; "to the Legislature, pursuant to Section 9795, and to
the Governor" → "the Legislature and the Governor" (a list of recipients keeps
its articles: "the Agency and the Attorney General"); "disclose to each
consumer, before ..." → "each consumer". A recipient starts with a
determiner or a capitalised word (so "to do so", "to comply" are skipped),
and ends at punctuation or at a word that starts a new phrase ("within",
"pursuant", "not later than", a participle that says what is sent: "detailing its
findings", a determiner after a proper name...). Recommendations made *to* a body
are communications too: "make recommendations to the legislature" → "the legislature"
(not "recommend changes to the statute"). The
article is dropped before a proper name of two or more capitalised words
("the Office of Emergency Services"), kept before a common noun or a
one-word name ("the attorney general", "the Legislature").
"""

from __future__ import annotations

import re

_VERB_RE = re.compile(
    r"\b(?:report|submit|transmit|provide|send|deliver|disclose|notify|declare|furnish|give|file|"
    r"present|forward|communicate|make available)\w*\b|\brecommend\w*(?=\s+to\s)",
    re.IGNORECASE,
)
_TO_RE = re.compile(r"\bto\s+(?=\S)")
_FROM_RE = re.compile(r"\b(?:approval|authorization|permission|consent) from\s+")
_SKIP_BEFORE_RE = re.compile(
    r"(?:pursuant|according|subject|similar|relating|related|due|prior|addition|respect|reference|"
    r"regard|pertaining|applies|apply|access|harm|up|equal|contrary|as|compared|in relation)\s*$",
    re.IGNORECASE,
)
_DETERMINER_RE = re.compile(r"(?:the|an?|each|any|all|every|its|their|such)\s+", re.IGNORECASE)
_REFERENCE_RE = re.compile(
    r"(?:Section|Subsection|Chapter|Article|Title|Part|Division|paragraph|subdivision|this|that|"
    r"those|these|which|whom|one|persons?)\b",
    re.IGNORECASE,
)
_STOP_RE = re.compile(
    r"[,;:.()]|\s(?:within|not later|no later|pursuant|before|after|upon|on or|by|that|which|who|if|"
    r"when|unless|with (?:the|a|an|those|its|any|respect)|regarding|concerning|about|as|in (?:a|an|the|"
    r"writing|accordance|any|its)|for|summaries|every|at|concurrently|simultaneously|and shall|or shall|to"
    # a participle opens what the report holds: "to the legislature detailing its findings"
    r"|detailing|describing|containing|summari[sz]ing|identifying|explaining|outlining|listing|setting"
    r" forth|stating|specifying|showing|documenting|recommending|assessing|evaluating)\s"
    r"|(?<!\band)(?<!\bor)\s(?:a|an|any)\s",
)
# "the Agency and the Attorney General": a list of recipients keeps every article.
_LIST_RE = re.compile(r"\s(?:and|or)\s+(?:the|an?)\s", re.IGNORECASE)
_CONNECTOR = frozenset({"of", "and", "for", "the", "on", "&", "or"})
_MAX_WORDS = 16


def _phrase(text: str, start: int) -> str:
    stop = _STOP_RE.search(text, start)
    end = stop.start() if stop else len(text)
    phrase = text[start:end]
    if text[end : end + 12].startswith(", including"):
        more = _STOP_RE.search(text, end + 12)
        phrase = text[start : more.start() if more else len(text)]
    words = phrase.split()
    body = words[1:] if words and _DETERMINER_RE.fullmatch(words[0] + " ") else words
    if body and body[0][:1].isupper():
        kept = 0
        for word in body:
            if not (word[:1].isupper() or word in _CONNECTOR):
                break
            kept += 1
        while kept and body[kept - 1] in _CONNECTOR:
            kept -= 1
        words = words[: len(words) - len(body) + kept]
    return " ".join(words[:_MAX_WORDS])


def _tidy(phrase: str) -> str:
    words = phrase.split()
    if len(words) >= 3 and words[0].lower() == "the":
        capitals = [w for w in words[1:] if w[:1].isupper()]
        if len(capitals) >= 2 and words[1][:1].isupper():
            return " ".join(words[1:])
    return phrase


def _candidate(text: str, start: int) -> str | None:
    if _SKIP_BEFORE_RE.search(text[max(0, start - 20) : start - 3]):
        return None
    after = text[start : start + 40]
    if _REFERENCE_RE.match(after):
        return None
    if not (_DETERMINER_RE.match(after) or after[:1].isupper()):
        return None
    phrase = _phrase(text, start)
    return (
        phrase
        if phrase and len(phrase.split()) >= 1 and phrase.lower() not in {"the", "a"}
        else None
    )


def parse_recipient(clause: str) -> str | None:
    """The recipient of a communication duty stated in ``clause``, if any."""
    approval = _FROM_RE.search(clause)
    if approval:
        found = _candidate(clause, approval.end())
        if found:
            return _tidy(found)
    verb = _VERB_RE.search(clause)
    if not verb:
        return None
    names: list[str] = []
    for match in _TO_RE.finditer(clause, verb.end()):
        found = _candidate(clause, match.end())
        if not found:
            continue
        if names and not re.search(r"\band\s*$", clause[max(0, match.start() - 8) : match.start()]):
            break
        names.append(found)
        if len(names) == 2:
            break
    if len(names) == 1 and not _LIST_RE.search(names[0]):
        return _tidy(names[0])
    return " and ".join(names) if names else None


_OVERSEER_RE = re.compile(
    r"\b(?:audit|inspection|examination|review)\s+by\s+(?:the\s+)?(?P<who>(?:office|department|commission|"
    r"commissioner|agency|attorney general|secretary|division|bureau)\b[\w ]{0,60}?)"
    r"(?=\s+(?:under|pursuant|in accordance)\b|[,;.:)]|$)",
    re.IGNORECASE,
)


def overseer(clause: str) -> str | None:
    """ "open to audit by the office of the insurance commissioner" → that office."""
    found = _OVERSEER_RE.search(clause)
    return found.group("who").strip() if found else None
