"""The site's own stylesheets, published without their comments (issue 16).

The project's CSS explains itself in comments (why a colour, which WCAG rule), and they
are a third of its weight: some 2.3 kB compressed on every first view, which must stay
within 80 kB (scripts/benchmark.py). The sources keep them; the built copies lose them,
and runs of white space, and nothing else: strings are copied as they are, and no space
that could be a descendant combinator (`table :is(td, th)`) is removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

_TOKEN = re.compile(
    r"""(?P<comment>/\*.*?\*/)|(?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(?P<space>\s+)""",
    re.DOTALL,
)
#: A space is needed after none of these: a colon followed by a space is a declaration's
#: (or a media feature's), never a selector's pseudo-class; a comma separates selectors
#: or values either way.
_NO_SPACE_AFTER = ":,{};"
_NO_SPACE_BEFORE = "{};,"


def strip_css(text: str) -> str:
    """`text` without comments, each run of white space one space or none (none after
    `:` `,` `{` `}` `;`, none before `{` `}` `;` `,`), strings untouched."""
    out: list[str] = []
    last = 0
    for match in _TOKEN.finditer(text):
        if match.start() > last:
            out.append(text[last : match.start()])
        last = match.end()
        before = out[-1][-1] if out else ""
        after = text[last : last + 1]
        if match.group("string"):
            out.append(match.group("string"))
        elif match.group("space") or not after.isspace():
            # A run of blanks, or a comment between two words (`a/**/b`), is one space
            # where a space can matter.
            if before.strip() and before not in _NO_SPACE_AFTER and after not in _NO_SPACE_BEFORE:
                out.append(" ")
    out.append(text[last:])
    return "".join(out).strip() + "\n"


def strip_site_css(site: Path, stylesheets: Iterable[str]) -> None:
    """Rewrite each of the project's stylesheets (`extra_css`) in the built site."""
    for name in stylesheets:
        path = site / name
        if "://" in name or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        stripped = strip_css(text)
        if stripped != text:
            path.write_text(stripped, encoding="utf-8")


#: Elements whose text is kept exactly: preformatted text, and raw text that a hash of
#: the Content-Security-Policy may be computed from (serumrun/gates/policy.py). The element
#: ends at the first end tag of its name (`.*?</name\s*>`), written as an unrolled loop:
#: runs of text without `<` are skipped whole, each `<` is tested once (three times as
#: fast as the lazy `.*?`, which tries the end tag at every character).
_VERBATIM = re.compile(
    r"(<(pre|textarea|script|style)\b[^<]*+(?:<(?!/\2\s*>)[^<]*+)*+</\2\s*>)",
    re.IGNORECASE,
)
#: A run of white space that holds a line break is made one line break in two passes,
#: each a pattern that starts with one known character, which the regular expression
#: engine finds without trying a match at every position (one pattern that may start with
#: any blank, `[ \t\r\f]*\n\s*`, costs three times as much): first the line break and
#: every blank after it, then, on the rare page that has any, the blanks before it.
_LINE_BREAK = re.compile(r"\n\s*")
_BLANKS_BEFORE = re.compile(r"[ \t\r\f]+\n")
_ANY_BLANK_BEFORE = re.compile(r"\n(?<=[ \t\r\f]\n)")


def collapse_html(html: str) -> str:
    """`html` with each run of white space that holds a line break made one line break.

    Material's templates indent every line: some 0.7 kB compressed a page. A run of
    white space is one space to HTML wherever text is not preformatted, so the page
    reads and lays out the same; `<pre>`, `<textarea>`, `<script>` and `<style>` are
    left as they are.
    """
    parts = _VERBATIM.split(html)
    # split() returns text, then (element, tag name) pairs: keep elements, drop names.
    for i in range(0, len(parts), 3):
        text = _LINE_BREAK.sub("\n", parts[i])
        if _ANY_BLANK_BEFORE.search(text):
            text = _BLANKS_BEFORE.sub("\n", text)
        parts[i] = text
        if i + 2 < len(parts):
            parts[i + 2] = ""
    return "".join(parts)
