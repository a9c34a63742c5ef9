"""Domain models, split by what they hold."""

from .bill import Bill, BillAction, BillVersion, RelatedBill, Sponsorship
from .jurisdiction import Jurisdiction, LegislativeSession
from .obligation import Obligation
from .run import ChangeEvent, ScrapeRun
from .search import SearchPassage

__all__ = [
    "Bill",
    "BillAction",
    "BillVersion",
    "ChangeEvent",
    "Jurisdiction",
    "LegislativeSession",
    "Obligation",
    "RelatedBill",
    "ScrapeRun",
    "SearchPassage",
    "Sponsorship",
]
