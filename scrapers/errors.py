"""Errors every source raises, so commands and tasks can record a clear failure."""


class ScrapeError(Exception):
    """A fetch or parse failed; the message names the source and what went wrong."""


class ParseError(ScrapeError):
    """A page or payload did not have the shape the parser expects."""

    def __init__(self, source: str, where: str, expected: str) -> None:
        self.source, self.where, self.expected = source, where, expected
        super().__init__(f"[{source}] {where}: expected {expected}")


class FetchError(ScrapeError):
    """The network said no (after retries), or robots.txt forbids the URL."""
