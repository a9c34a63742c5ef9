"""The obligation taxonomy of ``shared/spec/taxonomy.md`` (v2): categories, actors, attributes.

The codes are a public contract (API, CSV exports, saved searches, digest
filters). Add new codes at the end of a group; never rename or repurpose one.
v2 added the actor ``insurer``, the categories ``human_oversight``,
``consent``, ``data_rights``, ``minor_protection`` and ``crisis_protocol``,
and the attributes ``due_date`` and ``employee_threshold``; no v1 code changed.
"""

from __future__ import annotations

from dataclasses import dataclass

VERSION = 2


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    description: str
    group: str = ""


ACTORS: tuple[Term, ...] = (
    Term("developer", "Developer", "Builds or substantially modifies an AI system or model."),
    Term(
        "frontier_developer",
        "Frontier developer",
        "Developer of a frontier/foundation model above a compute or cost threshold.",
    ),
    Term(
        "deployer",
        "Deployer",
        "Uses an AI system to make or help make decisions, or offers it to the public.",
    ),
    Term(
        "provider",
        "Provider",
        "Offers a generative AI product or service to the public (chatbots, synthetic content).",
    ),
    Term(
        "government_agency",
        "Government agency",
        "A state or federal agency, including its procurement.",
    ),
    Term(
        "attorney_general",
        "Attorney general",
        "The enforcing official or office (when the text obliges it to act).",
    ),
    Term("employer", "Employer", "An employer using AI in employment decisions."),
    Term(
        "health_care_provider", "Health care provider", "Licensed health professional or facility."
    ),
    Term(
        "regulated_professional",
        "Regulated professional",
        "Any licensed occupation other than health care.",
    ),
    Term(
        "insurer",
        "Insurer",
        "A health carrier, insurer or benefit manager using AI in coverage, claims or "
        "prior-authorization decisions.",
    ),
    Term("other", "Other", "Anyone else; the extracted actor text is kept verbatim."),
)

_G = "Governance and safety"
_R = "Reporting and records"
_T = "Transparency"
_I = "Individual rights"
_P = "Prohibitions and protections"
_F = "Public sector and federal"
_E = "Enforcement"

