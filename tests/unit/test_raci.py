"""RACI service: cells with one A per activity (service and schema), activities, order, audit, export."""

import csv
import io

import pytest
from sqlalchemy import insert, select

from okr_cockpit.db.models import AuditEntry, RaciActivity, RaciCell
from okr_cockpit.errors import CockpitError, ConflictError, ValidationError
from okr_cockpit.services.process import raci as svc


@pytest.fixture
def matrix(db):
    """Three activities: Rollout plan (A with the PLO), Check-ins (no A yet), Review."""

    def build(session):
        ids = {name: svc.add_activity(session, name=name) for name in ("Rollout plan", "Check-ins", "Review")}
        svc.set_cell(session, activity_id=ids["Rollout plan"], role="plo", letter="A")
        svc.set_cell(session, activity_id=ids["Rollout plan"], role="sponsor", letter="c")
        svc.set_cell(session, activity_id=ids["Check-ins"], role="coaches", letter="R")
        svc.set_cell(session, activity_id=ids["Review"], role="leaders", letter="A")
        return ids

    return db, db.write(build)


def rows(db):
    return db.read(svc.raci_rows)


def audit(db, entity):
    table = AuditEntry.__table__
    return db.read(
        lambda s: s.execute(
            select(table.c.action, table.c.entity_id, table.c.label, table.c.changes)
            .where(table.c.entity == entity)
            .order_by(table.c.id)
        ).all()
    )


def test_matrix_reads_in_order_with_letters_and_flags(matrix):
    db, ids = matrix
    found = rows(db)
    assert [r.name for r in found] == ["Rollout plan", "Check-ins", "Review"]
    assert found[0].letters == {"plo": "A", "sponsor": "C"}
    assert [r.flag for r in found] == ["", "▲ no A", ""]
    assert found[1].problem == "no A"


def test_second_accountable_is_refused_and_nothing_changes(matrix):
    db, ids = matrix
    before = rows(db)
    with pytest.raises(ValidationError) as refused:
        db.write(lambda s: svc.set_cell(s, activity_id=ids["Rollout plan"], role="sponsor", letter="A"))
    assert str(refused.value) == "'Rollout plan' already has an accountable role: PLO. Clear it first."
    assert rows(db) == before


def test_schema_itself_refuses_a_second_accountable(matrix):
    db, ids = matrix
    with pytest.raises(CockpitError):
        db.write(
            lambda s: s.execute(
                insert(RaciCell.__table__).values(activity_id=ids["Review"], role="teams", letter="A")
            )
        )
    assert rows(db)[2].letters == {"leaders": "A"}


def test_moving_the_accountable_role_after_clearing(matrix):
    db, ids = matrix
    plan = ids["Rollout plan"]
    assert db.write(lambda s: svc.clear_cell(s, activity_id=plan, role="plo")) == "A"
    assert db.write(lambda s: svc.set_cell(s, activity_id=plan, role="sponsor", letter="A")) == "C"
    assert db.write(lambda s: svc.clear_cell(s, activity_id=plan, role="plo")) is None  # already empty
    assert rows(db)[0].letters == {"sponsor": "A"}
    # Re-setting the same A on the same cell is a no-op, not a refusal.
    db.write(lambda s: svc.set_cell(s, activity_id=plan, role="sponsor", letter="A"))
    cells = audit(db, "raci_cell")
    assert [c.action for c in cells[-2:]] == ["delete", "update"]
    assert cells[-1].label == "Rollout plan · Sponsor"
    assert cells[-1].entity_id == plan


def test_invalid_letters_and_roles_are_refused(matrix):
    db, ids = matrix
    with pytest.raises(ValidationError, match="Letter must be one of"):
        db.write(lambda s: svc.set_cell(s, activity_id=ids["Review"], role="plo", letter="X"))
    with pytest.raises(ValidationError, match="Role must be one of"):
        db.write(lambda s: svc.set_cell(s, activity_id=ids["Review"], role="board", letter="R"))
    with pytest.raises(ValidationError, match="no longer exists"):
        db.write(lambda s: svc.set_cell(s, activity_id=9999, role="plo", letter="R"))


