"""The default command: open the cockpit on a database."""

import argparse

from okr_cockpit.commands.common import resolve_location
from okr_cockpit.i18n import _


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--read-only", action="store_true", help=_("open without the right to change anything")
    )
    parser.add_argument(
        "--present", action="store_true", help=_("presentation mode: light, high-contrast and read-only")
    )


def run(args: argparse.Namespace) -> int:
    return launch(resolve_location(args.db), read_only=args.read_only, present=args.present)


def launch(location: str, *, read_only: bool = False, present: bool = False) -> int:
    """Build the app (CockpitError for a bad database) and run it until the user quits."""
    from okr_cockpit.ui.app import make_app

    app = make_app(db_url=location, read_only=read_only, present=present)
    app.run()
    return app.return_code or 0
