import pytest

from vocabulary.jurisdictions import (
    FEDERAL,
    JURISDICTIONS,
    by_code,
    from_legiscan_state,
    from_openstates_id,
    legiscan_states,
    normalise_identifier,
    subnational,
)


def test_table_holds_fifty_states_dc_puerto_rico_and_the_federal_government():
    kinds = [j.kind for j in JURISDICTIONS]
    assert kinds.count("state") == 50
    assert {j.code for j in JURISDICTIONS if j.kind == "territory"} == {"US-DC", "US-PR"}
    assert [j.code for j in JURISDICTIONS if j.kind == "federal"] == ["US"]
    assert len({j.code for j in JURISDICTIONS}) == len(JURISDICTIONS) == 53


def test_every_state_has_an_open_states_id_built_from_its_abbreviation():
    wyoming = by_code("US-WY")
    assert wyoming.name == "Wyoming"
    assert wyoming.openstates_id == "ocd-jurisdiction/country:us/state:wy/government"
    assert wyoming.legiscan_state == "WY"
    assert wyoming.abbreviation == "WY"


def test_dc_and_puerto_rico_use_their_district_and_territory_ids():
    assert by_code("US-DC").openstates_id == "ocd-jurisdiction/country:us/district:dc/government"
    assert by_code("US-PR").openstates_id == "ocd-jurisdiction/country:us/territory:pr/government"


def test_lookups_by_open_states_id_and_legiscan_state_find_the_same_row():
    assert from_openstates_id("ocd-jurisdiction/country:us/state:ny/government").code == "US-NY"
    assert from_legiscan_state("ak").code == "US-AK"
    assert from_legiscan_state("US") is FEDERAL
    assert by_code("us-ca").name == "California"


def test_unknown_codes_raise_key_errors_naming_the_value():
    with pytest.raises(KeyError, match="US-XX"):
        by_code("US-XX")
    with pytest.raises(KeyError, match="state:zz"):
        from_openstates_id("ocd-jurisdiction/country:us/state:zz/government")
    with pytest.raises(KeyError, match="PR"):
        from_legiscan_state("PR")  # LegiScan has no Puerto Rico


def test_subnational_excludes_federal_and_legiscan_states_exclude_puerto_rico():
    assert len(subnational()) == 52
    assert "US" not in {j.code for j in subnational()}
    codes = {j.code for j in legiscan_states()}
    assert len(codes) == 51 and "US-PR" not in codes and "US-DC" in codes


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("SF0006", "SF 6"),
        ("HB1", "HB 1"),
        ("SB 205", "SB 205"),
        ("sj 1", "SJ 1"),
        ("H.B. 0012", "HB 12"),
        ("AB  1018", "AB 1018"),
        ("SB 24-205", "SB 24-205"),
        ("  hcr 2 ", "HCR 2"),
    ],
)
def test_identifiers_are_normalised_to_prefix_space_number(raw, expected):
    assert normalise_identifier(raw) == expected
