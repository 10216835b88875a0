"""Interface labels of the site's own templates and extensions (the project's labels file)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

from serumrun import yamlio
from serumrun.project import current
from serumrun.typography import localized


class LabelError(KeyError):
    """A label is missing in a language: the message names the file, key and language."""

    def __str__(self) -> str:
        return str(self.args[0])


@cache
def _labels(path: Path, languages: tuple[str, ...], stamp: int) -> dict[str, dict[str, str]]:
    data = yamlio.load(path.read_text(encoding="utf-8"))
    keys = {lang: set(data.get(lang) or {}) for lang in languages}
    every = set().union(*keys.values())
    for lang in languages:
        for key in sorted(every - keys[lang]):
            raise LabelError(f"{path}: label {key!r} is missing for language {lang!r}")
    # Labels get their language's typography here, once, whatever template shows them.
    for lang in languages:
        data[lang] = {key: localized(text, lang) for key, text in (data.get(lang) or {}).items()}
    return data


def label(key: str, lang: str) -> str:
    """The interface text `key` in `lang`; an unknown key is an error, never a blank."""
    project = current()
    try:
        return _labels(project.labels, project.languages, project.labels_stamp)[lang][key]
    except KeyError:
        raise LabelError(
            f"{project.display(project.labels)}: no label {key!r} for language {lang!r}"
        ) from None


def html_label(key: str, lang: str) -> Markup:
    """`label`, escaped for HTML: what MkDocs' Jinja (no autoescape) gets as `ui` (issue 17)."""
    return escape(label(key, lang))
