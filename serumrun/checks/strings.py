"""Every text of the data files in every language of the site, checked all at once.

A text of the data is a mapping keyed by language (`name: {en: …, fr: …}`, at any depth
of data/bibliography.yml, relay.yml, people.yml), and the labels file is one mapping
per language (`en: {404.title: …}`). When a language is added to mkdocs.yml, each of
those texts needs it: this check lists every missing one, with its file, line and key,
in one message, before any loader stops at the first (serumrun/plugin.py).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from serumrun import yamlio
from serumrun.problems import Problem
from serumrun.project import Project


def missing_strings(project: Project) -> list[Problem]:
    """Every text of the data (and every label) that lacks one of the site's languages."""
    if len(project.languages) < 2:
        return []
    problems = _missing_labels(project)
    for path in (project.bibliography, project.relay, project.people):
        root = _compose(path) if path is not None else None
        if root is not None:
            problems += _missing_texts(project.display(path), root, project.languages, "")
    return problems


def _compose(path: Path) -> yaml.Node | None:
    try:
        return yamlio.compose(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None  # the file's own loader reports it, with its line


def _missing_labels(project: Project) -> list[Problem]:
    root = _compose(project.labels)
    sections = {k.value: v for k, v in root.value} if isinstance(root, yaml.MappingNode) else {}
    default = sections.get(project.default_language)
    if not isinstance(default, yaml.MappingNode):
        return []
    problems = []
    for lang in project.translations:
        section = sections.get(lang)
        have = {k.value for k, _ in section.value} if isinstance(section, yaml.MappingNode) else ()
        problems += [
            Problem(
                project.display(project.labels),
                key.start_mark.line + 1,
                f"label {key.value!r} has no text in {lang!r} (expected it under '{lang}:', "
                f"translated from the '{project.default_language}:' one)",
            )
            for key, _ in default.value
            if key.value not in have
        ]
    return problems


def _missing_texts(shown: str, node: yaml.Node, languages: tuple[str, ...], where: str):
    if isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            name = _entry_name(child) or f"[{index}]"
            yield from _missing_texts(shown, child, languages, f"{where}{name}")
    elif isinstance(node, yaml.MappingNode):
        keys = {key.value for key, _ in node.value}
        if languages[0] in keys and keys <= set(languages):  # a text in each language
            for lang in languages:
                if lang not in keys:
                    yield Problem(
                        shown,
                        node.start_mark.line + 1,
                        f"{where.lstrip('.')} has no text in {lang!r} (expected a "
                        f"'{lang}:' key beside '{languages[0]}:')",
                    )
            return
        for key, value in node.value:
            yield from _missing_texts(shown, value, languages, f"{where}.{key.value}")


def _entry_name(node: yaml.Node) -> str | None:
    """'key' or 'id' of a list entry, to name it in messages: "entry 'brooks'"."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value in ("key", "id", "name") and isinstance(value, yaml.ScalarNode):
                return f"[{value.value}]"
    return None