def test_add_rename_and_duplicate_names(matrix):
    db, ids = matrix
    new = db.write(lambda s: svc.add_activity(s, name="  Playbook "))
    assert rows(db)[-1].name == "Playbook" and rows(db)[-1].id == new
    with pytest.raises(ValidationError, match="already exists"):
        db.write(lambda s: svc.add_activity(s, name="review"))
    with pytest.raises(ValidationError, match="must not be empty"):
        db.write(lambda s: svc.add_activity(s, name="  "))
    db.write(lambda s: svc.rename_activity(s, new, name="OKR playbook", expected_version=1))
    assert rows(db)[-1].name == "OKR playbook"
    with pytest.raises(ConflictError):
        db.write(lambda s: svc.rename_activity(s, new, name="Stale", expected_version=1))


def test_move_swaps_positions_in_one_step(matrix):
    db, ids = matrix
    assert db.write(lambda s: svc.move_activity(s, ids["Review"], step=-1)) is True
    assert [r.name for r in rows(db)] == ["Rollout plan", "Review", "Check-ins"]
    assert db.write(lambda s: svc.move_activity(s, ids["Rollout plan"], step=-1)) is False
    assert db.write(lambda s: svc.move_activity(s, ids["Rollout plan"], step=1)) is True
    assert [r.name for r in rows(db)] == ["Review", "Rollout plan", "Check-ins"]
    first_move = [(a.entity_id, a.changes) for a in audit(db, "raci_activity") if a.action == "update"][:2]
    assert sorted(first_move) == [
        (ids["Check-ins"], '{"position": [1, 2]}'),
        (ids["Review"], '{"position": [2, 1]}'),
    ]


def test_move_renumbers_when_positions_collide(db):
    table = RaciActivity.__table__

    def build(session):
        return [
            session.execute(insert(table).values(name=n, position=0)).inserted_primary_key[0]
            for n in ("A1", "B2", "C3")
        ]

    first, second, third = db.write(build)
    db.write(lambda s: svc.move_activity(s, third, step=-1))
    assert [r.name for r in rows(db)] == ["A1", "C3", "B2"]
    assert [r.position for r in rows(db)] == [0, 1, 2]


def test_remove_activity_removes_cells_and_audits_them(matrix):
    db, ids = matrix
    plan = ids["Rollout plan"]
    with pytest.raises(ConflictError):
        db.write(lambda s: svc.remove_activity(s, plan, expected_version=7))
    assert len(rows(db)) == 3
    db.write(lambda s: svc.remove_activity(s, plan, expected_version=1))
    assert [r.name for r in rows(db)] == ["Check-ins", "Review"]
    cells = db.read(lambda s: s.execute(select(RaciCell.__table__).where(RaciCell.activity_id == plan)).all())
    assert cells == []
    removed = [c for c in audit(db, "raci_cell") if c.action == "delete"]
    assert {c.label for c in removed} == {"Rollout plan · PLO", "Rollout plan · Sponsor"}


def test_markdown_export_is_a_wiki_table(matrix):
    db, ids = matrix
    db.write(lambda s: svc.rename_activity(s, ids["Review"], name="Review | *final*", expected_version=None))
    text = svc.render_raci_markdown(rows(db))
    lines = text.splitlines()
    assert lines[0] == "| Activity | PLO | Coaches | Sponsor | Leaders | Teams | Check |"
    assert lines[1] == "| --- | :-: | :-: | :-: | :-: | :-: | --- |"
    assert lines[2] == "| Rollout plan | A |  | C |  |  |  |"
    assert lines[3] == "| Check-ins |  | R |  |  |  | ▲ no A |"
    assert lines[4] == "| Review \\| \\*final\\* |  |  |  | A |  |  |"
    assert svc.LEGEND in text
    # Every row has the same number of cells as the header.
    assert {line.replace("\\|", "").count("|") for line in lines[:5]} == {8}


