"""Errors every source raises, so commands and tasks can record a clear failure."""


def printable(message: str) -> str:
    """``message`` as any terminal, log or database column takes it: lone surrogates and
    NULs (which hostile input puts in quoted values) are written as escapes."""
    message = message.encode("utf-8", "backslashreplace").decode("utf-8")
    return message.replace("\x00", "\\x00")


class ScrapeError(Exception):
    """A fetch or parse failed; the message names the source and what went wrong."""


class ParseError(ScrapeError):
    """A page or payload did not have the shape the parser expects."""

    def __init__(self, source: str, where: str, expected: str) -> None:
        self.source, self.where, self.expected = source, where, expected
        super().__init__(printable(f"[{source}] {where}: expected {expected}"))


class FetchError(ScrapeError):
    """The network said no (after retries), or robots.txt forbids the URL."""
