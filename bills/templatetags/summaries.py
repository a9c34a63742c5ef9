"""The state page's and zoomed matrix's repeated blocks, written in Python.

A state's page lists 50 bills and ~34 category summaries with ~100 cited
sources, each with a legal badge and links: rendered by template loops and
tags, that cost more than the page's queries (as the matrix's heatmap did,
``bills.views.matrix.heatmap_rows``). The HTML is the one the templates
wrote (``tests/test_templatetags_summaries.py`` compares them).
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

from bills.templatetags.legal import legal_badge

register = template.Library()


def _plural(n: int) -> str:
    return "" if n == 1 else "s"


@register.simple_tag
def cell_summaries(summaries: list[dict]) -> SafeString:
    """Each zoomed cell: its counts and strictest values with their cited sources, and the
    link that lists its obligations in place."""
    obligation_base = reverse("obligation-detail", args=[0])[:-2]  # ".../obligations/"
    matrix, matrix_cell = reverse("matrix"), reverse("matrix-cell")
    out = []
    for s in summaries:
        cell = s["cell"]
        place, category = escape(cell.jurisdiction), escape(cell.category)
        head = (
            f'<section class="drill cell-summary">\n  <h3>{place} · {escape(s["label"])} '
            f'<span class="muted">{cell.obligation_count} obligation'
            f"{_plural(cell.obligation_count)} in {cell.bill_count} law{_plural(cell.bill_count)}"
        )
        if cell.pending:
            head += f" · {cell.pending.obligation_count} in pending bills"
        if cell.labels:
            head += " · strictest " + ", ".join(escape(label) for label in cell.labels)
        out.append(head + "</span></h3>\n  ")
        if cell.strictest:
            items = []
            for src in cell.strictest.values():
                section = escape(src["section"] or "§ —")
                badge = legal_badge(src["legal_state"], "", src["from"])
                items.append(
                    f"<li>Strictest: <strong>{escape(src['label'])}</strong> <span "
                    f'class="source">from <a href="{obligation_base}{src["obligation_id"]}/">'
                    f"{escape(src['bill'])} {section}</a></span> {badge}</li>"
                )
            out.append(f'<ul class="strictest-sources">{"".join(items)}</ul>')
        query = escape(s["query"])
        target = f"cell-{place}-{category}"
        out.append(
            f'\n  <div id="{target}"><a href="{matrix}?{query}" hx-get="{matrix_cell}?{query}" '
            f'hx-target="#{target}" hx-select="section.drill" hx-swap="innerHTML">'
            f"List the obligations</a></div>\n</section>"
        )
    return mark_safe("".join(out) + "\n")  # noqa: S308 - every value above is escaped


@register.simple_tag
def place_bills(bills, empty: str) -> SafeString:
    """A state's bills as a table: identifier and session, name, legal state, latest action."""
    if not bills:
        return mark_safe(f'<p class="muted">{conditional_escape(empty)}</p>\n')  # noqa: S308
    rows = []
    for b in bills:
        badge = legal_badge(b.legal_state, b.legal_state_reason, b.in_force_from, True)
        latest = date_filter(b.latest_action_date, "j M Y") or "—"
        rows.append(
            f'<tr><td><a href="{escape(b.get_absolute_url())}">{escape(b.identifier)}</a> '
            f'<span class="muted">{escape(b.session.identifier)}</span></td>'
            f"<td>{escape(truncatechars(b.display_name, 140))}</td><td>{badge}</td>"
            f"<td>{escape(latest)}</td></tr>"
        )
    return mark_safe(  # noqa: S308 - every value above is escaped
        '<div class="table-wrap"><table class="bills">\n  <thead><tr><th scope="col">Bill</th>'
        '<th scope="col">Name</th><th scope="col">Legal state</th><th scope="col">Latest action'
        f"</th></tr></thead>\n  <tbody>{''.join(rows)}</tbody>\n</table></div>\n"
    )
