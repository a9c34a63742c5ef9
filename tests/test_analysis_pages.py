import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from bills.models import Obligation
from tests.factories import make_bill, make_obligation, make_version

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def law():
    bill = make_bill("US-NY", "S 6953", popular_name="RAISE Act")
    version = make_version(bill, text="Preamble. The developer shall report within 72 hours. End.")
    ob = make_obligation(
        bill,
        version=version,
        start=10,
        end=53,
        text="The developer shall report within 72 hours.",
        attributes={"deadline": "PT72H", "recipient": "attorney general"},
    )
    return bill, ob


@pytest.fixture
def editor():
    return User.objects.create_user("ed", password="pw-for-tests", is_staff=True)


def test_matrix_page_shows_the_heatmap_and_export_links(client, law):
    body = client.get("/matrix/").content.decode()
    assert "analysis.css" in body
    assert 'href="?jurisdiction=US-NY&amp;category=incident_reporting"' in body
    assert "/api/v1/matrix/?format=csv" in body


def test_matrix_page_drills_down_into_a_cell(client, law):
    body = client.get("/matrix/?jurisdiction=US-NY&category=incident_reporting").content.decode()
    assert "RAISE Act" in body
    assert "72 h to AG" in body


def test_the_full_matrix_shows_strictest_values_and_laws_but_no_obligation(client, law):
    body = client.get("/matrix/").content.decode()
    assert "<b>72 h</b> <small>S 6953</small>" in body
    assert "72 h to AG" not in body  # a cell's obligations are a drill-down away


def test_a_cell_drill_down_is_a_fragment_of_one_page_of_obligations(client, law):
    response = client.get("/matrix/cell/?jurisdiction=US-NY&category=incident_reporting")
    body = response.content.decode()
    assert body.startswith('<div id="drill"') and "<html" not in body
    assert "RAISE Act" in body and "72 h to AG" in body
    assert "Strictest: <strong>72 h</strong>" in body
    assert client.get("/matrix/cell/?jurisdiction=US-NY").status_code == 400


def test_a_cell_clicked_with_htmx_gets_only_its_drill_down(client, law):
    url = "/matrix/?jurisdiction=US-NY&category=incident_reporting"
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert "heatmap" not in fragment.content.decode()
    assert "72 h to AG" in fragment.content.decode()
    assert "HX-Request" in fragment["Vary"]  # a cache must not serve it for the full page
    assert "heatmap" in client.get(url).content.decode()


def test_a_big_cell_pages_its_obligations(client, law):
    bill, _ = law
    for n in range(60):
        make_obligation(bill, section=f"§ {n + 2}", attributes={"deadline": "P1D"})
    query = "jurisdiction=US-NY&category=incident_reporting"
    first = client.get(f"/matrix/?{query}").content.decode()
    assert first.count('<li class="obligation">') == 50
    assert (
        "Page 1 of 2" in first
        and f'href="/matrix/?{query.replace("&", "&amp;")}&amp;page=2"' in first
    )
    second = client.get(f"/matrix/cell/?{query}&page=2").content.decode()
    assert second.count('<li class="obligation">') == 11 and "previous" in second


def test_matrix_page_explains_a_bad_filter_with_status_400(client, law):
    response = client.get("/matrix/?status=passed")
    assert response.status_code == 400
    assert "is not a valid choice" in response.content.decode()


def test_jurisdiction_page_is_the_matrix_zoomed_to_it(client, law):
    body = client.get("/jurisdictions/US-NY/").content.decode()
    assert "<h1>New York</h1>" in body and "(US-NY)" not in body  # names, not codes
    assert "Strictest: <strong>72 h</strong>" in body  # each category's strictest value
    drill = "/matrix/cell/?jurisdiction=US-NY&amp;category=incident_reporting"
    assert drill in body  # its obligations are listed on demand, not written into the page
    assert "72 h to AG" not in body
    assert client.get("/jurisdictions/US-ZZ/").status_code == 404


def test_compare_page_marks_differences(client, law):
    bill, _ = law
    other = make_bill("US-CA", "SB 53")
    make_obligation(other, attributes={"deadline": "P15D"})
    body = client.get(f"/compare/?bills={bill.pk},{other.pk}").content.decode()
    assert 'class="attribute differ"' in body
    assert '<td class="strictest" title="strictest">72 h</td>' in body
    assert client.get("/compare/?bills=1").status_code == 400