def test_csv_export_matches_the_matrix(matrix):
    db, ids = matrix
    db.write(lambda s: svc.add_activity(s, name="=HYPERLINK(1)"))
    parsed = list(csv.reader(io.StringIO(svc.render_raci_csv(rows(db)))))
    assert parsed[0] == ["activity", "plo", "coaches", "sponsor", "leaders", "teams", "check"]
    assert parsed[1] == ["Rollout plan", "A", "", "C", "", "", ""]
    assert parsed[2] == ["Check-ins", "", "R", "", "", "", "no A"]
    assert parsed[4][0] == "'=HYPERLINK(1)"  # never a formula in a spreadsheet


def test_export_command_prints_the_matrix_as_markdown_and_csv(matrix, db_path, capsys):
    from okr_cockpit.cli import main

    db, ids = matrix
    assert main(["export", "raci", "--format", "md", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out == svc.render_raci_markdown(rows(db))
    assert main(["export", "raci", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out == svc.render_raci_csv(rows(db))
    assert main(["export", "units", "--format", "md", "--db", str(db_path)]) == 1
    assert "only for `export raci`" in capsys.readouterr().err


def test_more_than_one_accountable_is_flagged_too():
    # The schema cannot hold it; rows from elsewhere (an older file, a report) are still checked.
    row = svc.RaciRow(1, 1, "Review", 0, {"plo": "A", "sponsor": "A", "teams": "R"})
    assert (row.problem, row.flag, row.accountable) == ("2 A's", "▲ 2 A's", ["plo", "sponsor"])


# -- cells are versioned: a stale edit is a conflict, not a silent overwrite ------------------


def row_named(db, name):
    return next(r for r in rows(db) if r.name == name)


def test_a_cell_changed_by_someone_else_since_it_was_seen_is_a_conflict(matrix):
    db, ids = matrix
    seen = row_named(db, "Rollout plan")  # sponsor C, as coach A's screen shows it
    db.write(lambda s: svc.set_cell(s, activity_id=ids["Rollout plan"], role="sponsor", letter="I"))
    entries = len(audit(db, "raci_cell"))
    with pytest.raises(ConflictError) as stale:
        db.write(lambda s: svc.set_cell(s, activity_id=seen.id, role="sponsor", letter="R", seen=seen))
    assert str(stale.value) == (
        f"'Rollout plan' · Sponsor: {db.actor.user} set it to I meanwhile, so your R was not saved."
    )
    assert row_named(db, "Rollout plan").letters["sponsor"] == "I"  # the other user's letter stays
    assert len(audit(db, "raci_cell")) == entries  # nothing written
    # Looking again (the screen reloads) and pressing the key again overwrites, knowingly.
    fresh = row_named(db, "Rollout plan")
    assert (
        db.write(lambda s: svc.set_cell(s, activity_id=fresh.id, role="sponsor", letter="R", seen=fresh))
        == "I"
    )
    assert row_named(db, "Rollout plan").letters["sponsor"] == "R"


def test_a_cell_cleared_and_set_again_meanwhile_is_a_conflict_too(matrix):
    db, ids = matrix
    plan = ids["Rollout plan"]
    seen = row_named(db, "Rollout plan")
    db.write(lambda s: svc.clear_cell(s, activity_id=plan, role="sponsor"))
    db.write(lambda s: svc.set_cell(s, activity_id=plan, role="sponsor", letter="I"))  # a new cell row
    with pytest.raises(ConflictError, match="set it to I meanwhile, so it was not cleared"):
        db.write(lambda s: svc.clear_cell(s, activity_id=plan, role="sponsor", seen=seen))
    with pytest.raises(ConflictError, match="Sponsor: .* set it to I meanwhile, so your R"):
        db.write(lambda s: svc.set_cell(s, activity_id=plan, role="sponsor", letter="R", seen=seen))
    assert row_named(db, "Rollout plan").letters["sponsor"] == "I"


def test_an_empty_cell_filled_or_a_cell_cleared_meanwhile_is_a_conflict(matrix):
    db, ids = matrix
    seen = row_named(db, "Check-ins")  # no A yet: plo is empty
    db.write(lambda s: svc.set_cell(s, activity_id=seen.id, role="plo", letter="A"))
    with pytest.raises(ConflictError, match="'Check-ins' · PLO: .* set it to A meanwhile"):
        db.write(lambda s: svc.set_cell(s, activity_id=seen.id, role="plo", letter="C", seen=seen))
    db.write(lambda s: svc.clear_cell(s, activity_id=seen.id, role="coaches"))
    with pytest.raises(ConflictError, match="'Check-ins' · Coaches: .* cleared it meanwhile"):
        db.write(lambda s: svc.set_cell(s, activity_id=seen.id, role="coaches", letter="I", seen=seen))
    assert row_named(db, "Check-ins").letters == {"plo": "A"}


def test_the_same_letter_set_by_someone_else_meanwhile_is_no_conflict(matrix):
    db, ids = matrix
    seen = row_named(db, "Check-ins")
    db.write(lambda s: svc.set_cell(s, activity_id=seen.id, role="teams", letter="I"))
    db.write(lambda s: svc.set_cell(s, activity_id=seen.id, role="teams", letter="I", seen=seen))
    db.write(lambda s: svc.clear_cell(s, activity_id=seen.id, role="coaches"))
    assert db.write(lambda s: svc.clear_cell(s, activity_id=seen.id, role="coaches", seen=seen)) is None
    assert row_named(db, "Check-ins").letters == {"teams": "I"}


def test_a_cell_edit_on_an_activity_deleted_meanwhile_is_the_deleted_conflict(matrix):
    db, ids = matrix
    seen = row_named(db, "Review")
    db.write(lambda s: svc.remove_activity(s, seen.id, expected_version=seen.version))
    with pytest.raises(ConflictError, match="This RACI activity was deleted by someone else.") as gone:
        db.write(lambda s: svc.set_cell(s, activity_id=seen.id, role="plo", letter="R", seen=seen))
    assert gone.value.current is None


def test_cell_writes_bump_the_cells_version_and_are_audited_under_the_activity(matrix):
    db, ids = matrix
    plan = ids["Rollout plan"]
    before = row_named(db, "Rollout plan").cells["sponsor"]
    db.write(lambda s: svc.set_cell(s, activity_id=plan, role="sponsor", letter="I"))
    after = row_named(db, "Rollout plan").cells["sponsor"]
    assert after == (before[0], before[1] + 1)
    last = audit(db, "raci_cell")[-1]
    assert (last.action, last.entity_id, last.label, last.changes) == (
        "update",
        plan,
        "Rollout plan · Sponsor",
        '{"sponsor": ["C", "I"]}',
    )
    db.write(lambda s: svc.clear_cell(s, activity_id=plan, role="sponsor"))
    db.write(lambda s: svc.set_cell(s, activity_id=plan, role="sponsor", letter="R"))
    assert [(c.action, c.changes) for c in audit(db, "raci_cell")[-2:]] == [
        ("delete", '{"sponsor": ["I", null]}'),
        ("create", '{"sponsor": [null, "R"]}'),
    ]
    assert row_named(db, "Rollout plan").cells["sponsor"][0] > before[0]  # a new cell, a new id


def test_a_stale_remove_of_an_activity_removes_none_of_its_cells(matrix):
    db, ids = matrix
    plan = ids["Rollout plan"]
    with pytest.raises(ConflictError):
        db.write(lambda s: svc.remove_activity(s, plan, expected_version=7))
    assert row_named(db, "Rollout plan").letters == {"plo": "A", "sponsor": "C"}
