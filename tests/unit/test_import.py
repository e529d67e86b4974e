"""CSV import: a file with any bad row is rejected whole with line numbers; a good one is written, audited."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from okr_cockpit.db.models import Assignment, AuditEntry, Coach, OrgUnit, Person, RolloutWave
from okr_cockpit.errors import CockpitError
from okr_cockpit.services.importing import ImportRejected, import_csv
from okr_cockpit.services.records import insert_row

UNITS = """external_id,name,kind,parent_external_id,wave,state
NW-SAL-DACH,Sales DACH,team,NW-SAL,Wave 1,pilot
NW,Northwind Group,company,,,
NW-SAL,Sales,division,NW,Wave 1,not started
"""
PEOPLE = """Email;Name;Title;Home unit external ID
anna.berg@northwind.example;Anna Berg;Head of Sales DACH;NW-SAL-DACH
"ben@northwind.example";"Ben Okafor; Jr.";Coach;
"""
COACHES = """email,capacity,cohort,certified_on,status
anna.berg@northwind.example,3,2026-A,2026-05-04,On leave
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def by_line(problems) -> dict[int, str]:
    """Every problem of a line in one string, as the user reads them."""
    lines: dict[int, list[str]] = {}
    for problem in problems:
        lines.setdefault(problem.line, []).append(str(problem))
    return {line: " ".join(texts) for line, texts in lines.items()}


def counts(db) -> dict[str, int]:
    def read(session):
        return {
            model.__tablename__: session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (OrgUnit, Person, Coach, AuditEntry)
        }

    return db.read(read)


@pytest.fixture
def wave_db(db):
    db.write(lambda s: insert_row(s, RolloutWave, {"name": "Wave 1", "position": 1}))
    return db


def test_good_files_are_imported_in_one_go_and_audited(wave_db, tmp_path):
    db = wave_db
    result = import_csv(db, "units", write(tmp_path, "units.csv", UNITS))
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert import_csv(db, "people", write(tmp_path, "people.csv", PEOPLE)).created == 2
    assert import_csv(db, "coaches", write(tmp_path, "coaches.csv", COACHES)).created == 1

    def read(session):
        units = session.execute(
            select(
                OrgUnit.external_id, OrgUnit.name, OrgUnit.kind, OrgUnit.state, OrgUnit.parent_id, OrgUnit.id
            )
        ).all()
        ids = {row.external_id: row.id for row in units}
        parents = {row.external_id: row.parent_id for row in units}
        people = session.execute(select(Person.email, Person.name, Person.home_unit_id)).all()
        coach = session.execute(select(Coach.capacity, Coach.cohort, Coach.status, Coach.certified_on)).one()
        return ids, parents, {u.external_id: (u.kind, u.state) for u in units}, people, coach

    ids, parents, kinds, people, coach = db.read(read)
    # The child came first in the file; it still hangs under its parent.
    assert parents == {"NW": None, "NW-SAL": ids["NW"], "NW-SAL-DACH": ids["NW-SAL"]}
    assert kinds["NW-SAL"] == ("division", "not_started")
    assert sorted(people) == [
        ("anna.berg@northwind.example", "Anna Berg", ids["NW-SAL-DACH"]),
        ("ben@northwind.example", "Ben Okafor; Jr.", None),
    ]
    assert coach[:3] == (3, "2026-A", "on_leave") and coach[3].isoformat() == "2026-05-04"
    # Every record has its audit entry (plus the wave made by the fixture).
    assert counts(db)["audit_entry"] == 1 + 3 + 2 + 1


def test_importing_the_same_file_again_changes_nothing(wave_db, tmp_path):
    path = write(tmp_path, "units.csv", UNITS)
    import_csv(wave_db, "units", path)
    before = counts(wave_db)
    result = import_csv(wave_db, "units", path)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert counts(wave_db) == before


def test_an_update_touches_only_the_columns_in_the_file(wave_db, tmp_path):
    import_csv(wave_db, "units", write(tmp_path, "units.csv", UNITS))
    renamed = "external_id,name,kind\nNW-SAL,Sales & Marketing,division\n"
    result = import_csv(wave_db, "units", write(tmp_path, "hr.csv", renamed))
    assert result.updated == 1
    name, state, wave_id = wave_db.read(
        lambda s: s.execute(
            select(OrgUnit.name, OrgUnit.state, OrgUnit.wave_id).where(OrgUnit.external_id == "NW-SAL")
        ).one()
    )
    assert (name, state) == ("Sales & Marketing", "not_started") and wave_id is not None


