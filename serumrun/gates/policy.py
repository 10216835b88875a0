"""Each finished page: a Content-Security-Policy that names the templates' inline scripts,
and links out that hand other sites neither the page (`window.opener`) nor its address.

The policy (POLICY below) allows only the site's own origin for scripts, styles, fonts,
images, requests and workers (plus `data:` images: Material's CSS draws its icons with
`data:image/svg+xml` masks). overrides/main.html writes it into a
`<meta http-equiv="Content-Security-Policy">` first in its `site_meta` block from the Jinja
global `content_security_policy` (`policy_template()`, set by the plugin), with a
placeholder where the hashes go. The theme needs a few inline scripts (Material's
`__md_scope` bootstrap, the anchor fix of tabbed content) whose text depends on the page
(its relative base URL), so the plugin, last of all on each page (`secure_page`), parses
the finished page as a browser does and hashes its inline scripts and styles. Only those
the templates write are hashed: each must match, by content, a script or style of the
theme's or overrides/' templates (serumrun/gates/output.py, `TemplateAllowlist`); a page's
content carries none (serumrun/gates/content.py), and a browser refuses any other.

Every <a> and <area> that leaves the site, read on the parsed page with the browser's
URL parser (serumrun/gates/urls.py: backslashes, credentials, IDNA), gets
`rel="noopener noreferrer"`, whatever wrote it (Markdown, the footer, the references page).
The decision is the parsed tree's; the attribute is written into the page's own text, so
that nothing else of it changes, and a link the text does not show as the tree does
fails the build.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections import Counter

from mkdocs.exceptions import PluginError
from selectolax.lexbor import LexborHTMLParser

from serumrun.gates import output as output_gate
from serumrun.gates import urls

#: Stands where the hashes of the page's inline scripts / styles go; never published.
SCRIPT_HASHES = "'serumrun-inline-script-hashes'"
STYLE_HASHES = "'serumrun-inline-style-hashes'"

#: The policy, directive by directive. `frame-ancestors`, `report-uri` and `sandbox`
#: are ignored in a <meta> policy (and Chromium logs an error for them): not used.
POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'none'",),
    "script-src": ("'self'", SCRIPT_HASHES),
    "style-src": ("'self'", STYLE_HASHES),
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'",),
    # Search: the worker script, and the index it fetches.
    "connect-src": ("'self'",),
    "worker-src": ("'self'",),
    "manifest-src": ("'self'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "object-src": ("'none'",),
}

EXTERNAL_REL = output_gate.EXTERNAL_REL
#: Script types the browser runs (anything else, like application/json, is data).
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
#: The start tag of a link in the page's text, where `rel` is written (the tree decides
#: which); attribute values may contain '>'.
_LINK_TAG = re.compile(
    r"""<(?:[aA]|[aA][rR][eE][aA])[\s/][^>"']*+(?:(?:"[^"]*+"|'[^']*+')[^>"']*+)*+>"""
)
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_REL = re.compile(r"""(\srel\s*=\s*)(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)""", re.IGNORECASE)


def policy_template() -> str:
    """The policy with the hash placeholders, as overrides/main.html writes it."""
    return "; ".join(" ".join((name, *sources)) for name, sources in POLICY.items())


def site_host(site_url: str | None) -> str:
    """The host of the site's own address: links to it are not links out."""
    from urllib.parse import urlsplit

    return urlsplit(site_url or "").hostname or ""


def secure_page(output: str, host: str, name: str, *, allow: output_gate.TemplateAllowlist) -> str:
    """Fill the policy's hashes and mark the page's links out."""
    if SCRIPT_HASHES not in output or STYLE_HASHES not in output:
        raise PluginError(
            f"security: {name} has no Content-Security-Policy placeholder; its template must "
            "extend main.html, whose site_meta block writes the policy (serumrun/gates/policy.py)"
        )
    tree = LexborHTMLParser(output)
    scripts, styles = _inline_hashes(tree, allow)
    output = output.replace(" " + SCRIPT_HASHES, "".join(" " + s for s in scripts), 1)
    output = output.replace(" " + STYLE_HASHES, "".join(" " + s for s in styles), 1)
    out = _links_out(tree, host)
    return _mark_links_out(output, out, name) if out else output


def _inline_hashes(tree: LexborHTMLParser, allow: output_gate.TemplateAllowlist):
    """The hashes of the inline scripts and styles the templates wrote, each once, in the
    page's order; a file, data, or a script of anyone else is never allowed."""
    scripts: dict[str, None] = {}
    styles: dict[str, None] = {}
    for element in tree.css("script, style"):
        body = "".join(c.text_content or "" for c in element.iter(include_text=True))
        if element.tag == "style":
            if allow.allows_style(body):
                styles[_source(body)] = None
        elif _runs(element.attributes) and allow.allows_script(body):
            scripts[_source(body)] = None
    return list(scripts), list(styles)


def _runs(attrs: dict[str, str | None]) -> bool:
    """An inline script a browser runs (not a file, not data such as application/json)."""
    return "src" not in attrs and (attrs.get("type") or "").strip().lower() in _JS_TYPES


def _source(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _links_out(tree: LexborHTMLParser, host: str) -> Counter[str]:
    """How many links to each address that leaves the site lack a `rel` token."""
    out: Counter[str] = Counter()
    for element in tree.css("a, area"):
        attrs = element.attributes
        href = attrs.get("href")
        if href is not None and urls.leaves_site(href, host):
            rel = (attrs.get("rel") or "").split()
            if not all(token in rel for token in EXTERNAL_REL):
                out[href] += 1
    return out


def _mark_links_out(output: str, out: Counter[str], name: str) -> str:
    """Add the missing `rel` tokens to the start tags of the links `out` counts."""

    def mark(match: re.Match[str]) -> str:
        tag = match[0]
        attrs: dict[str, str] = {}
        for key, dq, sq, bare in _ATTR.findall(tag[1:-1]):
            attrs.setdefault(key.lower(), dq or sq or bare)
        href = html.unescape(attrs.get("href", ""))
        if out[href] <= 0:
            return tag
        out[href] -= 1
        if "rel" not in attrs:
            return tag[:-1].rstrip() + ' rel="noopener noreferrer">'
        tokens = html.unescape(attrs["rel"]).split()
        new = " ".join([*tokens, *(t for t in EXTERNAL_REL if t not in tokens)])
        return _REL.sub(lambda m: f'{m.group(1)}"{new}"', tag, count=1)

    output = _LINK_TAG.sub(mark, output)
    if +out:
        raise PluginError(
            f"security: {name}: links out the page's text does not show as its parse does: "
            + ", ".join(sorted(+out))
        )
    return output
