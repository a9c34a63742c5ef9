"""Cases found by labelling unseen bills blind and scoring the extractor against the labels.

Every snippet is a short paraphrase written for these tests (no statute text
is copied); each pins one generic cause of a missed or a false citation.
"""

from __future__ import annotations

from bills.extraction import attributes as attrs
from bills.extraction import extract
from bills.extraction.recipients import parse_recipient


def _found(text: str) -> list[tuple[str, str, str, dict]]:
    return [(o.category, o.actor, o.text, o.attributes) for o in extract(text, ai_only=False)]


def _categories(text: str) -> list[str]:
    return [o.category for o in extract(text, ai_only=False)]


def test_publishing_inside_a_larger_document_is_not_a_defense():
    text = (
        "Section 3. Reports.\n(a) A developer that posts the summary described in paragraph (1) "
        "as part of a larger document, such as a model card, shall be deemed in compliance with "
        "that paragraph.\n"
    )
    assert _categories(text) == []


def test_compliance_through_a_federal_standard_is_still_a_defense():
    text = (
        "Section 3. Reports.\n(a) The developer shall be deemed in compliance with this section to "
        "the extent that the developer meets the designated federal standard.\n"
    )
    assert _categories(text) == ["affirmative_defense"]


def test_a_list_of_recipients_keeps_its_articles():
    clause = "transmit a copy to the Bureau and the Attorney General within 10 days"
    assert parse_recipient(clause) == "the Bureau and the Attorney General"
    assert (
        parse_recipient("submit to the Office of Road Safety a report") == "Office of Road Safety"
    )


def test_publish_and_transmit_are_a_disclosure_and_a_report():
    text = (
        "Section 4. Audits.\n(a) No later than 20 days after receiving the audit, the developer "
        "shall publish on its website a summary of the findings and transmit a copy of the audit "
        "to the Bureau and the Attorney General.\n"
    )
    found = {category: values for category, _, _, values in _found(text)}
    assert found["public_disclosure"]["deadline"] == "P20D"
    assert found["government_reporting"]["recipient"] == "the Bureau and the Attorney General"


def test_a_prohibition_after_but_keeps_the_subject_of_the_permission():
    text = (
        "Section 4. Audits.\n(a) A developer may compensate the auditor for its work but shall "
        "not condition any fee on the outcome of the audit.\n"
    )
    assert [(c, a) for c, a, _, _ in _found(text)] == [("third_party_audit", "developer")]


def test_a_single_priced_item_under_a_levy_is_a_civil_penalty():
    text = (
        "Section 6. Registration penalties.\n(a) If a developer fails to register, the bureau may, "
        "after notice and hearing, levy penalties as follows:\n(1) a civil penalty of five hundred "
        "dollars for each day the developer fails to register; and\n(2) the unpaid fees.\n"
    )
    found = {category: values for category, _, _, values in _found(text)}
    assert "enforcement_authority" in found
    assert found["civil_penalty"]["penalty_max_usd"] == 500


def test_items_under_the_following_shall_apply_are_read_one_by_one():
    text = (
        "Section 7. Federal equivalence.\n(b) After a developer files the declaration, the "
        "following shall apply:\n(i) the developer shall be deemed in compliance with this section "
        "to the extent that it meets the federal standard;\n(ii) a failure to meet that standard "
        "shall constitute a violation; and\n(iii) the developer shall send copies of any safety "
        "incident reports to the bureau at the same time.\n"
    )
    found = {category: (text, values) for category, _, text, values in _found(text)}
    assert set(found) == {"affirmative_defense", "incident_reporting"}
    assert found["incident_reporting"][0].startswith("the developer shall send copies")
    assert found["incident_reporting"][1]["recipient"] == "the bureau"


def test_a_passive_renewal_continues_the_filing_duty_of_its_section():
    text = (
        "Section 8. Registration.\n(1) No developer may operate a model in this state without a "
        "registration statement filed with the bureau.\n(2) The registration statement shall be "
        "filed in the form set by the bureau. It shall be renewed every two years.\n"
    )
    renewals = [f for f in _found(text) if "renewed" in f[2]]
    assert [(c, a) for c, a, _, _ in renewals] == [("government_reporting", "developer")]
    assert renewals[0][3]["frequency"] == "P2Y"


def test_fee_collection_is_administration_not_a_directive():
    text = "Section 9. Fees.\n(a) The bureau shall charge and collect fees from developers.\n"
    assert _categories(text) == []


