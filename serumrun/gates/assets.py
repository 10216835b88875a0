"""Contributed SVG and CSS, by allowlist: what a map or an icon needs, nothing that fetches.

An SVG opened directly is a document of its own, outside any Content-Security-Policy
(a policy lives in the pages' <meta>): whatever it references is fetched from where it
says, and its script runs with the site's origin. A stylesheet of docs/ is served from
the site too. So both are read element by element, attribute by attribute, property by
property, and each must be on the lists below:

* SVG: the elements and attributes of the allowlist only (in the SVG namespace; `xlink:`
  for `href` alone); no DOCTYPE, entity or processing instruction; every `href` a
  same-document `#fragment`;
* CSS (a stylesheet, an SVG's <style>, a `style` attribute, a presentation attribute such
  as `fill` or `mask`): read by tinycss2, the CSS Syntax Level 3 tokenizer, so escapes
  are decoded as a browser decodes them (`u\\72l(` is `url(`, `@\\69mport` is `@import`);
  every `url()` a same-document `#fragment`; no `@import` or other at-rule but `@media`
  and `@supports`; no `image-set()`, `image()`, `element()`, `cross-fade()`,
  `expression()` or `paint()`; no escape in a property name; the properties of the allowlist.

Each refusal is `file:line: found X, expected Y` (expat gives an SVG's lines; tinycss2 a
stylesheet's).
"""

from __future__ import annotations

import xml.parsers.expat

import tinycss2

from serumrun.problems import Problem

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
#: An SVG larger than this is not an icon or a drawing of this site.
MAX_SVG_BYTES = 512_000

#: Elements of a map or an icon: shapes, text, groups, reuse, gradients, clipping.
SVG_ELEMENTS = {
    *("svg", "a", "g", "defs", "symbol", "use", "title", "desc", "metadata", "style"),
    *("path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan"),
    *("lineargradient", "radialgradient", "stop", "clippath", "mask", "pattern", "marker"),
}
#: Presentation attributes: CSS values (read as CSS, so `url(` is checked in them too).
SVG_PRESENTATION = {
    *("fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity"),
    *("stroke-dasharray", "stroke-dashoffset", "stroke-linecap", "stroke-linejoin"),
    *("stroke-miterlimit", "opacity", "color", "display", "visibility", "font-family"),
    *("font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline"),
    *("paint-order", "vector-effect", "pointer-events", "clip-path", "clip-rule", "mask"),
    *("marker-start", "marker-mid", "marker-end", "stop-color", "stop-opacity", "cursor"),
    *("letter-spacing", "text-decoration", "shape-rendering", "transform", "filter"),
}
SVG_ATTRIBUTES = SVG_PRESENTATION | {
    *("id", "class", "style", "viewbox", "width", "height", "x", "y", "x1", "x2", "y1"),
    *("y2", "cx", "cy", "r", "rx", "ry", "d", "points", "dx", "dy", "href", "version"),
    *("preserveaspectratio", "role", "aria-label", "aria-hidden", "aria-labelledby"),
    *("aria-describedby", "focusable", "offset", "gradientunits", "gradienttransform"),
    *("fx", "fy", "fr", "spreadmethod", "clippathunits", "maskunits", "maskcontentunits"),
    *("patternunits", "patterncontentunits", "patterntransform", "markerwidth"),
    *("markerheight", "markerunits", "refx", "refy", "orient", "textlength", "lang"),
}
#: CSS properties of the site's stylesheets and of SVG drawing; custom properties too.
CSS_PROPERTIES = SVG_PRESENTATION | {
    *("align-items", "background", "background-color", "border", "border-color"),
    *("border-left", "border-left-color", "border-radius", "border-top", "border-top-color"),
    *("border-bottom", "border-right", "border-width", "border-style", "box-shadow"),
    *("break-before", "break-inside", "caption-side", "color-scheme", "content", "flex"),
    *("flex-wrap", "flex-direction", "justify-content", "font-variant-numeric", "gap"),
    *("left", "right", "top", "bottom", "line-height", "list-style", "margin"),
    *("margin-left", "margin-right", "margin-top", "margin-bottom", "max-width"),
    *("max-height", "min-height", "min-width", "outline", "outline-offset", "overflow"),
    *("overflow-wrap", "padding", "padding-left", "padding-right", "padding-top"),
    *("padding-bottom", "position", "r", "scroll-margin-top", "text-align"),
    *("text-decoration-thickness", "text-underline-offset", "vertical-align"),
    *("white-space", "width", "height", "z-index", "transition", "font"),
}
#: At-rules that only select: their rules are checked like any other.
CSS_AT_RULES = {"media", "supports"}
#: CSS functions that fetch an image by another name than url().
CSS_FETCHING = {"image-set", "-webkit-image-set", "image", "element", "cross-fade", "paint"}
_NO_URL = "no url() but a '#fragment' of the same document (nothing fetched)"


