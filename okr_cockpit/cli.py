"""The `okr-cockpit` command line: wiring of the subcommands in `okr_cockpit.commands`, and one error policy.

Every failure ends as one sentence on stderr and exit code 1 (argparse uses 2 for usage errors);
a traceback is never shown to the user.
"""

import argparse
import os
import sqlite3
import sys

from okr_cockpit.commands import command_modules, open_app
from okr_cockpit.commands.common import add_db_option
from okr_cockpit.errors import CockpitError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="okr-cockpit", description="The rollout cockpit of an OKR Program Lead Office."
    )
    add_db_option(parser, subcommand=False)
    open_app.add_arguments(parser)
    parser.set_defaults(run=open_app.run)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in command_modules():
        module.add_parser(subparsers).set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except CockpitError as error:
        return fail(str(error))
    except BrokenPipeError:
        # `okr-cockpit export units | head`: the reader left; that is not an error.
        sys.stdout = None  # type: ignore[assignment]
        return 0
    except KeyboardInterrupt:
        return 130
    except (sqlite3.Error, OSError) as error:
        return fail(describe(error))
    except Exception as error:
        from sqlalchemy.exc import SQLAlchemyError

        if isinstance(error, SQLAlchemyError):
            return fail(describe(getattr(error, "orig", None) or error))
        if os.environ.get("OKR_COCKPIT_DEBUG"):
            raise
        return fail(
            f"Unexpected error ({type(error).__name__}): {error}; set OKR_COCKPIT_DEBUG=1 for details."
        )


def describe(error: BaseException) -> str:
    if isinstance(error, OSError) and error.filename:
        return f"Cannot use {error.filename}: {error.strerror or error}."
    text = str(error).strip().rstrip(".").splitlines()[0] if str(error).strip() else type(error).__name__
    return f"The database could not be used: {text}."


def fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1
