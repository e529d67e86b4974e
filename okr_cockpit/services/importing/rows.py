"""The import's shared vocabulary: a read file, its rows, a problem on a line, and how rows are checked."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from okr_cockpit.errors import ValidationError
from okr_cockpit.i18n import _

# progress(stage, done, total): stage is "checking" or "writing".
Progress = Callable[[str, int, int], None]
EXTRA = "\0extra"  # key in Row.values: how many cells a row has beyond the header


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based line in the file; the header is line 1
    message: str
    column: str | None = None  # as the file's header names it

    def __str__(self) -> str:
        if self.column:
            return _("line {line}, column {column}: {message}").format(
                line=self.line, column=self.column, message=self.message
            )
        return _("line {line}: {message}").format(line=self.line, message=self.message)


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]  # canonical column name -> stripped text


@dataclass(frozen=True)
class CsvFile:
    name: str
    columns: tuple[str, ...]  # canonical names, in file order
    rows: list[Row]
    # canonical column name -> the header as the file wrote it ("E-Mail"), for messages
    labels: dict[str, str] = field(default_factory=dict)


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
    # Columns `export` writes for people to read that the import accepts and leaves alone.
    ignored: tuple[str, ...] = ("id",)
    # column -> other header names for it (German ones); see docs/IMPORT.md
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)


class RowChecks:
    """Runs the checks of one row and keeps every failure, so the user can fix a line in one go."""

    def __init__(self) -> None:
        self.failures: list[ValidationError] = []

    def __call__(self, check: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return check(*args, **kwargs)
        except ValidationError as error:
            self.failures.append(error)
            return None


def check_each(
    file: CsvFile,
    problems: list[Problem],
    progress: Progress,
    check_row: Callable[[Row, RowChecks], Any],
) -> list[tuple[Row, Any]]:
    """Run `check_row(row, check)` on every row; each failed check becomes a problem naming its column."""
    checked = []
    total = len(file.rows)
    for done, row in enumerate(file.rows, start=1):
        checks = RowChecks()
        if EXTRA in row.values:
            problems.append(
                Problem(
                    row.line, _("{count} more value(s) than the header has.").format(count=row.values[EXTRA])
                )
            )
            continue
        result = checks(check_row, row, checks)
        for failure in checks.failures:
            column = file.labels.get(failure.field or "", failure.field)
            problems.append(Problem(row.line, str(failure), column))
        if not checks.failures:
            checked.append((row, result))
        progress("checking", done, total)
    return checked


def changed_fields(before: dict[str, Any], wanted: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in wanted.items() if before.get(key) != value}
