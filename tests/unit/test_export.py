"""Exports list every row with readable columns, as CSV or JSON."""

import csv
import io
import json

import pytest
from sqlalchemy import func, select

from okr_cockpit.db import models as m
from okr_cockpit.errors import CockpitError
from okr_cockpit.services.exporting.tables import EXPORT_KINDS, export_rows, write_export

TABLE_OF_KIND = {
    "units": m.OrgUnit,
    "people": m.Person,
    "coaches": m.Coach,
    "assignments": m.Assignment,
    "waves": m.RolloutWave,
    "cycles": m.Cycle,
    "events": m.CycleEvent,
    "stakeholders": m.Stakeholder,
    "interactions": m.Interaction,
    "audit": m.AuditEntry,
}


def export(db, kind: str, fmt: str) -> str:
    stream = io.StringIO()

    def work(session):
        columns, rows = export_rows(session=session, kind=kind)
        write_export(columns, rows, fmt=fmt, stream=stream)

    db.read(work)
    return stream.getvalue()


@pytest.mark.parametrize("kind", EXPORT_KINDS)
def test_every_kind_exports_every_row_in_both_formats(demo_db, kind):
    table = TABLE_OF_KIND[kind].__table__
    expected = demo_db.read(lambda s: s.execute(select(func.count()).select_from(table)).scalar_one())
    assert expected > 0
    as_json = json.loads(export(demo_db, kind, "json"))
    as_csv = list(csv.DictReader(io.StringIO(export(demo_db, kind, "csv"))))
    assert len(as_json) == len(as_csv) == expected
    assert list(as_json[0]) == list(as_csv[0])
    assert as_json[0]["id"] == int(as_csv[0]["id"])


def test_units_show_references_that_import_reads_not_ids(demo_db):
    units = json.loads(export(demo_db, "units", "json"))
    assert list(units[0]) == [
        "id",
        "external_id",
        "name",
        "kind",
        "parent_external_id",
        "wave",
        "state",
        "lead",
        "sponsor",
        "plo_owner",
        "exempt",
        "notes",
    ]
    by_name = {u["name"]: u for u in units}
    assert by_name["Northwind Group"]["parent_external_id"] is None
    platform = by_name["Platform Engineering"]["external_id"]
    assert platform and by_name["Cloud Platform"]["parent_external_id"] == platform
    assert by_name["Cloud Platform"]["lead"].endswith("@northwind.example")
    assert by_name["Cloud Platform"]["wave"] == "Wave 1 – Pilot"
    assert by_name["Works Council Office"]["exempt"] is True


def test_dates_are_iso_in_json_and_csv(demo_db):
    cycles = json.loads(export(demo_db, "cycles", "json"))
    assert cycles[1]["name"] == "2026-Q4" and cycles[1]["start_on"] == "2026-10-01"
    rows = list(csv.reader(io.StringIO(export(demo_db, "cycles", "csv"))))
    assert rows[0] == ["id", "name", "start_on", "end_on", "state"]
    assert rows[2][1:] == ["2026-Q4", "2026-10-01", "2026-12-31", "active"]
    audit = json.loads(export(demo_db, "audit", "json"))
    assert audit[0]["at"].startswith("2026-11-")


def test_an_empty_table_is_an_empty_list(db):
    assert json.loads(export(db, "units", "json")) == []
    assert export(db, "units", "csv").splitlines() == [
        "id,external_id,name,kind,parent_external_id,wave,state,lead,sponsor,plo_owner,exempt,notes"
    ]


def test_unknown_kind_and_format_are_refused(db):
    with pytest.raises(CockpitError, match="Cannot export 'teams'"):
        db.read(lambda s: export_rows(session=s, kind="teams"))
    with pytest.raises(CockpitError, match="csv or json"):
        write_export(["id"], [(1,)], fmt="xml", stream=io.StringIO())


def test_csv_cells_that_look_like_formulas_stay_text(db):
    from okr_cockpit.services.org.units import create_unit

    db.write(lambda s: create_unit(session=s, parent_id=None, name="=HYPERLINK(1)", kind="company"))
    row = next(csv.DictReader(io.StringIO(export(db, "units", "csv"))))
    assert row["name"] == "'=HYPERLINK(1)"
    assert json.loads(export(db, "units", "json"))[0]["name"] == "=HYPERLINK(1)"
