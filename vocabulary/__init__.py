"""Vocabularies shared by the parsers (``scrapers/``) and the domain (``bills/``).

Statuses and action classifications, kinds of item, relation and sponsor, and
the jurisdictions RegTracker follows. This package imports nothing from Django
or from ``bills`` so that parsers stay pure; the obligation taxonomy, which
only the domain uses, stays in ``bills/vocabulary/``.

Rule for adding a value: append a new code with its description; never rename
or repurpose a released code (API, CSV and saved filters use them).
"""