# --- CSS ---------------------------------------------------------------------------------


def css_value_problem(value: str | list) -> str | None:
    """What in a CSS value (text, or tinycss2's tokens) could fetch, or None."""
    tokens = tinycss2.parse_component_value_list(value) if isinstance(value, str) else value
    return next(filter(None, map(_token_problem, tokens)), None)


def _token_problem(token) -> str | None:
    if token.type == "url" and not token.value.startswith("#"):
        return f"found url({token.value[:60]!r}), expected {_NO_URL}"
    if token.type == "at-keyword":
        return f"found @{token.value}, expected no at-rule in a value"
    if token.type == "function":
        return _function_problem(token)
    if token.type in ("() block", "[] block", "{} block"):
        return css_value_problem(token.content)
    return None


def _function_problem(token) -> str | None:
    name = token.lower_name
    if name in CSS_FETCHING or name == "expression":
        return f"found {name}(), expected {_NO_URL}"
    if name in ("url", "src"):
        target = "".join(str(getattr(t, "value", "")) for t in token.arguments)
        if not target.strip().startswith("#"):
            return f"found {name}({target[:60]!r}), expected {_NO_URL}"
    return css_value_problem(token.arguments)


def css_problems(text: str, shown: str, first_line: int = 1) -> list[Problem]:
    """Every refused rule, property and value of a stylesheet (or an SVG's <style>)."""
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    return [Problem(shown, line + first_line - 1, msg) for line, msg in _rules(rules, text)]


def style_problems(text: str, shown: str, line: int) -> list[Problem]:
    """A `style` attribute: a list of declarations."""
    items = tinycss2.parse_blocks_contents(text, skip_comments=True, skip_whitespace=True)
    return [Problem(shown, line, msg) for _, msg in _declarations(items, text)]


def _malformed(node) -> tuple[int, str]:
    return node.source_line, f"found malformed CSS ({node.message}), expected CSS"


def _rules(rules, text: str):
    for rule in rules:
        if rule.type == "error":
            yield _malformed(rule)
            continue
        at_rule = rule.type == "at-rule"
        if at_rule and (
            rule.lower_at_keyword not in CSS_AT_RULES
            or _escaped(text, rule, "@" + rule.lower_at_keyword)
        ):
            yield (
                rule.source_line,
                f"found @{rule.lower_at_keyword}, expected only @media and @supports",
            )
            continue
        found = css_value_problem(rule.prelude)
        if found:
            yield rule.source_line, found
        if not at_rule:
            yield from _declarations(tinycss2.parse_blocks_contents(rule.content, True, True), text)
        elif rule.content is not None:
            yield from _rules(tinycss2.parse_rule_list(rule.content, True, True), text)


def _declarations(items, text: str):
    for item in items:
        if item.type == "error":
            yield _malformed(item)
        elif item.type == "declaration":
            name = item.lower_name
            if _escaped(text, item, item.name):
                yield item.source_line, f"found an escape in property {name!r}, expected none"
            elif not (name.startswith("--") or name in CSS_PROPERTIES):
                yield item.source_line, f"found property {name!r}, expected one of the allowlist"
            found = css_value_problem(item.value)
            if found:
                yield item.source_line, found
        elif item.type == "qualified-rule":  # nested rules
            yield from _rules([item], text)
        else:
            yield item.source_line, f"found {item.type}, expected declarations"


