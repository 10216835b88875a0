"""Transitional: the l10n calls of before the build's state was passed down, for the
citations and relay modules (and scripts) that still read the active project.

serumrun/l10n takes what it needs explicitly (`Labels(project)`, a `Language`); this
module gives the old calls on top of `serumrun.project.current()`, and goes with it once
those callers take the build's `Labels` and `Language` from the plugin.
"""

from __future__ import annotations

from serumrun.l10n import dates, typography
from serumrun.l10n.labels import Labels
from serumrun.project import current


def label(key: str, lang: str) -> str:
    project = current()
    labels = project.__dict__.get("_bridge_labels")  # one reading per Project (build)
    if labels is None:
        labels = project.__dict__["_bridge_labels"] = Labels(project)
    return labels.text(key, lang)


def localized(text: str, lang: str) -> str:
    return typography.localized(text, current().language(lang))


def iso_date(iso: str, lang: str) -> str:
    return dates.iso_date(iso, current().language(lang))
