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
from dataclasses import dataclass


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


PRIVATE_ACTION_RE = _rx(
    r"private (?:right|cause) of action|\bmay (?:bring|file|maintain|commence|institute) (?:a|an) "
    r"(?:civil )?(?:action|suit)\b|\bmay petition (?:the|a|any)\b[^.;]{0,40}\bcourt"
    r"|attorney[’']?s?[’']? fees[^.;]{0,30} to (?:a|the|any) (?:prevailing )?(?:plaintiff|party|employee)"
    r"|\bmay recover (?:actual |statutory |compensatory )?damages"
    r"|\bcreate any right or benefit\b[^.;]{0,80}\benforceable"
    r"|\b(?:has|have|shall have) a (?:civil |private )?cause of action\b|\bprevailing plaintiff\b"
    r"|\bmay (?:seek|obtain|bring an action for) (?:injunctive|equitable|declaratory)\b"
)
NEGATED_ACTION_RE = _rx(
    r"\b(?:no|not|nothing)\b[^.;]{0,90}private (?:right|cause) of action"
    r"|private (?:right|cause) of action[^.;]{0,40}\b(?:shall not|does not|is not|may not)\b"
    r"|\bnot\b[^.;]{0,40}\bcreate any right or benefit"
)
PREEMPTION_RE = _rx(
    r"\b(?:this|the)\s+(?:act|chapter|article|title|section|subchapter|order|part|law)\b[^.;]{0,40}"
    r"\b(?:supersedes?|preempts?)\b(?! by)"
    r"|\bpreempt(?:s|ing|ion of)? (?:any |all |conflicting |inconsistent |otherwise lawful )?(?:state|local)\b"
    r"|\b(?:state|local) laws?\b[^.;]{0,120}\bpreempted\b"
    r"|\bcondition\w*\b[^.;]{0,80}\b(?:grants?|funding|funds|awards?)\b[^.;]{0,80}\bstates?\b"
    r"|\bstates?\b[^.;]{0,80}\b(?:ineligible|not (?:be )?eligible) for\b[^.;]{0,40}\b(?:funding|funds|grants?)"
    r"|\b(?:state|local) (?:ai|artificial intelligence) (?:laws?|regulations?)\b|\bmoratori(?:um|a)\b"
    r"|\blimitation of home rule|exclusive power and function"
)
PENALTY_RE = _rx(
    r"\b(?:civil|administrative) (?:penalt(?:y|ies)|fines?) (?:of|in an amount|not to exceed|not "
    r"exceeding|up to|that does not|shall not exceed|may not exceed)|\bliable\b[^.;]{0,60}\bpenalt|subject to (?:a |an )?"
    r"(?:civil |administrative )?(?:penalt|fine)|\bmonetary penalt|\bfined? (?:not more than|up to|of)\b"
    r"|\bpenalty of (?:not|up|\$)"
    r"|\b(?:statutory|punitive|exemplary) damages\b[^.;]{0,40}\b(?:not to exceed|up to|of not more than|not more than)"
    r"|\bpay (?:a |an )?(?:civil |administrative )?(?:penalty|fine)\b"
)
CURE_RE = _rx(
    r"opportunity to cure|\bcure(?:s|d)? (?:the|any|such|a|each)\b[^.;]{0,20}violation|\bcure period"
    r"|\bnotify the (?:person|developer|deployer|entity)\b[^.;]{0,80}(?:violat|determination)"
    r"|notice of (?:the |an? )?(?:alleged )?violation"
)
DEFENSE_RE = _rx(
    r"affirmative defen[cs]e|\bsafe harbou?r|rebuttable presumption"
    r"|\b(?:deemed|considered) (?:to be )?(?:in compliance|compliant)\b"
    r"|\b(?:(?:is|are) not|(?:may|shall) not be(?: found| held)?) liable\b"
    r"|burden of proof|\bmay not (?:bring|file|pursue|commence|"
    r"institute)\b|\bis a defen[cs]e|\b(?:does|shall) not apply to [^.;]{0,80}good faith"
    r"|\bnot a defen[cs]e\b|\bis not guilty of\b|\bdoes not impose liability\b"
    r"|^\s*(?:this|the|subsections?|sections?|paragraphs?)\b[^.;]{0,60}\b(?:does|do|shall) not apply to"
    r"(?::|\s+(?:a|an|any)\s+(?:deployer|developer|person|operator|provider|employer)\b[^.;]{0,20}\bif\b)"
    r"|\bis not a matter of public concern\b"
)
NOT_A_DEFENSE_RE = _rx(r"\bnot a defen[cs]e\b|\bis not a matter of public concern\b")
ENFORCE_RE = _rx(
    r"\b(?:(?:authority|authorized|empowered) to|shall|may|administer and|responsible for) enforc(?:e|ing)\b"
    r"|\benforced (?:exclusively |solely |only )?by\b"
    r"|\bbrought (?:only |exclusively |solely )?by the\b|\bmay (?:bring|institute|commence|file|maintain)"
    r" (?:a |an )?(?:civil )?(?:action|proceeding)|\b(?:civil investigative|issue) demands?\b"
    r"|\b(?:may|shall) (?:issue|serve) (?:a )?subpoenas?\b|\b(?:(?:is|are) authorized|(?:shall|may)"
    r" have (?:the )?(?:authority|power)) to (?:investigate|(?:issue|serve) (?:a )?subpoenas?)\b"
    r"|\b(?:filed|brought|commenced|collected|recovered) (?:[^.;]{0,30} )?by (?:the )?(?:attorney general|district "
    r"attorney|city attorney|county counsel|department|commission)"
    r"|\bmay (?:bring|institute|initiate|commence|file|maintain)\b[^.;]{0,60}\b(?:action|proceeding)s?\b"
    r"|\b(?:constitutes?|is|shall be(?: deemed| considered)?) (?:an? )?(?:unfair|deceptive|unlawful)\b"
    r"[^.;]{0,40}\b(?:acts?|practices?)\b|\bviolation of the [^.;]{0,60}\bconsumer (?:protection|fraud)"
    r"|\bmay(?:, [^.;]{0,40},)? (?:levy|impose (?:a |an )?(?:sanction|penalt|fine))"
    r"|\bmay (?:suspend|revoke)\b|\bexclusive (?:jurisdiction|authority)"
)
INERT_RE = _rx(
    r"\s*(?:not\s+)?(?:be\s+)?(?:known|cited|construed|interpreted|liberally|apply|applies|constitute|"
    r"become|take effect|remain|expire|repealed|consist|composed|serve|entitled|affect|impair|limit|"
    r"mean|govern|supersede|prevail|control|abrogate|alter|diminish|exempt|dissolved|considered a "
    r"violation|deemed a violation|operative|effective|inoperative|reimbursed|appoint|elect|comprised"
    r"|(?:contain|include) at least (?:one|\d+) members?)\b"
    r"|\s*(?:charge|collect)\b[^.;]{0,20}\bfees\b"  # fee administration, not a duty about AI
    r"|\s*be\s+(?!\w+(?:ed|en|wn|ne)\b|(?:made|kept|held|sent|paid|set|put|built)\b)"
    r"(?!deemed|considered|subject|liable|the sole\b|the only\b|solely\b)\w+"
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
_SKIP_GUARDS = (
    "finds", "intent", "encouraged", "policy", "known as", "cited as", "severable", "as used in",
    "purposes of", "in this", "means", "has the meaning", "include", "the term",
)  # fmt: skip


def skip_sentence(lead: str) -> bool:
    """Findings, intent, short titles, definitions: sentences that state no duty."""
    lowered = lead.lower()
    return any(guard in lowered for guard in _SKIP_GUARDS) and bool(SKIP_SENTENCE_RE.search(lead))


GOVERNMENT_AI_USE_RE = _rx(
    r"^\s*(?:not\s+)?(?:use|deploy|develop|procure|purchase|acquire|implement|make available)\b"
    r"[^.;]{0,120}\b(?:artificial intelligence|ai|automated decision|algorithm)"
)
GOVERNMENT_USE_RE = _rx(
    r"\binventory\b|\b(?:procure(?:ment)?|acquisition|acquiring|purchase|purchasing)\b[^.;]{0,60}"
    r"(?:artificial intelligence|ai\b|automated)"
    r"|\bcontract (?:terms?|clauses?|provisions?)\b|\bsolicitations?\b"
)
# "It is a civil rights violation for an employer to use ...": a prohibition without a modal.
UNLAWFUL_FOR_RE = _rx(
    r"\bit (?:is|shall be) (?:a |an )?(?:civil rights violation|unlawful(?: \w+)?(?: practice)?|violation of "
    r"this \w+) for (?:a |an |any )?(?P<actor>[\w ]{2,40}?) to\b"
)
# "A person commits the crime of disclosing fabricated intimate images when ...": an offense
# defined without a modal forbids what it describes.
CRIME_OF_RE = _rx(
    r"\b(?:commits|is guilty of) (?:the )?(?:crime|offense|offence|misdemeanor|felony) of\b"
)
MODAL_WORD_RE = _rx(r"\b(?:shall|must|may)\b")
ESTABLISHED_RE = _rx(r"\b(?:is|are) (?:hereby )?(?:created|established) to\b")
REQUEST_RE = _rx(
    r"\bmay (?:request|require)\b[^.;]{0,20}\bfrom (?:the|a|an|any) (?:person|entity)"
    r"|\bmay (?:request|require) that (?P<who>(?:a|an|the|any|each) [\w\- ]{2,60}?)\s*,?\s*"
    r"(?:or [^.;]{0,80}?)?(?:disclose|submit|provide|produce|make available)\b"
)


@dataclass(frozen=True)
class Rule:
    """One row of a category's rule table; ``id`` is stored with every obligation it finds.

    ``guards`` are lower-case substrings of which one must occur before the
    regex runs (cheap, and keeps extraction linear); ``prohibitions`` lets the
    rule name a "shall not" clause's category; ``example`` must match and
    ``counter`` must not (tests/test_extraction_rules.py checks every row).
    """

    id: str
    category: str
    pattern: re.Pattern[str]
    guards: tuple[str, ...]
    example: str
    counter: str
    prohibitions: bool = False

    def search(self, clause: str, lowered: str) -> re.Match[str] | None:
        """The trigger in ``clause`` (``lowered`` is its lower case), or None."""
        if self.guards and not any(guard in lowered for guard in self.guards):
            return None
        return self.pattern.search(clause)


def _rule(id: str, category: str, pattern: str, guards: str, example: str, counter: str,
          prohibitions: bool = False) -> Rule:  # fmt: skip
    return Rule(id, category, _rx(pattern), tuple(guards.split("|")) if guards else (),
                example, counter, prohibitions)  # fmt: skip


# Duty topics, in priority order: the first rule whose pattern matches the clause after
# the modal names the category. Each example/counter is the clause after "shall".
TOPIC_RULES: tuple[Rule, ...] = (
    _rule("whistleblower.retaliation", "whistleblower_protection",
          r"whistle-?blow|retaliat|\bemployees?\b[^.;]{0,120}\b(?:disclos|report|rights)"
          r"|anonymous(?:ly)? (?:disclos|report)|internal process",
          "whistle|retaliat|employee|anonymous|internal process",
          "not prevent an employee from disclosing information to the Attorney General",
          "not deploy a system that causes critical harm", prohibitions=True),
    _rule("crisis.self_harm_protocol", "crisis_protocol",
          r"suicid|self[- ]harm|crisis (?:service|line|hotline|center|counsel)|\b988\b",
          "suicid|self-harm|self harm|crisis|988",
          "maintain a protocol for responding to expressions of suicidal ideation or self-harm",
          "maintain a protocol for responding to consumer complaints"),
    _rule("incident.report", "incident_reporting",
          r"\b(?:report|disclos|notif|submit|transmit)\w*\b[^.;]{0,80}\bincidents?\b"
          r"|\bincidents?\b[^.;]{0,60}\b(?:report|disclos|notif)"
          r"|\b(?:report|disclos|notif)\w*\b[^.;]{0,30}\bdiscover(?:y|ies)\b",
          "incident|discover",
          "report any critical safety incident to the Office within 15 days",
          "report its revenue to the Office each year"),
    _rule("safety_framework.protocol", "safety_framework",
          r"\b(?:frontier ai|ai|safety|security|artificial intelligence) (?:framework|protocol)s?\b"
          r"|safety and security protocol",
          "framework|protocol",
          "write, implement and publish a frontier AI framework",
          "follow the protocol of the Office for complaints"),
    _rule("risk_management.program", "risk_management_program",
          r"risk management (?:policy|program)", "risk management",
          "implement a risk management policy and program", "manage the risk of fraud"),
    _rule("testing.records_of_tests", "testing_evaluation",
          r"\brecord\w*\b[^.;]{0,200}\btests?\b", "test",
          "record and retain the results of any tests performed", "record the minutes of the meeting"),
    _rule("retention.keep_records", "record_retention",
          r"\b(?:retain|preserve|keep)\b(?! (?:an? |the )?(?:independent )?(?:third[- ]part|auditor))"
          r"|\bmaintain\b[^.;]{0,60}\brecords?\b"
          r"|\bmaintain\b[^.;]{0,300}?\bfor (?:a period of )?(?:at least |not less than )?\w+ (?:years?|months?)\b",
          "retain|preserve|keep|maintain",
          "retain the documentation for five years", "retain an independent auditor annually"),
    _rule("reporting.approval_or_access", "government_reporting",
          r"\bapproval from\b|\bgrant\b[^.;]{0,100}\baccess to\b"
          r"|\b(?:open|subject|available) (?:to|for) (?:audit|inspection|examination|review) by (?:the )?"
          r"(?:office|department|commission|commissioner|agency|attorney general|secretary|state|division|bureau)\b",
          "approval from|grant|audit by|inspection by|examination by|review by",
          "obtain approval from the Department before testing", "approve the application"),
    _rule("disclosure.publish_first", "public_disclosure",
          r"^[\s\w,]{0,40}?\bpublish(?:es)?\b", "publish",
          "clearly and conspicuously publish a transparency report", "review the published guidance"),
    _rule("audit.third_party", "third_party_audit",
          r"third[- ]party (?:audit|auditor)|independent (?:audit|auditor)"
          r"|\baudit\b(?![^.;]{0,12}\bby (?:the )?(?:office|department|commission|commissioner|agency|"
          r"attorney general|secretary|state|division|bureau)\b)", "audit",
          "obtain an independent audit of its compliance", "review its compliance internally"),
    _rule("assessment.impact", "impact_assessment",
          r"impact assessment|\bassessment\b[^.;]{0,60}\bimpacts?\b"
          r"|\b(?:complete|conduct|perform)\b[^.;]{0,30}\bassessment",
          "assessment",
          "complete an impact assessment for the high-risk system", "assess a fee on applicants"),
    _rule("provenance.label_or_watermark", "content_provenance",
          r"watermark|provenance|\b(?:latent|manifest) disclosures?\b|detection tool"
          r"|\b(?:label|mark)\w*\b[^.;]{0,80}\b(?:synthetic|generated|altered|manipulated|artificial)"
          r"|\b(?:synthetic|manipulated|deceptive|altered|fabricated|deepfake) (?:media|content|images?|videos?|audio"
          r"|recordings?|depictions?)\b[^.;]{0,80}\b(?:disclaimer|label)"
          r"|\bdisclaimer\b[^.;]{0,80}\b(?:media|image|video|audio|recording|depiction|advertisement)s?\b"
          r"[^.;]{0,80}\b(?:generated|manipulated|altered|synthetic)",
          "watermark|provenance|latent|manifest|detection tool|label|mark|disclaimer",
          "include a disclaimer that the media has been manipulated or generated by artificial intelligence",
          "label the drawer with its contents"),
    _rule("minors.only_for_minors", "minor_protection",
          r"\b(?:for|to|with|from|by|of) (?:a |any |the |each )?(?:user |users |account holders? )?"
          r"(?:who (?:is|are) )?(?:a )?(?:minors?|child(?:ren)?)\b"
          r"|\b(?:users?|account holders?|persons?|individuals?) (?:who (?:is|are)|known to be|under the age)"
          r"\b[^.;]{0,30}\b(?:minors?|years of age|years old)"
          r"|\bknows?\b[^.;]{0,40}\bis a minor|\bage (?:verification|assurance|estimation)"
          r"|parental (?:control|consent|tool)s?",
          "minor|child|age verification|age assurance|age estimation|parental|under the age|years of age"
          "|years old",
          "institute reasonable measures to prevent its companion chatbot from producing sexually "
          "explicit material for a user the operator knows is a minor",
          "not develop a system that produces content impersonating a child younger than 18",
          prohibitions=True),
    _rule("disclosure.interacting_with_ai", "ai_interaction_disclosure",
          r"interacting with (?:an? )?(?:\w+ )?(?:artificial intelligence|ai\b|bot|chatbot)"
          r"|not (?:a )?human\b|artificially generated|\bis an? (?:ai|artificial intelligence)\b"
          r"|\bdisclaimer\b[^.;]{0,120}(?:artificial intelligence|\bai\b|generative|automated)"
          r"|disclose[^.;]{0,60}\b(?:using|uses|use of) generative"
          r"|\b(?:communicating|conversing|chatting) with (?:an? )?(?:ai|artificial|bot|chatbot|machine)",
          "interact|human|artificial|generative|ai|bot|disclaimer",
          "disclose to each user that the user is interacting with artificial intelligence",
          "disclose to each user the price of the service"),
    _rule("consent.informed_consent", "consent",
          r"\b(?:obtain|receive|secure|get|request)\w*\b[^.;]{0,80}\bconsent"
          r"|\b(?:informed|written|express|affirmative|prior|explicit)\b[^.;]{0,20}\bconsent"
          r"|\b(?:provides?|gives?|grants?|has given)\b[^.;]{0,20}\bconsent\b"
          r"|\bwithout\b[^.;]{0,60}\bconsent|\bconsent (?:of|from)\b",
          "consent",
          "obtain the written informed consent of the client before using the system",
          "consent to the jurisdiction of the courts of this state", prohibitions=True),
    _rule("appeal.correct_or_appeal", "correction_appeal",
          r"\bappeal\b|\bcorrect\b[^.;]{0,40}(?:data|information)", "appeal|correct",
          "provide the consumer an opportunity to appeal an adverse decision",
          "provide the consumer a copy of the decision"),
    _rule("oversight.human_review", "human_oversight",
          r"\bhuman (?:review|oversight|intervention|reviewer|decision|judgment)"
          r"|\b(?:reviewed|approved|overridden|overseen) by (?:an? |the )?(?:licensed |qualified |natural )?"
          r"(?:human|person|individual|professional|physician|clinician)"
          r"|\bsole (?:means|basis|factor)|\bsolely (?:on|by|upon)\b[^.;]{0,60}(?:artificial|automated|algorithm|\bai\b)"
          r"|\boverride\b|\blicensed (?:professional|physician|clinician|therapist)\b[^.;]{0,80}\b(?:review|approv|evaluat|decid)"
          r"|\bmeaningful(?:ly)? human\b"
          r"|\b(?:conducted|performed|provided|made|reviewed) by (?:an? )?(?:natural person|human|individual who is (?:an? )?licensed)",
          "human|reviewed by|approved by|overridden|overseen|sole|solely|override|licensed|meaningful"
          "|natural person",
          "ensure that a licensed professional reviews and approves any output before it is used",
          "ensure that the output is accurate", prohibitions=True),
    _rule("notice.consequential_decision", "decision_notice",
          r"(?:consequential|adverse|employment) (?:decision|action)|\bnotice to (?:an? |each |the )?"
          r"(?:employee|applicant|candidate|consumer|individual|patient|client)s?\b[^.;]{0,80}\b(?:using|uses|use of) "
          r"(?:artificial intelligence|ai\b|automated)"
          r"|\b(?:notify|notified|inform|informed)\b[^.;]{0,80}\b(?:applicant|candidate|employee|patient|client)s?\b"
          r"[^.;]{0,120}(?:artificial intelligence|\bai\b|automated|algorithm)"
          r"|\b(?:applicant|candidate|employee|patient|client|consumer)s?\b[^.;]{0,80}\b(?:is|are|be) "
          r"(?:informed|notified)\b[^.;]{0,120}(?:artificial intelligence|\bai\b|automated|algorithm)",
          "decision|action|notice|notify|inform",
          "notify each candidate that an automated employment decision tool will be used",
          "notify each candidate of the interview time"),
    _rule("opt_out.opt_out", "opt_out", r"opt[- ]out", "opt",
          "allow the consumer to opt out of profiling", "allow the consumer to choose a plan"),
    _rule("data.delete_or_limit_use", "data_rights",
          r"\bdelet\w*\b[^.;]{0,80}\b(?:data|information|content|recordings?|images?|transcripts?)"
          r"|\b(?:data|information|recordings?)\b[^.;]{0,80}\bdelet"
          r"|\baccess to (?:their|his or her|the (?:consumer|user|patient|individual)'?s?) (?:personal )?(?:data|information)"
          r"|\b(?:sell|share|disclose|transfer|use)s?\b[^.;]{0,60}\b(?:personal|user|patient|consumer|client|biometric)"
          r" (?:data|information)|beyond its (?:intended|stated)|\bnot (?:be )?used (?:for any|beyond|to train)",
          "delet|data|information|recording|beyond its",
          "delete the personal data of the user within 30 days of a request",
          "submit the data to the Department", prohibitions=True),
    _rule("documentation.to_deployers", "documentation_to_deployers",
          r"\bto (?:a |the |each |any )?deployers?\b", "deployer",
          "make available to the deployer the documentation", "make available to the public the documentation"),
    _rule("training_data.disclose", "training_data_disclosure",
          r"\btrain(?:ing|ed)? (?:data(?:sets?)?|corpus|corpora)\b"
          r"|\bdata(?:sets?)?\b[^.;]{0,60}\b(?:to train|used (?:for|in) (?:the )?training)\b", "train",
          "post on its website documentation regarding the data used to train the system",
          "post on its website the terms of service"),
    _rule("disclosure.publish_or_website", "public_disclosure",
          r"\bpublish|\bpublicly\b|internet web ?site|\bwebsite\b|transparency report|available to the public",
          "publish|public|website|web site|transparency",
          "make the summary available on its website", "make the summary available to the Office"),
    _rule("shutdown.capability", "shutdown_capability", r"shut ?down|\bhalt\b", "shut|halt",
          "implement the capability to promptly enact a full shutdown", "implement the plan promptly"),
    _rule("cybersecurity.protect_weights", "cybersecurity",
          r"cybersecurity|unauthori[sz]ed access|model weights", "cyber|unauthori|weights",
          "implement cybersecurity protections against unauthorized access to model weights",
          "implement the plan"),
    _rule("testing.test_or_evaluate", "testing_evaluation",
          r"^\s*(?:\w+ly )?(?:test|evaluate|red[- ]team|conduct (?:testing|evaluation))\b[^.;]{0,80}"
          r"\b(?:systems?|models?|tools?|algorithms?|capabilit\w+|performance|outputs?|risks?|accuracy|bias)\b"
          r"|\b(?:performance|outcomes?|accuracy)\b[^.;]{0,60}\b(?:periodically )?(?:reviewed|evaluated|monitored|tested)"
          r"|^\s*(?:\w+ly )?review\b[^.;]{0,40}\b(?:deployment|performance|outputs?) of\b",
          "test|evaluat|red|review|monitor",
          "test the model for dangerous capabilities before deployment", "pay the fee before deployment"),
    _rule("care.reasonable_care", "duty_of_care",
          r"reasonable care|unreasonable risk|reasonable (?:measures|steps|efforts)\b[^.;]{0,80}\b(?:prevent|protect|avoid|mitigate)",
          "reasonable",
          "use reasonable care to protect consumers from algorithmic discrimination",
          "charge a reasonable fee", prohibitions=True),
)  # fmt: skip
RULE_BY_ID = {rule.id: rule for rule in TOPIC_RULES}
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
     "decision_notice", "documentation_to_deployers", "whistleblower_protection", "cure_period",
     "crisis_protocol"}
)  # fmt: skip

