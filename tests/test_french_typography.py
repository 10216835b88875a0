"""French typography is set by the build and checked on every French page (issues 24, 25).

Translators type ordinary spaces; the build gives French text its no-break spaces (the
function the data uses, serumrun/l10n/typography.py) outside code, attributes, raw HTML and
anything marked as another language; a space it cannot set is refused with file:line.
The check reads every French page of the built site, data strings included.
"""

from __future__ import annotations

import re

import markdown
from bs4 import BeautifulSoup, Comment, NavigableString

from serumrun.l10n.typography import SKIPPED, FrenchSpacingExtension, french_spacing
from tests.sitebuild import mkdocs_build

NBSP, NNBSP = "\u00a0", "\u202f"


def _skipped(node: NavigableString) -> bool:
    for parent in node.parents:
        if parent.name in SKIPPED:
            return True
        lang = parent.get("lang") if hasattr(parent, "get") else None
        if lang is not None and lang.split("-")[0] != "fr":
            return True
    return False


def spacing_slips(html: str) -> list[str]:
    """Every text of a page where French spacing would still change something: an ordinary
    space before ; : ! ? » or after «, read with the text just before it (`*Béring* :`)."""
    soup = BeautifulSoup(html, "lxml")
    slips, before = [], ""
    for node in soup.find_all(string=True):
        if isinstance(node, Comment) or node.parent.name in ("script", "style", "[document]"):
            continue
        text = str(node)
        if not _skipped(node):
            context = before[-2:]
            if french_spacing(context + text) != french_spacing(context) + text:
                slips.append(f"{context}{text}"[:80])
        before += text
        before = before[-2:]
    # Tooltips and accessible names: the map's legs, the citations' short references.
    for element in soup.find_all(True):
        if element.name in SKIPPED or _skipped(element):
            continue
        for name in ("title", "aria-label", "alt"):
            value = element.get(name)
            if value and french_spacing(value) != value:
                slips.append(f"{element.name}[{name}]: {value}"[:80])
    return slips


def test_generated_numbers_and_units_are_joined_in_the_built_site(site):
    relay = (site.site / "fr/relay/index.html").read_text(encoding="utf-8")
    assert f"1{NNBSP}085{NBSP}km (674{NBSP}milles)" in relay  # [[relay:total]]
    soup = BeautifulSoup(relay, "lxml")
    legs = [t.get_text() for t in soup.select("svg.relay-map__svg title")]
    assert any(f"{NBSP}km (" in leg and f"{NBSP}milles)" in leg for leg in legs), legs
    scale = soup.select_one("text.relay-map__scale-text").get_text()
    assert scale == f"150{NBSP}km (93{NBSP}milles)"
    mushers = (site.site / "fr/mushers/index.html").read_text(encoding="utf-8")
    assert f"19{NBSP}h{NBSP}30" in mushers
    english = (site.site / "relay/index.html").read_text(encoding="utf-8")
    assert "674 mi (1,085 km)" in english  # English as it was


def test_every_french_page_has_french_spacing(site):
    pages = sorted((site.site / "fr").rglob("*.html"))
    assert len(pages) > 10
    slips = {
        str(page.relative_to(site.site)): found
        for page in pages
        if (found := spacing_slips(page.read_text(encoding="utf-8")))
    }
    assert slips == {}


def test_the_check_finds_an_ordinary_space():
    assert spacing_slips("<p>la mer de Béring : aucun</p>") == ["la mer de Béring : aucun"]
    assert spacing_slips("<p>la mer de <em>Béring</em> : aucun</p>") == ["ng : aucun"]
    assert spacing_slips(f"<p>Béring{NBSP}: « oui{NNBSP}»</p>") == [f"Béring{NBSP}: « oui{NNBSP}»"]
    # English titles, marked as such, keep English punctuation.
    assert spacing_slips('<p>Le livre <cite>Title : x</cite> ; <i lang="en">A : b</i></p>') == [
        " x ; "
    ]


def _french(text: str, problems: list | None = None) -> str:
    ext = FrenchSpacingExtension(languages=("fr",), page_lang=lambda: "fr")
    html = markdown.markdown(text, extensions=["attr_list", "md_in_html", "admonition", ext])
    if problems is not None:
        problems += ext.problems
    return html


