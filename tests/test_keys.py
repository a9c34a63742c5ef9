"""scrapers.keys: API keys are read from settings, and a missing one is named, never shown."""

import pytest

from scrapers.errors import ScrapeError
from scrapers.keys import required_api_key


def test_an_empty_key_raises_a_scrape_error_naming_the_source_and_the_setting(settings):
    settings.EXAMPLE_API_KEY = ""
    with pytest.raises(ScrapeError) as error:
        required_api_key("example", "EXAMPLE_API_KEY")
    assert str(error.value) == "[example] EXAMPLE_API_KEY is not set"


def test_a_setting_that_does_not_exist_is_reported_the_same_way():
    with pytest.raises(ScrapeError, match=r"^\[example\] NO_SUCH_API_KEY is not set$"):
        required_api_key("example", "NO_SUCH_API_KEY")


def test_a_set_key_is_returned_as_it_is(settings):
    settings.EXAMPLE_API_KEY = "k-123"
    assert required_api_key("example", "EXAMPLE_API_KEY") == "k-123"
