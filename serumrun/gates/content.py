"""What a page may render: an allowlist, kept by nh3 (Ammonia, the Rust sanitizer).

Every page's HTML, as Python-Markdown and the project's extensions render it (before the
theme wraps it: the templates are trusted), goes through nh3 with the allowlist below:
the tags, attributes, classes and address schemes the site's pages really use (read
from the built site), nothing else. The page is published as rendered, never as nh3
rewrites it; but if nh3 would remove anything (an element, an attribute, a class, an
address), the build is refused, naming the page, the line of its source that holds the
fragment, and the fragment. The two parses are compared, not the two strings: a
sanitizer also normalizes quotes and entities, which changes nothing a browser sees.

So nothing that runs script (`<script>`, `on…=`, `javascript:`, `<iframe>`, `<form>`,
`<meta>`, `<base>`, `style`...) reaches a page, however it is spelled, escaped or
produced (raw HTML, attribute lists, Markdown links, data files rendered into a page):
an allowlist does not need to know the trick. Besides what nh3 checks by name:

* links out: `rel` tokens from an allowlist (never `opener`), no `target`; the plugin
  adds `rel="noopener noreferrer"` to every link that leaves the site (serumrun/gates/policy.py);
* the theme's own: no class outside the content's allowlist (none of Material's `md-*`),
  no id of the templates (`__config`, `page-sources`...) or starting with `_`, no
  `data-md-*` attribute (Material's scripts read them);
* images from the site only (`src` resolved as a browser resolves it, serumrun/gates/urls.py);
* SVG paint and CSS values that reach no other file: `url(#id)` only (serumrun/gates/assets.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from difflib import SequenceMatcher

import nh3
from pygments.token import STANDARD_TYPES
from selectolax.lexbor import LexborHTMLParser, LexborNode

from serumrun.gates import assets, urls
from serumrun.problems import Problem, source_line

#: HTML elements: what Python-Markdown, its extensions (toc, tables, footnotes, admonition,
#: details, superfences, attr_list, md_in_html) and the project's extensions write.
HTML_TAGS = {
    *("a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup"),
    *("dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2"),
    *("h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre"),
    *("q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table"),
    *("tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr"),
}
#: SVG elements of the relay map and its legend (serumrun/relay/svgmap.py).
SVG_TAGS = {"svg", "g", "title", "desc", "rect", "path", "polyline", "circle", "line", "text"}
#: Presentation attributes of the map's SVG: CSS values, checked for `url(` below.
SVG_PRESENTATION = {
    *("fill", "fill-rule", "stroke", "stroke-width", "stroke-dasharray", "stroke-linecap"),
    *("stroke-linejoin", "vector-effect", "pointer-events", "display", "font-size"),
    *("font-weight", "font-style", "text-anchor", "dominant-baseline", "paint-order"),
}
_GLOBAL = {"id", "class", "title", "lang", "dir", "role"}
_ARIA = {"aria-label", "aria-labelledby", "aria-describedby", "aria-hidden"}
_SVG_OWN = {"g": set(), "text": {"x", "y"}, "rect": {"x", "y", "width", "height"}}
_SVG_OWN |= {"circle": {"cx", "cy", "r"}, "line": {"x1", "x2", "y1", "y2"}}
_SVG_OWN |= {"path": {"d"}, "polyline": {"points"}}
ATTRIBUTES: dict[str, set[str]] = {
    "*": _GLOBAL | _ARIA,
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "time": {"datetime"},
    "svg": {"viewBox", "width", "height", "focusable"},
    **{tag: SVG_PRESENTATION | own for tag, own in _SVG_OWN.items()},
}
#: Address schemes of links (relative addresses are the site's own).
URL_SCHEMES = {"http", "https", "mailto"}
#: `rel` tokens a page may write on a link (never `opener`).
REL_TOKENS = {"noopener", "noreferrer", "nofollow", "external"}
#: Classes of page content: Python-Markdown's extensions' and the project's.
CONTENT_CLASSES = {
    *("admonition", "admonition-title", "headerlink", "footnote", "footnote-ref"),
    *("footnote-backref", "citation", "reference-archive", "highlight"),
    # Admonition and details kinds Material styles.
    *("note", "abstract", "info", "tip", "success", "question", "warning", "failure"),
    *("danger", "bug", "example", "quote"),
}
#: ... and the prefixes of the project's own components (relay, bibliography).
CONTENT_CLASS_PREFIXES = ("relay-", "bibliography", "language-")
#: ... and those of code highlighted by Pygments (superfences): its token classes.
CONTENT_CLASSES |= {"highlighttable", "linenos", "filename", "hll"}
CONTENT_CLASSES |= set(STANDARD_TYPES.values()) - {""}
#: Python-Markdown's table alignment, the only style a page may carry.
_ALIGN = re.compile(r"text-align: (?:left|right|center);")


class ContentGate:
    """The sanitizer of one build: nh3 configured with the allowlist, and the theme's ids
    (read from its templates, serumrun/gates/output.py `TemplateAllowlist`)."""

    def __init__(self, site_host: str, theme_ids: set[str]) -> None:
        #: What of each attribute's value is kept (the rest is refused), by name.
        self.filters = {
            "class": _tokens(_content_class),
            "rel": _tokens(lambda token: token.lower() in REL_TOKENS),
            "id": _when(lambda value: not value.startswith("_") and value not in theme_ids),
            "style": _when(_ALIGN.fullmatch),
            "src": _when(lambda value: not urls.leaves_site(value, site_host)),
            **dict.fromkeys(SVG_PRESENTATION, _when(lambda v: not assets.css_value_problem(v))),
        }
        self.cleaner = nh3.Cleaner(
            tags=HTML_TAGS | SVG_TAGS,
            attributes=ATTRIBUTES,
            generic_attribute_prefixes={"data-"},
            url_schemes=URL_SCHEMES,
            link_rel=None,
            strip_comments=False,
            clean_content_tags=set(),
            attribute_filter=self._attribute,
        )

    def _attribute(self, tag: str, name: str, value: str) -> str | None:
        """nh3's callback: None removes the attribute, another value rewrites it."""
        if name.startswith("data-md"):
            return None
        keep = self.filters.get(name)
        return keep(value) if keep else value

    def problems(self, rendered: str, source: str, shown: str) -> list[Problem]:
        """What nh3 would remove from `rendered`, each with the line of `source` (the
        page's Markdown) that most likely holds it; [] when nh3 keeps everything."""
        original, kept = _document(rendered), _document(self.cleaner.clean(rendered))
        if original.html == kept.html:
            return []  # the same tree: nothing removed
        found = list(_differences(original, kept)) or [
            ("text the sanitizer would change", ())  # never silently published
        ]
        problems = [
            (
                f"found {what}, which the sanitizer would remove; expected only the tags, "
                "attributes, classes and addresses a page may render (SECURITY.md)",
                needles,
            )
            for what, needles in found
        ]
        if original.css_first(f"article > #{_END}") is None:
            problems.append(
                (
                    "found an element left open, or an end tag that closes the theme's elements "
                    "around the page, expected every element the page opens closed in it",
                    ("</article", "</main", "</div", "</body"),
                )
            )
        lines = source.splitlines() if problems else []
        return [
            Problem(shown, source_line(lines, needles), message) for message, needles in problems
        ]


