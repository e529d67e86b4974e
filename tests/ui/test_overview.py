"""The Overview on the demo data: every figure on screen is the services' figure, nothing invented."""

import re

from okr_cockpit.services.overview import load_overview
from okr_cockpit.ui.glyphs import word
from tests.conftest import FIXED_TODAY
from tests.ui.screen_text import static_text


async def test_overview_shows_the_services_figures(make_cockpit, demo_path, demo_db):
    expected = demo_db.read(lambda s: load_overview(s, today=FIXED_TODAY))
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        live = static_text(screen.query_one("#figure-live"))
        coverage = static_text(screen.query_one("#panel-coverage"))
        rollout = static_text(screen.query_one("#panel-rollout"))
        events = static_text(screen.query_one("#panel-events"))
        people = static_text(screen.query_one("#panel-stakeholders"))
        overdue = static_text(screen.query_one("#figure-overdue"))

    assert f"{expected.state_counts['live']}/{expected.units_total}" in live
    cov = expected.coverage
    assert 0 < cov.teams_covered < cov.teams_needing_coach, "the demo has uncovered teams"
    assert f"{cov.teams_covered} of {cov.teams_needing_coach} teams" in coverage
    assert f"{cov.percent}%" in coverage
    assert f"{len(expected.over_capacity)} of {expected.coaches_total} coaches over capacity" in coverage
    assert expected.over_capacity, "the demo has coaches over capacity"
    for load in expected.over_capacity[:5]:
        assert re.search(rf"{re.escape(load.name)}\s+{load.load}/{load.capacity} teams\s+over", coverage)
    for wave in expected.waves:
        assert wave.wave in rollout
    for state, count in expected.state_counts.items():
        assert f"{word(state)} {count}" in rollout
    first = expected.next_events[0]
    assert first.start_on.isoformat() in events and word(first.kind) in events
    assert str(expected.overdue_follow_ups_total) in overdue
    assert expected.overdue_follow_ups_total > 0
    for attitude, count in expected.attitude_counts.items():
        assert re.search(rf"{word(attitude)}\s+{count}\b", people)


async def test_overview_follows_a_change_made_elsewhere(make_cockpit, demo_path, demo_db):
    """After a unit goes live in the database, the Overview's live count goes up on reload."""
    from sqlalchemy import select, update

    from okr_cockpit.db.models import OrgUnit

    unit = OrgUnit.__table__
    before = demo_db.read(lambda s: load_overview(s, today=FIXED_TODAY))
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        target = demo_db.read(
            lambda s: s.execute(select(unit.c.id).where(unit.c.state != "live").limit(1)).scalar()
        )
        demo_db.write(lambda s: s.execute(update(unit).where(unit.c.id == target).values(state="live")))
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        live = static_text(app.screen.query_one("#figure-live"))
    assert f"{before.state_counts['live'] + 1}/{before.units_total}" in live


async def test_overview_shows_the_reports_six_month_trend_as_sparklines(make_cockpit, demo_path, demo_db):
    from okr_cockpit.services.reporting.trend import rollout_trend

    points = demo_db.read(lambda s: rollout_trend(s, today=FIXED_TODAY))
    app = make_cockpit(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        line = static_text(app.screen.query_one("#rollout-trend"))
    assert line.startswith("6 months:")
    assert "units live " in line and f" {points[0].live}→{points[-1].live}" in line
    assert "overdue follow-ups " in line
    assert f"{points[0].overdue_follow_ups}→{points[-1].overdue_follow_ups}" in line
    assert re.search(rf"units live [▁▂▃▄▅▆▇█]{{{len(points)}}} ", line)
