"""Data files validated by pydantic models, every problem named by its file and line.

A data file (data/bibliography.yml, data/relay.yml, data/people.yml) is parsed once:
PyYAML composes the node tree (line marks) and constructs the data from it, scalars as
written (a date or a time stays the text it is; a decimal number is a `Decimal` of its
digits). Its pydantic model validates the data; `node_at` takes each error's location
(`loc`, keys and indices) back to the YAML node, and `validate` turns every error into
one `file:line: problem` line of a `DataError`: every problem of the file at once.

A model's own rules (the relations between its fields) raise `rules(...)`: one error
holding each broken rule with the field it is about, so that it too names its line.
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Callable, Collection, Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from pydantic import BaseModel, RootModel, ValidationError
from pydantic_core import PydanticCustomError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from serumrun import yamlio
from serumrun.errors import SerumRunError, not_utf8
from serumrun.problems import Problem as FileProblem

Loc = tuple[str | int, ...]
#: A problem of a data file: its line (None: the file as a whole) and what is wrong.
Problem = tuple[int | None, str]


class DataError(SerumRunError):
    """A data file cannot be used: one `file:line: problem` line per problem."""

    def __init__(
        self,
        path: Path | str,
        line: int | None = None,
        problem: str = "",
        *,
        problems: Iterable[Problem] = (),
    ) -> None:
        self.path = Path(path)
        self.problems: list[Problem] = list(problems) or [(line, problem)]
        self.line, self.problem = self.problems[0]
        shown = self.shown(self.path)
        super().__init__("\n".join(str(FileProblem(shown, *problem)) for problem in self.problems))

    def shown(self, path: Path) -> str:
        """The file as the message names it."""
        return str(path)


# --- Reading ---------------------------------------------------------------------------


class _AsWritten(yaml.constructor.SafeConstructor):
    """Scalars as the file writes them: a date, a time, a decimal are not reinterpreted."""

    def construct_text(self, node: ScalarNode) -> str:
        return node.value

    def construct_number(self, node: ScalarNode) -> int | Decimal | str:
        text = node.value.replace("_", "")
        if node.tag.endswith(":int"):
            # 0x1F, 0o17 and 03:00 (base 60 in YAML 1.1) stay the text they are
            return int(text) if text.lstrip("+-").isdigit() else node.value
        try:
            return Decimal(text)
        except InvalidOperation:  # .inf, .nan, 1:30.5
            return node.value


_AsWritten.add_constructor("tag:yaml.org,2002:timestamp", _AsWritten.construct_text)
_AsWritten.add_constructor("tag:yaml.org,2002:int", _AsWritten.construct_number)
_AsWritten.add_constructor("tag:yaml.org,2002:float", _AsWritten.construct_number)


def read(path: Path, what: str, error: type[DataError], shown: str | None = None):
    """The data of a YAML file and its node tree ((None, None) if it holds nothing);
    `error(shown or path, line, problem)` raised when it cannot be read or parsed."""
    where = shown or path
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except OSError as exc:
        raise error(where, None, f"cannot read the {what} ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise error(where, *not_utf8(data, exc)) from None
    try:
        root = yamlio.compose(text)
        return (_AsWritten().construct_document(root) if root is not None else None), root
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = f"not valid YAML: {exc.problem or exc}"
        if exc.context and exc.context_mark and exc.context_mark is not mark:
            problem += f" ({exc.context}, from line {exc.context_mark.line + 1})"
        raise error(where, mark.line + 1 if mark else None, problem) from None
    except (yaml.YAMLError, TypeError) as exc:  # TypeError: a list or mapping as a key
        raise error(where, None, f"not valid YAML: {exc}") from None


# --- From an error's location to the YAML node ---------------------------------------


def node_at(root: Node, loc: Loc, *, key: bool = False) -> Node:
    """The YAML node at a validation error's location: the deepest the location reaches
    (a missing field is reported at the mapping that lacks it). `key`: the key's node of
    the last step (an unknown field), not its value's."""
    node = root
    for step in loc:
        if isinstance(node, MappingNode):
            pair = next((p for p in node.value if p[0].value == str(step)), None)
            if pair is None:
                break
            node = pair[0] if key and step == loc[-1] else pair[1]
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            break
    return node


def line(node: Node) -> int:
    return node.start_mark.line + 1


def duplicate_keys(node: Node, loc: Loc = ()) -> Iterator[tuple[Loc, Node, str]]:
    """Keys given twice in a mapping (YAML keeps the last): its location, node and name."""
    if isinstance(node, MappingNode):
        seen = set()
        for key_node, value in node.value:
            if key_node.value in seen:
                yield loc, key_node, key_node.value
            seen.add(key_node.value)
            yield from duplicate_keys(value, (*loc, key_node.value))
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            yield from duplicate_keys(item, (*loc, index))


# --- Errors and messages ----------------------------------------------------------------


