"""The Jinja set-up of the HTML the plugin generates (templates in serumrun/templates/,
package data of the installed package)."""

from __future__ import annotations

import jinja2.bccache
from jinja2 import Environment, PackageLoader, StrictUndefined, Template


def plugin_template(
    name: str, *, keep_trailing_newline: bool = False, markdown: bool = False
) -> Template:
    """serumrun/templates/<name>; an undefined variable is an error, not a blank.

    HTML templates are autoescaped. A Markdown template (`markdown=True`) is not: what it
    prints is Markdown text that the Markdown parser reads next (and the page checks and
    the output gate judge), so HTML escaping would show readers `&amp;` for `&`."""
    return Environment(
        loader=PackageLoader("serumrun", "templates"),
        autoescape=not markdown,
        undefined=StrictUndefined,
        keep_trailing_newline=keep_trailing_newline,
        trim_blocks=True,
        lstrip_blocks=True,
    ).get_template(name)


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the next language pass (keyed by name and source)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()
