"""`okr-cockpit screenshots`: SVGs of the screens with their data, from a copy of the database."""

from okr_cockpit.cli import build_parser
from okr_cockpit.screenshots import DEMO_TODAY, SHOTS, render_screenshots


def test_screens_are_rendered_with_data_and_the_database_is_left_alone(demo_path, tmp_path):
    before = demo_path.read_bytes()
    overview, presentation = SHOTS[0], SHOTS[-1]
    written = render_screenshots(tmp_path / "shots", database=demo_path, shots=(overview, presentation))
    assert [path.name for path in written] == ["overview.svg", "presentation-overview.svg"]
    normal, present = (path.read_text(encoding="utf-8") for path in written)
    assert "Rollout&#160;by&#160;wave" in normal and "Loading" not in normal
    assert "#ffffff" in present.lower() and "units&#160;live" in present
    assert demo_path.read_bytes() == before


def test_the_command_defaults_to_the_screenshots_folder_at_the_demo_date_and_size():
    args = build_parser().parse_args(["screenshots"])
    assert (str(args.dir), args.db, args.size) == ("screenshots", None, (120, 36))
    assert DEMO_TODAY.isoformat() == "2026-11-16" and len(SHOTS) == 8
