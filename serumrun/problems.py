"""`Problem`: one thing wrong, where it is (`docs/fr/relay.md:12: found X, expected Y`).

What every check returns, from the gates to the contributor check; the plugin turns a
non-empty list into one failed build that names them all. It imports nothing of the
package, so that any layer can report one.
"""

from __future__ import annotations

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
