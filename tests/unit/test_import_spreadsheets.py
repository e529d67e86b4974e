"""Spreadsheets as people have them: German Excel's CSV imports, bad cells are named, exports import back."""

import csv
import io
import shutil

import pytest
from sqlalchemy import func, select

from okr_cockpit.cli import main
from okr_cockpit.db.models import AuditEntry, Coach, OrgUnit, Person, RolloutWave
from okr_cockpit.db.open import open_database
from okr_cockpit.services.exporting.tables import export_rows, write_export
from okr_cockpit.services.importing import ImportRejected, import_csv
from okr_cockpit.services.records import insert_row

# As German Excel saves "CSV (Trennzeichen-getrennt)": Windows-1252, semicolons, CRLF, German words.
UNITS_DE = (
    "Externe ID;Bezeichnung;Art;Übergeordnete ID;Welle;Status;Ausgenommen;Notizen\r\n"
    "NW;Nordwind Gruppe;Unternehmen;;;;nein;\r\n"
    "NW-ÖA;Öffentlichkeitsarbeit;Bereich;NW;Welle 1;in Vorbereitung;nein;Straße 5\r\n"
    "NW-ÖA-1;Presse;Team;NW-ÖA;welle 1;Pilot;ja;\r\n"
)
PEOPLE_DE = (
    "E-Mail;Name;Funktion;Stammeinheit;Aktiv\r\n"
    "jörg.müller@nordwind.example;Jörg Müller;Leitung Presse;NW-ÖA-1;ja\r\n"
    "björn.öz@nordwind.example;Björn Öz;Coach;NW-ÖA;nein\r\n"
)
COACHES_DE = (
    "E-Mail;Kapazität;Kohorte;Zertifiziert am;Status\r\n"
    "björn.öz@nordwind.example;3,0;2026-A;04.05.2026;abwesend\r\n"
)


def write_cp1252(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_bytes(text.encode("cp1252"))
    return path


@pytest.fixture
def wave_db(db):
    db.write(lambda s: insert_row(s, RolloutWave, {"name": "Welle 1", "position": 1}))
    return db


def test_german_excel_files_import_with_german_headers_words_dates_and_numbers(wave_db, tmp_path):
    db = wave_db
    assert import_csv(db, "units", write_cp1252(tmp_path, "u.csv", UNITS_DE)).created == 3
    assert import_csv(db, "people", write_cp1252(tmp_path, "p.csv", PEOPLE_DE)).created == 2
    assert import_csv(db, "coaches", write_cp1252(tmp_path, "c.csv", COACHES_DE)).created == 1

    def read(session):
        units = session.execute(
            select(
                OrgUnit.external_id, OrgUnit.name, OrgUnit.kind, OrgUnit.state, OrgUnit.exempt, OrgUnit.notes
            )
        ).all()
        people = session.execute(select(Person.email, Person.title, Person.active).order_by(Person.id)).all()
        coach = session.execute(select(Coach.capacity, Coach.cohort, Coach.certified_on, Coach.status)).one()
        return units, people, coach

    units, people, coach = db.read(read)
    assert [tuple(u) for u in units] == [
        ("NW", "Nordwind Gruppe", "company", "not_started", False, ""),
        ("NW-ÖA", "Öffentlichkeitsarbeit", "division", "preparing", False, "Straße 5"),
        ("NW-ÖA-1", "Presse", "team", "pilot", True, ""),
    ]
    assert [tuple(p) for p in people] == [
        ("jörg.müller@nordwind.example", "Leitung Presse", True),
        ("björn.öz@nordwind.example", "Coach", False),
    ]
    assert (coach.capacity, coach.cohort, coach.certified_on.isoformat(), coach.status) == (
        3,
        "2026-A",
        "2026-05-04",
        "on_leave",
    )


def test_utf8_with_a_byte_order_mark_and_commas_imports_too(db, tmp_path):
    path = tmp_path / "units.csv"
    path.write_bytes("\ufeffexternal_id,name,kind\nS,Straße,team\n".encode())
    assert import_csv(db, "units", path).created == 1
    assert db.read(lambda s: s.execute(select(OrgUnit.name)).scalar_one()) == "Straße"


def test_a_bad_cell_names_line_column_and_value_and_nothing_is_written(wave_db, tmp_path):
    import_csv(wave_db, "units", write_cp1252(tmp_path, "u.csv", UNITS_DE))
    import_csv(wave_db, "people", write_cp1252(tmp_path, "p.csv", PEOPLE_DE))
    before = wave_db.read(lambda s: s.execute(select(func.count()).select_from(AuditEntry)).scalar_one())
    bad = COACHES_DE + "jörg.müller@nordwind.example;2,5;2026-A;31.02.2026;vielleicht\r\n"
    with pytest.raises(ImportRejected) as caught:
        import_csv(wave_db, "coaches", write_cp1252(tmp_path, "bad.csv", bad))
    assert [str(p) for p in caught.value.problems] == [
        "line 3, column Kapazität: Capacity must be a whole number, not '2,5'.",
        "line 3, column Zertifiziert am: Certified on '31.02.2026' is not a date; "
        "use YYYY-MM-DD or DD.MM.YYYY.",
        "line 3, column Status: Status 'vielleicht' is not one of: active, on leave, alumni.",
    ]
    after = wave_db.read(lambda s: s.execute(select(func.count()).select_from(AuditEntry)).scalar_one())
    assert (
        after == before and wave_db.read(lambda s: s.execute(select(func.count(Coach.id))).scalar_one()) == 0
    )
    flag = "E-Mail;Name;Aktiv\r\nx@nordwind.example;X;vielleicht\r\n"
    with pytest.raises(
        ImportRejected, match=r"line 2, column Aktiv: Active must be yes or no \(ja/nein\), not 'vielleicht'"
    ):
        import_csv(wave_db, "people", write_cp1252(tmp_path, "flag.csv", flag))


def exported(db, kind: str, *, excel: bool = False) -> str:
    stream = io.StringIO(newline="")

    def dump(session):
        columns, rows = export_rows(session=session, kind=kind)
        write_export(columns, rows, fmt="csv", stream=stream, excel=excel)

    db.read(dump)
    return stream.getvalue()


def without_ids(text: str, delimiter: str = ",") -> list[list[str]]:
    return [row[1:] for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)]


