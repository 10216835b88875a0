"""Accessibility (issue 8): axe-core, WCAG 2.2 A and AA, on every built page of both
languages, on a desktop screen and on a phone, in the light and the dark colour schemes
(issue 16: the reader's system setting picks the scheme); quotations carry their own
language."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from tests.pages import built_pages, page_address
from tests.sitebuild import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.0, 2.1 and 2.2, levels A and AA (axe's tags); every rule, none disabled.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    # Material lays out (and scripts) a touch screen differently: no sidebars, no
    # focusable code blocks. Lighthouse's phone is this size.
    "phone": {"viewport": {"width": 412, "height": 823}, "is_mobile": True, "has_touch": True},
}
RUN_AXE = """tags => axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
})"""
#: The reader's system setting (prefers-color-scheme), and the scheme Material must
#: then show (mkdocs.yml `theme.palette`): a dark run that showed the light scheme
#: would check nothing new.
SCHEMES = {"light": "default", "dark": "slate"}
#: Material's scripts finish laying out the page (focusable code blocks, the sticky
#: table of contents) in ResizeObserver callbacks, delivered before the next frames.
SETTLE = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


#: Each run is a group of its own for pytest-xdist (tests/conftest.py): the four are
#: the longest tests of the suite, and go to whichever worker is free.
RUNS = [
    pytest.param(device, scheme, marks=pytest.mark.xdist_group(f"axe-{device}-{scheme}"))
    for device in DEVICES
    for scheme in SCHEMES
]


@pytest.mark.browser
@pytest.mark.parametrize(("device", "scheme"), RUNS, ids=lambda value: value)
def test_every_page_passes_axe_wcag_22_aa(browser, served, site, device, scheme):
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci` (make install-dev)"
    # axe is injected as an inline script, which the pages' own policy rightly forbids;
    # tests/test_security.py checks the policy without this bypass. It is given to the
    # context, which runs it in each page before the page's own scripts: axe only defines
    # itself then, and reports the same, node for node, as a script tag added after the
    # load, for about a fifth less of Chromium's time.
    context = browser.new_context(bypass_csp=True, color_scheme=scheme, **DEVICES[device])
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    problems = []
    pages = built_pages(site.site)
    try:
        for rel in pages:
            page.goto(served + page_address(rel))
            page.evaluate(SETTLE)
            shown = page.get_attribute("body", "data-md-color-scheme")
            if shown != SCHEMES[scheme]:
                problems.append(f"{rel}: a {scheme} system shows the {shown!r} scheme")
                continue
            result = page.evaluate(RUN_AXE, WCAG_TAGS)
            for rule in result["violations"]:
                nodes = rule["nodes"]
                where = "; ".join(" ".join(map(str, n["target"])) for n in nodes[:3])
                why = (nodes[0].get("failureSummary") or "").splitlines()
                problems.append(
                    f"{rel}: {rule['id']} ({rule['impact']}), {len(nodes)} element(s), e.g. {where}"
                    f"\n    {why[1].strip() if len(why) > 1 else rule['help']}"
                )
    finally:
        context.close()
    assert len(pages) >= 4
    assert not problems, (
        f"{len(problems)} axe violation(s) on {device}, {scheme} scheme:\n" + "\n".join(problems)
    )


def _lang_of(element) -> str:
    """The language an element is read in: its own lang, or its nearest ancestor's."""
    for node in (element, *element.parents):
        if getattr(node, "get", None) and node.get("lang"):
            return node["lang"]
    return ""


def _quotations(soup: BeautifulSoup) -> dict[str, object]:
    """The paragraphs of the article's block quotations, by their normalised text."""
    article = soup.select_one("article")
    found = {}
    for el in article.select("blockquote p, blockquote li") if article else []:
        text = re.sub(r"\s+", " ", el.get_text(" ", strip=True))
        if len(text) >= 20:
            found[text] = el
    return found


def test_quotations_in_the_other_language_carry_their_lang(site):
    """A quotation that both twins give word for word is in one language, and is marked
    so in both: the French page quoting the English plaque says lang="en"."""
    checked = 0
    problems = []
    for rel in built_pages(site.site):
        if rel.startswith("fr/"):
            continue
        twin = site.site / "fr" / rel
        if not twin.is_file():
            continue
        en, fr = _quotations(site.soup(rel)), _quotations(site.soup(f"fr/{rel}"))
        for text in en.keys() & fr.keys():
            checked += 1
            if _lang_of(en[text]) != _lang_of(fr[text]):
                problems.append(
                    f"{rel}: quoted in both languages, read as {_lang_of(en[text])!r} in English "
                    f'and {_lang_of(fr[text])!r} in French (add {{ lang=".." }}): {text[:70]}'
                )
    assert not problems, "\n".join(problems)
    assert checked, "no quotation is shared by two twins: the check would pass vacuously"


def test_french_memorials_quote_the_english_plaque_as_english(site):
    soup = site.soup("fr/memorials/index.html")
    plaque = [
        p for p in soup.select("article blockquote p") if "indomitable spirit" in p.get_text()
    ]
    assert plaque, "the English inscription of the Balto statue is no longer quoted"
    assert all(_lang_of(p) == "en" for p in plaque)
    assert _lang_of(soup.select_one("article h1")) == "fr"
