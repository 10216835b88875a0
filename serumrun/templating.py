"""The Jinja set-up of the HTML the plugin generates (templates in serumrun/templates/,
package data of the installed package)."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined, Template


def plugin_template(name: str, *, keep_trailing_newline: bool = False) -> Template:
    """serumrun/templates/<name>, autoescaped; an undefined variable is an error, not a blank."""
    return Environment(
        loader=PackageLoader("serumrun", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=keep_trailing_newline,
        trim_blocks=True,
        lstrip_blocks=True,
    ).get_template(name)
