"""Safe pages: a Content-Security-Policy that names every inline script, and links out
that hand other sites neither the page (`window.opener`) nor its address (Referer).

The policy (POLICY below) allows only the site's own origin for scripts, styles, fonts,
images, requests and workers (plus `data:` images: Material's CSS draws its icons with
`data:image/svg+xml` masks). overrides/main.html writes it into a
`<meta http-equiv="Content-Security-Policy">` first in its `site_meta` block from the Jinja
global `content_security_policy` (`policy_template()`, set by the plugin), with a
placeholder where the hashes go. The theme needs a few inline scripts (Material's
`__md_scope` bootstrap, the anchor fix of tabbed content) whose text depends on the page
(its relative base URL), so the plugin, last of all on each page (`secure_page`),
hashes the inline scripts and `<style>` elements of the finished page and fills the
placeholder. Only those the templates write are hashed: each must match, by content,
a script or style of the theme's or overrides/' templates (serumrun/gates/output.py,
`TemplateAllowlist`). A script a page brought, in its Markdown, its front matter
(`title: "\x3cscript>..."`) or a label, is never hashed, so a browser refuses it.
(Such a page does not build anyway: serumrun/page_checks.py refuses script in a page,
and `check_output` runs the gate on the built site; the policy is the third line.)

Every `<a href="http(s)://...">` to another host gets `rel="noopener noreferrer"`,
whatever produced it (Markdown, raw HTML, the footer, the references page).

The page HTML is scanned with regular expressions, not parsed: it is the theme's and
Python-Markdown's own well-formed output, and a build of 600 pages per language must
stay within 10 % of a stock build (scripts/benchmark.py).
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

from serumrun.gates import output as output_gate

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

EXTERNAL_REL = ("noopener", "noreferrer")

#: An element whose content is raw text (no tags, no entities) up to its end tag: the
#: first `</tag\s*>` after the start tag (as `.*?` would find it), written as unrolled
#: loops that skip runs of text without `<` (or without quotes) whole; possessive, since
#: each run can end in one way only (half the time of `.*?`, tried at every character).
_RAW_TEXT = re.compile(
    r"<(?P<tag>script|style)\b"
    r"(?P<attrs>[^>\"']*+(?:(?:\"[^\"]*+\"|'[^']*+')[^>\"']*+)*+)>"
    r"(?P<body>[^<]*+(?:<(?!/(?P=tag)\s*>)[^<]*+)*+)</(?P=tag)\s*>",
    re.IGNORECASE,
)
#: The start tag of a link (attribute values may contain '>'); the loop is unrolled, which
#: scans a page about twice as fast.
_A_TAG = re.compile(r"<[aA]\s[^>\"']*+(?:(?:\"[^\"]*+\"|'[^']*+')[^>\"']*+)*+>")
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
#: Script types the browser runs (anything else, like application/json, is data).
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}


def policy_template() -> str:
    """The policy with the hash placeholders, as overrides/main.html writes it."""
    return "; ".join(" ".join((name, *sources)) for name, sources in POLICY.items())


def allowlist(config) -> output_gate.TemplateAllowlist:
    """What the templates write, for the policy and the output gate (cached per config)."""
    from serumrun.offline import SHIM_URL  # the offline bundle's one added script

    scripts = tuple(str(s) for s in config.extra_javascript) + (SHIM_URL,)
    return output_gate.template_allowlist(tuple(config.theme.dirs), scripts)


def check_output(config, project) -> None:
    """The gate on every file of the built site (issue 17): refuse, naming each source."""

    sources = output_gate.Sources(
        project.root,
        project.docs_dir,
        project.languages,
        project.default_language,
        labels_file=project.labels,
        config_file=Path(config.config_file_path) if config.config_file_path else None,
    )
    problems = output_gate.check_site(
        Path(config.site_dir), allowlist(config), config.site_url or "", sources
    )
    if problems:
        raise PluginError(
            "The built site has what no page may bring (SECURITY.md):\n  "
            + "\n  ".join(map(str, problems))
        )


def secure_page(
    output: str,
    site_host: str,
    name: str,
    content: str = "",
    *,
    allow: output_gate.TemplateAllowlist,
) -> str:
    """Fill the policy's hashes and mark the page's external links.

    Only the inline scripts and styles `allow` names (the templates') are hashed;
    `content`, the page's own HTML (from its Markdown), is left out besides.
    """
    if SCRIPT_HASHES not in output or STYLE_HASHES not in output:
        raise PluginError(
            f"security: {name} has no Content-Security-Policy placeholder; its template must "
            "extend main.html, whose site_meta block writes the policy (serumrun/security.py)"
        )
    scripts, styles = _inline_hashes(output, allow)
    if "<script" in content or "<style" in content:
        refused_scripts, refused_styles = _inline_hashes(content, allow)
        scripts = [s for s in scripts if s not in refused_scripts]
        styles = [s for s in styles if s not in refused_styles]
    output = output.replace(" " + SCRIPT_HASHES, "".join(" " + s for s in scripts), 1)
    output = output.replace(" " + STYLE_HASHES, "".join(" " + s for s in styles), 1)
    return _mark_external_links(output, site_host)


def _inline_hashes(
    output: str, allow: output_gate.TemplateAllowlist
) -> tuple[list[str], list[str]]:
    scripts: list[str] = []
    styles: list[str] = []
    for match in _RAW_TEXT.finditer(output):
        attrs = _attributes(match.group("attrs"))
        body = match.group("body")
        if match.group("tag").lower() == "script":
            if "src" in attrs or attrs.get("type", "").strip().lower() not in _JS_TYPES:
                continue
            if not allow.allows_script(body):
                continue  # not the templates': never allowed (the output gate names it)
            target = scripts
        else:
            if not allow.allows_style(body):
                continue
            target = styles
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if source not in target:
            target.append(source)
    return scripts, styles


def _mark_external_links(output: str, site_host: str) -> str:
    parts: list[str] = []
    last = 0
    for match in _A_TAG.finditer(output):
        tag = match[0]
        if "//" not in tag:
            continue  # the most of the links: relative, to a page of the site
        new = _external_rel(tag, site_host)
        if new != tag:
            parts += (output[last : match.start()], new)
            last = match.end()
    return "".join((*parts, output[last:])) if parts else output


def _external_rel(tag: str, site_host: str) -> str:
    attrs = _attributes(tag[2:-1])
    href = html.unescape(attrs.get("href", "")).strip()
    try:
        parts = urlsplit(href)
        host = parts.hostname or ""
    except ValueError:  # not a URL a browser would follow to a host
        return tag
    if parts.scheme not in ("http", "https") and not href.startswith("//"):
        return tag
    if host == site_host:
        return tag
    rel = attrs.get("rel")
    if rel is None:
        return tag[:-1].rstrip() + ' rel="noopener noreferrer">'
    tokens = rel.split()
    missing = [token for token in EXTERNAL_REL if token not in tokens]
    if not missing:
        return tag
    new = " ".join([*tokens, *missing])
    return re.sub(
        r"""(\srel\s*=\s*)(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)""",
        lambda m: f'{m.group(1)}"{new}"',
        tag,
        count=1,
        flags=re.IGNORECASE,
    )


def _attributes(text: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for name, dq, sq, bare in _ATTR.findall(text):
        attrs.setdefault(name.lower(), dq or sq or bare)
    return attrs


def site_host(site_url: str | None) -> str:
    """The host of the site's own address: links to it are not links out."""
    return urlsplit(site_url or "").hostname or ""