AMENDING_BILL = (
    "Be it enacted by the People of the State, represented in the General Assembly:\n"
    "Section 90. The Worker Protection Act is amended by changing Section 4 as follows:\n"
    "(100 ILCS 1/4)\nSec. 4. Retaliation prohibited.\n"
    "(a) An employer may not retaliate against an employee who reports a safety hazard.\n"
    "(b) An employer may not retaliate against an employee who reports a violation of the "
    "Artificial Intelligence Safety Act.\n"
    "(Source: P.A. 100-1, eff. 1-1-20.)\n"
    "Section 95. The Worker Protection Act is amended by adding Section 5 as follows:\n"
    "Sec. 5. Notices.\n(a) An employer shall post a notice of employee rights under the "
    "Artificial Intelligence Safety Act.\n"
    "Section 99. Effective date. This Act takes effect January 1, 2027.\n"
)


def test_reprinted_host_law_only_yields_its_sentences_about_ai():
    found = {o.section: o for o in extract(AMENDING_BILL)}
    assert "Sec. 4(a)" not in found
    assert found["Sec. 4(b)"].category == "whistleblower_protection"


def test_reprinted_host_law_takes_the_bill_effective_date_not_its_history_note():
    found = {o.section: o for o in extract(AMENDING_BILL)}
    assert found["Sec. 4(b)"].attributes["effective_date"] == "2027-01-01"


def test_a_section_the_bill_adds_is_read_in_full():
    assert "Sec. 5(a)" in {o.section for o in extract(AMENDING_BILL)}


def test_small_number_words_before_a_unit_of_time_become_digits():
    assert attrs.parse_frequency("It shall be renewed every two years.") == "P2Y"
    assert attrs.parse_deadline("within one year after the audit") == "P1Y"


# Executive-order layouts (found labelling EO 14110 blind): long federal subjects, purpose
# leads, passive leads, instruments whose content is prescribed, duties imposed through an
# agency. The snippets are paraphrases.


def _order(body: str) -> str:
    return "Sec. 4. Safety of AI.\n" + body


def test_a_may_inside_an_as_deemed_appropriate_aside_does_not_hide_the_duty():
    text = _order(
        "(a) Within 90 days of the date of this order, the Secretary of Energy, in coordination "
        "with the heads of other agencies as the Secretary may deem appropriate, shall develop a "
        "plan for AI testbeds.\n"
    )
    ((category, actor, _, values),) = _found(text)
    assert (category, actor, values["deadline"]) == (
        "agency_directive",
        "government_agency",
        "P90D",
    )


def test_a_bare_may_is_still_a_permission_and_may_not_still_a_prohibition():
    assert (
        _found(
            _order("(a) The Secretary may, as the Secretary deems appropriate, issue guidance.\n")
        )
        == []
    )
    text = _order("(a) As a result, a developer may not deploy a model that lacks safeguards.\n")
    assert _categories(text) == ["prohibited_practice"]


def test_a_purpose_lead_that_only_says_may_lets_each_item_state_its_duty():
    text = _order(
        "(a) To manage risks that data may pose when combined with other data:\n"
        "(i) the Council shall develop guidelines for security reviews of AI training data; and\n"
        "(ii) agencies shall conduct a security review of their data assets.\n"
    )
    ((category, _, cited, _),) = _found(text)
    assert category == "agency_directive" and cited.endswith("their data assets.")


def test_a_purpose_lead_with_a_permission_and_no_duty_in_its_items_yields_nothing():
    text = _order(
        "(a) To manage risks that data may pose:\n(i) data assets of public interest; and\n"
        "(ii) data assets used to train AI.\n"
    )
    assert _found(text) == []


def test_under_the_following_actions_shall_be_taken_each_item_names_its_own_actor():
    text = _order(
        "(a) To reduce risks of AI misuse, the following actions shall be taken:\n"
        "(i) Within 180 days of the date of this order, the Director, in consultation with "
        "the Secretary, shall establish a screening framework for AI tools.\n"
        "(ii) Within 90 days of the date of this order, the Secretary of Labor, in consultation "
        "with other agencies, shall publish principles for employers on AI.\n"
    )
    found = _found(text)
    assert [(c, a) for c, a, _, _ in found] == [("agency_directive", "government_agency")] * 2
    assert [v["deadline"] for _, _, _, v in found] == ["P180D", "P90D"]


def test_items_of_a_passive_lead_that_name_no_actor_yield_nothing():
    text = _order(
        "(a) To reduce risks of AI misuse, the following actions shall be taken:\n"
        "(i) publishing guidance on AI screening; and\n(ii) funding research on AI safety.\n"
    )
    assert _found(text) == []


def test_what_an_ordered_instrument_must_contain_belongs_to_the_directive():
    text = _order(
        "(a) The Secretary shall submit to the President a proposed memorandum on AI. The "
        "memorandum shall address the governance of AI in national security systems. The "
        "memorandum shall take into account current efforts.\n"
    )
    ((category, _, cited, values),) = _found(text)
    assert category == "agency_directive" and cited.endswith("current efforts.")
    assert values["recipient"] == "the President"


