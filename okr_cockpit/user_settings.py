"""The user's own settings file in the platform config folder: theme, language, default database, the
databases for which "Start empty" was chosen (so the demo is not offered again), and keys remapped by
binding id (Textual's keymap; `?` and the README list the ids).

`settings.json` under platformdirs' `user_config_dir("okr-cockpit")`; `OKR_COCKPIT_CONFIG` names another
file. A missing or unreadable file means the defaults: settings must never stop the cockpit from starting.
"""

import json
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

ENV_CONFIG = "OKR_COCKPIT_CONFIG"


@dataclass(frozen=True)
class UserSettings:
    theme: str = ""
    language: str = ""
    default_database: str = ""
    started_empty: tuple[str, ...] = field(default_factory=tuple)  # databases not to offer the demo for
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> keys, e.g. {"list.down": "j,n"}


def settings_path() -> Path:
    if os.environ.get(ENV_CONFIG):
        return Path(os.environ[ENV_CONFIG])
    from platformdirs import user_config_dir

    return Path(user_config_dir("okr-cockpit")) / "settings.json"


def load_settings(path: Path | None = None) -> UserSettings:
    path = path or settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return UserSettings()
    if not isinstance(raw, dict):
        return UserSettings()
    known = {k: v for k, v in raw.items() if k in UserSettings.__dataclass_fields__}
    text = {
        k: str(known[k]) for k in ("theme", "language", "default_database") if isinstance(known.get(k), str)
    }
    empty = known.get("started_empty")
    started = tuple(str(p) for p in empty) if isinstance(empty, list) else ()
    remapped = known.get("keys")
    keys = {str(k): str(v) for k, v in remapped.items()} if isinstance(remapped, dict) else {}
    return UserSettings(**text, started_empty=started, keys=keys)


def save_settings(settings: UserSettings, path: Path | None = None) -> None:
    """Write the whole file at once (a temporary file renamed over it), so a crash never leaves half."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = asdict(settings)
    data["started_empty"] = list(settings.started_empty)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(path)


def update_settings(path: Path | None = None, **changes) -> UserSettings:
    updated = replace(load_settings(path), **changes)
    save_settings(updated, path)
    return updated


def remember_started_empty(database: str, path: Path | None = None) -> None:
    current = load_settings(path)
    if database not in current.started_empty:
        update_settings(path, started_empty=(*current.started_empty, database))
