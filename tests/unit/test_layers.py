"""Layering rules: db/ and services/ never import Textual; nothing opens a database at import."""

import subprocess
import sys
from pathlib import Path

import okr_cockpit

PACKAGE = Path(okr_cockpit.__file__).parent


def core_modules() -> list[str]:
    names = []
    for layer in ("db", "services"):
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            relative = path.relative_to(PACKAGE.parent).with_suffix("")
            names.append(".".join(relative.parts).removesuffix(".__init__"))
    return names


def test_core_layers_do_not_import_textual(tmp_path):
    modules = core_modules()
    assert "okr_cockpit.services.records" in modules
    script = "import sys\n" + "".join(f"import {name}\n" for name in modules)
    script += "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_importing_the_app_touches_no_database_file(tmp_path):
    script = "import okr_cockpit.ui.app, okr_cockpit.cli"
    env = {"OKR_COCKPIT_DB": str(tmp_path / "never.db"), "PATH": "", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "never.db").exists()
