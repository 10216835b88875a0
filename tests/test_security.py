"""Safe pages (issue 8): a Content-Security-Policy on every page that allows only the
site's own origin and the inline scripts the build wrote; links to other hosts with
rel="noopener noreferrer". The policy in the browser: tests/test_page_loads.py."""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

import pytest
from mkdocs.exceptions import PluginError

from serumrun.gates import policy
from serumrun.gates.output import TemplateAllowlist, allowlist
from serumrun.theme import markup
from tests.pages import built_pages
from tests.sitebuild import ROOT, TEST_SITE_URL

EXPECTED_POLICY = {
    "default-src": {"'none'"},
    "script-src": {"'self'"},  # plus the page's own inline script hashes
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "worker-src": {"'self'"},
    "manifest-src": {"'self'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "object-src": {"'none'"},
}


def _policy(soup) -> dict[str, set[str]]:
    metas = soup.select('meta[http-equiv="Content-Security-Policy"]')
    assert len(metas) == 1, f"{len(metas)} policies"
    assert metas[0].find_parent("head") is not None, "the policy must be in <head>"
    policy = {}
    for directive in metas[0]["content"].split(";"):
        name, *sources = directive.split()
        policy[name] = set(sources)
    return policy


def _sha256(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def test_every_page_has_the_policy_with_hashes_of_its_own_inline_scripts(site):
    from mkdocs.config import load_config

    allow = allowlist(load_config(str(ROOT / "mkdocs.yml")))
    for rel in built_pages(site.site):
        soup = site.soup(rel)
        policy = _policy(soup)
        bodies = [
            s.string or ""
            for s in soup.find_all("script")
            if not s.get("src")
            and s.get("type", "text/javascript") in ("text/javascript", "module")
        ]
        # Every inline script is one the templates write (issue 17): the policy lists
        # only those, never one a page brought.
        assert all(allow.allows_script(b) for b in bodies), rel
        inline = {_sha256(b) for b in bodies}
        styles = {_sha256(s.string or "") for s in soup.find_all("style")}
        assert inline, f"{rel}: Material's pages have inline scripts; did the hashing break?"
        assert policy["script-src"] == EXPECTED_POLICY["script-src"] | inline, rel
        assert policy["style-src"] == EXPECTED_POLICY["style-src"] | styles, rel
        assert list(policy) == list(EXPECTED_POLICY), rel
        for name in EXPECTED_POLICY.keys() - {"script-src", "style-src"}:
            assert policy[name] == EXPECTED_POLICY[name], f"{rel}: {name}"
        assert "serumrun-inline" not in str(soup), f"{rel}: a placeholder was published"
        assert "unsafe-" not in str(policy), rel


def test_every_link_to_another_host_has_noopener_noreferrer(site):
    host = urlsplit(TEST_SITE_URL).hostname
    checked = 0
    problems = []
    for rel in built_pages(site.site):
        for a in site.soup(rel).find_all("a", href=True):
            parts = urlsplit(a["href"])
            if parts.scheme not in ("http", "https") or parts.hostname == host:
                continue
            checked += 1
            tokens = set(a.get("rel") or [])
            if not {"noopener", "noreferrer"} <= tokens:
                problems.append(f"{rel}: {a['href']} rel={sorted(tokens)}")
    assert not problems, "\n".join(problems)
    assert checked, "no external link at all: the check would pass vacuously"


# --- The hooks on small inputs ----------------------------------------------------------

PAGE = (
    '<html><head><meta http-equiv="Content-Security-Policy" content="{policy}">'
    "<script>var a=1</script></head><body>{body}"
    '<script id="__config" type="application/json">{{"a":1}}</script>'
    '<script src="x.js"></script></body></html>'
)


def _page(body: str) -> str:
    return PAGE.format(policy=policy.policy_template(), body=body)


#: The inline script of PAGE stands for the templates' own (serumrun/gates/output.py).
ALLOW = TemplateAllowlist(scripts=[re.compile(re.escape("var a=1"))])


def test_inline_scripts_are_hashed_and_data_scripts_are_not():
    out = policy.secure_page(_page(""), "example.org", "t.html", allow=ALLOW)
    assert f"script-src 'self' {_sha256('var a=1')};" in out
    assert "style-src 'self';" in out
    assert _sha256('{"a":1}') not in out


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        (
            '<a href="https://other.org/x">',
            '<a href="https://other.org/x" rel="noopener noreferrer">',
        ),
        ('<a href="//other.org/x">', '<a href="//other.org/x" rel="noopener noreferrer">'),
        (
            '<a target="_blank" rel="noopener" href="https://other.org/">',
            '<a target="_blank" rel="noopener noreferrer" href="https://other.org/">',
        ),
        (
            "<a rel='me' title='a > b' href='HTTP://other.org/'>",
            "<a rel=\"me noopener noreferrer\" title='a > b' href='HTTP://other.org/'>",
        ),
        (
            '<a href="https://example.org/serum-run/relay/">',
            '<a href="https://example.org/serum-run/relay/">',
        ),
        ('<a href="../relay/#legs">', '<a href="../relay/#legs">'),
        ('<a href="mailto:x@other.org">', '<a href="mailto:x@other.org">'),
        # Hosts as a browser reads them (WHATWG URL parser, serumrun/gates/urls.py).
        (
            '<a href="https:\\\\other.org\\x">',
            '<a href="https:\\\\other.org\\x" rel="noopener noreferrer">',
        ),
        ('<a href="/\\other.org/x">', '<a href="/\\other.org/x" rel="noopener noreferrer">'),
        ('<a href="http:other.org/x">', '<a href="http:other.org/x" rel="noopener noreferrer">'),
        (
            '<a href="https://example.org\\@other.org/">',
            '<a href="https://example.org\\@other.org/">',
        ),
        (
            '<a href="https://user:pw@other.org/">',
            '<a href="https://user:pw@other.org/" rel="noopener noreferrer">',
        ),
        (
            '<A HREF="https://other.org/" REL=me>',
            '<A HREF="https://other.org/" REL="me noopener noreferrer">',
        ),
        (
            '<a href="https://&#x65;xample.org.evil/">',
            '<a href="https://&#x65;xample.org.evil/" rel="noopener noreferrer">',
        ),
        ('<a href="https://EXAMPLE.org/">', '<a href="https://EXAMPLE.org/">'),
    ],
)
def test_links_to_other_hosts_get_noopener_noreferrer(link, expected):
    out = policy.secure_page(_page(link + "x</a>"), "example.org", "t.html", allow=ALLOW)
    assert expected + "x</a>" in out


