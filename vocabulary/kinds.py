"""Kinds of tracked item and of jurisdiction."""

BILL_KINDS: dict[str, str] = {
    "bill": "Bill",
    "resolution": "Resolution",
    "executive_order": "Executive order",
    "policy_document": "Policy document",
    "regulation": "Regulation",
}

JURISDICTION_KINDS: dict[str, str] = {
    "state": "State",
    "federal": "Federal",
    "territory": "Territory or district",
}

RELATION_KINDS: dict[str, str] = {
    "companion": "Companion (same as)",
    "replaces": "Replaces",
    "replaced_by": "Replaced by (substituted)",
    "chapter_amendment_of": "Chapter amendment of",
    "amended_by": "Amended by",
    "prior_session": "Version in a prior session",
    "related": "Related",
    "revokes": "Revokes (a later executive order revoking an earlier one)",
    "revoked_by": "Revoked by",
}

SPONSOR_KINDS: dict[str, str] = {"primary": "Primary sponsor", "cosponsor": "Cosponsor"}
