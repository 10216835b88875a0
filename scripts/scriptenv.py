"""The project's scripts run with the project's Python packages, or say how to get them.

Run with a Python that lacks them (`python3 scripts/check.py` outside `.venv`), a
script re-runs itself with `.venv/bin/python` when the checkout has one, and otherwise
says which command installs them, instead of a ModuleNotFoundError traceback.
Standard library only: it runs before anything else is imported.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

#: What every script needs (requirements.txt): checked without importing them.
NEEDED = ("yaml", "mkdocs", "markdown")


def ensure(script: str) -> None:
    """Return if the packages are importable; else re-exec `script` in .venv, or exit 1."""
    if all(importlib.util.find_spec(name) is not None for name in NEEDED):
        return
    root = Path(script).resolve().parent.parent
    venv = root / ".venv"
    venv_python = venv / "bin" / "python"
    if venv_python.is_file() and Path(sys.prefix).resolve() != venv.resolve():
        os.execv(str(venv_python), [str(venv_python), script, *sys.argv[1:]])
    name = Path(script).name
    sys.stderr.write(
        f"{name}: the project's Python packages are not installed for {sys.executable}: "
        "run `make check` (it installs them into .venv, then checks everything), "
        f"or `make install` then `.venv/bin/python scripts/{name}`\n"
    )
    sys.exit(1)
