"""The default command: open the cockpit on a database."""

import argparse

from okr_cockpit.i18n import _


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--read-only", action="store_true", help=_("open without the right to change anything")
    )
    parser.add_argument(
        "--present", action="store_true", help=_("presentation mode: light, high-contrast and read-only")
    )


def run(args: argparse.Namespace) -> int:
    return launch(args.db, read_only=args.read_only, present=args.present)


def launch(given, *, read_only: bool = False, present: bool = False) -> int:
    """Run the cockpit on `given` (--db, a Location, or None for the default) until the user quits.

    The first frame is drawn before the database is opened (see ui/app.py); a database that cannot be
    opened ends the app, and its error (a CockpitError: one sentence) is raised here, in the terminal."""
    from okr_cockpit.ui.app import start_app

    app = start_app(given, read_only=read_only, present=present)
    app.run()
    if app.start_error is not None:
        raise app.start_error
    return app.return_code or 0
