"""Read a CSV file as spreadsheets save it: UTF-8 (with or without BOM) or Windows-1252, `;`, `,` or tab."""

import csv
from pathlib import Path

from okr_cockpit.db.folding import fold
from okr_cockpit.errors import CockpitError
from okr_cockpit.i18n import _
from okr_cockpit.services.importing.rows import EXTRA, CsvFile, Row

# What `services/export.csv_safe` puts before a cell that looks like a formula; read back without it.
FORMULA_GUARD = "'"
FORMULA_STARTS = ("=", "+", "-", "@")


def normalise_column(name: str) -> str:
    """`E-Mail`, `Übergeordnete ID` → `parent_external_id`, `e_mail`, `ubergeordnete_id`."""
    return "_".join(fold(name).replace("-", " ").replace("_", " ").split())


def decode(data: bytes, name: str) -> str:
    """UTF-8 first (Excel's "CSV UTF-8"), else Windows-1252 (German Excel's plain "CSV")."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        raise CockpitError(
            _(
                "{name} line {line}: byte 0x{byte:02X} is neither UTF-8 nor "
                "Windows-1252 text; save the file as CSV UTF-8 and try again."
            ).format(name=name, line=line, byte=byte)
        ) from None


def sniff_delimiter(first_line: str) -> str:
    # Spreadsheets in German locales write semicolons; HR tools often write tabs.
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def unguard(cell: str) -> str:
    text = cell.strip()
    if text.startswith(FORMULA_GUARD) and text[1:2] in FORMULA_STARTS:
        return text[1:]
    return text


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CockpitError(_("There is no file {path}.").format(path=path)) from None
    except IsADirectoryError:
        raise CockpitError(_("{path} is a directory, not a CSV file.").format(path=path)) from None
    except OSError as error:
        raise CockpitError(
            _("Cannot read {path}: {strerror}.").format(path=path, strerror=error.strerror)
        ) from None


def read_csv(path: Path, aliases: dict[str, str]) -> CsvFile:
    """The header (names mapped through `aliases`, normalised alias → column) and the non-empty rows."""
    text = decode(read_bytes(path), path.name)
    if not text.strip():
        raise CockpitError(_("{name} is empty; it needs a header line.").format(name=path.name))
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines, delimiter=sniff_delimiter(lines[0]))
    try:
        header = next(reader)
        columns = tuple(aliases.get(normalise_column(n), normalise_column(n)) for n in header)
        labels = {column: label.strip() for column, label in zip(columns, header, strict=True)}
        rows: list[Row] = []
        previous_end = reader.line_num
        for cells in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            values = {column: unguard(cell) for column, cell in zip(columns, cells, strict=False)}
            if len(cells) > len(columns):
                values[EXTRA] = str(len(cells) - len(columns))
            rows.append(Row(start, values))
    except csv.Error as error:
        raise CockpitError(
            _("{name} line {line_num} is not valid CSV: {error}.").format(
                name=path.name, line_num=reader.line_num, error=error
            )
        ) from None
    return CsvFile(path.name, columns, rows, labels)