def test_an_area_that_leaves_the_site_gets_noopener_noreferrer_too():
    body = '<map name="m"><area href="//other.org/" alt="x"></map>'
    out = policy.secure_page(_page(body), "example.org", "t.html", allow=ALLOW)
    assert '<area href="//other.org/" alt="x" rel="noopener noreferrer">' in out


def test_an_inline_script_the_templates_did_not_write_is_never_hashed():
    """Outside page.content too: a title or a label printed by a template (issue 17)."""
    out = policy.secure_page(
        _page("<h1>Togo<script>alert(1)</script></h1>"), "example.org", "t.html", allow=ALLOW
    )
    assert _sha256("var a=1") in out
    assert _sha256("alert(1)") not in out


def test_inline_script_and_style_the_templates_did_not_write_are_not_allowed():
    content = "<p>x</p><script>alert(1)</script><style>p{}</style>"
    out = policy.secure_page(_page(content), "example.org", "t.html", allow=ALLOW)
    assert _sha256("var a=1") in out  # the template's
    assert _sha256("alert(1)") not in out and _sha256("p{}") not in out


def test_a_page_without_the_policy_fails_the_build():
    with pytest.raises(PluginError, match="no Content-Security-Policy placeholder"):
        policy.secure_page("<html><head></head></html>", "example.org", "t.html", allow=ALLOW)


def test_markup_repair_removes_what_the_checker_rejects():
    page = (
        "".join(markup.TOGGLES)
        + '<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="">'
        + '<label class="md-nav__link" for="__nav_3" id="__nav_3_label" tabindex="0">'
        + markup.TOC_LABEL
    )
    out = markup.repair(page, "t.html")
    assert "autocomplete" not in out
    assert '<label class="md-nav__link" for="__nav_2" id="__nav_2_label">' in out
    assert 'tabindex="0"' in out
    assert '<label class="md-nav__title">' in out  # no __toc checkbox on this page


def test_markup_repair_fails_loudly_when_material_changes():
    with pytest.raises(PluginError, match="Material's base.html changed"):
        markup.repair("<html></html>", "t.html")