# Enforcement rules with cheap substring guards: a regex only runs on text that
# holds one of its cue words, which keeps a 1.4 MB omnibus under a second.
_ENFORCEMENT_RULES: dict[str, tuple[tuple[str, ...], re.Pattern[str]]] = {
    "private_right_of_action": (
        ("private", "may bring", "may file", "may maintain", "may commence", "may institute",
         "petition", "fees", "damages", "right or benefit", "cause of action", "prevailing plaintiff",
         "may seek", "may obtain"), PRIVATE_ACTION_RE),
    "preemption": (("preempt", "supersed", "moratori", "intelligence law", "ai law", "condition",
                    "eligible",
                    "intelligence regulation", "ai regulation", "home rule", "exclusive power"),
                   PREEMPTION_RE),
    "civil_penalty": (("penalt", "fine", "damages"), PENALTY_RE),
    "cure_period": (("cure", "notify the person", "notify the developer", "notify the deployer",
                     "notify the entity", "notice of"), CURE_RE),
    "affirmative_defense": (("defense", "defence", "harbor", "harbour", "presumption", "compliance",
                             "compliant", "liable",
                             "burden", "may not", "not apply", "not guilty", "impose liability",
                             "public concern"), DEFENSE_RE),
    "enforcement_authority": (("enforce", "brought", "may bring", "may institute", "may commence",
                               "may file", "may maintain", "demand", "subpoena", "may impose",
                               "levy", "may suspend", "may revoke",
                               "exclusive", "unfair", "deceptive", "unlawful", "consumer protection",
                               "consumer fraud", "authorized to", "empowered", "responsible for",
                               "investigate", "may initiate", "filed by", "collected", "recovered",
                               "commenced by"),
                              ENFORCE_RE),
}  # fmt: skip
ENFORCEMENT_ORDER = (
    "preemption", "civil_penalty", "cure_period", "affirmative_defense", "enforcement_authority"
)  # fmt: skip


def trigger(category: str, text: str, lowered: str) -> str:
    """The words in ``text`` that fire the enforcement rule of ``category`` ("" if none)."""
    guards, regex = _ENFORCEMENT_RULES[category]
    if not any(guard in lowered for guard in guards):
        return ""
    found = regex.search(text)
    return found.group(0) if found else ""


def matches(category: str, text: str, lowered: str) -> bool:
    """Whether the enforcement rule of ``category`` matches ``text`` (``lowered`` is its lower case)."""
    return bool(trigger(category, text, lowered))
