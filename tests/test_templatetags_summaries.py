"""The state page's blocks written in Python (``bills.templatetags.summaries``, ``legal_badge``)
give the HTML the templates they replaced wrote, byte for byte (those templates are kept here)."""

from datetime import date

import pytest
from django.template import Context, Template, engines

from bills.matrix import MatrixFilters, build_matrix
from bills.models import Bill
from bills.templatetags.legal import legal_badge
from bills.views.matrix import _summaries
from tests.factories import make_bill, make_obligation

pytestmark = pytest.mark.django_db

# The templates as they were (bills/partials/cell_summaries.html, place_bills.html,
# legal_state.html), the badge inlined where the inclusion tag rendered it.
BADGE = '<span class="legal legal-{{ state|default:\'none\' }}" title="{{ reason }}">{% load legal %}{{ state|legal_label:starts }}</span>{% if reason and not brief %} <span class="legal-reason">{{ reason }}</span>{% endif %}\n'
CELL_SUMMARIES = '{% load legal %}{% for s in summaries %}<section class="drill cell-summary">\n  <h3>{{ s.cell.jurisdiction }} · {{ s.label }} <span class="muted">{{ s.cell.obligation_count }} obligation{{ s.cell.obligation_count|pluralize }} in {{ s.cell.bill_count }} law{{ s.cell.bill_count|pluralize }}{% if s.cell.pending %} · {{ s.cell.pending.obligation_count }} in pending bills{% endif %}{% if s.cell.labels %} · strictest {{ s.cell.labels|join:", " }}{% endif %}</span></h3>\n  {% if s.cell.strictest %}<ul class="strictest-sources">{% for name, src in s.cell.strictest.items %}<li>Strictest: <strong>{{ src.label }}</strong> <span class="source">from <a href="{% url \'obligation-detail\' src.obligation_id %}">{{ src.bill }} {{ src.section|default:"§ —" }}</a></span> {% legal_badge state=src.legal_state starts=src.from reason="" %}</li>{% endfor %}</ul>{% endif %}\n  <div id="cell-{{ s.cell.jurisdiction }}-{{ s.cell.category }}"><a href="{% url \'matrix\' %}?{{ s.query }}" hx-get="{% url \'matrix-cell\' %}?{{ s.query }}" hx-target="#cell-{{ s.cell.jurisdiction }}-{{ s.cell.category }}" hx-select="section.drill" hx-swap="innerHTML">List the obligations</a></div>\n</section>{% endfor %}\n'
PLACE_BILLS = '{% load legal %}{% if bills %}<div class="table-wrap"><table class="bills">\n  <thead><tr><th scope="col">Bill</th><th scope="col">Name</th><th scope="col">Legal state</th><th scope="col">Latest action</th></tr></thead>\n  <tbody>{% for b in bills %}<tr><td><a href="{{ b.get_absolute_url }}">{{ b.identifier }}</a> <span class="muted">{{ b.session.identifier }}</span></td><td>{{ b.display_name|truncatechars:140 }}</td><td>{% legal_badge state=b.legal_state starts=b.in_force_from reason=b.legal_state_reason brief=True %}</td><td>{{ b.latest_action_date|date:"j M Y"|default:"—" }}</td></tr>{% endfor %}</tbody>\n</table></div>{% else %}<p class="muted">{{ empty }}</p>{% endif %}\n'


def test_legal_badges_are_the_template_s_html():
    for state, reason, starts, brief in [
        ("in_force", "in force since 2025 <b>&", None, False),
        ("enacted_not_effective", "r", date(2027, 1, 1), False),
        ("", "", None, True),
        ("pending", 'x "q"', None, True),
        ("dead", "gone", None, False),
        ("enacted_not_effective", "", "2027-01-01", False),
    ]:
        context = Context({"state": state, "reason": reason, "starts": starts, "brief": brief})
        assert str(legal_badge(state, reason, starts, brief)) == Template(BADGE).render(context)


def test_cell_summaries_and_place_bills_are_the_templates_html():
    ny = make_bill("US-NY", "S 6953", popular_name="RAISE <Act>")
    make_bill("US-NY", "S 1", status="in_committee", status_date=date(2025, 3, 1))
    make_obligation(ny, attributes={"deadline": "PT72H"})
    make_obligation(ny, "civil_penalty", "other", attributes={"penalty_max_usd": 1_000_000},
                    section="")  # fmt: skip
    later = make_bill("US-NY", "S 2", status_date=date(2025, 12, 30))
    make_obligation(later, "impact_assessment", "deployer", in_force_from=date(2030, 1, 1))
    pending = make_bill("US-NY", "S 3", status="in_committee", status_date=date(2025, 3, 1))
    make_obligation(pending, "impact_assessment", "deployer")
    for include in (False, True):
        matrix = build_matrix(MatrixFilters(jurisdiction="US-NY", include_pending=include))
        summaries = _summaries(matrix, {"jurisdiction": "US-NY", "as_of": "2026-01-01"})
        assert summaries
        new = Template("{% load summaries %}{% cell_summaries summaries %}").render(
            Context({"summaries": summaries})
        )
        assert new == reference_render(CELL_SUMMARIES, {"summaries": summaries})
    bills = list(Bill.objects.select_related("session").order_by("pk"))
    for shown, empty in ((bills, "none"), ([], "Nothing <here>.")):
        new = Template("{% load summaries %}{% place_bills bills empty %}").render(
            Context({"bills": shown, "empty": empty})
        )
        assert new == reference_render(PLACE_BILLS, {"bills": shown, "empty": empty})


def reference_render(source: str, context: dict) -> str:
    """The old template, its badge tag standing for the old inclusion template."""
    from django import template as django_template

    engine = engines["django"].engine
    badge = Template(BADGE, engine=engine)

    library = django_template.Library()

    @library.simple_tag
    def legal_badge_reference(state, reason="", starts=None, brief=False):
        return badge.render(Context({"state": state, "reason": reason, "starts": starts,
                                     "brief": brief}))  # fmt: skip

    engine.template_builtins.append(library)
    try:
        source = source.replace("{% legal_badge ", "{% legal_badge_reference ")
        source = source.replace("{% load legal %}", "")
        return Template(source, engine=engine).render(Context(context))
    finally:
        engine.template_builtins.remove(library)
