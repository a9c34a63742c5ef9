from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bills.matrix import (
    MatrixFilters,
    build_matrix,
    cached_matrix,
    data_version,
    state_pattern,
    states_named,
)
from bills.matrix_cell import cell_page, listed, matrix_rows
from tests.factories import make_bill, make_jurisdiction, make_obligation

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 6, 30)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def laws():
    ny = make_bill("US-NY", "S 6953", popular_name="RAISE Act")
    ca = make_bill("US-CA", "SB 53", popular_name="TFAIA")
    pending = make_bill("US-CO", "SB 4", status="in_committee", status_date=date(2025, 3, 1))
    make_obligation(ny, attributes={"deadline": "PT72H", "recipient": "attorney general"})
    make_obligation(ny, "civil_penalty", "other", attributes={"penalty_max_usd": 1_000_000})
    make_obligation(ca, attributes={"deadline": "P15D"})
    make_obligation(ca, "civil_penalty", "other", attributes={"penalty_max_usd": 3_000_000})
    make_obligation(pending, "impact_assessment", "deployer")
    return ny, ca, pending


def test_cells_group_bills_by_jurisdiction_and_category(laws):
    ny, ca, _ = laws
    matrix = build_matrix(MatrixFilters(as_of=AS_OF))
    cell = matrix.cell("US-NY", "incident_reporting")
    assert (cell.obligation_count, cell.bill_count, cell.labels) == (1, 1, ["72 h"])
    assert cell.strictest["deadline"]["bill_id"] == ny.pk
    assert matrix.cell("US-CA", "civil_penalty").labels == ["$3M/violation"]
    assert matrix.bills[ca.pk] == {
        "id": ca.pk,
        "identifier": "SB 53",
        "name": "TFAIA",
        "status": "enacted",
        "session": "2025-2026",
        "legal_state": "in_force",
        "legal_state_reason": (
            "in force since 2025-12-19 (no later effective date recorded); enacted 2025-12-19"
        ),
    }
    assert set(matrix.bills) == {ny.pk, ca.pk}  # the bills a strictest value comes from
    # The pending Colorado bill is not law: by default it is not in the matrix at all.
    assert {c.jurisdiction for c in matrix.cells} == {"US-NY", "US-CA"}


def test_pending_bills_come_as_a_separate_layer_only_when_asked(laws):
    _, _, pending = laws
    matrix = build_matrix(MatrixFilters(as_of=AS_OF, include_pending=True))
    cell = matrix.cell("US-CO", "impact_assessment")
    assert (cell.obligation_count, cell.bill_count, cell.strictest) == (0, 0, {})
    assert (cell.pending.obligation_count, cell.pending.bill_count) == (1, 1)
    page = cell_page(MatrixFilters(as_of=AS_OF, include_pending=True, jurisdiction="US-CO",
                                   category="impact_assessment"))  # fmt: skip
    assert [(o["bill_id"], o["layer"], o["legal_state"]) for o in listed(page)] == [
        (pending.pk, "pending", "pending")
    ]
    assert page.bills[pending.pk]["legal_state"] == "pending"
    assert matrix.cell("US-NY", "incident_reporting").pending is None


def test_each_strictest_value_names_its_obligation_bill_section_and_legal_state(laws):
    ny, _, _ = laws
    cell = build_matrix(MatrixFilters(as_of=AS_OF)).cell("US-NY", "incident_reporting")
    ob = ny.obligations.get(category="incident_reporting")
    assert cell.strictest == {
        "deadline": {
            "value": 72 * 3600,
            "label": "72 h",
            "obligation_id": ob.pk,
            "bill_id": ny.pk,
            "bill": "S 6953",
            "section": "§ 1421",
            "legal_state": "in_force",
            "from": None,
        }
    }


def test_a_dead_bill_never_sets_a_strictest_value():
    law = make_bill("US-CA", "SB 53", effective_date=date(2026, 1, 1))
    vetoed = make_bill("US-CA", "SB 1047", status="vetoed", status_date=date(2024, 9, 29))
    make_obligation(law, attributes={"deadline": "P15D"})
    make_obligation(vetoed, attributes={"deadline": "PT72H"})
    cell = build_matrix(MatrixFilters(as_of=AS_OF)).cell("US-CA", "incident_reporting")
    assert (cell.bill_count, cell.labels) == (1, ["15 days"])
    assert cell.strictest["deadline"]["bill"] == "SB 53"


