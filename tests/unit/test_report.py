"""The leadership report: its figures, read back from the Markdown and the HTML, equal the services'."""

import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import select, update

from okr_cockpit.db.models import ATTITUDES, ROLLOUT_STATES, OrgUnit
from okr_cockpit.services.coaching.coverage import coaches_over_capacity, coverage_summary
from okr_cockpit.services.overview import load_overview
from okr_cockpit.services.reporting.facts import build_report, default_since, remember_report
from okr_cockpit.services.reporting.render import render_html, render_markdown
from tests.conftest import FIXED_TODAY

STATE_WORDS = [s.replace("_", " ") for s in ROLLOUT_STATES]


def md_section(text: str, heading: str) -> str:
    """The lines under `heading` up to the next heading of the same or a higher level."""
    level = heading.split(" ")[0]
    start = text.index(heading + "\n")
    rest = text[start + len(heading) + 1 :]
    stop = re.search(rf"^#{{1,{len(level)}}} ", rest, re.M)
    return rest[: stop.start()] if stop else rest


def md_figures(text: str) -> dict[str, str]:
    return dict(re.findall(r"^- (.+?): \*\*(.+?)\*\*", md_section(text, "## Summary"), re.M))


def md_table(section: str) -> list[list[str]]:
    """Body rows of the first pipe table in `section`, cells unescaped."""
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    cells = [[c.strip().replace("\\", "") for c in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows]
    return cells[2:]  # header and alignment row


class Tables(HTMLParser):
    """Reads every <table id=...> into rows of cell text, and the <dl id=figures> into pairs."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.figures: dict[str, str] = {}
        self.current: str | None = None
        self.row: list[str] | None = None
        self.text: list[str] | None = None
        self.last_dt = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.current = dict(attrs)["id"]
            self.tables[self.current] = []
        elif tag == "tr" and self.current:
            self.row = []
        elif tag in ("td", "dt", "dd"):
            self.text = []

    def handle_endtag(self, tag):
        if tag == "td" and self.row is not None:
            self.row.append("".join(self.text).strip())
        elif tag == "tr" and self.current and self.row:
            self.tables[self.current].append(self.row)
            self.row = None
        elif tag == "table":
            self.current = None
        elif tag == "dt":
            self.last_dt = "".join(self.text)
        elif tag == "dd":
            self.figures[self.last_dt] = "".join(self.text)

    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)


@pytest.fixture
def facts(demo_db):
    """The report and, computed separately, what the services say."""

    def read(session):
        report = build_report(session, today=FIXED_TODAY)
        overview = load_overview(session, today=FIXED_TODAY)
        coverage = coverage_summary(session, today=FIXED_TODAY)
        over = coaches_over_capacity(session, today=FIXED_TODAY)
        units = session.execute(
            select(OrgUnit.id, OrgUnit.parent_id, OrgUnit.kind, OrgUnit.name, OrgUnit.state)
        )
        return report, overview, coverage, over, units.all()

    return demo_db.read(read)


def division_counts(units) -> dict[str, dict[str, int]]:
    """Units per state under each division, walked in Python as a second opinion on the SQL."""
    by_id = {u.id: u for u in units}
    counts: dict[str, dict[str, int]] = {u.name: {} for u in units if u.kind == "division"}
    for u in units:
        node = u
        while node is not None and node.kind != "division":
            node = by_id.get(node.parent_id)
        if node is not None:
            counts[node.name][u.state] = counts[node.name].get(u.state, 0) + 1
    return counts


def test_markdown_figures_equal_the_services(facts):
    report, overview, coverage, over, units = facts
    text = render_markdown(report)
    summary = md_figures(text)
    live = overview.state_counts["live"]
    assert summary["Units live"] == f"{live} of {overview.units_total}"
    assert summary["Teams in active waves with a primary coach"] == (
        f"{coverage.teams_covered} of {coverage.teams_needing_coach}"
    )
    assert summary["Coach coverage"] == f"{coverage.percent}%"
    assert summary["Coaches over capacity"] == f"{len(over)} of {overview.coaches_total}"
    assert summary["Overdue follow-ups"] == str(overview.overdue_follow_ups_total)
    assert overview.units_total > 50 and coverage.teams_needing_coach > 10 and over  # a real demo

    waves = md_table(md_section(text, "## Rollout by wave"))
    assert [row[0] for row in waves] == [w.wave for w in overview.waves]
    for row, wave in zip(waves, overview.waves, strict=True):
        assert [int(c) for c in row[4:-1]] == [wave.counts.get(s, 0) for s in ROLLOUT_STATES]
        assert int(row[-1]) == wave.total

    expected = division_counts(units)
    divisions = {row[0]: row for row in md_table(md_section(text, "## Rollout by division"))}
    for name, counts in expected.items():
        assert [int(c) for c in divisions[name][1:6]] == [counts.get(s, 0) for s in ROLLOUT_STATES]
    # Divisions plus units outside them add up to every unit; their teams to the Overview's coverage.
    assert sum(int(row[6]) for row in divisions.values()) == overview.units_total
    assert sum(int(row[7]) for row in divisions.values()) == coverage.teams_needing_coach
    assert sum(int(row[8]) for row in divisions.values()) == coverage.teams_covered

    attitudes = dict(md_table(md_section(text, "### Attitudes")))
    assert {a: int(attitudes[a]) for a in ATTITUDES} == overview.attitude_counts


def test_markdown_lists_events_follow_ups_changes_and_raci(facts):
    report, overview, *_ = facts
    text = render_markdown(report, audience="plo")
    cycle = report.cycle
    assert cycle is not None and cycle.start_on <= FIXED_TODAY <= cycle.end_on
    events = dict(md_table(md_section(text, f"## Events of cycle {cycle.name}").split("### ")[0]))
    assert {k: int(v) for k, v in events.items()} == cycle.counts
    overdue = md_table(md_section(text, "### Overdue"))
    assert len(overdue) == min(12, cycle.counts["overdue"])
    assert all(date.fromisoformat(row[0]) < FIXED_TODAY for row in overdue)
    upcoming = md_table(md_section(text, "### Upcoming"))
    assert all(date.fromisoformat(row[0]) >= FIXED_TODAY for row in upcoming)

    follow_ups = md_table(md_section(text, f"### Overdue follow-ups ({overview.overdue_follow_ups_total})"))
    assert [row[1] for row in follow_ups[:6]] == [f.stakeholder for f in overview.overdue_follow_ups]

    since = FIXED_TODAY - timedelta(days=14)
    changes = md_section(text, f"## Changes since {since.isoformat()}")
    total = int(re.search(r"(\d+) changes were recorded", changes).group(1))
    assert total == report.changes.total > 0
    assert sum(sum(int(c) for c in row[1:]) for row in md_table(changes)) == total

    raci = md_table(md_section(text, "## RACI"))
    assert raci and all(row[1:].count("A") == 1 for row in raci)


def test_html_figures_equal_the_markdown_and_the_services(facts):
    report, overview, coverage, over, _units = facts
    page = Tables(render_html(report))
    assert page.figures["Coach coverage"] == f"{coverage.percent}%"
    assert page.figures["Coaches over capacity"] == f"{len(over)} of {overview.coaches_total}"
    assert page.figures["Units live"] == f"{overview.state_counts['live']} of {overview.units_total}"
    assert [row[0] for row in page.tables["waves"]] == [w.wave for w in overview.waves]
    for row, wave in zip(page.tables["waves"], overview.waves, strict=True):
        assert [int(c) for c in row[4:-1]] == [wave.counts.get(s, 0) for s in ROLLOUT_STATES]
    assert {r[0]: int(r[1]) for r in page.tables["attitudes"]} == overview.attitude_counts
    assert {r[0]: int(r[1]) for r in page.tables["event-counts"]} == report.cycle.counts
    over_rows = [r[0] for r in page.tables["coaches"] if r[2] == "over capacity"]
    assert sorted(over_rows) == sorted(c.name for c in over)
    markdown = md_table(md_section(render_markdown(report), "## Rollout by division"))
    assert page.tables["divisions"] == markdown


def test_html_is_one_self_contained_printable_page_with_database_text_escaped(demo_db):
    evil = '<script>alert("x")</script> & [bold]Team[/]'
    demo_db.write(
        lambda s: s.execute(
            update(OrgUnit).where(OrgUnit.kind == "division").values(name=OrgUnit.name + evil)
        )
    )
    report = demo_db.read(lambda s: build_report(s, today=FIXED_TODAY))
    html = render_html(report)
    assert "<script>" not in html, re.findall(".{80}<script>.{40}", html, re.S)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp;" in html
    assert all(row[0].endswith(evil) for row in Tables(html).tables["divisions"][:-1])
    for external in ("<link", "src=", "href=", "@import", "url("):
        assert external not in html
    assert "@media print" in html and html.startswith("<!DOCTYPE html>")
    markdown = render_markdown(report)
    assert "<script>" not in markdown and r"\<script\>" in markdown


def test_changes_start_from_the_previous_report(demo_db):
    assert demo_db.read(lambda s: default_since(s, today=FIXED_TODAY)) == FIXED_TODAY - timedelta(days=14)
    demo_db.write(lambda s: remember_report(s, today=date(2026, 11, 10)))
    assert demo_db.read(lambda s: default_since(s, today=FIXED_TODAY)) == date(2026, 11, 10)
    later = demo_db.read(lambda s: build_report(s, today=FIXED_TODAY))
    earlier = demo_db.read(lambda s: build_report(s, today=FIXED_TODAY, since=date(2026, 11, 1)))
    assert later.changes.since == date(2026, 11, 10)
    assert 0 < later.changes.total < earlier.changes.total


def test_report_command_writes_the_file_and_remembers_the_date_only_when_marked(demo_path, tmp_path, capsys):
    from okr_cockpit.cli import main
    from okr_cockpit.db.open import open_database

    def last_report():
        opened = open_database(str(demo_path))
        try:
            return opened.db.read(lambda s: default_since(s, today=date.today()))
        finally:
            opened.db.dispose()

    before = last_report()
    target = tmp_path / "report.html"
    assert main(["report", "-o", str(target), "--db", str(demo_path)]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")  # format from the suffix
    assert last_report() == before  # writing a file is not handing it out
    assert main(["report", "-o", str(target), "--mark-reported", "--db", str(demo_path)]) == 0
    assert last_report() == date.today()
    capsys.readouterr()
    assert main(["report", "--db", str(demo_path)]) == 0
    assert f"## Changes since {date.today().isoformat()}" in capsys.readouterr().out
    assert main(["report", "--db", str(tmp_path / "typo.db")]) == 1
    assert "There is no database" in capsys.readouterr().err
    assert not (tmp_path / "typo.db").exists()
