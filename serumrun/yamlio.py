"""YAML reading for the project's data and front matter.

libyaml's loader is used when PyYAML was built with it (its wheels are): parsing is the
largest fixed cost of a build. A document it rejects is parsed again by the pure-Python
loader, whose error (the one raised) has the same line and the same wording everywhere.
"""

from __future__ import annotations

import yaml

FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str):
    """Like yaml.safe_load."""
    try:
        return yaml.load(text, Loader=FAST)  # noqa: S506 (a safe loader)
    except yaml.YAMLError:
        return yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506


def compose(text: str) -> yaml.Node | None:
    """The node tree, with line and column marks, of one YAML document."""
    try:
        return yaml.compose(text, Loader=FAST)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)


def load_with_nodes(text: str):
    """The data of one YAML document and its node tree (line marks for errors), from one
    parse: the node tree is composed once and the data constructed from it."""
    node = compose(text)
    if node is None:
        return None, None
    return yaml.constructor.SafeConstructor().construct_document(node), node
