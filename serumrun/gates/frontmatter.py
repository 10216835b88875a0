"""What a page's front matter may say, and the text the templates print unescaped.

MkDocs' Jinja has no autoescape, and Material prints `page.meta.title`, `description`
and `subtitle` as they are, in `<title>`, `<meta content="...">`, the header and the
navigation of every page of the language. YAML escapes (`"\\x3cscript>"`) hide markup
from any check of the raw source, so these checks run on the values as YAML decodes
them. Keys that change what a page is (`template: redirect.html` with a `location`
makes it a redirect page with its own script, and no Content-Security-Policy) or that
the project does not use are refused: the allowlist is what the pages use.

The same rule holds for other text a template prints: the labels of data/labels.yml
(the project's templates print them escaped since issue 17; refusing them too names the
file and key, which the escaped output would not), and the titles of mkdocs.yml's nav.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from serumrun import yamlio
from serumrun.l10n.labels import template_fields, template_problem
from serumrun.pages import FrontMatterError, front_block
from serumrun.problems import Problem, source_line

#: Key -> (type, what it is), every key a page may set.
ALLOWED_KEYS: dict[str, tuple[type, str]] = {
    "title": (str, "the page title"),
    "description": (str, "a one-sentence summary"),
    "subtitle": (str, "a subtitle"),
    "source_commit": (str, "the English revision a translation follows"),
    "hide": (list, "parts of Material's page to hide"),
    "search": (dict, "Material's search settings of the page"),
}
#: Values of `hide` and `search` Material knows.
HIDE_VALUES = {"navigation", "toc", "footer", "path", "tags", "feedback"}
SEARCH_KEYS = {"exclude": bool, "boost": (int, float)}
#: Keys that make the page something else than a page of this site.
REFUSED_KEYS = {
    "template": "none: pages use the site's template (one of a page's own choosing can "
    "run script, without the Content-Security-Policy)",
    "location": "none: no redirect (Material's redirect page runs a script built from it)",
}
#: Printed text may not hold markup, end an attribute, or a character that hides text.
_UNSAFE = re.compile(r"[<>\"`\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def unsafe_problem(
    value: str, where: str, printed: str = "templates print it as HTML"
) -> str | None:
    """`found X in <where>, expected plain text` for the first character of `value` a
    template must not print, or None."""
    match = _UNSAFE.search(value)
    if not match:
        return None
    char = match.group(0)
    bad = repr(char) if char in '<>"`' else f"U+{ord(char):04X}"
    advice = " (for quotation marks, write “ ” or « »)" if char == '"' else ""
    return f"found {bad} in {where}, expected plain text: {printed}{advice}"


def alias_problem(source: str, path: str) -> Problem | None:
    """A YAML anchor or alias in the front matter: no page needs one, and aliases of
    aliases print as exponentially large text (a "billion laughs")."""
    lines = source.splitlines()
    try:
        front, _ = front_block(lines, path)
    except FrontMatterError:
        return None  # reported by the front-matter check itself
    if not yamlio.ANCHOR_OR_ALIAS_START.search(front):
        return None  # the YAML parser could find neither: skip its pure-Python scan
    try:
        for event in yaml.parse(front, Loader=yaml.SafeLoader):
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                what = "alias *" if isinstance(event, yaml.AliasEvent) else "anchor &"
                return Problem(
                    path,
                    event.start_mark.line + 2,
                    f"found the YAML {what}{anchor}, expected plain values in the front matter",
                )
    except yaml.YAMLError:
        return None  # reported by the front-matter check itself
    return None


def front_matter_problems(meta: dict, key_lines: dict[str, int], path: str) -> list[Problem]:
    """Keys, types and printed text of one page's decoded front matter."""
    return [
        Problem(path, key_lines.get(str(key), 2), message)
        for key, value in meta.items()
        for message in _key_problems(key, value)
    ]


def _key_problems(key, value) -> list[str]:
    if key in REFUSED_KEYS:
        return [f"found front-matter key {key!r}, expected {REFUSED_KEYS[key]}"]
    if key not in ALLOWED_KEYS:
        return [
            f"found front-matter key {key!r}, expected only {', '.join(ALLOWED_KEYS)} (SECURITY.md)"
        ]
    kind, what = ALLOWED_KEYS[key]
    if not isinstance(value, kind):
        return [f"found {key}: {type(value).__name__}, expected {kind.__name__} ({what})"]
    return _VALUE_PROBLEMS[kind](key, value)


def _text_problems(key: str, value: str) -> list[str]:
    message = unsafe_problem(value, f"front-matter {key!r} (after YAML decoding)")
    return [message] if message else []


def _hide_problems(key: str, value: list) -> list[str]:
    wrong = [v for v in value if v not in HIDE_VALUES]
    return [f"found hide: {wrong!r}, expected some of {sorted(HIDE_VALUES)}"] if wrong else []


def _search_problems(key: str, value: dict) -> list[str]:
    return [
        f"found search.{name}: {setting!r}, expected exclude: true/false or boost: a number"
        for name, setting in value.items()
        if name not in SEARCH_KEYS or not isinstance(setting, SEARCH_KEYS[name])
    ]


