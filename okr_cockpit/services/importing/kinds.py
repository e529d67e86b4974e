"""The three importable kinds — units, people, coaches: their columns (and German names), row checks, writes.

A column that is not in the file leaves that field of an existing record alone; a column that is
there but empty clears the field (or sets the default for a new record). See docs/IMPORT.md.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from okr_cockpit.db.folding import fold
from okr_cockpit.db.models import (
    COACH_STATUSES,
    NAME_MAX,
    ROLLOUT_STATES,
    UNIT_KINDS,
    Coach,
    OrgUnit,
    Person,
)
from okr_cockpit.db.tables import coach, person, unit, wave
from okr_cockpit.errors import ValidationError
from okr_cockpit.i18n import N_, _
from okr_cockpit.services.coaching.coaches import clean_capacity
from okr_cockpit.services.importing.reading import normalise_column
from okr_cockpit.services.importing.rows import (
    CsvFile,
    Problem,
    Progress,
    Row,
    RowChecks,
    Spec,
    changed_fields,
    check_each,
)
from okr_cockpit.services.importing.tree import tree_problems
from okr_cockpit.services.importing.values import choice, parse_flag, parse_whole_number
from okr_cockpit.services.importing.waves import WAVES_SPEC
from okr_cockpit.services.records import insert_row, update_row
from okr_cockpit.services.validation import clean_name, clean_text, parse_date


@dataclass(frozen=True)
class Planned:
    """One checked row: the record it updates (None: a new one) and the values to write."""

    line: int
    key: str
    existing: dict[str, Any] | None
    values: dict[str, Any]
    # Units only: the parent's external id (lower case; None for a top unit), when the file sets it.
    parent_key: str | None = None
    sets_parent: bool = False


def clean_external_id(value: str) -> str:
    return clean_name(value, field="external_id", what=N_("External id"))


def clean_email(value: str, *, field: str = "email") -> str:
    text = value.strip()
    local, at, domain = text.partition("@")
    if not text:
        raise ValidationError(_("Email must not be empty."), field=field)
    if not at or not local or "." not in domain or any(ch.isspace() for ch in text) or "@" in domain:
        raise ValidationError(_("Email {text!r} is not an email address.").format(text=text), field=field)
    if len(text) > NAME_MAX:
        raise ValidationError(
            _("Email is longer than {NAME_MAX} characters.").format(NAME_MAX=NAME_MAX), field=field
        )
    return text


def pick(value: str, allowed: tuple[str, ...], *, field: str, what: str) -> str:
    """One of the allowed choices, typed as the cockpit shows it, in English or German."""
    chosen = choice(value)
    if chosen not in allowed:
        words = ", ".join(a.replace("_", " ") for a in allowed)
        raise ValidationError(
            _("{what} {strip!r} is not one of: {words}.").format(
                what=_(what), strip=value.strip(), words=words
            ),
            field=field,
        )
    return chosen


def rows_by(session: Session, table, key_column) -> dict[str, dict[str, Any]]:
    """Existing rows keyed by the lower-cased key column."""
    return {
        str(row[key_column.name]).lower(): dict(row)
        for row in session.execute(select(table).where(key_column.is_not(None))).mappings()
    }


def note_duplicate(seen: dict[str, int], key: str, row: Row, what: str, *, field: str) -> None:
    if key in seen:
        raise ValidationError(
            _("{what} appears twice in the file (first on line {value}).").format(
                what=_(what), value=seen[key]
            ),
            field=field,
        )
    seen[key] = row.line


CREATED, UPDATED, UNCHANGED = range(3)


def write_one(
    session: Session, model, existing: dict[str, Any] | None, values: dict[str, Any]
) -> tuple[int, int]:
    """Insert or update one record (audited); (CREATED/UPDATED/UNCHANGED, its id)."""
    if existing is None:
        return CREATED, insert_row(session, model, values)
    changes = changed_fields(existing, values)
    if not changes:
        return UNCHANGED, existing["id"]
    what = model.__tablename__.replace("_", " ")
    # The version read in this same transaction: nobody can have changed the row in between.
    update_row(
        session, model, existing["id"], expected_version=existing["version"], changes=changes, what=what
    )
    return UPDATED, existing["id"]


def write_planned(
    session: Session, model, planned: list[Planned], progress: Progress
) -> tuple[int, int, int]:
    counts = [0, 0, 0]
    for done, item in enumerate(planned, start=1):
        counts[write_one(session, model, item.existing, item.values)[0]] += 1
        progress("writing", done, len(planned))
    return counts[CREATED], counts[UPDATED], counts[UNCHANGED]


def emails_to_ids(session: Session) -> dict[str, int]:
    return {
        email.lower(): person_id
        for person_id, email in session.execute(select(person.c.id, person.c.email))
        if email
    }


def find_person(
    people: dict[str, int], email: str, *, field: str = "email", required: bool = True
) -> int | None:
    if not email and not required:
        return None
    if email.lower() not in people:
        raise ValidationError(
            _("No person has the email {email!r}; import the people first.").format(email=email), field=field
        )
    return people[email.lower()]


# -- units -----------------------------------------------------------------------------------------
# The unit's people, by email: the export writes them so, and the import reads them back.
UNIT_PEOPLE = ("lead", "sponsor", "plo_owner")


def check_parent(parent: str, key: str, *, known: set[str]) -> None:
    if parent and parent.lower() == key.lower():
        raise ValidationError(_("A unit cannot be its own parent."), field="parent_external_id")
    if parent and parent.lower() not in known:
        raise ValidationError(
            _("Parent {parent!r} is neither in the file nor in the cockpit.").format(parent=parent),
            field="parent_external_id",
        )


def find_wave(waves: dict[str, int], name: str) -> int | None:
    if not name:
        return None
    if fold(name) not in waves:
        raise ValidationError(
            _("There is no rollout wave called {name!r}; create it first.").format(name=name), field="wave"
        )
    return waves[fold(name)]


def check_units(
    session: Session, file: CsvFile, problems: list[Problem], progress: Progress
) -> list[Planned]:
    existing = rows_by(session, unit, unit.c.external_id)
    waves = {fold(name): wave_id for wave_id, name in session.execute(select(wave.c.id, wave.c.name))}
    people = emails_to_ids(session)
    seen: dict[str, int] = {}
    # Every external id a parent may name: from this file or already in the cockpit.
    known = {row.values.get("external_id", "").lower() for row in file.rows} | set(existing)

    def check_row(row: Row, check: RowChecks) -> tuple[str, str | None, dict[str, Any]]:
        v = row.values
        key = check(clean_external_id, v["external_id"]) or ""
        if key:
            what = _("External id {key!r}").format(key=key)
            check(note_duplicate, seen, key.lower(), row, what, field="external_id")
        values: dict[str, Any] = {
            "external_id": key,
            "name": check(clean_name, v["name"]),
            "kind": check(pick, v["kind"], UNIT_KINDS, field="kind", what=N_("Kind")),
        }
        parent = v.get("parent_external_id", "")
        check(check_parent, parent, key, known=known)
        if "wave" in v:
            values["wave_id"] = check(find_wave, waves, v["wave"])
        if "state" in v:
            state = v["state"] or "not started"
            values["state"] = check(pick, state, ROLLOUT_STATES, field="state", what=N_("State"))
        if "exempt" in v:
            values["exempt"] = check(parse_flag, v["exempt"], field="exempt", what=N_("Exempt"))
        if "notes" in v:
            values["notes"] = check(clean_text, v["notes"], field="notes", what=N_("Notes"))
        for role in UNIT_PEOPLE:
            if role in v:
                values[f"{role}_id"] = check(find_person, people, v[role], field=role, required=False)
        return key, parent.lower() or None, values

    checked = check_each(file, problems, progress, check_row)
    sets_parent = "parent_external_id" in file.columns
    # The tree as it would be, from the rows that passed (a failed row is simply not in it).
    problems += tree_problems(session, existing, checked, sets_parent)
    if sets_parent:
        checked = ordered_parents_first(checked)
    return [
        Planned(row.line, key, existing.get(key.lower()), values, parent, sets_parent)
        for row, (key, parent, values) in checked
    ]


def ordered_parents_first(checked: list) -> list:
    """Rows ordered so that a unit's parent from the same file is written before it."""
    by_key = {key.lower(): item for item in checked for key in [item[1][0]]}
    ordered, placed = [], set()

    def place(item, depth: int = 0) -> None:
        key = item[1][0].lower()
        if key in placed or depth > len(by_key):
            return
        parent = item[1][1]
        if parent in by_key:
            place(by_key[parent], depth + 1)
        placed.add(key)
        ordered.append(item)

    for item in checked:
        place(item)
    return ordered


