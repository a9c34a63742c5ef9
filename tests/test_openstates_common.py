"""scrapers.openstates_common: what the API and scraper output formats share."""

from scrapers.openstates_common import action_classifications


def test_open_states_classifications_outside_our_vocabulary_are_dropped():
    assert action_classifications(
        ["committee-passage-unfavorable", "receipt", "passage", "passage"]
    ) == ["committee-passage", "passage"]
