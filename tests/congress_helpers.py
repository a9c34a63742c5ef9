"""Shared by the Congress test modules."""


def only(records):
    """The one record a file gives, validated."""
    assert len(records) == 1
    return records[0].validate()
