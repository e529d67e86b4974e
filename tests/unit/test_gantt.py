"""Pure Gantt drawing: date ↔ column, partial blocks, status glyphs, today line, headers and bands."""

from datetime import date

from okr_cockpit.ui.widgets.gantt_render import (
    Band,
    Bar,
    WaveSpan,
    align_origin,
    bar_cells,
    col_to_date,
    cycle_band,
    date_to_col,
    fit,
    month_header,
    render_row,
    wave_lanes,
    wave_line,
    week_header,
)

MONDAY = date(2026, 11, 16)


def test_date_and_column_round_trip():
    assert date_to_col(date(2026, 11, 23), MONDAY, 7) == 1
    assert date_to_col(date(2026, 11, 22), MONDAY, 7) == 0
    assert date_to_col(date(2026, 11, 15), MONDAY, 3) == -1
    assert col_to_date(4, MONDAY, 3) == date(2026, 11, 28)
    assert align_origin(date(2026, 11, 19), 7) == MONDAY
    assert align_origin(date(2026, 11, 19), 3) == date(2026, 11, 19)


def test_bar_cells_use_partial_blocks_for_exact_days():
    # Five days at three days per column: one full cell, then two thirds of the next (5/8 rounded).
    assert bar_cells(MONDAY, date(2026, 11, 20), MONDAY, 3, 20) == [(0, "█"), (1, "▋")]
    # Thursday to next Tuesday in week columns: the right part of week 1, two days of week 2.
    assert bar_cells(date(2026, 11, 19), date(2026, 11, 24), MONDAY, 7, 20) == [(0, "▐"), (1, "▎")]
    # A bar that starts left of the view is cut at column 0; one beyond the right edge is dropped.
    assert bar_cells(date(2026, 11, 1), date(2026, 11, 17), MONDAY, 1, 20) == [(0, "█"), (1, "█")]
    assert bar_cells(date(2027, 1, 1), date(2027, 1, 2), MONDAY, 1, 20) == []


def test_statuses_differ_without_colour_and_today_line_is_drawn():
    today = date(2026, 11, 20)
    bars = [
        Bar(1, date(2026, 11, 16), date(2026, 11, 17), "done"),
        Bar(2, date(2026, 11, 18), date(2026, 11, 18), "planned"),  # overdue: before today
        Bar(3, date(2026, 11, 22), date(2026, 11, 23), "planned"),
        Bar(4, date(2026, 11, 25), date(2026, 11, 25), "cancelled"),
    ]
    line = render_row(bars, MONDAY, 1, 12, today)
    assert line.text == "██! │ ▒▒ ×  "
    assert line.code_text == "ddo t pp c  "
    assert line.owners[:3] == [1, 1, 2]


def test_overdue_bar_is_marked_at_its_first_visible_cell():
    late = Bar(7, date(2026, 11, 10), date(2026, 11, 18), "planned")
    line = render_row([late], MONDAY, 1, 6, date(2026, 11, 20))
    assert line.text == "!▒▒ │ "


def test_planned_sliver_is_shaded_not_a_block():
    # One planned day at week columns would be "▏" — the same as a done one — so it is shaded whole.
    today = date(2026, 11, 1)
    planned = render_row([Bar(1, date(2026, 11, 18), date(2026, 11, 18), "planned")], MONDAY, 7, 3, today)
    done = render_row([Bar(1, date(2026, 11, 16), date(2026, 11, 16), "done")], MONDAY, 7, 3, today)
    assert (planned.text, done.text) == ("▒  ", "▏  ")


def test_headers_name_months_and_weeks_and_mark_today():
    months = month_header(date(2026, 11, 1), 1, 40)
    assert months.text.startswith("Nov 2026")
    assert months.text[30:38] == "Dec 2026"
    weeks = week_header(date(2026, 11, 1), 1, 40, today=date(2026, 11, 19))
    assert weeks.text[1:4] == "W45"  # 2 November is a Monday, column 1
    assert weeks.text[15:18] == "W47"
    assert weeks.text[18] == "▼"
    quarter = month_header(date(2026, 9, 28), 7, 20)
    assert "'27" in quarter.text or "2027" in quarter.text


def test_cycle_band_shows_names_and_marks_the_current_cycle():
    bands = [
        Band(1, "2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        Band(2, "2027-Q1", date(2027, 1, 1), date(2027, 3, 31)),
    ]
    line = cycle_band(bands, date(2026, 12, 1), 3, 40, current=2)
    assert "2026-Q4" in line.text
    assert "╞ 2027-Q1 ═" in line.text
    assert set(line.codes[: line.text.index("╞")]) == {"b"}
    assert set(line.codes[line.text.index("╞") :]) == {"B"}


def test_fit_cuts_with_an_ellipsis():
    assert fit("Organisation-wide", 8) == "Organis…"
    assert fit("Team", 6) == "Team  "


def test_the_today_mark_never_overwrites_a_week_label():
    weeks = week_header(date(2026, 11, 1), 1, 40, today=date(2026, 11, 17))  # W47 starts on the 16th, col 15
    assert weeks.text[15:18] == "W47"
    assert weeks.code_text[16] == "t"


def test_waves_are_drawn_from_start_to_go_live_with_their_decision():
    pilot = WaveSpan("Pilot", date(2026, 11, 16), date(2026, 11, 30), "✓ go")
    line = wave_line([pilot], MONDAY, 1, 30)
    assert line.text[0] == "┣" and line.text[14] == "◆"
    assert line.text[1:8] == " Pilot "
    assert line.text[15:20] == " ✓ go"
    assert set(line.code_text[:20]) == {"w"}


def test_waves_that_overlap_get_lines_of_their_own_and_labels_that_do_not_fit_are_left_out():
    first = WaveSpan("Wave 1", date(2026, 11, 16), date(2026, 12, 14), "○ pending")
    second = WaveSpan("Wave 2", date(2026, 12, 1), date(2027, 1, 11), "○ pending")
    third = WaveSpan("Wave 3", date(2026, 12, 20), date(2027, 2, 1), "○ pending")
    lanes = wave_lanes([third, second, first], most=3)
    assert [[w.name for w in lane] for lane in lanes] == [["Wave 1", "Wave 3"], ["Wave 2"]]
    crowded = wave_line([WaveSpan("A long wave name", MONDAY, date(2026, 11, 20), "✓ go")], MONDAY, 1, 30)
    assert crowded.text.startswith("┣━━━◆ ✓ go") and "long" not in crowded.text
    assert len(wave_lanes([first, second, third], most=1)) == 1


def test_a_decision_with_no_room_after_its_wave_is_written_inside_the_bar():
    wave = WaveSpan("Wave 2", MONDAY, date(2026, 12, 10), "✓ go")
    following = WaveSpan("Wave 3", date(2026, 12, 12), date(2027, 1, 20), "○ pending")
    line = wave_line([wave, following], MONDAY, 1, 40)
    assert line.text[:18] == "┣ Wave 2 · ✓ go ━━"