def _tokens(allowed: Callable[[str], object]) -> Callable[[str], str | None]:
    """A filter keeping the tokens of a value that are `allowed` (None if none is)."""
    return lambda value: " ".join(t for t in value.split() if allowed(t)) or None


def _when(allowed: Callable[[str], object]) -> Callable[[str], str | None]:
    """A filter keeping a value if it is `allowed`."""
    return lambda value: value if allowed(value) else None


def _content_class(name: str) -> bool:
    return name in CONTENT_CLASSES or name.startswith(CONTENT_CLASS_PREFIXES)


#: The id of the element that follows a page's content in `_document`.
_END = "serumrun-end-of-content"


def _document(fragment: str) -> LexborNode:
    """`fragment` parsed as a browser parses a page's content: inside the elements that
    hold it in the theme (Material's `body > div > main > div > div > article`), followed
    by a marker that an end tag of one of those would move out of the article."""
    tree = LexborHTMLParser(
        "<!DOCTYPE html><html><head></head><body><div><main><div><div><article>"
        f'{fragment}<i id="{_END}"></i></article></div></div></main></div></body></html>'
    )
    return tree.root


def _differences(original: LexborNode, kept: LexborNode) -> Iterator[tuple[str, tuple]]:
    """Each element or attribute of `original` that `kept` lacks or changed: what it is,
    and the texts to look for in the source. Children are aligned by tag (difflib), so
    that each removed element is named, however many; text that runs together where an
    element was removed is no difference of its own."""
    mine, theirs = _attributes(original), _attributes(kept)
    for name, value in mine.items():
        now = theirs.get(name)
        if now != value:
            shown = f"{name}={value[:80]!r} on <{original.tag}>"
            if now is not None:
                shown += f" (the sanitizer keeps {now!r})"
            tokens = sorted(value.split(), key=len, reverse=True)
            yield shown, (value, *tokens, f"{name}=", f"<{original.tag}")
    ours = list(original.iter(include_text=True))
    others = list(kept.iter(include_text=True))
    matcher = SequenceMatcher(None, [n.tag for n in ours], [n.tag for n in others], False)
    for op, i1, i2, j1, _ in matcher.get_opcodes():
        if op == "equal":
            for node, other in zip(ours[i1:i2], others[j1:], strict=False):
                if node.is_element_node:
                    yield from _differences(node, other)
        else:
            yield from (_removed(n) for n in ours[i1:i2] if n.is_element_node)


def _attributes(node: LexborNode) -> dict[str, str]:
    """An element's attributes, a bare one (`<td hidden>`) as the empty value it has."""
    return {name: value or "" for name, value in node.attributes.items()}


def _removed(node: LexborNode) -> tuple[str, tuple]:
    if node.is_element_node:
        fragment = (node.html or "")[:100]
        values = sorted((v for v in node.attributes.values() if v), key=len, reverse=True)
        return f"<{node.tag}> ({fragment!r})", (*values, f"<{node.tag}")
    text = (node.text_content if node.tag == "-text" else node.html) or ""
    return f"{text[:100]!r}", (text.strip()[:60],)
