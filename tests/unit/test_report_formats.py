"""The report's formats agree, leadership's copy names no stakeholder, the trend replays the audit log,
and the PDF is a short A4 document whose text carries the headline figures."""

import io
import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from okr_cockpit.db.models import AuditEntry, Coach, Interaction, OrgUnit, Person, Stakeholder
from okr_cockpit.services.reporting.facts import build_report
from okr_cockpit.services.reporting.render import render_html, render_markdown, render_pdf
from okr_cockpit.services.reporting.trend import rollout_trend
from tests.conftest import FIXED_TODAY
from tests.unit.test_report import Tables, md_figures


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def report(demo_db):
    return demo_db.read(lambda s: build_report(s, today=FIXED_TODAY))


def test_html_markdown_and_pdf_carry_the_same_headline_figures(report):
    markdown = md_figures(render_markdown(report))
    html = Tables(render_html(report)).figures
    pages, text = pdf_text(render_pdf(report))
    assert markdown == html and len(markdown) >= 7
    flat = " ".join(text.split())
    for caption, value in markdown.items():
        assert f"{caption} {value}" in flat, caption
    live = report.overview.state_counts["live"]
    assert markdown["Units live"] == f"{live} of {report.overview.units_total}"
    # The small demo fits the brief's 2-4 A4 pages: a summary page, then waves, divisions, coaches, events.
    assert 2 <= pages <= 4
    first = PdfReader(io.BytesIO(render_pdf(report))).pages[0]
    assert (round(float(first.mediabox.width)), round(float(first.mediabox.height))) == (595, 842)


def test_leadership_copy_names_no_stakeholder_and_quotes_no_note(demo_db, report):
    def private_texts(session):
        coaches = set(session.scalars(select(Person.name).join(Coach, Coach.person_id == Person.id)))
        names = set(session.scalars(select(Stakeholder.name))) - coaches  # a coach is named as a coach
        notes = set(session.scalars(select(Stakeholder.notes)))
        for summary, follow_up in session.execute(select(Interaction.summary, Interaction.follow_up)):
            notes |= {summary, follow_up}
        return names, {n for n in notes if len(n.strip()) > 3}

    names, notes = demo_db.read(private_texts)
    assert len(names) > 20 and len(notes) > 20
    _pages, pdf = pdf_text(render_pdf(report))
    outputs = {"md": render_markdown(report), "html": render_html(report), "pdf": " ".join(pdf.split())}
    for fmt, text in outputs.items():
        assert not [n for n in names if n in text], fmt
        assert not [n for n in notes if " ".join(n.split()) in text], fmt
    everything = render_markdown(report, audience="plo")
    assert any(n in everything for n in names)  # the PLO's copy still has them
    counts = dict(row for row in Tables(outputs["html"]).tables["attitudes"])
    assert {k: int(v) for k, v in counts.items()} == report.overview.attitude_counts


def test_units_live_trend_matches_a_hand_built_history(demo_db):
    """Three units went live on known days; the trend must count them from those days on."""
    baseline = demo_db.read(lambda s: rollout_trend(s, today=FIXED_TODAY))

    def history(session):
        live = session.scalars(select(OrgUnit.id).where(OrgUnit.state == "live").limit(3)).all()
        steps = [
            (live[0], datetime(2026, 8, 10, 9, tzinfo=UTC), "update", {"state": ["pilot", "live"]}),
            (live[1], datetime(2026, 10, 5, 9, tzinfo=UTC), "update", {"state": ["preparing", "live"]}),
            (live[2], datetime(2026, 11, 2, 9, tzinfo=UTC), "create", {"state": [None, "live"]}),
        ]
        for unit_id, at, action, fields in steps:
            session.add(
                AuditEntry(
                    at=at,
                    os_user="test",
                    host="h",
                    entity="org_unit",
                    entity_id=unit_id,
                    label="x",
                    action=action,
                    changes=json.dumps(fields),
                )
            )

    demo_db.write(history)
    trend = demo_db.read(lambda s: rollout_trend(s, today=FIXED_TODAY))
    assert [p.day for p in trend] == [
        date(2026, 5, 31),
        date(2026, 6, 30),
        date(2026, 7, 31),
        date(2026, 8, 31),
        date(2026, 9, 30),
        date(2026, 10, 31),
        FIXED_TODAY,
    ]
    later = [date(2026, 8, 10), date(2026, 10, 5), date(2026, 11, 2)]  # days the units went live
    expected = [b.live - sum(1 for d in later if d > p.day) for b, p in zip(baseline, trend, strict=True)]
    assert [p.live for p in trend] == expected
    assert [b.live - p.live for b, p in zip(baseline, trend, strict=True)] == [3, 3, 3, 2, 2, 1, 0]