CATEGORIES: tuple[Term, ...] = (
    Term(
        "safety_framework",
        "Safety framework",
        "Write, implement, follow and/or publish a safety and security protocol or frontier AI framework.",
        _G,
    ),
    Term(
        "risk_management_program",
        "Risk management program",
        "Maintain a risk management policy or program for a (high-risk) system.",
        _G,
    ),
    Term(
        "impact_assessment",
        "Impact assessment",
        "Complete an impact or risk assessment, initially and/or periodically.",
        _G,
    ),
    Term(
        "testing_evaluation",
        "Testing and evaluation",
        "Test, evaluate or red-team a system or model before or after release, or record such tests.",
        _G,
    ),
    Term(
        "third_party_audit", "Third-party audit", "Obtain an independent audit or assessment.", _G
    ),
    Term(
        "duty_of_care",
        "Duty of care",
        "Use reasonable care against a named harm, or refrain from deploying where the risk is unreasonable.",
        _G,
    ),
    Term(
        "shutdown_capability",
        "Shutdown capability",
        "Be able to promptly shut down or halt a model.",
        _G,
    ),
    Term(
        "cybersecurity",
        "Cybersecurity",
        "Protect model weights or systems against unauthorised access or theft.",
        _G,
    ),
    Term(
        "human_oversight",
        "Human oversight",
        "Have a human (often a licensed professional) review, approve or be able to override AI "
        "output before it takes effect; AI may not make the decision alone.",
        _G,
    ),
    Term(
        "incident_reporting",
        "Incident reporting",
        "Report a safety incident, critical harm or discovered discrimination to an authority, usually within a deadline.",
        _R,
    ),
    Term(
        "government_reporting",
        "Government reporting",
        "Submit other documents or summaries to an authority.",
        _R,
    ),
    Term(
        "record_retention",
        "Record retention",
        "Keep records, documents or test results for a period.",
        _R,
    ),
    Term(
        "public_disclosure",
        "Public disclosure",
        "Publish a statement, transparency report or summary on a website.",
        _T,
    ),
    Term(
        "documentation_to_deployers",
        "Documentation to deployers",
        "Give deployers or downstream users documentation about the system.",
        _T,
    ),
    Term(
        "training_data_disclosure",
        "Training data disclosure",
        "Disclose information about training data.",
        _T,
    ),
    Term(
        "ai_interaction_disclosure",
        "AI interaction disclosure",
        "Tell a person that they are interacting with AI.",
        _T,
    ),
    Term(
        "content_provenance",
        "Content provenance",
        "Label, watermark or embed provenance data in synthetic content, or offer a detection tool.",
        _T,
    ),
    Term(
        "decision_notice",
        "Decision notice",
        "Notify a person that AI is used in a consequential decision about them, or explain an adverse decision.",
        _I,
    ),
    Term(
        "correction_appeal",
        "Correction and appeal",
        "Let a person correct their data or appeal, with human review where possible.",
        _I,
    ),
    Term("opt_out", "Opt-out", "Let a person opt out of AI processing or profiling.", _I),
    Term(
        "consent",
        "Consent",
        "Obtain a person's informed (often written) consent before AI is used on them, their "
        "session, their image or their data.",
        _I,
    ),
    Term(
        "data_rights",
        "Data rights",
        "Let a person access or delete data that AI collected or produced about them, or limit "
        "how that data is shared or used.",
        _I,
    ),
    Term(
        "prohibited_practice",
        "Prohibited practice",
        "Forbids a use or development purpose outright.",
        _P,
    ),
    Term(
        "whistleblower_protection",
        "Whistleblower protection",
        "Protects employees or contractors who report risks, or requires an internal reporting channel.",
        _P,
    ),
    Term(
        "minor_protection",
        "Minor protection",
        "Requires what applies only when the user is or may be a minor: age assurance, parental "
        "tools, more frequent notices, blocking sexual or manipulative content for minors.",
        _P,
    ),
    Term(
        "crisis_protocol",
        "Crisis protocol",
        "Requires a protocol to detect and respond to suicidal ideation or self-harm (referral "
        "to crisis services), and reporting on it.",
        _P,
    ),
    Term(
        "government_use", "Government use", "Governs an agency's own use or procurement of AI.", _F
    ),
    Term(
        "agency_directive",
        "Agency directive",
        "Directs an agency or office to act (study, rule-making, guidance, program, task force, funding condition).",
        _F,
    ),
    Term(
        "preemption",
        "Preemption",
        "Limits, overrides, challenges or conditions state or local AI rules.",
        _F,
    ),
    Term(
        "enforcement_authority",
        "Enforcement authority",
        "Which official or body enforces (exclusive or not).",
        _E,
    ),
    Term(
        "private_right_of_action",
        "Private right of action",
        "That private persons may sue (or explicitly may not).",
        _E,
    ),
    Term("civil_penalty", "Civil penalty", "Monetary penalties.", _E),
    Term("cure_period", "Cure period", "A notice-and-cure period before enforcement.", _E),
    Term("affirmative_defense", "Affirmative defense", "A defense or safe harbor.", _E),
)

# Categories that describe the law rather than an actor's duty.
ENFORCEMENT_CATEGORIES = frozenset(
    {
        "enforcement_authority",
        "private_right_of_action",
        "civil_penalty",
        "cure_period",
        "affirmative_defense",
    }
)

ATTRIBUTES: dict[str, tuple[str, str]] = {
    "deadline": ("duration", "ISO-8601 duration, e.g. PT72H"),
    "frequency": ("duration", "ISO-8601 duration, e.g. P1Y, or PT3H for every three hours"),
    "retention": ("duration", "ISO-8601 duration, e.g. P5Y"),
    "penalty_max_usd": ("integer", "Maximum penalty per violation in US dollars"),
    "penalty_repeat_max_usd": ("integer", "Maximum penalty for subsequent violations"),
    "compute_threshold_flop": ("float", "Training compute threshold in operations"),
    "cost_threshold_usd": ("integer", "Compute cost threshold in US dollars"),
    "revenue_threshold_usd": ("integer", "Annual gross revenue threshold in US dollars"),
    "recipient": ("text", "Who receives a report or notice"),
    "effective_date": ("date", "When the duty starts"),
    "due_date": ("date", "A fixed calendar due date, e.g. a report by December 31, 2024"),
    "employee_threshold": (
        "integer",
        "Head-count at or above which the duty applies (or below which it is exempt)",
    ),
    "negated": ("bool", "The text denies rather than grants (e.g. no private right of action)"),
}

CATEGORY_CODES = tuple(t.code for t in CATEGORIES)
ACTOR_CODES = tuple(t.code for t in ACTORS)
CATEGORY_BY_CODE = {t.code: t for t in CATEGORIES}
ACTOR_BY_CODE = {t.code: t for t in ACTORS}


def category_choices() -> list[tuple[str, str]]:
    return [(t.code, t.label) for t in CATEGORIES]


def actor_choices() -> list[tuple[str, str]]:
    return [(t.code, t.label) for t in ACTORS]