def test_a_file_with_bad_rows_is_rejected_whole_listing_lines_and_reasons(wave_db, tmp_path):
    import_csv(wave_db, "units", write(tmp_path, "units.csv", UNITS))
    before = counts(wave_db)
    bad = (
        "external_id,name,kind,parent_external_id,wave,state\n"
        "NEW-1,A good new team,team,NW-SAL,Wave 1,pilot\n"  # fine on its own
        "NEW-2,,squad,NOWHERE,Wave 9,alive\n"
        "\n"
        "NEW-1,Twice,team,,,\n"
        "NW,Northwind Group,company,NW-SAL,,\n"  # NW would sit under its own descendant
    )
    with pytest.raises(ImportRejected) as caught:
        import_csv(wave_db, "units", write(tmp_path, "bad.csv", bad))
    problems = by_line(caught.value.problems)
    assert sorted(problems) == [3, 5, 6]
    assert "column name: Name must not be empty" in problems[3]
    assert "column kind: Kind 'squad' is not one of" in problems[3] and "'NOWHERE'" in problems[3]
    assert "'Wave 9'" in problems[3] and "column state: State 'alive' is not one of" in problems[3]
    assert "appears twice" in problems[5] and "line 2" in problems[5]
    assert "own ancestor" in problems[6]
    assert "nothing was written" in str(caught.value)
    assert counts(wave_db) == before  # not even the good row


def test_kinds_must_nest_and_a_team_with_coaches_stays_a_team(wave_db, tmp_path):
    import_csv(wave_db, "units", write(tmp_path, "units.csv", UNITS))
    import_csv(wave_db, "people", write(tmp_path, "people.csv", PEOPLE))
    import_csv(wave_db, "coaches", write(tmp_path, "coaches.csv", COACHES))
    team_id, coach_id = wave_db.read(
        lambda s: (
            s.execute(select(OrgUnit.id).where(OrgUnit.external_id == "NW-SAL-DACH")).scalar_one(),
            s.execute(select(Coach.id)).scalar_one(),
        )
    )
    wave_db.write(lambda s: insert_row(s, Assignment, {"coach_id": coach_id, "unit_id": team_id}))
    before = counts(wave_db)
    bad = (
        "external_id,name,kind,parent_external_id\n"
        "NEW-DEPT,Field Sales,department,NW-SAL-DACH\n"  # a department inside a team
        "NW-SAL,Sales,team,NW\n"  # a team cannot hold the team already below it
    )
    with pytest.raises(ImportRejected) as caught:
        import_csv(wave_db, "units", write(tmp_path, "bad.csv", bad))
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (2, "A team cannot have units below it."),
        (3, "A team below it would then be inside a team; move it first."),
    ]
    demoted = "external_id,name,kind\nNW-SAL-DACH,Sales DACH,department\n"
    with pytest.raises(ImportRejected, match="line 2: Coaches are assigned to this team"):
        import_csv(wave_db, "units", write(tmp_path, "demoted.csv", demoted))
    assert counts(wave_db) == before


def test_bad_header_and_unknown_references_are_rejected(db, tmp_path):
    with pytest.raises(ImportRejected, match=r"(?s)missing column.*name.*unknown column.*colour"):
        import_csv(db, "units", write(tmp_path, "u.csv", "external_id,kind,colour\nX,team,red\n"))
    with pytest.raises(ImportRejected) as caught:
        import_csv(
            db, "coaches", write(tmp_path, "c.csv", "email,capacity\nnobody@x.org,300\nnot-an-email,1\n")
        )
    problems = by_line(caught.value.problems)
    assert "import the people first" in problems[2] and "at most 100 teams" in problems[2]
    assert "not an email address" in problems[3]
    assert counts(db) == {"org_unit": 0, "person": 0, "coach": 0, "audit_entry": 0}


def test_unreadable_files_are_one_clear_sentence(db, tmp_path):
    with pytest.raises(CockpitError, match="There is no file"):
        import_csv(db, "units", tmp_path / "missing.csv")
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"external_id,name,kind\nX,Vertrieb S\x81d,team\n")
    with pytest.raises(CockpitError, match="broken.csv line 2: byte 0x81 is neither UTF-8 nor Windows-1252"):
        import_csv(db, "units", broken)
    with pytest.raises(CockpitError, match="choose one of: units, people, coaches, waves"):
        import_csv(db, "stakeholders", broken)


