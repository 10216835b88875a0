"""HTML that would run script, in a page's Markdown source or in a rendered page: raw
`<script>`, `<iframe>` and the like, `on…=` handlers (raw or in an attr_list), and
`javascript:` URLs, each with its line. The build (serumrun/page_checks.py) and the
checker (scripts/check_translations.py) refuse them; the output gate (serumrun/gates/)
judges what the build wrote.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from serumrun.mdsource import code_free_lines
from serumrun.pages import IMAGE_RE, LINK_RE, REFERENCE_RE, Problem

#: An attr_list (`{ #id .class key=value }`) that sets an event handler.
_ATTR_LIST_HANDLER_RE = re.compile(r"\{[^}\n]*?(?<![\w-])(on[a-z]+)\s*=", re.IGNORECASE)
_JAVASCRIPT_RE = re.compile(r"^\s*j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:", re.IGNORECASE)
#: What any of the above must contain, however spelled (lower case): most pages have
#: none of it and skip the exact checks (a build of 600 pages per language must stay fast).
_SUSPECT_WORDS = (
    "<script",
    "<iframe",
    "<frame",
    "<object",
    "<embed",
    "script:",
    "&#",
    "&colon;",
    "&tab;",
    "&newline;",
)
_HANDLER_RE = re.compile(r"on[a-z]+\s*=")  # a literal start: re scans for it quickly
#: Elements that run script or embed another document.
_SCRIPT_TAGS = {
    "script": "<script>",
    "iframe": "<iframe>",
    "frame": "<frame>",
    "object": "<object>",
    "embed": "<embed>",
}


# --- HTML that runs script -----------------------------------------------------------------


class _ScriptFinder(HTMLParser):
    """Elements, attributes and URLs in HTML that would run script, with their lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []  # (line, what, expected)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in _SCRIPT_TAGS:
            self.found.append((line, _SCRIPT_TAGS[tag], _NO_SCRIPT[tag == "script"]))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, f"{name}= attribute", _NO_HANDLER))
            elif value and _JAVASCRIPT_RE.match(value):
                self.found.append((line, "javascript: URL", _NO_JAVASCRIPT))

    handle_startendtag = handle_starttag


_NO_SCRIPT = {
    True: "no script in a page (the site's scripts are files listed in mkdocs.yml)",
    False: "no embedded page or plugin (link to it instead)",
}
_NO_HANDLER = "no event-handler attribute (no script in a page)"
_NO_JAVASCRIPT = "a link to a page or an http(s) address"


def html_script_problems(html: str, path: str, *, first_line: int = 1) -> list[Problem]:
    """Script-running HTML in `html` (a rendered page, or a page's raw HTML)."""
    if not _suspect(html):
        return []
    finder = _ScriptFinder()
    finder.feed(html)
    finder.close()
    return [
        Problem(path, line + first_line - 1, f"found {what}, expected {expected}")
        for line, what, expected in finder.found
    ]


def _suspect(text: str) -> bool:
    low = text.lower()
    return any(word in low for word in _SUSPECT_WORDS) or any(
        m.start() > 0 and low[m.start() - 1] in " \t\n\r\"'/{" for m in _HANDLER_RE.finditer(low)
    )


def script_problems(markdown_text: str, path: str) -> list[Problem]:
    """Script-running HTML in a Markdown source: raw HTML, attr_lists and link targets.

    Code (fenced and inline) and HTML comments are skipped: Markdown shows the first
    as text and drops the second.
    """
    if not _suspect(markdown_text):
        return []
    numbered = list(code_free_lines(markdown_text, 1))
    lines = [""] * (numbered[-1][0] if numbered else 0)
    for number, line in numbered:
        lines[number - 1] = line
    problems = html_script_problems("\n".join(lines), path)
    for number, line in numbered:
        for match in _ATTR_LIST_HANDLER_RE.finditer(line):
            problems.append(
                Problem(
                    path,
                    number,
                    f"found {match.group(1).lower()}= attribute, expected {_NO_HANDLER}",
                )
            )
        targets = [
            m.group("target")
            for regex in (LINK_RE, IMAGE_RE, REFERENCE_RE)
            for m in regex.finditer(line)
        ]
        if any(_JAVASCRIPT_RE.match(html.unescape(t)) for t in targets):
            problems.append(
                Problem(path, number, f"found javascript: URL, expected {_NO_JAVASCRIPT}")
            )
    return sorted(set(problems))
