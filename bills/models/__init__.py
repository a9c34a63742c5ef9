"""Domain models, split by what they hold."""

from .bill import Bill, BillAction, BillVersion, RelatedBill, Sponsorship
from .jurisdiction import Jurisdiction, LegislativeSession
from .obligation import Obligation
from .run import ChangeEvent, ScrapeRun
from .search import SearchPassage, SearchTerms
from .totals import BillCount, MatrixCellMark, MatrixCellTotal, TotalsDay

__all__ = [
    "Bill",
    "BillAction",
    "BillCount",
    "BillVersion",
    "ChangeEvent",
    "Jurisdiction",
    "LegislativeSession",
    "MatrixCellMark",
    "MatrixCellTotal",
    "Obligation",
    "RelatedBill",
    "ScrapeRun",
    "SearchPassage",
    "SearchTerms",
    "Sponsorship",
    "TotalsDay",
]