def test_applies_page_reports_for_a_profile_and_is_printable(client, law):
    body = client.get("/applies/?roles=frontier_developer&states=US-NY").content.decode()
    assert "Incident reporting" in body
    assert "you operate in New York (in force)" in body
    assert "@media print" in open("static/css/analysis.css").read()


def test_obligation_page_highlights_the_cited_span(client, law):
    _, ob = law
    body = client.get(f"/obligations/{ob.pk}/").content.decode()
    assert '<mark id="span">The developer shall report within 72 hours.</mark>' in body
    assert "Log in" in body


def test_anonymous_review_is_sent_to_login(client, law):
    _, ob = law
    response = client.post(f"/obligations/{ob.pk}/", {"action": "reject"})
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert Obligation.objects.get(pk=ob.pk).review_state == "extracted"


def test_non_staff_cannot_review(client, law):
    _, ob = law
    client.force_login(User.objects.create_user("someone", password="pw-for-tests"))
    assert client.post(f"/obligations/{ob.pk}/", {"action": "reject"}).status_code == 403


def test_editor_correction_updates_attributes_and_typed_columns(client, law, editor):
    _, ob = law
    client.force_login(editor)
    response = client.post(
        f"/obligations/{ob.pk}/",
        {
            "action": "correct",
            "category": "incident_reporting",
            "actor": "developer",
            "attributes": '{"deadline": "P15D"}',
            "note": "Statute says 15 days.",
        },
    )
    assert response.status_code == 302
    ob.refresh_from_db()
    assert (ob.review_state, ob.actor, ob.attributes, ob.deadline_seconds) == (
        "corrected",
        "developer",
        {"deadline": "P15D"},
        15 * 86400,
    )
    assert (ob.reviewed_by, ob.review_note) == (editor, "Statute says 15 days.")


def test_editor_rejection_hides_the_obligation_from_the_matrix(client, law, editor):
    _, ob = law
    client.force_login(editor)
    client.post(f"/obligations/{ob.pk}/", {"action": "reject"})
    assert Obligation.objects.get(pk=ob.pk).review_state == "rejected"
    assert "72 h to AG" not in client.get("/matrix/?jurisdiction=US-NY").content.decode()


def test_bad_attribute_json_is_refused(client, law, editor):
    _, ob = law
    client.force_login(editor)
    response = client.post(f"/obligations/{ob.pk}/", {"action": "correct", "attributes": "{nope"})
    assert response.status_code == 400
    assert "Not valid JSON" in response.content.decode()


def test_federal_page_lists_preemption_with_its_targets(client, law):
    order = make_bill("US", "EO 14365", kind="executive_order", status="published")
    make_obligation(
        order, "preemption", "government_agency", text="Laws like New York's are preempted."
    )
    body = client.get("/federal/").content.decode()
    assert "EO 14365" in body
    assert "names US-NY" in body


def test_pages_show_legal_states_with_reasons_the_strictest_source_and_upcoming_changes(client):
    from datetime import date

    from tests.factories import make_jurisdiction

    make_jurisdiction("US-CA", name="California")
    old = make_bill(
        "US-NY", "S 6953", chapter="Chapter 699 of 2025", effective_date=date(2027, 1, 1)
    )
    new = make_bill(
        "US-NY", "S 8828", chapter="Chapter 96 of 2026", status_date=date(2026, 3, 27),
        effective_date=date(2027, 1, 1),
    )  # fmt: skip
    text = make_version(
        new, "S8828", "§ 2. Article 44-B, as added by chapter 699 of the laws of 2025, is "
        "REPEALED and a new article 44-B is added to read as follows:",
    )  # fmt: skip
    from bills.legal_state import refresh_around
    from bills.models import RelatedBill

    RelatedBill.objects.create(
        bill=new, relation="chapter_amendment_of", jurisdiction_code="US-NY",
        session_identifier="2025-2026", identifier="S 6953", related=old,
    )  # fmt: skip
    make_obligation(new, version=text, attributes={"deadline": "PT72H"})
    refresh_around(new)
    bill_page = client.get(f"/bills/{old.pk}/?as_of=2026-06-30").content.decode()
    assert "superseded by S 8828, chapter 96 of 2026" in bill_page
    assert "changed by" in bill_page and f'href="/bills/{new.pk}/"' in bill_page
    matrix = client.get("/matrix/?jurisdiction=US-NY&as_of=2026-06-30").content.decode()
    assert "Strictest: <strong>72 h</strong>" in matrix
    assert "From 2027-01-01" in matrix
    assert "Upcoming changes after 2026-06-30" in matrix
    assert "S 8828</a>" in matrix and "takes effect" in matrix