def test_the_build_sets_french_spacing_in_text_only():
    problems = []
    html = _french(
        "## Où est-il ? { #where-now }\n\n"
        '!!! note "L’étape : 52 milles"\n\n'
        "    Texte ; encore !\n\n"
        'Il dit « oui » : [le lien](https://example.org/a:b "titre : x") ; `code : x`, '
        "*The Run: Sled Dogs*{ lang=en }, *Nome* : fin.\n\n"
        '<p title="a : b">raw : html</p>\n',
        problems,
    )
    assert '<h2 id="where-now">Où est-il\u202f?</h2>' in html
    assert f"L’étape{NBSP}: 52{NBSP}milles" in html
    assert f"Texte{NNBSP}; encore{NNBSP}!" in html
    assert f"«{NNBSP}oui{NNBSP}»{NBSP}: " in html
    assert f'title="titre : x">le lien</a>{NNBSP}; <code>code : x</code>' in html
    assert '<em lang="en">The Run: Sled Dogs</em>' in html
    assert f"<em>Nome</em>{NBSP}: fin." in html
    assert '<p title="a : b">raw : html</p>' in html  # raw HTML: as written, and refused
    assert [(p.after, p.raw) for p in problems] == [("raw : html", True)]


def test_a_number_and_its_unit_do_not_break_apart():
    assert french_spacing("1\u202f085 km (674 milles)") == f"1\u202f085{NBSP}km (674{NBSP}milles)"
    assert french_spacing("vers 19 h 30, 21 h, −46 °C, 80 km/h, 9 kg") == (
        f"vers 19{NBSP}h{NBSP}30, 21{NBSP}h, −46{NBSP}°C, 80{NBSP}km/h, 9{NBSP}kg"
    )
    assert french_spacing("{km} km ({mi} milles)") == f"{{km}}{NBSP}km ({{mi}}{NBSP}milles)"
    assert (
        french_spacing("en 1925 mourut ; le 3 mi-temps") == f"en 1925 mourut{NNBSP}; le 3 mi-temps"
    )


def test_english_pages_are_untouched():
    ext = FrenchSpacingExtension(languages=("fr",), page_lang=lambda: "en")
    assert markdown.markdown("Yes : no ; « x »", extensions=[ext]) == "<p>Yes : no ; « x »</p>"


def test_a_page_typed_with_ordinary_spaces_comes_out_right(project_copy, tmp_path):
    page = project_copy / "docs/fr/togo.md"
    text = page.read_text(encoding="utf-8")
    typed = text.replace("Où est Togo aujourd’hui ?", "Où est Togo aujourd’hui ?", 1)
    typed = typed.replace("baie de la mer de Béring : aucun", "baie de la mer de Béring : aucun")
    typed = typed.replace(
        "On s’en tient ici", "Il le dit ainsi : « le plus long » ; vraiment ! On s’en tient ici"
    )
    assert typed != text
    page.write_text(typed, encoding="utf-8")
    build = mkdocs_build(project_copy, tmp_path / "out")
    assert build.returncode == 0, build.output
    html = (tmp_path / "out/fr/togo/index.html").read_text(encoding="utf-8")
    assert f"mer de Béring{NBSP}: aucun" in html
    assert f"ainsi{NBSP}: «{NNBSP}le plus long{NNBSP}»{NNBSP}; vraiment{NNBSP}!" in html
    assert f"aujourd’hui{NNBSP}?" in html
    assert spacing_slips(html) == []


def test_a_space_the_build_cannot_set_is_refused_with_file_and_line(project_copy, tmp_path):
    page = project_copy / "docs/fr/togo.md"
    text = page.read_text(encoding="utf-8")
    line = text.splitlines().index(next(x for x in text.splitlines() if "mer de Béring" in x)) + 1
    # The space ends the link's text, the colon starts the text after it.
    edited = re.sub(
        r"mer de Béring[ \u00a0\u202f]: aucun", "mer de [Béring ](index.md): aucun", text
    )
    assert edited != text
    page.write_text(edited, "utf-8")
    build = mkdocs_build(project_copy, tmp_path / "out")
    assert build.returncode != 0
    assert f"docs/fr/togo.md:{line}: found an ordinary space between 'Béring'" in build.output
    assert "Traceback" not in build.output


def test_raw_html_with_an_ordinary_space_is_refused_with_file_and_line(project_copy, tmp_path):
    for lang, raw in (("en", "<p>Raw: text</p>"), ("fr", "<p>Texte brut : ici</p>")):
        page = project_copy / f"docs/{lang}/togo.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\n{raw}\n", encoding="utf-8")
    line = len((project_copy / "docs/fr/togo.md").read_text(encoding="utf-8").splitlines())
    build = mkdocs_build(project_copy, tmp_path / "out")
    assert build.returncode != 0
    assert (
        f"docs/fr/togo.md:{line}: found an ordinary space before French punctuation in raw HTML"
    ) in build.output
    assert "Traceback" not in build.output
