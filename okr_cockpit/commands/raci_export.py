"""`okr-cockpit export raci --format csv|md|json`: the RACI matrix as the RACI screen shows it.

The entity lists stream from `services/export.py`; the matrix is a pivot (activities × roles)
with a Markdown form for wikis, so it is rendered by `services/raci.py` instead.
"""

import argparse
import json
import sys

from okr_cockpit.commands.common import resolve_location

FORMATS = ("csv", "md", "json")


def run_raci(args: argparse.Namespace) -> int:
    from okr_cockpit.db.open import open_database
    from okr_cockpit.services.process.raci import raci_rows, render_raci_csv, render_raci_markdown

    # Read-only: an export never creates, migrates or changes the file.
    opened = open_database(resolve_location(args.db), read_only=True, one_shot=True)
    try:
        rows = opened.db.read(raci_rows)
    finally:
        opened.db.dispose()
    if args.format == "md":
        sys.stdout.write(render_raci_markdown(rows))
    elif args.format == "json":
        items = [{"activity": r.name, **r.letters, "check": r.problem} for r in rows]
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_raci_csv(rows))
    return 0
