"""The subcommands of `okr-cockpit`: one module each, listed in COMMANDS.

A command module provides `NAME`, `HELP`, `add_parser(subparsers) -> ArgumentParser` and
`run(args) -> int` (the exit code). To add one (report, serve, init, ...), write the module and
add its import path here; `cli.py` wires whatever is listed. Keep module imports light: the
services and the app are imported inside `run`, so `--help` and errors stay fast.
"""

import importlib
from types import ModuleType

COMMANDS: dict[str, str] = {
    "backup": "okr_cockpit.commands.backup",
    "check": "okr_cockpit.commands.check",
    "copy": "okr_cockpit.commands.copy",
    "demo": "okr_cockpit.commands.demo",
    "export": "okr_cockpit.commands.export",
    "import": "okr_cockpit.commands.import_csv",
    "init": "okr_cockpit.commands.init",
    "report": "okr_cockpit.commands.report",
    "screenshots": "okr_cockpit.commands.screenshots",
    "serve": "okr_cockpit.commands.serve",
    "time-zone": "okr_cockpit.commands.time_zone",
}


def command_modules() -> list[ModuleType]:
    return [importlib.import_module(path) for path in COMMANDS.values()]
