from scrapers.sources.openstates.build import action_classifications

"""scrapers.sources.openstates.build: what the API and scraper output formats share."""


def test_open_states_classifications_outside_our_vocabulary_are_dropped():
    assert action_classifications(
        ["committee-passage-unfavorable", "receipt", "passage", "passage"]
    ) == ["committee-passage", "passage"]
