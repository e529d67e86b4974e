"""Where the cockpit keeps its database unless told otherwise."""

import os
from pathlib import Path

ENV_DB = "OKR_COCKPIT_DB"


def default_db_location() -> str:
    """The `OKR_COCKPIT_DB` override, else `cockpit.db` in the user data dir."""
    override = os.environ.get(ENV_DB)
    if override:
        return override
    from platformdirs import user_data_dir

    return str(Path(user_data_dir("okr-cockpit", appauthor=False)) / "cockpit.db")