def apply_units(session: Session, planned: list[Planned], progress: Progress) -> tuple[int, int, int]:
    ids = {key: row["id"] for key, row in rows_by(session, unit, unit.c.external_id).items()}
    counts = [0, 0, 0]
    for done, item in enumerate(planned, start=1):
        values = dict(item.values)
        if item.sets_parent:
            # Parents come first (see ordered_parents_first), so a new parent already has its id.
            values["parent_id"] = ids[item.parent_key] if item.parent_key else None
        outcome, unit_id = write_one(session, OrgUnit, item.existing, values)
        ids[item.key.lower()] = unit_id
        counts[outcome] += 1
        progress("writing", done, len(planned))
    return counts[CREATED], counts[UPDATED], counts[UNCHANGED]


# -- people ----------------------------------------------------------------------------------------
def find_unit(units: dict[str, int], external_id: str) -> int | None:
    if not external_id:
        return None
    if external_id.lower() not in units:
        raise ValidationError(
            _("There is no unit with external id {external_id!r}; import the units first.").format(
                external_id=external_id
            ),
            field="home_unit_external_id",
        )
    return units[external_id.lower()]


def unique_email(check: RowChecks, row: Row, seen: dict[str, int]) -> str:
    """The row's e-mail address, checked, and said twice in the file when an earlier row has it."""
    email = check(clean_email, row.values["email"]) or ""
    if email:
        what = _("Email {email!r}").format(email=email)
        check(note_duplicate, seen, email.lower(), row, what, field="email")
    return email


