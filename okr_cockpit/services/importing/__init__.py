"""CSV import (docs/IMPORT.md): `reading` (encodings, separators), `values` (dates, yes/no, numbers in
English or German), `kinds` (columns, aliases, row checks and writes), `tree` (whole-tree checks), and
`importer` (the all-or-nothing flow)."""

from okr_cockpit.services.importing.importer import ImportRejected, ImportResult, import_csv

__all__ = ["ImportRejected", "ImportResult", "import_csv"]
