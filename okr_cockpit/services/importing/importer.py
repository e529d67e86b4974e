"""CSV import of units, people and coaches from an HR export: all rows checked first, then one transaction.

The column format is documented in docs/IMPORT.md. The flow, for every kind:

1. read the file (`reading.py`: UTF-8 or Windows-1252; comma, semicolon or tab) and map its header,
   English or German, to the columns (`kinds.py`);
2. inside one BEGIN IMMEDIATE transaction, check every row with the same validation helpers as
   the services (`services/validation.py`) and against the database as it is now;
3. any problem → `ImportRejected` listing every line, column and value; the transaction rolls back,
   so nothing is written;
4. otherwise create or update each row through `services/records.py` (audited), and commit once.

Rows are matched to existing records by their key (units: external_id; people and coaches: email),
so importing the same export twice changes nothing the second time.
"""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from okr_cockpit.db.engine import Database
from okr_cockpit.errors import CockpitError
from okr_cockpit.i18n import _, ngettext
from okr_cockpit.services.importing.kinds import SPECS, aliases_of
from okr_cockpit.services.importing.reading import read_csv
from okr_cockpit.services.importing.rows import CsvFile, Problem, Progress, Spec

MAX_PROBLEMS_SHOWN = 50


class ImportRejected(CockpitError):
    """The file has problems; nothing was written. `problems` lists each line and reason."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: p.line)
        shown = "\n".join(f"  {p}" for p in self.problems[:MAX_PROBLEMS_SHOWN])
        hidden = len(self.problems) - MAX_PROBLEMS_SHOWN
        extra = "\n  " + _("… and {count} more.").format(count=hidden) if hidden > 0 else ""
        count = ngettext("{count} problem", "{count} problems", len(self.problems)).format(
            count=len(self.problems)
        )
        super().__init__(
            _("{name} was not imported ({count}; nothing was written):").format(name=path.name, count=count)
            + f"\n{shown}{extra}"
        )


@dataclass(frozen=True)
class ImportResult:
    kind: str
    created: int
    updated: int
    unchanged: int

    def sentence(self) -> str:
        return _("Imported {kind}: {created} created, {updated} updated, {unchanged} unchanged.").format(
            kind=self.kind, created=self.created, updated=self.updated, unchanged=self.unchanged
        )


def check_header(file: CsvFile, spec: Spec) -> list[Problem]:
    known = set(spec.required) | set(spec.optional) | set(spec.ignored)
    problems = []
    missing = [c for c in spec.required if c not in file.columns]
    if missing:
        problems.append(Problem(1, _("missing column(s): {columns}.").format(columns=", ".join(missing))))
    unknown = [file.labels[c] for c in file.columns if c not in known]
    if unknown:
        allowed = ", ".join([*spec.required, *spec.optional])
        problems.append(
            Problem(
                1,
                _("unknown column(s): {columns}; the columns are: {allowed}.").format(
                    columns=", ".join(unknown), allowed=allowed
                ),
            )
        )
    duplicates = sorted({c for c in file.columns if file.columns.count(c) > 1})
    if duplicates:
        problems.append(
            Problem(1, _("column(s) named twice: {columns}.").format(columns=", ".join(duplicates)))
        )
    return problems


def import_csv(db: Database, kind: str, path: Path, *, progress: Progress | None = None) -> ImportResult:
    """Check and import `path` as `kind` (units, people, coaches). Raises ImportRejected or CockpitError."""
    spec = SPECS.get(kind)
    if spec is None:
        raise CockpitError(
            _("Cannot import {kind!r}; choose one of: {value}.").format(kind=kind, value=", ".join(SPECS))
        )
    report = progress or (lambda _stage, _done, _total: None)
    file = read_csv(path, aliases_of(spec))
    header_problems = check_header(file, spec)
    if header_problems:
        raise ImportRejected(path, header_problems)

    def work(session: Session) -> ImportResult:
        problems: list[Problem] = []
        plan = spec.check(session, file, problems, report)
        if problems:
            raise ImportRejected(path, problems)  # rolls the transaction back: nothing written
        created, updated, unchanged = spec.apply(session, plan, report)
        return ImportResult(kind, created, updated, unchanged)

    return db.write(work)
