"""The `okr-cockpit` command line: wiring of the subcommands in `okr_cockpit.commands`, and one error policy.

Every failure ends as one sentence on stderr and exit code 1 (argparse uses 2 for usage errors);
a traceback is never shown to the user.
"""

import argparse
import os
import sqlite3
import sys

from okr_cockpit import __version__
from okr_cockpit.commands import command_modules, open_app
from okr_cockpit.commands.common import add_db_option
from okr_cockpit.errors import CockpitError
from okr_cockpit.i18n import LANGUAGES, N_, _, choose_language, ngettext, set_language

DESCRIPTION = N_("The rollout cockpit of an OKR Program Lead Office.")


# argparse's own messages a user meets (usage errors), marked here so the catalog has them; argparse
# looks them up through its module's `_` and `ngettext`, which `speak_the_users_language` points at ours.
ARGPARSE_WORDS = (
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
)


def speak_the_users_language() -> None:
    """argparse's usage errors in the language chosen for this run (it has no catalog of ours)."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


class TranslatedFormatter(argparse.HelpFormatter):
    """argparse's own words ("usage:") come from its gettext domain; ours come from the cockpit's."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class TranslatedParser(argparse.ArgumentParser):
    """The cockpit's parser and each subcommand's: argparse's own headings and `-h` in the user's language."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.update(add_help=False, formatter_class=TranslatedFormatter)
        super().__init__(*args, **kwargs)
        self._optionals.title = _("options")  # argparse has no public way to name these groups
        self._positionals.title = _("positional arguments")
        self.add_argument("-h", "--help", action="help", help=_("show this help message and exit"))


def build_parser() -> argparse.ArgumentParser:
    parser = TranslatedParser(prog="okr-cockpit", description=_(DESCRIPTION))
    parser.add_argument(
        "--version",
        action="version",
        version=f"okr-cockpit {__version__}",
        help=_("show the version and exit"),
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help=_("language: de or en (default: $OKR_COCKPIT_LANG, else the locale, else English)"),
    )
    add_db_option(parser, subcommand=False)
    open_app.add_arguments(parser)
    parser.set_defaults(run=open_app.run)
    subparsers = parser.add_subparsers(
        title=_("commands"), metavar=_("COMMAND"), parser_class=TranslatedParser
    )
    for module in command_modules():
        module.add_parser(subparsers).set_defaults(run=module.run)
    return parser


def requested_language(argv: list[str]) -> str | None:
    """The value of `--lang`, read before parsing: the help that parsing prints is already in it."""
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if word.startswith("--lang="):
            return word.removeprefix("--lang=")
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    set_language(choose_language(requested_language(argv)))
    speak_the_users_language()
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
            _("Unexpected error ({kind}): {error}; set OKR_COCKPIT_DEBUG=1 for details.").format(
                kind=type(error).__name__, error=error
            )
        )


def describe(error: BaseException) -> str:
    if isinstance(error, OSError) and error.filename:
        return _("Cannot use {name}: {reason}.").format(name=error.filename, reason=error.strerror or error)
    text = str(error).strip().rstrip(".").splitlines()[0] if str(error).strip() else type(error).__name__
    return _("The database could not be used: {reason}.").format(reason=text)


def fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1