def rules(problems: list[tuple[Loc | str, str]]) -> None:
    """Raise the broken rules of a model at once: (field or location, message) each."""
    if problems:
        found = tuple(((p,) if isinstance(p, str) else p, text) for p, text in problems)
        raise PydanticCustomError("rules", "rules broken", {"problems": found})


def fail(message: str) -> PydanticCustomError:
    """The error of one value; `{what}` in the message names the item (see `validate`)."""
    return PydanticCustomError("value", message)  # no context: the text is not formatted


def did_you_mean(word: str, choices: Collection[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


_EXPECTED = {
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
    "list_type": "a list",
    "tuple_type": "a list",
    "string_type": "text",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "string_too_short": "text",
    "decimal_type": "a number",
    "decimal_parsing": "a number",
    "finite_number": "a number",
    "greater_than": "more than {gt}",
    "greater_than_equal": "{ge} or more",
    "less_than_equal": "{le} or less",
    "too_short": "{min_length} or more items",
}


def found(value: object) -> str:
    """A value as a message shows it: 'Nome', a mapping, a list, nothing."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list" if value else "an empty list"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | Decimal):
        return str(value)
    return repr(value if isinstance(value, str) else str(value))


def _messages(error: dict, model: type) -> Iterator[tuple[Loc, Loc, bool, str]]:
    """(location of the node, location of the item named, key node?, text) of an error."""
    kind, loc = error["type"], tuple(error["loc"])
    if kind == "rules":
        for sub, text in error["ctx"]["problems"]:
            yield (*loc, *sub), (*loc, *sub), False, text
    elif kind == "missing":
        yield loc, loc[:-1], False, f"missing field {loc[-1]!r}"
    elif kind == "extra_forbidden":
        names = _field_names(model, loc[:-1])
        hint = did_you_mean(str(loc[-1]), names)
        text = f"unknown field {loc[-1]!r}{hint} (fields: {', '.join(names)})"
        yield loc, loc[:-1], True, text
    elif kind == "value":  # the project's own message (`fail`)
        yield loc, loc, False, error["msg"]
    elif kind in _EXPECTED:
        expected = _EXPECTED[kind].format(**error.get("ctx", {}))
        yield loc, loc, False, f"found {found(error['input'])}, expected {expected}"
    elif "expected" in error.get("ctx", {}):  # a choice of values (Literal)
        yield loc, loc, False, f"found {found(error['input'])}, expected {error['ctx']['expected']}"
    else:  # a type no validator of the project gives: pydantic's own words
        yield loc, loc, False, f"found {found(error['input'])}: {error['msg']}"


def _field_names(model: type, loc: Loc) -> list[str]:
    """The fields (as the file spells them) of the model found at `loc` under `model`."""
    kind: object = _model(model)
    for step in loc:
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            fields = {f.alias or name: f.annotation for name, f in kind.model_fields.items()}
            kind = _model(fields.get(step))
        else:  # a list, tuple or dict: the type of its items
            items = [a for a in typing.get_args(kind) if a not in (type(None), Ellipsis)]
            kind = _model(items[-1] if items else None)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return [f.alias or name for name, f in kind.model_fields.items()]
    return []


def _model(kind: object) -> object:
    """A type without its annotations; a root model's list, not the model."""
    while typing.get_origin(kind) is typing.Annotated:
        kind = typing.get_args(kind)[0]
    if isinstance(kind, type) and issubclass(kind, RootModel):
        return _model(kind.model_fields["root"].annotation)
    return kind


def problems(
    error: ValidationError, model: type, root: Node, where: Callable[[Loc], str]
) -> list[Problem]:
    """Each error of a validation as (line, 'what: problem'); `where(loc)` names the item
    a location is in (`leg 3: miles`), and stands for `{what}` in a message that has it."""
    out = []
    for detail in error.errors(include_url=False):
        for node_loc, item_loc, key, text in _messages(detail, model):
            if node_loc[-1:] == ("[key]",):  # a dict's key: (..., key, '[key]')
                node_loc, item_loc, key = node_loc[:-1], item_loc[:-1], True
            what = where(item_loc)
            if "{what}" in text:
                text = text.replace("{what}", what)
            elif what:
                text = f"{what}: {text}"
            out.append((line(node_at(root, node_loc, key=key)), text))
    return out


def validate(model, data, root: Node, where: Callable[[Loc], str], context: dict):
    """`model` validated from `data` (None if it is not valid), and the problems of the
    file, every one, by line. Keys given twice are found in the node tree: YAML keeps the
    last, so the model cannot see them."""
    out = [
        (line(node), ": ".join(filter(None, (where(loc), f"field {name!r} given twice"))))
        for loc, node, name in duplicate_keys(root)
    ]
    try:
        value = model.model_validate(data, context=context)
    except ValidationError as exc:
        value = None
        out += problems(exc, model, root, where)
    return value, sorted(out, key=lambda p: p[0] or 0)
