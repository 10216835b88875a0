"""The Jinja set-up of the HTML that hooks generate (templates live beside the hooks)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

HOOKS_DIR = Path(__file__).resolve().parent / "hooks"


def hook_template(name: str, *, keep_trailing_newline: bool = False) -> Template:
    """serumrun/hooks/<name>, autoescaped; an undefined variable is an error, not a blank."""
    return Environment(
        loader=FileSystemLoader(HOOKS_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=keep_trailing_newline,
        trim_blocks=True,
        lstrip_blocks=True,
    ).get_template(name)
