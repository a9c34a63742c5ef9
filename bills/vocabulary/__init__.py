"""Fixed vocabularies, each one module of choices with stable codes.

These modules import nothing from Django so that parsers (``scrapers/``) can
use them. Rule for adding a value: append a new code with its description;
never rename or repurpose a released code (API, CSV and saved filters use them).
"""
