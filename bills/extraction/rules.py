"""The regex rules that name a category: enforcement provisions and duty topics.

Rules are ordered; the first that matches wins. Enforcement provisions
describe the law and need no modal ("There is a rebuttable presumption",
"has exclusive authority to enforce"); duty topics are read from the clause
after the modal ("shall report any critical safety incident" →
incident_reporting). Every rule is phrased on legal vocabulary, never on a
particular bill. Codes are those of ``bills.vocabulary.taxonomy``.
"""

from __future__ import annotations

import re


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


PRIVATE_ACTION_RE = _rx(
    r"private (?:right|cause) of action|\bmay (?:bring|file|maintain|commence|institute) (?:a|an) "
    r"(?:civil )?(?:action|suit)\b|\bmay petition (?:the|a|any)\b[^.;]{0,40}\bcourt"
    r"|attorney[’']?s?[’']? fees[^.;]{0,30} to (?:a|the|any) (?:prevailing )?(?:plaintiff|party|employee)"
    r"|\bmay recover (?:actual |statutory |compensatory )?damages"
    r"|\bcreate any right or benefit\b[^.;]{0,80}\benforceable"
)
NEGATED_ACTION_RE = _rx(
    r"\b(?:no|not|nothing)\b[^.;]{0,90}private (?:right|cause) of action"
    r"|private (?:right|cause) of action[^.;]{0,40}\b(?:shall not|does not|is not|may not)\b"
    r"|\bnot\b[^.;]{0,40}\bcreate any right or benefit"
)
PREEMPTION_RE = _rx(
    r"\b(?:this|the)\s+(?:act|chapter|article|title|section|subchapter|order|part|law)\b[^.;]{0,40}"
    r"\b(?:supersedes?|preempts?)\b(?! by)|\bpreempt(?:s|ion of)? (?:any |all )?(?:state|local)\b"
    r"|\b(?:state|local) (?:ai|artificial intelligence) (?:laws?|regulations?)\b|\bmoratori(?:um|a)\b"
    r"|\bstates? with (?:\w+ ){0,3}(?:artificial intelligence|ai) (?:laws?|regulat)"
    r"|\blimitation of home rule|\bhome rule (?:unit|municipalit)\w* may not|exclusive power and function"
)
PENALTY_RE = _rx(
    r"\b(?:civil|administrative) (?:penalt(?:y|ies)|fines?) (?:of|in an amount|not to exceed|not "
    r"exceeding|up to|that does not|shall not exceed|may not exceed)|\bliable\b[^.;]{0,60}\bpenalt|subject to (?:a |an )?"
    r"(?:civil |administrative )?(?:penalt|fine)|\bmonetary penalt|\bfined? (?:not more than|up to|of)\b"
    r"|\bpenalty of (?:not|up|\$)"
)
CURE_RE = _rx(
    r"opportunity to cure|\bcure(?:s|d)? (?:the|any|such|a|each)\b[^.;]{0,20}violation|\bcure period"
    r"|\bnotify the (?:person|developer|deployer|entity)\b[^.;]{0,80}(?:violat|determination)"
    r"|notice of (?:the |an? )?(?:alleged )?violation"
)
DEFENSE_RE = _rx(
    r"affirmative defen[cs]e|\bsafe harbor|rebuttable presumption|\bdeemed (?:to be )?in compliance"
    r"|\bconsidered (?:to be )?in compliance|\bmay not be (?:found|held) liable|\bis not liable"
    r"|\bshall not be (?:found |held )?liable|burden of proof|\bmay not (?:bring|file|pursue|commence|"
    r"institute)\b|\bis a defen[cs]e|\b(?:does|shall) not apply to [^.;]{0,80}good faith"
)
ENFORCE_RE = _rx(
    r"authority to enforce|\b(?:shall|may) enforce\b|\benforced (?:exclusively |solely |only )?by\b"
    r"|\bbrought (?:only |exclusively |solely )?by the\b|\bmay (?:bring|institute|commence|file|maintain)"
    r" (?:a |an )?(?:civil )?(?:action|proceeding)|civil investigative demand|\bissue demands?\b"
    r"|\bmay (?:issue|serve) (?:a )?subpoena|\bmay impose (?:a |an )?(?:sanction|penalt|fine)"
    r"|\bmay (?:file|pursue) (?:or pursue )?(?:charges|action)|\bmay file or pursue"
    r"|\bmay(?:, [^.;]{0,40},)? levy\b|\bmay recommend\b[^.;]{0,80}\bremoved|\bmay (?:suspend|revoke)\b|\bexclusive (?:jurisdiction|authority)"
)
INERT_RE = _rx(
    r"\s*(?:not\s+)?(?:be\s+)?(?:known|cited|construed|interpreted|liberally|apply|applies|constitute|"
    r"become|take effect|remain|expire|repealed|consist|composed|serve|entitled|affect|impair|limit|"
    r"mean|govern|supersede|prevail|control|abrogate|alter|diminish|exempt|dissolved|considered a "
    r"violation|deemed a violation|operative|effective|inoperative|reimbursed|appoint|elect)\b"
    r"|\s*(?:charge|collect)\b[^.;]{0,20}\bfees\b"  # fee administration, not a duty about AI
    r"|\s*be\s+(?!\w+(?:ed|en|wn|ne)\b)(?!deemed|considered|subject|liable)\w+"
)
PERMISSION_SUBJECT_RE = _rx(r"\b(?:court|injunct|order|petition|relief|invalidity|provision)\w*\b")
DOCUMENT_SUBJECT_RE = _rx(
    r"\b(?:report|statement|notice|form|application|summary|plan|proposal|document|certification)s?\b"
)
INCLUDE_RE = _rx(
    r"\s*(?:(?:also|at a minimum),?\s*)?(?:include|contain|identify|describe|state|set forth)\b"
)
SKIP_SENTENCE_RE = _rx(
    r"\bfinds and declares|\b(?:legislature|congress|general assembly|people) (?:further |hereby )?"
    r"finds\b|\bintent of the legislature|legislative intent"
    r"|\bis encouraged\b|\bit is the policy\b|\bshall be known as\b|\bmay be cited as\b|\bseverable\b"
    r"|^\s*(?:as used in|for (?:the )?purposes of|in) this (?:act|article|chapter|section|part|"
    r"subchapter|title|order|subdivision)[^.]{0,40}:\s*$|[\"”] (?:means|has the meaning|includes|does "
    r"not include)\b|^\s*the term\b"
)
GOVERNMENT_AI_USE_RE = _rx(
    r"^\s*(?:not\s+)?(?:use|deploy|develop|procure|purchase|acquire|implement|make available)\b"
    r"[^.;]{0,120}\b(?:artificial intelligence|ai|automated decision|algorithm)"
)
GOVERNMENT_USE_RE = _rx(
    r"\binventory\b|\bprocure(?:ment)?\b[^.;]{0,60}(?:artificial intelligence|ai\b|automated)"
)
# "It is a civil rights violation for an employer to use ...": a prohibition without a modal.
UNLAWFUL_FOR_RE = _rx(
    r"\bit (?:is|shall be) (?:a |an )?(?:civil rights violation|unlawful(?: \w+)?(?: practice)?|violation of "
    r"this \w+) for (?:a |an |any )?(?P<actor>[\w ]{2,40}?) to\b"
)
ESTABLISHED_RE = _rx(r"\b(?:is|are) (?:hereby )?(?:created|established) to\b")
REQUEST_RE = _rx(r"\bmay (?:request|require)\b[^.;]{0,20}\bfrom (?:the|a|an|any) (?:person|entity)")