def test_progress_is_reported_for_checking_and_writing(wave_db, tmp_path):
    seen: list[tuple[str, int, int]] = []
    import_csv(wave_db, "units", write(tmp_path, "units.csv", UNITS), progress=lambda *a: seen.append(a))
    assert ("checking", 3, 3) in seen and ("writing", 3, 3) in seen


def test_import_command_prints_the_outcome_or_every_problem(db_path, tmp_path, capsys):
    from okr_cockpit.cli import main

    good = write(tmp_path, "units.csv", "external_id,name,kind,parent_external_id\nNW,Northwind,company,\n")
    assert main(["import", "units", str(good), "--db", str(db_path)]) == 0
    assert "Imported units: 1 created, 0 updated, 0 unchanged." in capsys.readouterr().out
    bad = write(tmp_path, "bad.csv", "external_id,name,kind\nX,,team\nY,Y,squad\n")
    assert main(["import", "units", str(bad), "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert "line 2, column name: Name must not be empty." in err
    assert "line 3, column kind: Kind 'squad' is not one of" in err


WAVES = """name,position,start,go-live,objective,criteria
Pilot,1,2027-01-04,2027-02-01,Prove the cycle,coach_coverage: 60 | unit_leads | manual: Works council informed
Wave B,2,2027-03-01,,Everyone else,sponsor
"""


def test_waves_are_imported_with_their_criteria_and_a_second_run_changes_nothing(db, tmp_path):
    from okr_cockpit.services.rollout.readiness import waves_readiness
    from okr_cockpit.services.rollout.waves import list_waves

    path = write(tmp_path, "waves.csv", WAVES)
    assert import_csv(db, "waves", path).created == 2
    waves = db.read(list_waves)
    assert [(w.name, w.position, str(w.start_on), w.objective) for w in waves] == [
        ("Pilot", 1, "2027-01-04", "Prove the cycle"),
        ("Wave B", 2, "2027-03-01", "Everyone else"),
    ]
    measured = db.read(lambda s: waves_readiness(s, today=date(2026, 11, 16)))
    assert [c.name for c in measured[waves[0].id].criteria] == [
        "Teams with a primary coach ≥ 60%",
        "Every unit has a lead",
        "Works council informed",
    ]
    again = import_csv(db, "waves", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_bad_wave_file_is_rejected_whole(db, tmp_path):
    from okr_cockpit.services.rollout.waves import list_waves

    bad = "name,start,go-live,criteria\nPilot,2027-02-01,2027-01-01,coach_coverage: 120\nPilot,,,bogus\n"
    with pytest.raises(ImportRejected) as rejected:
        import_csv(db, "waves", write(tmp_path, "bad.csv", bad))
    text = str(rejected.value)
    assert "line 2, column go-live: Go-live (2027-01-01) is before the start (2027-02-01)." in text
    assert "The threshold of 'coach_coverage: 120' must be between 0 and 100." in text
    assert "line 3, column name: The wave 'Pilot' appears twice in the file (first on line 2)." in text
    assert "Criterion 'bogus': the kind must be one of" in text
    assert db.read(list_waves) == []


def test_a_wave_file_as_german_excel_saves_it(db, tmp_path):
    from okr_cockpit.services.rollout.waves import list_waves

    german = (
        "Welle;Reihenfolge;Beginn;Go-live am;Ziel\nPilotwelle Süd;1;04.01.2027;01.02.2027;Zyklus erproben\n"
    )
    path = tmp_path / "wellen.csv"
    path.write_bytes(german.encode("cp1252"))
    assert import_csv(db, "waves", path).created == 1
    (pilot,) = db.read(list_waves)
    assert (pilot.name, str(pilot.start_on), str(pilot.go_live_on), pilot.objective) == (
        "Pilotwelle Süd",
        "2027-01-04",
        "2027-02-01",
        "Zyklus erproben",
    )
    again = path.with_name("again.csv")
    again.write_text("name\nPILOTWELLE SÜD\n", encoding="utf-8")
    found = import_csv(db, "waves", again)  # the same wave, found by its folded name, takes the new spelling
    assert (found.created, found.updated) == (0, 1)
    assert [w.name for w in db.read(list_waves)] == ["PILOTWELLE SÜD"]