def test_report_command_formats_agree_and_unknown_names_are_refused(demo_path, tmp_path, capsys):
    from okr_cockpit.cli import main

    html, md, pdf = tmp_path / "b.html", tmp_path / "b.md", tmp_path / "bericht.pdf"
    assert main(["report", "-o", str(html), "--db", str(demo_path)]) == 0
    assert main(["report", "-o", str(md), "--db", str(demo_path)]) == 0
    assert main(["report", "-o", str(pdf), "--db", str(demo_path)]) == 0
    figures = md_figures(md.read_text(encoding="utf-8"))
    assert Tables(html.read_text(encoding="utf-8")).figures == figures  # the first write moved nothing
    assert pdf.read_bytes().startswith(b"%PDF")
    _pages, text = pdf_text(pdf.read_bytes())
    assert all(f"{c} {v}" in " ".join(text.split()) for c, v in figures.items())
    capsys.readouterr()
    odd = tmp_path / "bericht.txt"
    assert main(["report", "-o", str(odd), "--db", str(demo_path)]) == 1
    err = capsys.readouterr().err
    assert "not known from its name" in err and "Traceback" not in err and not odd.exists()
    assert main(["report", "-o", str(odd), "--format", "md", "--db", str(demo_path)]) == 0
    assert odd.read_text(encoding="utf-8").startswith("# OKR rollout report")


def test_sections_choose_what_is_written(report, demo_path, tmp_path, capsys):
    from okr_cockpit.cli import main

    text = render_markdown(report, sections=("summary", "coaches"))
    assert "## Summary" in text and "## Coach coverage and load" in text
    assert "## Rollout by wave" not in text and "## RACI" not in text
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["report", "--sections", "summary,gossip", "--db", str(demo_path)])
    assert "unknown section 'gossip'" in capsys.readouterr().err


def test_a_german_report_reads_german(report):
    from okr_cockpit.i18n import set_language

    set_language("de")
    try:
        text = render_markdown(report)
        pages, pdf = pdf_text(render_pdf(report))
    finally:
        set_language("en")
    assert "## Zusammenfassung" in text and "Einheiten live" in text and "Rollout nach Welle" in text
    assert "Zusammenfassung" in pdf and 2 <= pages <= 4


def test_change_times_are_in_the_cockpits_time_zone(demo_db):
    from okr_cockpit.services.events.time_zone import set_time_zone

    demo_db.write(lambda s: set_time_zone(s, "Asia/Tokyo"))
    report = demo_db.read(lambda s: build_report(s, today=date.today(), since=date(2000, 1, 1)))
    text = render_markdown(report, audience="plo")
    latest = md_section_lines(text, "### Latest changes")
    assert latest and all(" JST " in line for line in latest)
    first = report.changes.latest[0].at.astimezone(ZoneInfo("Asia/Tokyo"))
    assert latest[0].startswith(f"- {first:%Y-%m-%d %H:%M} JST ")


def md_section_lines(text: str, heading: str) -> list[str]:
    rest = text.split(heading + "\n", 1)[1]
    return [line for line in rest.split("\n## ")[0].splitlines() if line.startswith("- ")]
