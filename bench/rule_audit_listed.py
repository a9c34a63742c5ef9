"""Rule alternatives that match at most one sentence of the corpus and stay, each with its reason.

The corpus holds seventeen law texts and a Federal Register issue; the laws the
extractor must read are of more kinds (AI in hiring and therapy, companion
chatbots, deepfakes, content provenance, procurement). An alternative stays
here only when it states a legal pattern that recurs across laws. Each entry
gives a realistic sentence of another shape than the corpus's sentence and the
rule's example, which the alternative must match, and one with the same words
that it must not (``tests/test_rule_audit.py`` checks both). Keys are
``(rule, alternative)`` exactly as ``python -m bench.rule_audit`` prints them:
edit an alternative and its entry must be reviewed again.
"""

from __future__ import annotations

from typing import NamedTuple


class Listed(NamedTuple):
    reason: str
    positive: str  # a realistic sentence of another shape, which the alternative matches
    negative: str  # a realistic sentence with the same words, which it must not match


LISTED: dict[tuple[str, str], Listed] = {
    ("crisis.self_harm_protocol", r"crisis (?:service|line|hotline|center|counsel)"): Listed(
        "Companion-chatbot and AI-therapy laws require referral to crisis services.",
        "An operator shall refer a user who expresses thoughts of self-harm to a crisis service "
        "provider, such as a suicide hotline or crisis text line.",
        "The commission shall report on the housing crisis in rural counties.",
    ),
    ("incident.report", r"\b(?:report|disclos|notif)\w*\b[^.;]{0,30}\bdiscover(?:y|ies)\b"): Listed(
        "Reporting a discovered harm or violation to a regulator is an incident report "
        "(Colorado's 'a notice disclosing the discovery').",
        "A developer shall notify the Attorney General of the discovery within ninety days.",
        "The court may order the parties to complete discovery before trial.",
    ),
    ("testing.records_of_tests", r"\brecord\w*\b[^.;]{0,200}\btests?\b"): Listed(
        "Frontier-safety laws require recording the tests run on a model and their results.",
        "A large developer shall keep records of each safety test performed on a frontier model "
        "and of its results.",
        "A large developer shall keep records of each payment made to a contractor.",
    ),
    (
        "retention.keep_records",
        r"\bmaintain\b[^.;]{0,300}?\bfor (?:a period of )?(?:at least |not less than )?\w+ "
        r"(?:years?|months?)\b",
    ): Listed(
        "Retention periods are stated as 'maintain X for at least N years', whatever X is.",
        "An employer shall maintain a copy of each bias audit for a period of four years.",
        "An employer shall maintain a grievance procedure for its employees.",
    ),
    ("provenance.label_or_watermark", r"\b(?:latent|manifest) disclosures?\b"): Listed(
        "Content-provenance laws (the California AI Transparency Act and bills modelled on it) "
        "require latent and manifest disclosures in generated content.",
        "A covered provider shall offer users the option to include a manifest disclosure in "
        "image content created by its system.",
        "A covered provider shall file a disclosure statement with the Secretary of State.",
    ),
    ("provenance.label_or_watermark", "detection tool"): Listed(
        "Provenance laws require providers to offer a tool that detects their generated content.",
        "A covered provider shall make available an AI detection tool at no cost to the user.",
        "The department shall purchase smoke detection equipment for state buildings.",
    ),
    (
        "provenance.label_or_watermark",
        r"\b(?:synthetic|manipulated|deceptive|altered|fabricated|deepfake) (?:media|content|images?"
        r"|videos?|audio|recordings?|depictions?)\b[^.;]{0,80}\b(?:disclaimer|label)",
    ): Listed(
        "Election and intimate-image deepfake laws require synthetic media to carry a label.",
        "A candidate who distributes synthetic media in an electioneering communication shall "
        "ensure that the synthetic media bears a label stating that it was manipulated.",
        "A committee shall label each mailing with the name of the candidate.",
    ),
    (
        "provenance.label_or_watermark",
        r"\bdisclaimer\b[^.;]{0,80}\b(?:media|image|video|audio|recording|depiction|advertisement)s?"
        r"\b[^.;]{0,80}\b(?:generated|manipulated|altered|synthetic)",
    ): Listed(
        "The same duty worded the other way round: a disclaimer that the media was manipulated.",
        "A political committee that distributes a deepfake shall include a disclaimer informing "
        "viewers that the video has been manipulated by technical means.",
        "The ballot shall include a disclaimer that the measure has been amended.",
    ),
    (
        "minors.only_for_minors",
        r"\b(?:users?|account holders?|persons?|individuals?) (?:who (?:is|are)|known to be|under the "
        r"age)\b[^.;]{0,30}\b(?:minors?|years of age|years old)",
    ): Listed(
        "Minors-only duties name their users by age (age-appropriate design, companion chatbots).",
        "An operator shall not send push notifications to users who are under 18 years of age "
        "between midnight and 6 a.m.",
        "An operator shall send a monthly statement to users who are account holders.",
    ),
    ("minors.only_for_minors", r"\bknows?\b[^.;]{0,40}\bis a minor"): Listed(
        "Duties scoped to 'a user the operator knows is a minor' (companion-chatbot laws).",
        "A platform that has reason to know that an account holder is a minor shall disable "
        "direct messages from adults.",
        "An operator that knows the identity of a user shall protect it.",
    ),
    ("minors.only_for_minors", r"\bage (?:verification|assurance|estimation)"): Listed(
        "Minors' protection laws require age verification or assurance before access.",
        "A covered platform shall use commercially reasonable age verification before allowing a "
        "user to create an account.",
        "The department shall study the average age of the state vehicle fleet.",
    ),
    ("minors.only_for_minors", r"parental (?:control|consent|tool)s?"): Listed(
        "Minors' laws require parental controls or a parent's consent.",
        "An operator shall provide parental controls that allow a parent to limit a minor's daily "
        "use of the chatbot.",
        "The court shall consider parental income when setting child support.",
    ),
    ("disclosure.interacting_with_ai", r"not (?:a )?human\b"): Listed(
        "Bot-disclosure laws require telling users that the bot is not human.",
        "A bot operator shall clearly and conspicuously disclose to the person that the bot is "
        "not a human.",
        "The operator shall not allow a human to be injured by the robot.",
    ),
    ("disclosure.interacting_with_ai", "artificially generated"): Listed(
        "Chatbot and voice laws require disclosing that a counterpart is artificially generated.",
        "A telemarketer shall disclose at the start of a call that the voice is artificially "
        "generated by a computer system.",
        "A seller shall disclose the artificially low price of an introductory plan.",
    ),
    ("disclosure.interacting_with_ai", r"\bis an? (?:ai|artificial intelligence)\b"): Listed(
        "Disclosure that the counterpart 'is an AI'.",
        "A health care chatbot shall inform each patient at the start of a conversation that it "
        "is an AI and not a licensed clinician.",
        "The agency shall designate an AI officer for each division.",
    ),
    (
        "disclosure.interacting_with_ai",
        r"\bdisclaimer\b[^.;]{0,120}(?:artificial intelligence|\bai\b|generative|automated)",
    ): Listed(
        "A disclaimer that a communication was produced by AI (health-care AI communication laws); "
        "replaces a bare 'disclaimer' that matched a sentence about an unrelated disclaimer.",
        "A health facility that drafts messages to patients with a generative system shall include "
        "a disclaimer indicating that the message was generated by artificial intelligence.",
        "It is not a defense that the image bore a disclaimer stating that it was unauthorized.",
    ),
    (
        "disclosure.interacting_with_ai",
        r"disclose[^.;]{0,60}\b(?:using|uses|use of) generative",
    ): Listed(
        "Utah-style disclosure that a business is using generative AI with a consumer.",
        "A regulated occupation shall prominently disclose to a client that it is using generative "
        "artificial intelligence in the provision of services.",
        "The office shall disclose its use of funds in an annual report.",
    ),
    (
        "disclosure.interacting_with_ai",
        r"\b(?:communicating|conversing|chatting) with (?:an? )?(?:ai|artificial|bot|chatbot|machine)",
    ): Listed(
        "'Communicating with an AI' is the other phrasing of interacting with one.",
        "A business shall inform a consumer who is chatting with a bot that no human is responding.",
        "A business shall keep a record of communicating with a consumer by mail.",
    ),
    (
        "consent.informed_consent",
        r"\b(?:obtain|receive|secure|get|request)\w*\b[^.;]{0,80}\bconsent",
    ): Listed(
        "Consent duties (therapy, biometric, companion-chatbot laws): obtain a person's consent.",
        "Before recording a session, a therapist shall request and receive the patient's consent "
        "to the use of an AI note-taking tool.",
        "A patient may withdraw consent at any time.",
    ),
    (
        "consent.informed_consent",
        r"\b(?:informed|written|express|affirmative|prior|explicit)\b[^.;]{0,20}\bconsent",
    ): Listed(
        "Qualified consent (written, express, affirmative, prior) is the form of a consent duty.",
        "A developer may not use a person's voice to train a model without the person's express "
        "written consent.",
        "Consent given under this section may be revoked in writing.",
    ),
    (
        "consent.informed_consent",
        r"\b(?:provides?|gives?|grants?|has given)\b[^.;]{0,20}\bconsent\b",
    ): Listed(
        "Consent stated as the person's act ('the patient provides consent').",
        "A provider may use the transcript only if the patient gives written consent to that use.",
        "The statute gives the department authority to waive the consent requirement.",
    ),
    (
        "oversight.human_review",
        r"\b(?:reviewed|approved|overridden|overseen) by (?:an? |the )?(?:licensed |qualified "
        r"|natural )?(?:human|person|individual|professional|physician|clinician)",
    ): Listed(
        "Human oversight stated passively: a decision reviewed by a licensed professional.",
        "An adverse determination made with the assistance of an algorithm shall be reviewed by a "
        "licensed physician before it is issued.",
        "The annual report shall be reviewed by the committee before publication.",
    ),
    (
        "oversight.human_review",
        r"\bsolely (?:on|by|upon)\b[^.;]{0,60}(?:artificial|automated|algorithm|\bai\b)",
    ): Listed(
        "Hiring, insurance and health laws forbid decisions based solely on automated output.",
        "An employer may not discharge an employee based solely upon the output of an automated "
        "decision system.",
        "The board shall act solely on the recommendation of its staff.",
    ),
    (
        "oversight.human_review",
        r"\b(?:conducted|performed|provided|made|reviewed) by (?:an? )?(?:natural person|human"
        r"|individual who is (?:an? )?licensed)",
    ): Listed(
        "Services reserved to humans ('conducted by an individual who is a licensed professional').",
        "A final decision to deny a claim shall be made by a natural person employed by the insurer.",
        "Payments shall be made by a check drawn on the state treasury.",
    ),
    (
        "notice.consequential_decision",
        r"\bnotice to (?:an? |each |the )?(?:employee|applicant|candidate|consumer|individual|patient"
        r"|client)s?\b[^.;]{0,80}\b(?:using|uses|use of) (?:artificial intelligence|ai\b|automated)",
    ): Listed(
        "AI-in-hiring laws: notice to employees or applicants that the employer uses AI.",
        "An employer shall provide notice to employees of its use of artificial intelligence to "
        "make decisions about promotion.",
        "An employer shall provide notice to employees of any change in its leave policies.",
    ),
    (
        "notice.consequential_decision",
        r"\b(?:notify|notified|inform|informed)\b[^.;]{0,80}\b(?:applicant|candidate|employee|patient"
        r"|client)s?\b[^.;]{0,120}(?:artificial intelligence|\bai\b|automated|algorithm)",
    ): Listed(
        "Notice to the person decided about that AI or an automated tool is used.",
        "A health care provider shall inform a patient before treatment when an algorithm was "
        "used to recommend it.",
        "The department shall inform each applicant of the date of the examination.",
    ),
    (
        "notice.consequential_decision",
        r"\b(?:applicant|candidate|employee|patient|client|consumer)s?\b[^.;]{0,80}\b(?:is|are|be) "
        r"(?:informed|notified)\b[^.;]{0,120}(?:artificial intelligence|\bai\b|automated|algorithm)",
    ): Listed(
        "The same notice stated passively ('the applicant is notified that ...').",
        "An employer shall ensure that each applicant is notified in writing that an automated "
        "employment decision tool will assess the interview.",
        "An employer shall ensure that each applicant is notified of the hiring decision within "
        "ten days.",
    ),
    ("opt_out.opt_out", r"opt[- ]out"): Listed(
        "A consumer's right to opt out of profiling or automated decisions (privacy and AI laws).",
        "A controller shall honor a consumer's request to opt out of the processing of personal "
        "data for profiling.",
        "A controller shall honor a consumer's request to correct inaccurate personal data.",
    ),
    (
        "data.delete_or_limit_use",
        r"\baccess to (?:their|his or her|the (?:consumer|user|patient|individual)'?s?) (?:personal )?"
        r"(?:data|information)",
    ): Listed(
        "Data rights: a person's access to the data held about them.",
        "An operator shall give a user access to the user's personal information collected by the "
        "chatbot.",
        "An operator shall restrict access to the data center to authorized staff.",
    ),
    ("shutdown.capability", r"shut ?down"): Listed(
        "Frontier-safety laws require the capability to shut down a covered model.",
        "A developer shall be able to promptly shut down each copy of a covered model in its "
        "control.",
        "A developer shall be able to promptly restore service after an outage.",
    ),
    (
        "testing.test_or_evaluate",
        r"^\s*(?:\w+ly )?review\b[^.;]{0,40}\b(?:deployment|performance|outputs?) of\b",
    ): Listed(
        "Periodic review of a system's deployment, performance or outputs is the evaluation duty of "
        "high-risk-system laws.",
        "A deployer shall annually review the outputs of each automated decision tool for "
        "evidence of bias.",
        "The board shall review the budget of the office each year.",
    ),
    (
        "care.reasonable_care",
        r"reasonable (?:measures|steps|efforts)\b[^.;]{0,80}\b(?:prevent|protect|avoid|mitigate)",
    ): Listed(
        "A duty of care worded as 'reasonable measures to prevent' (chatbot and child-safety laws).",
        "A developer shall take reasonable steps to mitigate foreseeable risks of algorithmic "
        "discrimination.",
        "The agency shall make reasonable efforts to publish the report on time.",
    ),
    (
        "enforcement.private_right_of_action",
        r"\bmay recover (?:actual |statutory |compensatory )?damages",
    ): Listed(
        "A private action stated by its remedy.",
        "A person injured by a violation of this section may recover actual damages and reasonable "
        "attorney's fees.",
        "The state may recover the cost of the investigation from the violator.",
    ),
    (
        "enforcement.private_right_of_action",
        r"\bmay (?:seek|obtain|bring an action for) (?:injunctive|equitable|declaratory)\b",
    ): Listed(
        "A private action stated as the relief a person may seek.",
        "A depicted individual may seek injunctive relief against any person who distributes the "
        "image.",
        "The applicant may seek review of the decision before the board.",
    ),
    ("enforcement.preemption", r"\b(?:state|local) laws?\b[^.;]{0,120}\bpreempted\b"): Listed(
        "Preemption stated passively ('State laws that ... are preempted').",
        "Any local law that regulates the development of artificial intelligence models is "
        "preempted by this chapter.",
        "A local law that sets a higher minimum wage remains in effect.",
    ),
    (
        "enforcement.preemption",
        r"\bcondition\w*\b[^.;]{0,80}\b(?:grants?|funding|funds|awards?)\b[^.;]{0,80}\bstates?\b",
    ): Listed(
        "The federal spending lever: funds conditioned on States not enforcing AI laws.",
        "The Secretary shall condition any award of broadband funds to a State on its agreement "
        "not to enforce laws regulating artificial intelligence.",
        "Grants under this section are subject to the conditions of the federal award.",
    ),
    (
        "enforcement.preemption",
        r"\bstates?\b[^.;]{0,80}\b(?:ineligible|not (?:be )?eligible) for\b[^.;]{0,40}\b(?:funding"
        r"|funds|grants?)",
    ): Listed(
        "The same lever worded as the ineligibility of States; replaces 'ineligible for' and "
        "'States with AI laws', which were one sentence's words.",
        "A State that enforces a law limiting artificial intelligence models shall not be eligible "
        "for funds under this subsection.",
        "A State shall be eligible for funds under this section if it submits a plan.",
    ),
    ("enforcement.preemption", r"\bmoratori(?:um|a)\b"): Listed(
        "A moratorium on state AI regulation is the other form federal preemption takes.",
        "No State may enforce any law regulating artificial intelligence models during the "
        "moratorium established by this section.",
        "Moratory interest on the judgment accrues from the date of entry.",
    ),
    ("enforcement.civil_penalty", r"\bfined? (?:not more than|up to|of)\b"): Listed(
        "Fines worded 'fined not more than $X' (federal and state codes).",
        "A person who knowingly distributes a deceptive deepfake shall be fined up to $5,000 for "
        "each violation.",
        "The department shall publish a list of persons fined under this section.",
    ),
    (
        "enforcement.civil_penalty",
        r"\b(?:statutory|punitive|exemplary) damages\b[^.;]{0,40}\b(?:not to exceed|up to|of not more "
        r"than|not more than)",
    ): Listed(
        "Capped statutory damages are the monetary exposure of a private-action law.",
        "A court may award statutory damages of not more than $150,000 for each image disclosed.",
        "A court may award punitive damages if the conduct was willful.",
    ),
    (
        "enforcement.civil_penalty",
        r"\bpay (?:a |an )?(?:civil |administrative )?(?:penalty|fine)\b",
    ): Listed(
        "A penalty stated as the violator's duty ('shall pay a civil penalty to the Department').",
        "A person who violates this section shall pay an administrative fine to the commission for "
        "each day of the violation.",
        "An applicant shall pay a filing fee of one hundred dollars.",
    ),
    ("enforcement.cure_period", "opportunity to cure"): Listed(
        "Cure provisions: an opportunity to cure before enforcement.",
        "Before bringing an action, the attorney general shall provide the deployer an opportunity "
        "to cure the alleged violation within sixty days.",
        "The tenant shall have an opportunity to be heard before eviction.",
    ),
    ("enforcement.cure_period", r"\bcure period"): Listed(
        "The same provision named as a cure period.",
        "The cure period under this section expires sixty days after the notice is received.",
        "The period for filing a petition under this section is sixty days.",
    ),
    (
        "enforcement.cure_period",
        r"\bnotify the (?:person|developer|deployer|entity)\b[^.;]{0,80}(?:violat|determination)",
    ): Listed(
        "Notice of a violation to the violator opens the cure period.",
        "The attorney general shall notify the developer in writing of each alleged violation "
        "before bringing an action.",
        "The attorney general shall notify the developer of the date of the hearing.",
    ),
    ("enforcement.cure_period", r"notice of (?:the |an? )?(?:alleged )?violation"): Listed(
        "The same notice named as a notice of violation.",
        "Within thirty days after receiving a notice of violation, a deployer may cure the "
        "violation.",
        "The department shall publish notice of the public hearing.",
    ),
    ("enforcement.affirmative_defense", r"\bsafe harbou?r"): Listed(
        "Safe harbours for compliance with a recognised framework.",
        "A developer that complies with the NIST AI Risk Management Framework is entitled to a "
        "safe harbor from civil penalties.",
        "The vessel shall remain in the harbor until it is inspected.",
    ),
    ("enforcement.affirmative_defense", "burden of proof"): Listed(
        "A shifted burden of proof is a defense provision (whistleblower and employment sections).",
        "In an action under this section, the employer has the burden of proof to show that the "
        "decision was not based on protected activity.",
        "The hearing officer shall decide each appeal on the record.",
    ),
    (
        "enforcement.enforcement_authority",
        r"\b(?:may|shall) (?:issue|serve) (?:a )?subpoenas?\b",
    ): Listed(
        "The enforcing authority's power of subpoena.",
        "In investigating a violation of this act, the Attorney General may issue subpoenas to "
        "compel the production of documents.",
        "A subpoena issued under this section shall be served by certified mail.",
    ),
    (
        "enforcement.enforcement_authority",
        r"\b(?:(?:is|are) authorized|(?:shall|may) have (?:the )?(?:authority|power)) to "
        r"(?:investigate|(?:issue|serve) (?:a )?subpoenas?)\b",
    ): Listed(
        "The same powers conferred on a body ('is authorized to investigate').",
        "The Department of Labor is authorized to investigate complaints alleging a violation of "
        "this article.",
        "An employee who has authority to investigate misconduct may report it to the Attorney "
        "General.",
    ),
    (
        "enforcement.enforcement_authority",
        r"\b(?:constitutes?|is|shall be(?: deemed| considered)?) (?:an? )?(?:unfair|deceptive"
        r"|unlawful)\b[^.;]{0,40}\b(?:acts?|practices?)\b",
    ): Listed(
        "Enforcement through a state consumer protection act ('constitutes an unfair practice').",
        "A violation of this chapter is an unlawful practice under the Consumer Protection Act.",
        "The commission shall define unfair practices by rule.",
    ),
    (
        "enforcement.enforcement_authority",
        r"\bviolation of the [^.;]{0,60}\bconsumer (?:protection|fraud)",
    ): Listed(
        "The same, naming the act violated.",
        "A violation of this Section constitutes a violation of the Consumer Fraud and Deceptive "
        "Business Practices Act.",
        "The office shall report each violation of the rules to the consumer's bank.",
    ),
    ("GOVERNMENT_USE_RE", r"\bcontract (?:terms?|clauses?|provisions?)\b"): Listed(
        "Procurement laws set the contract terms agencies must include when buying AI.",
        "The Office of Management and Budget shall issue contract terms that agencies must include "
        "when acquiring artificial intelligence systems.",
        "The agency shall pay each contract invoice within thirty days.",
    ),
    (
        "NEGATED_ACTION_RE",
        r"private (?:right|cause) of action[^.;]{0,40}\b(?:shall not|does not|is not|may not)\b",
    ): Listed(
        "A denied private right of action, the right named first.",
        "A private cause of action shall not arise from a violation of this chapter.",
        "A private right of action is created for any person injured by a violation.",
    ),
    (
        "REQUEST_RE",
        r"\bmay (?:request|require)\b[^.;]{0,20}\bfrom (?:the|a|an|any) (?:person|entity)",
    ): Listed(
        "A regulator's power to request documents from a regulated person obliges that person.",
        "The commissioner may require from any entity subject to this chapter a copy of its impact "
        "assessment.",
        "The commissioner may request that the legislature extend the deadline.",
    ),
    ("SKIP_SENTENCE_RE", "legislative intent"): Listed(
        "A statement of legislative intent states no duty.",
        "It is the legislative intent that this act protect consumers from algorithmic "
        "discrimination.",
        "The legislature shall consider the recommendations of the report.",
    ),
    (
        "UNLAWFUL_FOR_RE",
        r"\bit (?:is|shall be) (?:a |an )?(?:civil rights violation|unlawful(?: \w+)?(?: practice)?"
        r"|violation of this \w+) for (?:a |an |any )?(?P<actor>[\w ]{2,40}?) to\b",
    ): Listed(
        "Prohibitions without a modal ('it is an unlawful practice for an employer to ...').",
        "It is an unlawful employment practice for an employer to use an automated decision tool "
        "that discriminates on the basis of race.",
        "It is the policy of the state for agencies to use artificial intelligence responsibly.",
    ),
}
