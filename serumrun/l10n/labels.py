"""Interface labels of the site's own templates and extensions (the project's labels file)."""

from __future__ import annotations

import string

from markupsafe import Markup, escape

from serumrun import yamlio
from serumrun.errors import SerumRunError
from serumrun.l10n.typography import localized
from serumrun.languages import Language
from serumrun.project import Project


class LabelError(SerumRunError, KeyError):
    """A label is missing in a language: the message names the file, key and language."""

    def __str__(self) -> str:
        return str(self.args[0])


def template_problem(text: object) -> tuple[str, str] | None:
    """What makes a label more than text with plain `{name}` fields: (found, expected).

    The code fills labels with `str.format`, which follows attributes and indexes of
    its arguments: `{date.__class__.__init__.__globals__}` walks from a date to the
    build's modules and environment (issue 22). A field is a name and nothing else:
    no attribute, index, number, conversion (`!r`) or format spec (`:>10`).
    """
    if not isinstance(text, str):
        return f"{type(text).__name__} {str(text)[:40]!r}", "text"
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError as exc:
        return f"a lone brace ({exc})", "{name} fields only (write {{ for a brace)"
    for _, field, spec, conversion in fields:
        if field is None:
            continue
        written = (
            "{"
            + field
            + (f"!{conversion}" if conversion else "")
            + (f":{spec}" if spec else "")
            + "}"
        )
        if not (field.isascii() and field.isidentifier()) or spec or conversion:
            return (
                f"the field {written[:60]}",
                "plain {name} fields (no attribute, index, number, conversion or format)",
            )
    return None


def template_fields(text: str) -> set[str]:
    """The names of a label's fields (a label `template_problem` passed)."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


class LabelText(str):
    """A label as the code fills it: `format` with a field the code does not pass (both
    languages changed to `{count}` where the code gives `{n}`) is a LabelError naming the
    file, key and language, not a KeyError from deep inside a page's rendering."""

    def __new__(cls, text: str, where: str) -> LabelText:
        label = super().__new__(cls, text)
        label.where = where
        return label

    def format(self, *args, **fields) -> str:
        try:
            return str.format(self, *args, **fields)
        except (KeyError, IndexError) as exc:
            given = " ".join(f"{{{name}}}" for name in sorted(fields)) or "no field"
            raise LabelError(
                f"{self.where}: found the field {{{exc.args[0]}}}, expected only {given} "
                "(what the code fills in this label)"
            ) from None


class Labels:
    """The interface labels of one build (the project's labels file), read and checked once
    when the build starts, each with its language's typography, whatever template shows it."""

    @classmethod
    def of(cls, project: Project) -> Labels:
        """The project's labels, read and checked once per Project (one per build)."""
        if project.labels not in project.data:
            project.data[project.labels] = cls(project)
        return project.data[project.labels]

    def __init__(self, project: Project) -> None:
        path = project.labels
        self.shown = project.display(path)
        data = yamlio.load(path.read_text(encoding="utf-8"))
        texts = {lang: data.get(lang) or {} for lang in project.languages}
        every = set().union(*texts.values())
        for lang, found in texts.items():
            for key in sorted(every - set(found)):
                raise LabelError(f"{path}: label {key!r} is missing for language {lang!r}")
            for key, text in found.items():
                problem = template_problem(text)
                if problem:  # the build's gate names the line first (gates/printed.py)
                    raise LabelError(
                        f"{path}: found {problem[0]} in label {key!r} ({lang}), "
                        f"expected {problem[1]}"
                    )
        self.texts = {
            lang: {
                key: LabelText(
                    localized(text, project.language(lang)), f"{path}: label {key!r} ({lang})"
                )
                for key, text in found.items()
            }
            for lang, found in texts.items()
        }

    def text(self, key: str, lang: str) -> str:
        """The interface text `key` in `lang`; an unknown key is an error, never a blank."""
        try:
            return self.texts[lang][key]
        except KeyError:
            raise LabelError(f"{self.shown}: no label {key!r} for language {lang!r}") from None

    def html(self, key: str, lang: str) -> Markup:
        """`text`, escaped for HTML: what MkDocs' Jinja (no autoescape) gets as `ui` (issue 17)."""
        return escape(self.text(key, lang))


def label(key: str, language: Language) -> str:
    """The interface text `key` in `language`, from its project's labels."""
    return Labels.of(language.project).text(key, language.code)
