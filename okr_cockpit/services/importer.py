"""CSV import of units, people and coaches from an HR export: all rows checked first, then one transaction.

The column format is documented in docs/IMPORT.md. The flow, for every kind:

1. read the file (UTF-8, with or without BOM; comma, semicolon or tab separated) and its header;
2. inside one BEGIN IMMEDIATE transaction, check every row with the same validation helpers as
   the services (`services/validation.py`) and against the database as it is now;
3. any problem → `ImportRejected` listing every line and reason; the transaction rolls back, so
   nothing is written;
4. otherwise create or update each row through `services/records.py` (audited), and commit once.

Rows are matched to existing records by their key (units: external_id; people and coaches: email),
so importing the same export twice changes nothing the second time.
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from okr_cockpit.db.engine import Database
from okr_cockpit.errors import CockpitError, ValidationError

# progress(stage, done, total): stage is "checking" or "writing".
Progress = Callable[[str, int, int], None]
MAX_PROBLEMS_SHOWN = 50
EXTRA = "\0extra"  # key in Row.values: how many cells a row has beyond the header


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based line in the file; the header is line 1
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class ImportRejected(CockpitError):
    """The file has problems; nothing was written. `problems` lists each line and reason."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: p.line)
        shown = "\n".join(f"  {p}" for p in self.problems[:MAX_PROBLEMS_SHOWN])
        hidden = len(self.problems) - MAX_PROBLEMS_SHOWN
        extra = f"\n  … and {hidden} more." if hidden > 0 else ""
        count = f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        super().__init__(f"{path.name} was not imported ({count}; nothing was written):\n{shown}{extra}")


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]  # normalised column name -> stripped text


@dataclass(frozen=True)
class CsvFile:
    path: Path
    columns: tuple[str, ...]
    rows: list[Row]


@dataclass(frozen=True)
class ImportResult:
    kind: str
    created: int
    updated: int
    unchanged: int

    def sentence(self) -> str:
        return (
            f"Imported {self.kind}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged."
        )


@dataclass(frozen=True)
class Spec:
    """How one kind is imported: its columns, how a row is checked, and how checked rows are written."""

    kind: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    # check(session, file, problems, progress) -> plan; adds to `problems` instead of raising.
    check: Callable[[Session, CsvFile, list[Problem], Progress], Any]
    # apply(session, plan, progress) -> (created, updated, unchanged)
    apply: Callable[[Session, Any, Progress], tuple[int, int, int]]


def normalise_column(name: str) -> str:
    """`Parent External ID` → `parent_external_id`."""
    return "_".join(name.strip().lower().replace("-", " ").split())


def sniff_delimiter(first_line: str) -> str:
    # Spreadsheets in many locales write semicolons; HR tools often write tabs.
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_csv(path: Path) -> CsvFile:
    """The header and the non-empty rows, with their line numbers. Raises CockpitError."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise CockpitError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise CockpitError(f"{path} is a directory, not a CSV file.") from None
    except UnicodeDecodeError:
        raise CockpitError(f"{path.name} is not UTF-8 text; save it as CSV UTF-8 and try again.") from None
    except OSError as error:
        raise CockpitError(f"Cannot read {path}: {error.strerror}.") from None
    lines = text.splitlines(keepends=True)
    if not text.strip():
        raise CockpitError(f"{path.name} is empty; it needs a header line.")
    reader = csv.reader(lines, delimiter=sniff_delimiter(lines[0]))
    try:
        header = next(reader)
        columns = tuple(normalise_column(name) for name in header)
        rows: list[Row] = []
        previous_end = reader.line_num
        for cells in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            values = {column: cell.strip() for column, cell in zip(columns, cells, strict=False)}
            if len(cells) > len(columns):
                values[EXTRA] = str(len(cells) - len(columns))
            rows.append(Row(start, values))
    except csv.Error as error:
        raise CockpitError(f"{path.name} line {reader.line_num} is not valid CSV: {error}.") from None
    return CsvFile(path, columns, rows)


def check_header(file: CsvFile, spec: Spec) -> list[Problem]:
    known = set(spec.required) | set(spec.optional)
    problems = []
    missing = [c for c in spec.required if c not in file.columns]
    if missing:
        problems.append(Problem(1, f"missing column(s): {', '.join(missing)}."))
    unknown = [c for c in file.columns if c not in known]
    if unknown:
        allowed = ", ".join([*spec.required, *spec.optional])
        problems.append(Problem(1, f"unknown column(s): {', '.join(unknown)}; the columns are: {allowed}."))
    duplicates = sorted({c for c in file.columns if file.columns.count(c) > 1})
    if duplicates:
        problems.append(Problem(1, f"column(s) named twice: {', '.join(duplicates)}."))
    return problems


class RowChecks:
    """Runs the checks of one row and keeps every failure, so the user can fix a line in one go."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, check: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return check(*args, **kwargs)
        except ValidationError as error:
            self.messages.append(str(error))
            return None


def check_each(
    file: CsvFile,
    problems: list[Problem],
    progress: Progress,
    check_row: Callable[[Row, RowChecks], Any],
) -> list[tuple[Row, Any]]:
    """Run `check_row(row, check)` on every row; each failed check becomes part of that line's problem."""
    checked = []
    total = len(file.rows)
    for done, row in enumerate(file.rows, start=1):
        checks = RowChecks()
        if EXTRA in row.values:
            checks.messages.append(f"{row.values[EXTRA]} more value(s) than the header has.")
        else:
            result = checks(check_row, row, checks)
        if checks.messages:
            problems.append(Problem(row.line, " ".join(checks.messages)))
        else:
            checked.append((row, result))
        progress("checking", done, total)
    return checked


def parse_flag(value: str, *, field: str, what: str) -> bool:
    text = value.strip().lower()
    if text in ("yes", "y", "true", "1", "x"):
        return True
    if text in ("no", "n", "false", "0", ""):
        return False
    raise ValidationError(f"{what} must be yes or no, not {value!r}.", field=field)


def choice(value: str) -> str:
    """`On leave` → `on_leave`, so people may type the words the app shows."""
    return "_".join(value.strip().lower().replace("-", " ").split())


def changed_fields(before: dict[str, Any], wanted: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in wanted.items() if before.get(key) != value}


def import_csv(db: Database, kind: str, path: Path, *, progress: Progress | None = None) -> ImportResult:
    """Check and import `path` as `kind` (units, people, coaches). Raises ImportRejected or CockpitError."""
    from okr_cockpit.services.import_kinds import SPECS

    spec = SPECS.get(kind)
    if spec is None:
        raise CockpitError(f"Cannot import {kind!r}; choose one of: {', '.join(SPECS)}.")
    report = progress or (lambda _stage, _done, _total: None)
    file = read_csv(path)
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