def test_a_law_not_yet_effective_counts_labelled_with_its_start_and_is_listed_as_upcoming():
    law = make_bill(
        "US-NY", "S 8828", status_date=date(2026, 3, 27), effective_date=date(2027, 1, 1)
    )
    make_obligation(law, attributes={"deadline": "PT72H"})
    matrix = build_matrix(MatrixFilters(as_of=AS_OF))
    strictest = matrix.cell("US-NY", "incident_reporting").strictest["deadline"]
    assert (strictest["legal_state"], strictest["from"]) == (
        "enacted_not_effective",
        date(2027, 1, 1),
    )
    assert [(c["date"], c["bill"], c["state"]) for c in matrix.upcoming] == [
        (date(2027, 1, 1), "S 8828", "in_force")
    ]
    assert build_matrix(MatrixFilters(as_of=date(2026, 3, 1))).cells == []


def test_enacted_filter_leaves_out_pending_bills(laws):
    matrix = build_matrix(MatrixFilters(status="enacted"))
    assert matrix.cell("US-CO", "impact_assessment") is None
    assert matrix.cell("US-NY", "civil_penalty") is not None


def test_actor_filter_keeps_only_that_actors_duties(laws):
    matrix = build_matrix(MatrixFilters(actor="other", as_of=AS_OF))
    assert [(c.jurisdiction, c.category) for c in matrix.cells] == [
        ("US-CA", "civil_penalty"),
        ("US-NY", "civil_penalty"),
    ]


def test_date_range_applies_to_the_chosen_date_field(laws):
    matrix = build_matrix(
        MatrixFilters(
            date_from=date(2025, 1, 1),
            date_to=date(2025, 6, 30),
            as_of=AS_OF,
            include_pending=True,
        )
    )
    assert {c.jurisdiction for c in matrix.cells} == {"US-CO"}


def test_zooming_to_one_jurisdiction_keeps_only_its_cells(laws):
    matrix = build_matrix(MatrixFilters(jurisdiction="US-NY"))
    assert [j["code"] for j in matrix.jurisdictions] == ["US-NY"]
    assert {c.category for c in matrix.cells} == {"incident_reporting", "civil_penalty"}


def test_a_cell_lists_its_obligations_with_labels_a_page_at_a_time(laws):
    ny, _, _ = laws
    for n in range(4):
        make_obligation(ny, section=f"§ {n}", attributes={"deadline": f"P{n + 1}D"})
    cell = MatrixFilters(jurisdiction="US-NY", category="incident_reporting", as_of=AS_OF)
    first, last = cell_page(cell, 1, page_size=2), cell_page(cell, 3, page_size=2)
    assert (first.total, first.pages, first.has_next, last.has_next) == (5, 3, True, False)
    assert [o["labels"] for o in listed(first)] == [["72 h to AG"], ["1 day"]]
    assert [o["section"] for o in listed(last)] == ["§ 3"]
    assert [(o["legal_state"], o["layer"]) for o in listed(last)] == [("in_force", "law")]
    assert set(first.bills) == {ny.pk}


def test_an_empty_cell_has_no_page_of_obligations(laws):
    page = cell_page(MatrixFilters(jurisdiction="US-NY", category="opt_out", as_of=AS_OF))
    assert (page.cell, page.obligations, page.total, page.pages) == (None, [], 0, 1)


def test_zooming_to_one_bill_shows_only_that_bill(laws):
    _, ca, _ = laws
    matrix = build_matrix(MatrixFilters(bill=ca.pk))
    assert {(c.jurisdiction, c.category) for c in matrix.cells} == {
        ("US-CA", "incident_reporting"),
        ("US-CA", "civil_penalty"),
    }


def test_rejected_and_superseded_obligations_are_not_shown(laws):
    ny, _, _ = laws
    make_obligation(ny, "opt_out", "deployer", review_state="rejected")
    make_obligation(ny, "decision_notice", "deployer", is_current=False)
    matrix = build_matrix(MatrixFilters(jurisdiction="US-NY"))
    assert {c.category for c in matrix.cells} == {"incident_reporting", "civil_penalty"}


def test_the_full_matrix_takes_a_fixed_number_of_queries(laws):
    for n in range(5):
        bill = make_bill("US-CA", f"AB {n}")
        make_obligation(bill, "public_disclosure", "provider")
    with CaptureQueriesContext(connection) as queries:
        build_matrix(MatrixFilters(as_of=AS_OF))
    # jurisdictions, cells, one per strictest column, bills, federal overlay, upcoming changes
    assert len(queries) <= 11


