"""Interface labels of the site's own templates and extensions (the project's labels file)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

from serumrun import yamlio
from serumrun.project import current
from serumrun.typography import french_spacing


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
    # French labels get French typography here, once, whatever template shows them.
    data["fr"] = {key: french_spacing(text) for key, text in (data.get("fr") or {}).items()}
    return data


#: The labels of the project last asked for, read (or found unchanged) once per project:
#: a build makes one Project, and asks for labels some 50,000 times at 300 pages per
#: language (the templates, the references page's backlinks): no file status each time.
_last: tuple[object, dict[str, dict[str, str]]] | None = None


def _current_labels() -> dict[str, dict[str, str]]:
    global _last
    project = current()
    last = _last
    if last is None or last[0] is not project:
        path = project.labels
        last = _last = (project, _labels(path, project.languages, path.stat().st_mtime_ns))
    return last[1]


def label(key: str, lang: str) -> str:
    """The interface text `key` in `lang`; an unknown key is an error, never a blank."""
    try:
        return _current_labels()[lang][key]
    except KeyError:
        project = current()
        raise LabelError(
            f"{project.display(project.labels)}: no label {key!r} for language {lang!r}"
        ) from None


def html_label(key: str, lang: str) -> Markup:
    """`label`, escaped for HTML: what MkDocs' Jinja (no autoescape) gets as `ui` (issue 17)."""
    return escape(label(key, lang))
