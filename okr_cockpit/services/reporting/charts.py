"""The report's charts as SVG, drawn by pygal: inline in the HTML, the same files in the PDF.

pygal over hand-drawn markup or matplotlib: a maintained SVG chart library of ~1 MB with no native
parts, and SVG stays sharp in print and in Typst. Its tooltip script is switched off, so a chart never
loads anything from outside; every colour also carries a legend word.
"""

import re

import pygal
from pygal.style import Style

from okr_cockpit.db.models import ATTITUDES, ROLLOUT_STATES
from okr_cockpit.i18n import _
from okr_cockpit.services.reporting.text import day, word

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#111",
    foreground_strong="#111",
    foreground_subtle="#555",
    font_family="sans-serif",
    colors=("#b0b0b0", "#e0a030", "#3a7bd5", "#2e8b57", "#8b3a3a", "#6a4c93"),
    label_font_size=11,
    major_label_font_size=11,
    legend_font_size=11,
    title_font_size=14,
)
ATTITUDE_COLOURS = ("#2e8b57", "#7fbf7f", "#b0b0b0", "#e0a030", "#c0392b")


def _chart(kind, **options):
    return kind(
        style=options.pop("style", STYLE),
        js=[],  # no tooltip script from kozea.github.io: the report loads nothing from outside
        disable_xml_declaration=True,
        width=options.pop("width", 800),
        height=options.pop("height", 300),
        legend_at_bottom=True,
        print_values=False,
        **options,
    )


def _svg(chart) -> str:
    # Each chart's ids are unique already; drop the fixed pixel size so it scales with the page.
    return re.sub(r'<svg([^>]*?)\s(width|height)="[^"]*"', r"<svg\1", chart.render(is_unicode=True), count=2)


def waves_chart(data) -> str:
    chart = _chart(pygal.StackedBar, title=_("Units per state in each wave"))
    chart.x_labels = [name for name, _counts in data]
    for state in ROLLOUT_STATES:
        chart.add(word(state), [counts.get(state, 0) for _name, counts in data])
    return _svg(chart)


def divisions_chart(data) -> str:
    chart = _chart(pygal.HorizontalBar, title=_("Coach coverage per division (%)"), range=(0, 100))
    chart.show_legend = False
    chart.x_labels = [name for name, _percent in data]
    chart.add(_("Coverage"), [percent for _name, percent in data])
    return _svg(chart)


def trend_chart(points) -> str:
    chart = _chart(pygal.Line, title=_("Last six months"), dots_size=3, height=260)
    chart.x_labels = [day(p.day) for p in points]
    chart.x_label_rotation = 30
    chart.add(_("Units live"), [p.live for p in points])
    chart.add(_("Coach coverage (%)"), [p.coverage_percent for p in points])
    chart.add(_("Coaches over capacity"), [p.over_capacity for p in points])
    chart.add(_("Overdue follow-ups"), [p.overdue_follow_ups for p in points])
    return _svg(chart)


def attitudes_chart(data) -> str:
    style = Style(**{**STYLE.to_dict(), "colors": ATTITUDE_COLOURS})
    chart = _chart(pygal.Bar, title=_("Stakeholders by attitude"), style=style, height=260)
    chart.x_labels = [word(a) for a in ATTITUDES]
    chart.show_legend = False
    chart.add(_("Stakeholders"), [data.get(a, 0) for a in ATTITUDES])
    return _svg(chart)


def draw_charts(charts: dict) -> dict[str, str]:
    """Chart id → SVG text, for the ids the document names."""
    drawn = {
        "waves": waves_chart(charts["waves"]),
        "divisions": divisions_chart(charts["divisions"]),
        "attitudes": attitudes_chart(charts["attitudes"]),
    }
    if charts.get("trend"):
        drawn["trend"] = trend_chart(charts["trend"])
    return drawn
