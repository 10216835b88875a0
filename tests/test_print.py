"""Paper (issue 16): a page printed to PDF by Chromium keeps its text, the citation
numbers, the list of the page's sources at the end, the route map and the legs table,
and writes out the address of every link to another site; the navigation, the search,
the header and the footer are left out. The PDF's text is read with pdftotext (Debian's
poppler-utils, scripts/system-deps.sh)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.browser

#: What each language's screen shows around the text and paper must not: navigation,
#: search, header, footer (the words as Material and the site write them).
NOT_ON_PAPER = {
    "en": (
        "Table of contents",
        "Search",
        "Skip to content",
        "Previous",
        "Next",
        "Download for offline reading",
        "Switch to the dark colour scheme",
        "Translation status",
        "Memorials",
    ),
    "fr": (
        "Table des matières",
        "Rechercher",
        "Aller au contenu",
        "Précédent",
        "Suivant",
        "Télécharger pour lire hors ligne",
        "Passer au thème sombre",
        "État des traductions",
        "Monuments et hommages",
    ),
}
ON_PAPER = {
    "en": (
        "The relay",
        "Sources cited on this page",
        "Cite this page",
        "Legs of the serum relay",
        "Railway (train)",
        "The Cruelest Miles",
    ),
    "fr": (
        "Le relais",
        "Sources citées sur cette page",
        "Citer cette page",
        "Les étapes du relais du sérum",
        "Chemin de fer (train)",
        "The Cruelest Miles",
    ),
}


def _pdftotext() -> str:
    path = shutil.which("pdftotext")
    if path is None:  # a failure, never a skip
        raise RuntimeError(
            "pdftotext not found: run `make system-deps` (apt-get install poppler-utils)"
        )
    return path


def _print(browser, url: str, tmp_path, name: str) -> str:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(url)
        pdf = tmp_path / f"{name}.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
    finally:
        context.close()
    out = subprocess.run(
        [_pdftotext(), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # Lines broken by the layout: one space for any run of blanks.
    return re.sub(r"\s+", " ", out)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_printed_page_keeps_its_references_and_leaves_out_the_navigation(
    browser, served, site, tmp_path, lang
):
    prefix = "fr/" if lang == "fr" else ""
    text = _print(browser, f"{served}{prefix}relay/", tmp_path, f"relay-{lang}")
    missing = [words for words in ON_PAPER[lang] if words not in text]
    assert not missing, f"not on paper: {missing}"
    shown = [words for words in NOT_ON_PAPER[lang] if words in text]
    assert not shown, f"on paper, but navigation: {shown}"
    # The citation numbers, and as many sources at the end as the page cites.
    soup = site.soup(f"{prefix}relay/index.html")
    sources = soup.select(".page-sources li")
    assert len(sources) >= 10
    assert "[1]" in text and f"[{len(sources)}]" in text
    # The sources' list comes after the text and its citation.
    assert text.rindex("Sources cit") > text.index("Cite this page" if lang == "en" else "Citer")
    # Links to other sites are written out.
    assert "(https://en.wikipedia.org/wiki/1925_serum_run_to_Nome)" in text
    # The map's names and a leg of the table are on paper.
    for words in ("Nenana", "Unalakleet", "Shaktoolik", "Kaasen"):
        assert words in text, words


def test_paper_is_light_whatever_the_screen(browser, served):
    """The dark scheme is for screens: a reader in dark mode prints black on white."""
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(served + "relay/")
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
        page.emulate_media(media="print")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        color = page.evaluate("getComputedStyle(document.querySelector('article p')).color")
    finally:
        context.close()
    assert background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), background
    assert color.startswith("rgba(0, 0, 0") or color == "rgb(0, 0, 0)", color