def test_an_instrument_sentence_with_nothing_before_it_stays_silent():
    assert _found(_order("(a) The memorandum shall address the governance of AI.\n")) == []


def test_a_duty_beside_an_encouragement_is_still_a_duty():
    text = _order(
        "(a) The Secretary shall, and the Director is encouraged to, issue guidance on AI "
        "tenant screening.\n"
    )
    assert _categories(text) == ["agency_directive"]
    assert _found(_order("(a) The Director is encouraged to issue guidance on AI.\n")) == []


def test_a_federal_administrator_is_a_public_body_not_a_business():
    text = _order(
        "(a) The Administrator of the Small Business Administration shall conduct outreach on "
        "AI programs.\n"
    )
    assert [(c, a) for c, a, _, _ in _found(text)] == [("agency_directive", "government_agency")]
    business = _order("(a) A small business that deploys an AI system shall notify consumers.\n")
    assert ("agency_directive", "government_agency") not in [
        (c, a) for c, a, _, _ in _found(business)
    ]


def test_an_aside_set_off_by_dashes_is_not_the_subject():
    text = _order(
        "(a) To mitigate privacy risks of AI — including inferences about individuals — the "
        "Director shall:\n(i) evaluate agency standards for AI data; and\n"
        "(ii) issue a request for information on AI.\n"
    )
    assert {(c, a) for c, a, _, _ in _found(text)} == {("agency_directive", "government_agency")}


def test_the_subject_of_a_sentence_is_in_that_sentence():
    text = _order(
        "(a) The following actions shall be taken:\n"
        "(i) The Secretary of Labor shall publish best practices for employers on AI. The best "
        "practices shall include steps for employers to take.\n"
    )
    assert {(c, a) for c, a, _, _ in _found(text)} == {("agency_directive", "government_agency")}


def test_a_duty_to_report_imposed_through_an_agency_binds_the_required_party():
    text = _order(
        "(a) Within 90 days of the date of this order, the Secretary shall require:\n"
        "(i) companies developing potential dual-use foundation models to provide the "
        "Government, on an ongoing basis, with reports on their training runs; and\n"
        "(ii) such companies to report their model weights.\n"
    )
    pairs = {(c, a) for c, a, _, _ in _found(text)}
    assert pairs == {
        ("agency_directive", "government_agency"),
        ("government_reporting", "frontier_developer"),
    }


def test_requiring_another_agency_to_report_adds_no_private_duty():
    text = _order("(a) The Secretary shall require the Office to report on AI testbeds.\n")
    assert {(c, a) for c, a, _, _ in _found(text)} == {("agency_directive", "government_agency")}


def test_an_aside_that_names_a_law_known_as_hides_no_duty():
    text = _order(
        "(a) The Secretary shall, in implementing Public Law 117-167, known as the Chips Act, "
        "promote competition in AI chips.\n"
    )
    assert _categories(text) == ["agency_directive"]
    assert _found(_order("(a) This part shall be known as the AI Chips Act.\n")) == []


def test_a_list_of_what_ordered_regulations_must_contain_joins_the_directive():
    text = _order(
        "(a) The Secretary shall propose regulations on AI training runs. These regulations "
        "shall, at a minimum:\n(i) set forth standards for identity checks; and\n"
        "(ii) provide for exemptions.\n"
    )
    ((category, _, cited, _),) = _found(text)
    assert category == "agency_directive" and cited.endswith("provide for exemptions.")


def test_items_with_different_deadlines_are_different_duties():
    text = _order(
        "(a) The Director shall take the following steps:\n"
        "(i) within 150 days of the date of this order, fund one AI research engine;\n"
        "(ii) within 150 days of the date of this order, publish its AI research plan; and\n"
        "(iii) within 540 days of the date of this order, establish four AI institutes.\n"
    )
    assert [v["deadline"] for _, _, _, v in _found(text)] == ["P150D", "P540D"]


def test_a_duty_reported_inside_guidance_content_is_not_a_duty_of_the_text():
    reported = _order(
        "(a) The Secretary of Labor shall issue guidance to make clear that employers that "
        "deploy AI to monitor work must keep records of the monitoring for three years.\n"
    )
    own = _order(
        "(a) The Secretary of Labor shall issue guidance on AI monitoring, and employers that "
        "deploy AI to monitor work must keep records of the monitoring for three years.\n"
    )
    assert [(c, a) for c, a, _, _ in _found(reported)] == [
        ("agency_directive", "government_agency")
    ]
    assert ("record_retention", "employer") in [(c, a) for c, a, _, _ in _found(own)]
