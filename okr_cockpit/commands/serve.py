"""`okr-cockpit serve`: the cockpit in a web browser through textual-serve, for a room without a terminal.

textual-serve starts one cockpit process per browser tab, running the command line built here,
so every tab opens the same database file (shared safely, as between terminals). It binds to
the loopback address unless told otherwise. There is no login: the printed link holds a secret
that changes with every start, and pages from other sites are refused (see `serving.py`).
"""

import argparse
import os
import shlex
import socket
import sys
from pathlib import Path

from okr_cockpit.commands.common import add_db_option, resolve_location
from okr_cockpit.i18n import N_, _

NAME = "serve"
HELP = N_("serve the cockpit to a web browser (textual-serve); loopback only unless --host is given")
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(NAME, help=_(HELP), description=_(HELP))
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=_("address to listen on (default: {DEFAULT_HOST}, this machine only)").format(
            DEFAULT_HOST=DEFAULT_HOST
        ),
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=_("port (default: {DEFAULT_PORT})").format(DEFAULT_PORT=DEFAULT_PORT),
    )
    parser.add_argument(
        "--present", action="store_true", help=_("presentation mode: light, high contrast, read-only")
    )
    parser.add_argument(
        "--read-only", action="store_true", help=_("open without the right to change anything")
    )
    add_db_option(parser, subcommand=True)
    return parser


def cockpit_command(location: str, *, present: bool = False, read_only: bool = False) -> str:
    """The shell command textual-serve runs for each browser tab: this Python, this database.

    A server URL may hold a password, which a command line shows to every user of the host (`ps`):
    it reaches the tabs' processes through OKR_COCKPIT_DB instead, which they inherit.
    """
    parts = [sys.executable, "-m", "okr_cockpit"]
    if "://" in location:
        os.environ["OKR_COCKPIT_DB"] = location
    else:
        parts += ["--db", location]
    if present:
        parts.append("--present")
    if read_only:
        parts.append("--read-only")
    return shlex.join(parts)


def public_url(host: str, port: int) -> str:
    # 0.0.0.0 / :: listen everywhere; a browser elsewhere needs this machine's name instead.
    shown = socket.gethostname() if host in ("0.0.0.0", "::", "") else host
    shown = f"[{shown}]" if ":" in shown else shown
    return f"http://{shown}:{port}"


def build_server(args: argparse.Namespace):
    from okr_cockpit.db.open import open_database
    from okr_cockpit.serving import GuardedServer

    location = resolve_location(args.db)
    if "://" not in location:  # the tabs' processes must find the file wherever they start
        location = str(Path(location).expanduser().absolute())
    # Open it once here, so a bad path is one clear error now, not a broken page in every tab.
    opened = open_database(location, read_only=args.read_only or args.present)
    opened.db.dispose()
    command = cockpit_command(location, present=args.present, read_only=args.read_only)
    return GuardedServer(
        command,
        host=args.host,
        port=args.port,
        title="okr-cockpit",
        public_url=public_url(args.host, args.port),
    )


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        print(_("Port {port} is not between 1 and 65535.").format(port=args.port), file=sys.stderr)
        return 1
    server = build_server(args)
    if args.host not in LOOPBACK:
        print(
            _(
                "Listening on {host}: anyone who can reach port {port} and has the link "
                "can use the cockpit (there is no login)."
            ).format(host=args.host, port=args.port),
            file=sys.stderr,
        )
    print(_("Open {secret_url} in a browser.").format(secret_url=server.secret_url), flush=True)
    print(
        _("The link is the key and changes with every start: share it only with whom may use it."), flush=True
    )
    server.serve()
    return 0