#: The check of a value of each type of ALLOWED_KEYS.
_VALUE_PROBLEMS = {str: _text_problems, list: _hide_problems, dict: _search_problems}


def label_problems(labels_file: Path, shown: str) -> list[Problem]:
    """Labels of data/labels.yml that are no text, hold markup or fields other than their
    twins', or are missing in a language: with file, line, language and key."""
    try:
        node = yamlio.compose(labels_file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [
            Problem(
                shown,
                mark.line + 1 if mark else None,
                f"found malformed YAML ({' '.join(str(exc).split())[:120]}), expected "
                "'language: {key: text}'",
            )
        ]
    if not isinstance(node, yaml.MappingNode):
        return [Problem(shown, 1, "found no mapping, expected 'language: {key: text}'")]
    languages = {str(k.value): v.value for k, v in node.value if isinstance(v, yaml.MappingNode)}
    fields: dict[str, tuple[str, set[str]]] = {}  # key -> (first language, its fields)
    problems = [
        Problem(shown, value.start_mark.line + 1, message)
        for lang, labels in languages.items()
        for key, value in labels
        for message in _label_problems(str(key.value), lang, value, fields)
    ]
    # A label missing in one language would stop the build at the first page that shows
    # it, with a traceback: say here which, and where its twin is.
    keys = {
        lang: {str(k.value): k.start_mark.line + 1 for k, _ in labels}
        for lang, labels in languages.items()
    }
    return problems + [
        Problem(
            shown,
            theirs[key],
            f"found label {key!r} in {other} only, expected it in {lang} too "
            "(every label in every language)",
        )
        for lang, found in keys.items()
        for other, theirs in keys.items()
        for key in sorted(theirs.keys() - found.keys())
    ]


def _label_problems(key: str, lang: str, value: yaml.Node, fields: dict) -> list[str]:
    where = f"label {key!r} ({lang})"
    if not (isinstance(value, yaml.ScalarNode) and value.tag.endswith(":str")):
        kind = {yaml.SequenceNode: "a list", yaml.MappingNode: "a mapping"}.get(
            type(value), f"the {value.tag.rsplit(':', 1)[-1]} {value.value!r}"
        )
        return [f"found {kind} in {where}, expected text"]
    # Labels are Python format strings: plain {name} fields only (issue 22).
    problem = template_problem(value.value)
    if problem:
        return [f"found {problem[0]} in {where}, expected {problem[1]}"]
    messages = []
    names = template_fields(value.value)
    first, first_names = fields.setdefault(key, (lang, names))
    if names != first_names:
        messages.append(
            f"found fields {_braced(names)} in {where}, expected those of "
            f"{first}: {_braced(first_names)} (the code fills these names)"
        )
    unsafe = unsafe_problem(value.value, where)
    return messages + [unsafe] if unsafe else messages


def _braced(names: set[str]) -> str:
    return " ".join(f"{{{name}}}" for name in sorted(names)) or "none"


def config_text_problems(config, config_file: Path, shown: str = "mkdocs.yml") -> list[Problem]:
    """Nav titles (and their translations) and the site's name, description and copyright:
    Material prints each of them unescaped on every page of a language."""
    lines = config_file.read_text(encoding="utf-8").splitlines() if config_file.is_file() else []
    problems = []
    for what, text in dict.fromkeys(_config_texts(config)):
        printed = "Material prints it as HTML on every page"
        message = unsafe_problem(text, f"{what} {text[:60]!r}", printed)
        if message:
            problems.append(Problem(shown, _line_of(lines, text, what), message))
    return problems


def _config_texts(config):
    """(what, text) of each text of mkdocs.yml that Material prints."""
    yield from _nav_titles(config.get("nav"))
    yield from _site_texts(config, "")
    i18n = config["plugins"].get("i18n") if "plugins" in config else None
    for language in getattr(getattr(i18n, "config", None), "languages", None) or ():
        locale = language.get("locale")
        for source, target in (language.get("nav_translations") or {}).items():
            yield f"nav_translations ({locale})", str(target)
            yield "nav title", str(source)
        yield from _site_texts(language, f" ({locale})")


def _nav_titles(items):
    for item in items or ():
        if isinstance(item, dict):
            for title, value in item.items():
                yield "nav title", str(title)
                yield from _nav_titles(value if isinstance(value, list) else ())


def _site_texts(settings, suffix: str):
    for name in ("site_name", "site_description", "copyright"):
        if isinstance(settings.get(name), str):
            yield f"{name}{suffix}", settings[name]


#: How mkdocs.yml spells a text, by what it is: a nav title in its nav entry (before a
#: translation's key), a translation after its key.
_SPELLED = {"nav title": "- {}", "nav_translations": ": {}"}


def _line_of(lines: list[str], text: str, what: str) -> int | None:
    """The line of mkdocs.yml that spells `text` as `what` (or holds it, or its start)."""
    spelled = next((v for k, v in _SPELLED.items() if what.startswith(k)), "{}")
    return source_line(lines, (spelled.format(text), text, text[:20]))