def check_people(
    session: Session, file: CsvFile, problems: list[Problem], progress: Progress
) -> list[Planned]:
    existing = rows_by(session, person, person.c.email)
    units = {key.lower(): i for key, i in session.execute(select(unit.c.external_id, unit.c.id)) if key}
    seen: dict[str, int] = {}

    def check_row(row: Row, check: RowChecks) -> Planned:
        v = row.values
        email = unique_email(check, row, seen)
        values: dict[str, Any] = {"name": check(clean_name, v["name"])}
        found = existing.get(email.lower())
        if found is None:
            values["email"] = email
        if "title" in v:
            values["title"] = check(clean_text, v["title"], field="title", what=N_("Title"))
        if "home_unit_external_id" in v:
            values["home_unit_id"] = check(find_unit, units, v["home_unit_external_id"])
        if "active" in v:
            values["active"] = check(parse_flag, v["active"] or "yes", field="active", what=N_("Active"))
        return Planned(row.line, email, found, values)

    return [planned for _row, planned in check_each(file, problems, progress, check_row)]


def apply_people(session: Session, planned: list[Planned], progress: Progress) -> tuple[int, int, int]:
    return write_planned(session, Person, planned, progress)


# -- coaches ---------------------------------------------------------------------------------------
def clean_import_capacity(text: str) -> int:
    """`3` or `3,0`; empty is the default 4; then the Coaches form's rule."""
    number = parse_whole_number(text, field="capacity", what=N_("Capacity"))
    try:
        return clean_capacity(4 if number is None else number)
    except ValidationError as error:
        raise ValidationError(
            _("{error} Not {strip!r}.").format(error=error, strip=text.strip()), field="capacity"
        ) from None