def _escaped(text: str, node, written: str) -> bool:
    """Whether the source at `node` spells `written` otherwise (with escapes)."""
    lines = text.split("\n")
    if not 0 < node.source_line <= len(lines):
        return True
    start = node.source_column - 1
    at = lines[node.source_line - 1][start : start + len(written)]
    return at.lower() != written.lower()


# --- SVG ---------------------------------------------------------------------------------


class _Refused(Exception):
    pass


def svg_problems(data: bytes, shown: str) -> list[Problem]:
    """Everything in one SVG file that is not on the allowlist, with its line."""
    if len(data) > MAX_SVG_BYTES:
        return [
            Problem(shown, None, f"found {len(data):,} bytes, expected an SVG of at most 500 kB")
        ]
    problems: list[Problem] = []
    styles: list[tuple[int, list[str]]] = []  # the <style> elements open: line, text
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")

    def refuse(what: str) -> None:
        line = parser.CurrentLineNumber
        problems.append(Problem(shown, line, f"found {what}, expected plain SVG"))
        raise _Refused

    def start(tag: str, attrs: dict[str, str]) -> None:
        problems.extend(_svg_element(tag, attrs, shown, parser.CurrentLineNumber))
        if tag == f"{SVG_NS} style":
            styles.append((parser.CurrentLineNumber, []))

    def text(data: str) -> None:
        if styles:
            styles[-1][1].append(data)

    def end(tag: str) -> None:
        if tag == f"{SVG_NS} style" and styles:
            line, parts = styles.pop()
            problems.extend(css_problems("".join(parts), shown, line))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = lambda *_: refuse("a DOCTYPE")
    parser.EntityDeclHandler = lambda *_: refuse("an entity")
    parser.ProcessingInstructionHandler = lambda target, _: refuse(
        f"a processing instruction <?{target}>"
    )
    try:
        parser.Parse(data, True)
    except _Refused:
        pass
    except xml.parsers.expat.ExpatError as exc:
        problems.append(Problem(shown, exc.lineno, f"found malformed XML ({exc}), expected an SVG"))
    return problems


def _svg_element(tag: str, attrs: dict[str, str], shown: str, line: int) -> list[Problem]:
    ns, _, local = tag.rpartition(" ")
    if ns != SVG_NS:
        where = f"outside the SVG namespace ({ns or 'none'})"
        return [Problem(shown, line, f"found <{local}> {where}, expected SVG only")]
    problems = []
    if local.lower() not in SVG_ELEMENTS:
        problems.append(
            Problem(shown, line, f"found <{local}>, expected an element a map or an icon needs")
        )
    for name, value in attrs.items():
        problems += _svg_attribute(local, name, value, shown, line)
    return problems


def _svg_attribute(element: str, name: str, value: str, shown: str, line: int) -> list[Problem]:
    ns, _, local = name.rpartition(" ")
    low = local.lower()
    if (ns, low) in ((XLINK_NS, "href"), ("", "href")):
        if value.strip().startswith("#"):
            return []
        return [Problem(shown, line, f"found {local}={value[:60]!r} on <{element}>, {_REF}")]
    if ns == XML_NS and low in ("space", "lang"):
        return []
    if ns or low not in SVG_ATTRIBUTES:
        return [
            Problem(
                shown,
                line,
                f"found {local}= on <{element}>, expected an attribute a map or an icon needs",
            )
        ]
    if low == "style":
        return style_problems(value, shown, line)
    if low in SVG_PRESENTATION:
        found = css_value_problem(value)
        return [Problem(shown, line, f"{found} (in {local}= on <{element}>)")] if found else []
    return []


_REF = "expected only '#id' references inside the file"
