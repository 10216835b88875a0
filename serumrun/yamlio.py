"""YAML reading for the project's data and front matter, with the line of each node.

libyaml's loader is used when PyYAML was built with it (its wheels are): parsing is the
largest fixed cost of a build. A document it rejects is parsed again by the pure-Python
loader, whose error (the one raised) has the same line and the same wording everywhere.
"""

from __future__ import annotations

import re

import yaml

FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: What every YAML anchor (`&name`) and alias (`*name`) starts with: PyYAML's scanner
#: reads a name of ASCII letters, digits, '-' and '_' after the indicator, or fails. A
#: text without one has neither, nor an error about one: no parse is needed to know.
ANCHOR_OR_ALIAS_START = re.compile(r"[&*][\w-]", re.ASCII)
ALIAS_START = re.compile(r"\*[\w-]", re.ASCII)
#: How deep the values of a data file or a front matter may nest: PyYAML's parser and
#: the walks of a node tree recurse once per level (a RecursionError, not a message).
MAX_DEPTH = 32


class TooDeepError(yaml.MarkedYAMLError):
    """YAML nested deeper than MAX_DEPTH: a YAMLError with the line where it goes too deep."""

    def __init__(self, mark=None) -> None:
        super().__init__(
            problem=f"found values nested more than {MAX_DEPTH} deep, expected at most {MAX_DEPTH}",
            problem_mark=mark,
        )


def load(text: str):
    """Like yaml.safe_load (a YAMLError, TooDeepError included, for a bad document)."""
    return load_with_nodes(text)[0]


def compose(text: str) -> yaml.Node | None:
    """The node tree, with line and column marks, of one YAML document, at most MAX_DEPTH
    deep (TooDeepError, a YAMLError, otherwise)."""
    try:
        try:
            node = yaml.compose(text, Loader=FAST)
        except yaml.YAMLError:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise TooDeepError() from None
    stack = [(node, 1)] if node is not None else []
    while stack:  # a walk without recursion
        child, depth = stack.pop()
        if isinstance(child, yaml.ScalarNode):
            continue
        if depth > MAX_DEPTH:
            raise TooDeepError(child.start_mark)
        if isinstance(child, yaml.MappingNode):
            stack.extend((item, depth + 1) for pair in child.value for item in pair)
        else:
            stack.extend((item, depth + 1) for item in child.value)
    return node


def load_with_nodes(text: str):
    """The data of one YAML document and its node tree (line marks for errors), from one
    parse: the node tree is composed once and the data constructed from it."""
    node = compose(text)
    if node is None:
        return None, None
    return yaml.constructor.SafeConstructor().construct_document(node), node


def first_alias(text: str) -> yaml.AliasEvent | None:
    """The first alias event of a YAML document as the pure-Python parser finds it (None if
    none; its YAMLError if it fails first). libyaml answers first: a document it reads
    without error and without an alias is passed; one where it finds an alias or an error
    is left to the pure-Python parser, whose answer, line and error are the ones reported."""
    if not ALIAS_START.search(text):
        return None
    try:
        if not any(isinstance(e, yaml.AliasEvent) for e in yaml.parse(text, Loader=FAST)):
            return None
    except yaml.YAMLError:
        pass
    try:
        events = yaml.parse(text, Loader=yaml.SafeLoader)
        return next((e for e in events if isinstance(e, yaml.AliasEvent)), None)
    except RecursionError:
        raise TooDeepError() from None
