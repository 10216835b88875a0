"""`Problem`: one thing wrong, where it is (`docs/fr/relay.md:12: found X, expected Y`).

What every check returns, from the gates to the contributor check; the plugin turns a
non-empty list into one failed build that names them all; `source_line`, the line of a
source that holds what a check found. It imports nothing of the package, so that any
layer can report one.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong, where it is: `docs/fr/relay.md:12: found X, expected Y`."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def source_line(lines: Sequence[str], needles: Sequence[str]) -> int | None:
    """The line of the source that holds most of `needles` (the first such), read with
    entities decoded, in any case, without the tabs a browser drops from addresses."""
    wanted = [n.lower().replace("\t", "") for n in needles if len(n.strip()) >= 3]
    best, best_score = None, 0
    for number, text in enumerate(lines, start=1):
        low = html.unescape(text).lower().replace("\t", "")
        score = sum(needle in low for needle in wanted)
        if score > best_score:
            best, best_score = number, score
    return best
