"""Bill texts for the generator: sections, definitions, lists and duties that read like statutes.

Texts are composed from a pool of sentences built once per generator (from
its seeded ``random.Random``), so a 60 KB text costs a few hundred list picks
rather than a few hundred template expansions; the pool is large enough that
one text rarely repeats a sentence. AI bills add the duties, thresholds,
deadlines and penalties that the extractor looks for; an omnibus buries one
AI article among many unrelated ones, as Illinois' budget implementation acts
do.
"""

from __future__ import annotations

import random

SUBJECTS = (
    "public education", "school finance", "property taxation", "motor vehicles", "health insurance",
    "Medicaid", "public utilities", "water rights", "criminal procedure", "juvenile justice",
    "elections", "state employees' retirement", "workers' compensation", "unemployment insurance",
    "occupational licensing", "alcoholic beverages", "hunting and fishing", "state parks",
    "highway construction", "firearms", "landlord and tenant", "consumer credit", "pharmacy",
    "nursing homes", "child care facilities", "broadband deployment", "cannabis", "sports wagering",
    "public records", "open meetings", "municipal annexation", "emergency medical services",
)  # fmt: skip

AGENCIES = (
    "the Department of Revenue", "the Department of Health", "the Secretary of State",
    "the Department of Transportation", "the Public Utilities Commission", "the State Board of Education",
    "the Department of Labor", "the Department of Insurance", "the Office of the Attorney General",
    "the Department of Natural Resources", "the Department of Commerce", "the State Treasurer",
)  # fmt: skip

ACTORS = (
    "Each county", "A licensee", "The commissioner", "An employer", "The board", "Each school district",
    "A retailer", "The department", "An applicant", "Each municipality", "A carrier", "The operator",
)  # fmt: skip

VERBS = (
    "submit a report to", "maintain records available to", "file an application with",
    "provide written notice to", "pay a fee established by", "obtain a permit from",
    "adopt rules in consultation with", "certify compliance to", "publish on its website a notice approved by",
)  # fmt: skip

CONDITIONS = (
    "not later than {n} days after the effective date of this act",
    "on or before July 1 of each year",
    "within {n} business days after receipt of a request",
    "in the form and manner prescribed by rule",
    "at least {n} days before the hearing",
    "unless the requirement is waived in writing",
)  # fmt: skip

MEANINGS = (
    "the {s} fund created in this act",
    "a person licensed or registered under the laws of this state relating to {s}",
    "any building or premises used for a purpose regulated under the laws relating to {s}",
    "the program established under the laws relating to {s}, as amended by this act",
    "an individual who meets the requirements of this act and the rules adopted under it",
)

AI_DEFINITIONS = (
    '"Artificial intelligence system" means a machine-based system that, for explicit or implicit '
    "objectives, infers from the input it receives how to generate outputs such as predictions, "
    "content, recommendations, or decisions that can influence physical or virtual environments.",
    '"Frontier model" means an artificial intelligence model trained using a quantity of computing '
    "power greater than 10^26 integer or floating-point operations, the cost of which exceeds "
    "one hundred million dollars ($100,000,000).",
    '"Large developer" means a person that has trained at least one frontier model and has annual '
    "gross revenues in excess of five hundred million dollars ($500,000,000).",
    '"Deployer" means a person doing business in this state that deploys a high-risk artificial '
    "intelligence system.",
    '"Consequential decision" means a decision that has a material legal or similarly significant '
    "effect on the provision or denial to any consumer of employment, housing, credit, or health care.",
)

AI_DUTIES = (
    "A large developer shall report each critical safety incident to the {office} within "
    "seventy-two hours after learning of the incident.",
    "A large developer shall write, implement, and publish a safety and security protocol and shall "
    "review the protocol at least once every year.",
    "A deployer of a high-risk artificial intelligence system shall complete an impact assessment "
    "before deployment and at least annually thereafter.",
    "A deployer shall notify a consumer that the deployer has used a high-risk artificial "
    "intelligence system to make a consequential decision concerning the consumer.",
    "A developer shall retain an unredacted copy of the safety and security protocol for five years "
    "after the frontier model is no longer deployed.",
    "An operator of a companion chatbot shall clearly disclose to a user that the user is "
    "interacting with artificial intelligence and not a human.",
    "A developer shall not deploy a frontier model if doing so would create an unreasonable risk of "
    "critical harm.",
    "A person who violates this section is liable for a civil penalty of not more than "
    "${penalty:,} for a first violation and not more than ${repeat:,} for each subsequent violation.",
    "The {office} may bring a civil action to enforce this act; the developer shall have thirty days "
    "to cure an alleged violation after written notice.",
    "A large developer shall retain a qualified third party to perform an independent audit of "
    "compliance with this section annually.",
)

AI_TITLES = (
    "An act relating to artificial intelligence; requiring safety protocols for frontier models",
    "An act concerning consumer protections in interactions with artificial intelligence systems",
    "An act relating to the use of automated decision tools in employment decisions",
    "An act relating to synthetic media and deceptive deepfakes in elections",
    "An act relating to companion chatbots and the protection of minors",
    "An act concerning transparency of training data used by generative artificial intelligence",
    "An act relating to the use of artificial intelligence by state agencies",
    "An act relating to artificial intelligence in health insurance utilization review",
)

