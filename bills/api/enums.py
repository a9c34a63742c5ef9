"""One name per choice set in the OpenAPI schema (drf-spectacular's ``ENUM_NAME_OVERRIDES``).

The same vocabularies appear under several field names (``actor`` on an
obligation, ``actors`` in a subscription; several ``kind`` fields), which
drf-spectacular would otherwise name by accident (``Kind5c3Enum``) and warn
about, failing ``check --deploy --fail-level WARNING``.
"""

from bills.vocabulary.taxonomy import actor_choices, category_choices
from vocabulary.kinds import BILL_KINDS
from vocabulary.legal_states import LEGAL_STATES

BILL_KIND_CHOICES = list(BILL_KINDS.items())
ACTOR_CHOICES = actor_choices()
CATEGORY_CHOICES = category_choices()
LEGAL_STATE_CHOICES = list(LEGAL_STATES.items())
