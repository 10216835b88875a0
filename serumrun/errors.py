"""The one base of every error the project raises on a contribution.

It derives from MkDocs' `PluginError`, so that a build stopped by one ends in its
message (`file:line: found X, expected Y`) and a non-zero exit, never a traceback; the
scripts catch this one class. `str(error)` is the whole message, as `error.message`.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError


class SerumRunError(PluginError):
    """A contribution the project cannot publish: the message names the file (and line)."""

    def __init__(self, message: object = "") -> None:
        super().__init__(str(message))

    def __str__(self) -> str:
        return self.message


def not_utf8(data: bytes, exc: UnicodeDecodeError) -> tuple[int, str]:
    """The line and the message for a file that is not UTF-8: one wording everywhere."""
    line = data.count(b"\n", 0, exc.start) + 1
    return line, (
        f"found byte 0x{data[exc.start]:02x}, expected text in UTF-8 "
        "(save the file as UTF-8 in your editor)"
    )
