"""The stored legal state shared by bills and obligations (see ``bills.legal_state``).

``legal_timeline`` is the whole derived history, a list of periods
``{"from": "YYYY-MM-DD" | None, "state": ..., "reason": ...}``; the other
columns are read from it so that "what counted as law on a date" is an
indexed range query instead of a walk over every timeline:

- ``law_from`` ≤ as-of < ``law_until``: counts as law (in force or enacted
  but not yet effective); ``in_force_from`` tells the two apart;
- ``pending_from`` ≤ as-of < ``pending_until``: alive in its legislature.

``legal_state`` and its reason are the state *today*; ``legal_state_until``
is the next date the timeline changes, which the daily recompute looks for.
"""

from __future__ import annotations

from django.db import models

from vocabulary.legal_states import LEGAL_STATES


class LegalStateFields(models.Model):
    legal_state = models.CharField(
        max_length=24, choices=list(LEGAL_STATES.items()), default="pending"
    )
    legal_state_reason = models.TextField(blank=True)
    legal_state_since = models.DateField(null=True, blank=True)
    legal_state_until = models.DateField(
        null=True, blank=True, help_text="When the timeline next changes state"
    )
    law_from = models.DateField(null=True, blank=True, help_text="Counts as law from (enacted)")
    law_until = models.DateField(
        null=True, blank=True, help_text="Stops counting as law on (superseded, repealed…)"
    )
    in_force_from = models.DateField(null=True, blank=True, help_text="Takes effect on")
    pending_from = models.DateField(null=True, blank=True)
    pending_until = models.DateField(null=True, blank=True)
    legal_timeline = models.JSONField(default=list, blank=True)

    class Meta:
        abstract = True