def test_federal_preemption_is_laid_over_the_states_it_names(laws):
    make_jurisdiction("US-CO")
    order = make_bill("US", "EO 14365", kind="executive_order", status="published")
    make_obligation(
        order,
        "preemption",
        "government_agency",
        text="The Attorney General shall challenge State laws such as the Colorado AI Act.",
    )
    make_obligation(order, "agency_directive", "government_agency", text="Issue guidance.")
    for_colorado = build_matrix(MatrixFilters(jurisdiction="US-CO")).federal_items
    for_new_york = build_matrix(MatrixFilters(jurisdiction="US-NY")).federal_items
    assert [(i.category, i.targets) for i in for_colorado] == [
        ("preemption", ["US-CO"]),
        ("agency_directive", []),
    ]
    assert [i.category for i in for_new_york] == ["agency_directive"]


def test_a_matrix_lists_the_first_federal_items_and_counts_them_all(laws, client, monkeypatch):
    from bills import matrix as matrices

    monkeypatch.setattr(matrices, "FEDERAL_SHOWN", 2)
    make_jurisdiction("US-CO")
    order = make_bill("US", "EO 14365", kind="executive_order", status="published")
    for n in range(3):
        make_obligation(order, "agency_directive", "government_agency", text=f"Issue rule {n}.")
    make_obligation(order, "preemption", "government_agency", text="Challenge the Colorado AI Act.")
    everywhere = build_matrix(MatrixFilters())
    assert [i.text for i in everywhere.federal_items] == ["Issue rule 0.", "Issue rule 1."]
    assert everywhere.federal_total == 4
    in_colorado = build_matrix(MatrixFilters(jurisdiction="US-CO"))
    assert (len(in_colorado.federal_items), in_colorado.federal_total) == (2, 4)
    page = client.get("/matrix/").content.decode()
    assert "The first 2 of 4 federal items" in page and 'href="/federal/"' in page
    assert client.get("/api/v1/matrix/").json()["federal_items_total"] == 4


def test_state_names_match_whole_words_and_longest_first():
    for code, name in (("US-WV", "West Virginia"), ("US-VA", "Virginia"), ("US-KS", "Kansas")):
        make_jurisdiction(code, name=name)
    assert states_named("laws of West Virginia and Arkansas", state_pattern()) == ["US-WV"]


def test_strictest_values_of_a_cell_span_its_bills(laws):
    second = make_bill("US-NY", "A 1")
    make_obligation(second, "civil_penalty", "other", attributes={"penalty_max_usd": 5_000_000})
    cell = build_matrix(MatrixFilters()).cell("US-NY", "civil_penalty")
    assert (cell.obligation_count, cell.labels) == (2, ["$5M/violation"])
    assert cell.bill_count == 2


def test_csv_rows_are_one_per_cell_at_full_zoom(laws):
    rows = list(matrix_rows(build_matrix(MatrixFilters(status="enacted"))))
    assert rows == [
        {
            "jurisdiction": "US-CA",
            "category": "civil_penalty",
            "obligations": 1,
            "bills": "SB 53",
            "strictest": "$3M/violation",
        },
        {
            "jurisdiction": "US-CA",
            "category": "incident_reporting",
            "obligations": 1,
            "bills": "SB 53",
            "strictest": "15 days",
        },
        {
            "jurisdiction": "US-NY",
            "category": "civil_penalty",
            "obligations": 1,
            "bills": "S 6953",
            "strictest": "$1M/violation",
        },
        {
            "jurisdiction": "US-NY",
            "category": "incident_reporting",
            "obligations": 1,
            "bills": "S 6953",
            "strictest": "72 h",
        },
    ]


def test_cached_matrix_is_rebuilt_when_an_obligation_is_reviewed(laws):
    ny, _, _ = laws
    before = cached_matrix(MatrixFilters(jurisdiction="US-NY"))
    ob = ny.obligations.get(category="civil_penalty")
    ob.review_state, ob.reviewed_at = "rejected", timezone.now()
    ob.save()
    after = cached_matrix(MatrixFilters(jurisdiction="US-NY"))
    assert before.cell("US-NY", "civil_penalty") is not None
    assert after.cell("US-NY", "civil_penalty") is None


def test_cached_matrix_is_rebuilt_when_a_bill_is_deleted(laws):
    ny, _, _ = laws
    assert cached_matrix(MatrixFilters()).cell("US-NY", "civil_penalty") is not None
    ny.delete()
    assert cached_matrix(MatrixFilters()).cell("US-NY", "civil_penalty") is None


def test_the_cache_key_reads_no_table_whole(laws):
    with CaptureQueriesContext(connection) as queries:
        data_version()
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