AI_OFFICES = ("Attorney General", "Department of Technology", "Division of Homeland Security")


class TextPool:
    """Sentences and headings built once from the generator's seeded random source."""

    def __init__(self, rng: random.Random, size: int = 6000) -> None:
        self.rng = rng
        self.sentences = [self._sentence() for _ in range(size)]

    def _sentence(self) -> str:
        rng = self.rng
        condition = rng.choice(CONDITIONS).format(n=rng.choice((10, 15, 30, 45, 60, 90, 180)))
        kind = rng.randrange(4)
        if kind == 0:
            return f"{rng.choice(ACTORS)} shall {rng.choice(VERBS)} {rng.choice(AGENCIES)} {condition}."
        if kind == 1:
            return (
                f"{rng.choice(AGENCIES).capitalize()} may adopt rules to administer this section "
                f"concerning {rng.choice(SUBJECTS)}, {condition}."
            )
        if kind == 2:
            amount = rng.choice((25, 50, 100, 250, 500, 1000, 2500))
            return (
                f"A person who violates subsection ({rng.choice('abcde')}) of this section is guilty "
                f"of a misdemeanor and may be fined not more than ${amount:,}."
            )
        return (
            f"Notwithstanding any other provision of law relating to {rng.choice(SUBJECTS)}, "
            f"moneys in the fund shall be used only for the purposes described in this section "
            f"and are subject to appropriation by the General Assembly, {condition}."
        )

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.rng.choices(self.sentences, k=sentences))


def bill_text(pool: TextPool, place: str, subject: str, size: int, ai: bool) -> str:
    """A bill's text of about ``size`` characters: enacting clause, definitions, numbered sections."""
    rng = pool.rng
    parts = [
        f"AN ACT relating to {subject}; amending sections {rng.randint(1, 60)}-{rng.randint(100, 999)} "
        f"and {rng.randint(1, 60)}-{rng.randint(100, 999)}; and providing an effective date.",
        f"BE IT ENACTED BY THE LEGISLATURE OF THE STATE OF {place.upper()}:",
        _definitions(pool, ai),
    ]
    length = sum(len(p) for p in parts)
    number = 2
    ai_at = rng.randint(2, 4) if ai else -1
    while length < size:
        if number == ai_at:
            section = _ai_section(pool, number)
        else:
            section = _section(pool, number, subject)
        parts.append(section)
        length += len(section) + 2
        number += 1
    parts.append(f"Section {number}. This act takes effect January 1, {rng.choice((2026, 2027))}.")
    return "\n\n".join(parts)


def omnibus_ai_article(pool: TextPool, article: int) -> str:
    """The one AI article an omnibus carries, as Article 40 of Illinois PA 104-0466 does."""
    return f"ARTICLE {article}. ARTIFICIAL INTELLIGENCE SAFETY\n\n" + _ai_section(
        pool, article * 100 + 15
    )


def _definitions(pool: TextPool, ai: bool) -> str:
    rng = pool.rng
    terms = [
        f'"{word.capitalize()}" means {rng.choice(MEANINGS).format(s=rng.choice(SUBJECTS))}.'
        for word in _words(rng, 3)
    ]
    if ai:
        terms = rng.sample(AI_DEFINITIONS, 3) + terms[:1]
    items = "\n".join(f"({i}) {t}" for i, t in enumerate(terms, start=1))
    return f"Section 1. Definitions. As used in this act:\n{items}"


def _words(rng: random.Random, k: int) -> list[str]:
    return rng.sample(("fund", "licensee", "facility", "program", "qualified entity", "applicant",
                       "department", "eligible person", "operator", "commission"), k)  # fmt: skip


def _section(pool: TextPool, number: int, subject: str) -> str:
    rng = pool.rng
    head = f"Section {number}. {subject.capitalize()}; {rng.choice(('duties', 'reports', 'fees', 'penalties', 'administration'))}."
    if rng.random() < 0.4:
        items = "\n".join(
            f"({letter}) {pool.paragraph(rng.randint(1, 3))}"
            for letter in "abcdef"[: rng.randint(2, 6)]
        )
        return f"{head}\n{pool.paragraph(1)[:-1]}, as follows:\n{items}"
    return f"{head} {pool.paragraph(rng.randint(3, 9))}"


def _ai_section(pool: TextPool, number: int) -> str:
    rng = pool.rng
    office = rng.choice(AI_OFFICES)
    penalty = rng.choice((10_000, 50_000, 1_000_000))
    duties = [
        d.format(office=office, penalty=penalty, repeat=penalty * 3)
        for d in rng.sample(AI_DUTIES, rng.randint(4, 7))
    ]
    items = "\n".join(f"({i}) {d}" for i, d in enumerate(duties, start=1))
    return f"Section {number}. Artificial intelligence safety; duties of developers.\n{items}"
