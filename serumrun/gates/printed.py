"""Text the templates print unescaped, besides a page's front matter (whose model,
serumrun/pages.py `FrontMatter`, refuses markup in it).

MkDocs' Jinja has no autoescape, and Material prints text as it is. The same rule as
for a page's title holds for the labels of data/labels.yml
(the project's templates print them escaped since issue 17; refusing them too names the
file and key, which the escaped output would not), and the titles of mkdocs.yml's nav.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from serumrun import schema
from serumrun.l10n.labels import template_fields, template_problem
from serumrun.pages import unsafe_problem
from serumrun.problems import Problem, source_line


def label_problems(labels_file: Path, shown: str) -> list[Problem]:
    """Labels of data/labels.yml that are no text, hold markup or fields other than their
    twins', or are missing in a language: with file, line, language and key."""
    try:
        _, node = schema.read(labels_file, "labels", schema.DataError, shown)
    except schema.DataError as exc:
        return [Problem(shown, line, why) for line, why in exc.problems]
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
