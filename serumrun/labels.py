"""Interface labels of the site's own templates and extensions, read from data/labels.yml."""

from __future__ import annotations

from functools import cache

from serumrun import yamlio
from serumrun.i18n import DATA_DIR, LANGUAGES
from serumrun.typography import french_spacing

LABELS_FILE = DATA_DIR / "labels.yml"


class LabelError(KeyError):
    """A label is missing in a language: the message names the file, key and language."""

    def __str__(self) -> str:
        return str(self.args[0])


@cache
def _labels() -> dict[str, dict[str, str]]:
    data = yamlio.load(LABELS_FILE.read_text(encoding="utf-8"))
    keys = {lang: set(data.get(lang) or {}) for lang in LANGUAGES}
    every = set().union(*keys.values())
    for lang in LANGUAGES:
        for key in sorted(every - keys[lang]):
            raise LabelError(f"{LABELS_FILE}: label {key!r} is missing for language {lang!r}")
    # French labels get French typography here, once, whatever template shows them.
    data["fr"] = {key: french_spacing(text) for key, text in (data.get("fr") or {}).items()}
    return data


def label(key: str, lang: str) -> str:
    """The interface text `key` in `lang`; an unknown key is an error, never a blank."""
    try:
        return _labels()[lang][key]
    except KeyError:
        raise LabelError(f"{LABELS_FILE}: no label {key!r} for language {lang!r}") from None