# Duty topics, in priority order: (category, regex on the clause after the modal).
TOPIC_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, _rx(pattern))
    for code, pattern in (
        ("whistleblower_protection", r"whistle-?blow|retaliat|\bemployees?\b[^.;]{0,120}\b(?:disclos|"
                                     r"report|rights)|anonymous(?:ly)? (?:disclos|report)|internal process"),
        ("incident_reporting", r"\b(?:report|disclose|notify|submit|transmit)\w*\b[^.;]{0,80}\bincidents?\b"
                               r"|\bincidents?\b[^.;]{0,60}\b(?:report|disclos|notif)"
                               r"|discover\w*[^.;]{0,80}discrimination"
                               r"|\b(?:report|disclose|notify)\w*\b[^.;]{0,30}\bdiscover(?:y|ies)\b"),
        ("safety_framework", r"\b(?:frontier ai|ai|safety|security|artificial intelligence) "
                             r"(?:framework|protocol)s?\b|safety and security protocol"),
        ("risk_management_program", r"risk management (?:policy|program)"),
        ("testing_evaluation", r"\brecord\w*\b[^.;]{0,200}\btests?\b"),
        ("record_retention", r"\b(?:retain|preserve|keep)\b(?! (?:an? |the )?(?:independent )?(?:third[- ]part|auditor))"
                             r"|\bmaintain\b[^.;]{0,60}\brecords?\b"),
        ("government_reporting", r"\bapproval from\b|\bgrant\b[^.;]{0,100}\baccess to\b"),
        ("public_disclosure", r"^[\s\w,]{0,40}?\bpublish\w*\b"),
        ("third_party_audit", r"third[- ]party (?:audit|auditor)|independent (?:audit|auditor)|\baudit\b"),
        ("impact_assessment", r"impact assessment|benefit assessment|\bassessment\b[^.;]{0,60}\bimpacts?\b"
                              r"|\b(?:complete|conduct|perform)\b[^.;]{0,30}\bassessment"),
        ("content_provenance", r"watermark|provenance|latent disclosure|manifest disclosure|detection tool"),
        ("ai_interaction_disclosure", r"interacting with (?:an? )?(?:\w+ )?(?:artificial intelligence|ai\b|bot)"
                                      r"|not (?:a )?human\b|\bdisclaimer\b"
                                      r"|disclose[^.;]{0,60}\b(?:using|uses|use of) generative"),
        ("correction_appeal", r"\bappeal\b|\bcorrect\b[^.;]{0,40}(?:data|information)|human review"),
        ("decision_notice", r"(?:consequential|adverse) (?:decision|action)|\bnotice to (?:an? |each |the )?"
                            r"(?:employee|applicant|consumer|individual)s?\b[^.;]{0,80}\b(?:using|uses|use of) "
                            r"(?:artificial intelligence|ai\b|automated)"),
        ("opt_out", r"opt[- ]out"),
        ("documentation_to_deployers", r"\bto (?:a |the |each |any )?deployers?\b|downstream"),
        ("training_data_disclosure", r"training data|data used to train"),
        ("public_disclosure", r"\bpublish|\bpublicly\b|internet web ?site|\bwebsite\b|transparency report"
                              r"|available to the public"),
        ("shutdown_capability", r"shut ?down|\bhalt\b"),
        ("cybersecurity", r"cybersecurity|unauthori[sz]ed access|model weights"),
        ("testing_evaluation", r"^\s*(?:\w+ly )?(?:test|evaluate|red[- ]team|conduct (?:testing|evaluation))"),
        ("duty_of_care", r"reasonable care|unreasonable risk"),
    )
)  # fmt: skip
NEGATIVE_TOPICS = frozenset({"whistleblower_protection", "duty_of_care"})
# A prohibition that only forbids acting before a filing or an audit states that duty.
NEGATED_DUTY_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "government_reporting",
        _rx(
            r"\bwithout (?:first )?(?:having |obtaining |filing )?[^.;]{0,50}"
            r"\b(?:filed|registered) with\b"
        ),
    ),
    (
        "third_party_audit",
        _rx(
            r"^\s*(?:\w+ )?retain (?:a|an|the) (?:independent )?(?:third[- ]party|auditor)"
            r"|\b(?:payments?|compensation|fees?)\b[^.;]{0,60}\bon the (?:results?|outcome|findings)"
            r" of\b[^.;]{0,40}\baudit"
        ),
    ),
)
# "... publishes the information as part of a larger document ... shall be deemed in
# compliance": a form equivalence for a disclosure, not a defense to liability.
FORM_EQUIVALENCE_RE = _rx(
    r"\bas part of (?:a|another|any|one) (?:larger |single |combined )?document\b[^.;]{0,160}"
    r"\bdeemed (?:to be )?in compliance"
)
# "It shall be renewed every two years": a passive renewal continues the section's filing duty.
RENEWAL_RE = _rx(r"^\s*be\s+(?:renewed|refiled|resubmitted|updated)\b")
FILING_CATEGORIES = frozenset({"government_reporting", "incident_reporting", "public_disclosure"})
# Subjects that carry a duty only as part of another actor's duty (the auditor of an audit).
NON_ACTOR_RE = _rx(r"\bthird[- ]part(?:y|ies)\b|\bauditors?\b")
SECOND_REPORT_RE = _rx(r"\band\s+(?:shall\s+)?(?:transmit|submit|send|file)\b[^.;]*")
REPORT_RECIPIENT_CATEGORIES = frozenset(
    {"incident_reporting", "government_reporting", "agency_directive", "ai_interaction_disclosure",
     "decision_notice", "documentation_to_deployers", "whistleblower_protection", "cure_period"}
)  # fmt: skip