def check_coaches(
    session: Session, file: CsvFile, problems: list[Problem], progress: Progress
) -> list[Planned]:
    people = emails_to_ids(session)
    coaches = {row["person_id"]: dict(row) for row in session.execute(select(coach)).mappings()}
    seen: dict[str, int] = {}

    def check_row(row: Row, check: RowChecks) -> Planned:
        v = row.values
        email = unique_email(check, row, seen)
        person_id = check(find_person, people, email) if email else None
        values: dict[str, Any] = {"person_id": person_id}
        if "capacity" in v:
            values["capacity"] = check(clean_import_capacity, v["capacity"])
        if "cohort" in v:
            values["cohort"] = check(clean_text, v["cohort"], field="cohort", what=N_("Cohort"))
        if "certified_on" in v:
            values["certified_on"] = check(
                parse_date, v["certified_on"], field="certified_on", what=N_("Certified on")
            )
        if "status" in v:
            status = v["status"] or "active"
            values["status"] = check(pick, status, COACH_STATUSES, field="status", what=N_("Status"))
        return Planned(row.line, email, coaches.get(person_id), values)

    return [planned for _row, planned in check_each(file, problems, progress, check_row)]


def apply_coaches(session: Session, planned: list[Planned], progress: Progress) -> tuple[int, int, int]:
    return write_planned(session, Coach, planned, progress)


# German (and other usual) header names for each column; matched ignoring case, accents and -/_.
COMMON_ALIASES = {
    "id": ("Nr", "Nummer"),
    "name": ("Bezeichnung",),
    "email": ("E-Mail", "Mail", "E-Mail-Adresse", "Email address"),
    "notes": ("Notizen", "Bemerkungen", "Anmerkungen"),
}
UNIT_ALIASES = {
    "external_id": ("Externe ID", "Extern-ID", "HR-ID", "Kennung"),
    "kind": ("Art", "Typ", "Ebene"),
    "parent_external_id": ("Parent", "Übergeordnete ID", "Übergeordnete Einheit"),
    "wave": ("Welle", "Rollout-Welle"),
    "state": ("Status", "Rollout-Status"),
    "exempt": ("Ausgenommen", "Befreit"),
    "lead": ("Leitung", "Führungskraft"),
    "plo_owner": ("PLO", "PLO-Verantwortlich"),
}
PEOPLE_ALIASES = {
    "title": ("Titel", "Funktion", "Position", "Job title"),
    "home_unit_external_id": ("Home unit", "Einheit", "Stammeinheit", "Heimateinheit"),
    "active": ("Aktiv",),
}
COACH_ALIASES = {
    "capacity": ("Kapazität",),
    "cohort": ("Kohorte", "Jahrgang"),
    "certified_on": ("Zertifiziert am", "Zertifiziert", "Certified"),
    "status": ("Zustand",),
}

SPECS = {
    "units": Spec(
        "units",
        ("external_id", "name", "kind"),
        ("parent_external_id", "wave", "state", "exempt", "notes", *UNIT_PEOPLE),
        check_units,
        apply_units,
        aliases=COMMON_ALIASES | UNIT_ALIASES,
    ),
    "people": Spec(
        "people",
        ("email", "name"),
        ("title", "home_unit_external_id", "active"),
        check_people,
        apply_people,
        aliases=COMMON_ALIASES | PEOPLE_ALIASES,
    ),
    "coaches": Spec(
        "coaches",
        ("email",),
        ("capacity", "cohort", "certified_on", "status"),
        check_coaches,
        apply_coaches,
        # The export names each coach for the reader; the person's name is imported with the people.
        ignored=("id", "name"),
        aliases=COMMON_ALIASES | COACH_ALIASES,
    ),
    "waves": WAVES_SPEC,  # services/importing/waves.py
}


def aliases_of(spec: Spec) -> dict[str, str]:
    """Normalised header name → column, for every column and its aliases."""
    names = {normalise_column(column): column for column in (*spec.required, *spec.optional, *spec.ignored)}
    for column, aliases in spec.aliases.items():
        names.update({normalise_column(alias): column for alias in aliases})
    return names