@pytest.mark.parametrize("excel", [False, True])
def test_exports_import_back_unchanged_into_the_same_cockpit(demo_db, tmp_path, excel):
    audit_before = demo_db.read(lambda s: s.execute(select(func.count(AuditEntry.id))).scalar_one())
    for kind, total in (("units", 86), ("people", 123), ("coaches", 15)):
        path = tmp_path / f"{kind}.csv"
        path.write_text(exported(demo_db, kind, excel=excel), encoding="utf-8", newline="")
        result = import_csv(demo_db, kind, path)
        assert (result.created, result.updated, result.unchanged) == (0, 0, total)
    assert demo_db.read(lambda s: s.execute(select(func.count(AuditEntry.id))).scalar_one()) == audit_before


def test_exports_import_into_an_empty_cockpit_and_export_the_same(demo_db, tmp_path):
    """Units by their parent's external id, people and unit leads by email, coaches by their person."""
    files = {kind: exported(demo_db, kind) for kind in ("units", "people", "coaches")}
    waves = demo_db.read(lambda s: s.execute(select(RolloutWave.name, RolloutWave.position)).all())
    fresh = open_database(str(tmp_path / "fresh.db")).db
    fresh.write(lambda s: [insert_row(s, RolloutWave, {"name": n, "position": p}) for n, p in waves])
    # Leads are people, and people live in units: units first without their people, then again.
    rows = list(csv.DictReader(io.StringIO(files["units"])))
    first = io.StringIO()
    writer = csv.DictWriter(
        first, [c for c in rows[0] if c not in ("lead", "sponsor", "plo_owner")], extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    steps = (("units", first.getvalue()), ("people", files["people"]), ("coaches", files["coaches"]))
    for kind, text in (*steps, ("units", files["units"])):
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        import_csv(fresh, kind, path)
    for kind, text in files.items():
        assert without_ids(exported(fresh, kind)) == without_ids(text), kind
    fresh.dispose()


def test_export_excel_is_utf8_with_bom_semicolons_and_crlf(demo_path, capsysbinary):
    assert main(["export", "units", "--excel", "--db", str(demo_path)]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith("\ufeff".encode()) and out.count(b"\r\n") == 87
    header = out.decode("utf-8-sig").split("\r\n")[0]
    assert header.startswith("id;external_id;name;kind;parent_external_id;")
    assert main(["export", "units", "--excel", "--format", "json", "--db", str(demo_path)]) == 1
    assert b"--excel is only for the CSV" in capsysbinary.readouterr().err


def test_import_command_reads_what_export_excel_wrote(demo_path, tmp_path, capsysbinary):
    assert main(["export", "people", "--excel", "--db", str(demo_path)]) == 0
    path = tmp_path / "people.csv"
    path.write_bytes(capsysbinary.readouterr().out)
    copy = tmp_path / "copy.db"
    shutil.copyfile(demo_path, copy)
    assert main(["import", "people", str(path), "--db", str(copy)]) == 0
    assert b"0 created, 0 updated, 123 unchanged." in capsysbinary.readouterr().out