# Enforcement rules with cheap substring guards: a regex only runs on text that
# holds one of its cue words, which keeps a 1.4 MB omnibus under a second.
_ENFORCEMENT_RULES: dict[str, tuple[tuple[str, ...], re.Pattern[str]]] = {
    "private_right_of_action": (
        ("private", "may bring", "may file", "may maintain", "may commence", "may institute",
         "petition", "fees", "damages", "right or benefit"), PRIVATE_ACTION_RE),
    "preemption": (("preempt", "supersed", "moratori", "intelligence law", "ai law",
                    "intelligence regulation", "ai regulation", "home rule", "exclusive power"),
                   PREEMPTION_RE),
    "civil_penalty": (("penalt", "fine"), PENALTY_RE),
    "cure_period": (("cure", "notify", "notice of"), CURE_RE),
    "affirmative_defense": (("defense", "defence", "harbor", "presumption", "compliance", "liable",
                             "burden", "may not", "not apply"), DEFENSE_RE),
    "enforcement_authority": (("enforce", "brought", "may bring", "may institute", "may commence",
                               "may file", "may maintain", "demand", "subpoena", "may impose",
                               "may pursue", "may recommend", "levy", "may suspend", "may revoke",
                               "exclusive"), ENFORCE_RE),
}  # fmt: skip
ENFORCEMENT_ORDER = (
    "preemption", "civil_penalty", "cure_period", "affirmative_defense", "enforcement_authority"
)  # fmt: skip


def matches(category: str, text: str, lowered: str) -> bool:
    """Whether the enforcement rule of ``category`` matches ``text`` (``lowered`` is its lower case)."""
    guards, regex = _ENFORCEMENT_RULES[category]
    return any(guard in lowered for guard in guards) and bool(regex.search(text))
