"""Late markup: parts of a page put in place after Material's search plugin has read it.

Material's search plugin parses every page's HTML (`on_page_context`) for its index. The
citation markers (a `<sup>` with a link per source, its title and accessible name) and
the references page's "Cited in" backlinks are heavy in markup and give a search nothing.
So the citations extension and the references page write an empty placeholder in their
place (the element without content, with `data-serumrun-late="N"`) and keep the
element's HTML here; the plugin puts each in place after the search plugin has read the
page (serumrun/plugin.py). The page as published is the one MkDocs would have written.
Material's own `data-search-exclude` keeps them out of the index too, but its parser
still reads every excluded tag: the build costs 9 % more at the real site, 22 % more at
300 pages per language (and MkDocs resolves every marker's link again).

Only the placeholders a page's own fragments made are replaced, each exactly once. Raw
HTML that imitates one (a stranger's pull request) or a placeholder lost on the way
fails the build, naming the page: what is published is never a guess.
"""

from __future__ import annotations

import re

from serumrun.errors import SerumRunError

#: The attribute that marks a placeholder, with the number of its fragment.
ATTRIBUTE = "data-serumrun-late"
#: A placeholder as Python-Markdown serializes it (attributes in lexical order) or as the
#: project's templates write it: an empty element carrying the attribute. Linear: no
#: repetition crosses a `<` or a `>`.
_PLACEHOLDER_RE = re.compile(
    r"<(?P<tag>[a-z][a-z0-9]*)\s[^<>]*?\bdata-serumrun-late=\"(?P<n>[0-9]{1,9})\"[^<>]*>"
    r"</(?P=tag)>"
)


class LateMarkupError(SerumRunError, ValueError):
    """A page's placeholders do not match its fragments."""


class LateMarkup:
    """The fragments of one page, by number, until they are put in place."""

    def __init__(self) -> None:
        self.fragments: dict[int, str] = {}

    def add(self, html: str) -> str:
        """Keep `html` (one element); returns the number its placeholder carries."""
        number = len(self.fragments) + 1
        self.fragments[number] = html
        return str(number)

    def expand(self, html: str, where: str, *, whole: bool = True) -> str:
        """`html` with every placeholder replaced by its fragment.

        Raises LateMarkupError (naming `where`) if a placeholder is not one of this
        page's, appears twice, or (`whole`: `html` is the whole page) is missing, or if
        the attribute is left anywhere.
        """
        if not self.fragments and ATTRIBUTE not in html:
            return html
        remaining = dict(self.fragments)

        def put(match: re.Match[str]) -> str:
            fragment = remaining.pop(int(match.group("n")), None)
            if fragment is None:
                raise LateMarkupError(_imitation(where))
            return fragment

        out = _PLACEHOLDER_RE.sub(put, html)
        if remaining and whole:
            raise LateMarkupError(
                f"{where}: {len(remaining)} citation marker(s) or backlink(s) were lost "
                "between Markdown and the page (serumrun/citations/deferred_markup.py): is one "
                "inside raw HTML that drops its content?"
            )
        if ATTRIBUTE in out:
            raise LateMarkupError(_imitation(where))
        return out


def source_problems(source: str, path: str) -> list[tuple[int, str]]:
    """(line, message) for each line of a page's source that writes the placeholder
    attribute: refused before anything is written (the expansion refuses it again)."""
    if ATTRIBUTE not in source:
        return []
    return [
        (number, _IMITATION)
        for number, line in enumerate(source.splitlines(), start=1)
        if ATTRIBUTE in line
    ]


_IMITATION = (
    f"found the attribute {ATTRIBUTE} in the page's HTML; it is the plugin's own placeholder "
    "(serumrun/citations/deferred_markup.py) and may not be written by a page"
)


def _imitation(where: str) -> str:
    return f"{where}: {_IMITATION}"
