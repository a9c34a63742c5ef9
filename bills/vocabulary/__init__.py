"""The obligation taxonomy, a vocabulary only the domain uses.

Statuses, kinds and jurisdictions, which parsers share, live in the top-level
``vocabulary`` package. Rule for adding a value: append a new code with its
description; never rename or repurpose a released code.
"""
