"""Build tests of the references pages and their backlinks, in both languages.

The real site is built once (the `site` fixture); the tests that break the build on
purpose work on a scratch copy of the project (`project_copy`), or share one copy broken
in several places and built once where the build lists every problem at once (the
`copies` fixture): each test asserts the message naming its own file and line.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from serumrun.citations import bibliography
from serumrun.l10n.typography import french_spacing
from tests.sitebuild import LANGUAGES, PROJECT, mkdocs_build, url_prefix

pytestmark = pytest.mark.slow

#: The references the source documents carried (the source documents' own), exactly.
ORIGINALS = {
    "brooks": "<ref name=Brooks> Page 139.</ref>",
    "salisbury2003": "<ref name=Salisbury> </ref>",
    "nycparks-balto-sign": (
        "<ref name=NYC>(2001-08-27) \"BALTO - Historical Sign,\" ''New York City Department of "
        "Parks & Recreation''.  Retrieved from http://www.nycgovparks.org/sub_your_park/"
        "historical_signs/hs_historical_sign.php?id=10771 on 2007-02-26.</ref>"
    ),
    "cpc-balto": (
        "<ref name=CP>\"Balto\", ''Central Park Conservancy: Official Website for Central Park''. "
        "Retrieved from http://www.centralparknyc.org/site/PageServer?pagename="
        "virtualpark_southend_balto on 2008-01-05.</ref>\n<ref name=CP/>"
    ),
    "cleveland-history": "<ref name=ClevelandHistory></ref>",
    # Verbatim as seed 002 has it : two lines, a blank line between them, and
    # the space before the full stop.
    "blm-iditarod-map": (
        "Iditarod Trail BLM map\n\nCredit: U.S. Bureau of Land Management . Public Domain"
    ),
    "akc-togo": "For further information consider American Kennel Club",
}
STATUS = {
    "en": {
        "brooks": "not identified",
        "salisbury2003": "probable",
        "nycparks-balto-sign": "identified",
        "cpc-balto": "identified",
        "cleveland-history": "not identified",
        "blm-iditarod-map": "identified",
        "akc-togo": "probable",
    },
    "fr": {
        "brooks": "non identifiée",
        "salisbury2003": "probable",
        "nycparks-balto-sign": "identifiée",
        "cpc-balto": "identifiée",
        "cleveland-history": "non identifiée",
        "blm-iditarod-map": "identifiée",
        "akc-togo": "probable",
    },
}
LABELS = {
    "en": {
        "cited": "Cited in:",
        "original": "Original citation in the source document:",
        "retrieved": "Retrieved ",
        "further": "Further reading",
    },
    "fr": {
        "cited": "Cité dans\u00a0:",
        "original": "Citation originale dans le document source\u00a0:",
        "retrieved": "consulté le ",
        "further": "Lectures complémentaires",
    },
}


def _references_path(lang: str) -> str:
    return f"{url_prefix(lang)}references/index.html"


def _entries(site, lang: str) -> dict:
    soup = site.soup(_references_path(lang))
    items = soup.select("li.bibliography-entry")
    ids = [li["id"] for li in items]
    assert len(ids) == len(set(ids)), "an entry is listed twice"
    return {li["id"].removeprefix("ref-"): li for li in items}


def _section_of(element) -> str | None:
    heading = element.find_previous(["h2", "h3", "h4", "h5", "h6"])
    return heading.get("id") if heading else None


def _resolve(from_path: str, href: str) -> tuple[str, str]:
    """The site file a relative link from `from_path` leads to, and its fragment."""
    parts = urlsplit(href)
    assert not parts.scheme and not parts.netloc, f"{href} is not a relative link"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(from_path), parts.path))
    if parts.path.endswith("/") or parts.path in ("", "."):
        target = posixpath.join(target, "index.html")
    return target.removeprefix("./"), parts.fragment


def _content_pages(site, lang: str) -> list[str]:
    root = site.site / url_prefix(lang)
    pages = []
    for path in sorted(root.rglob("index.html")):
        rel = path.relative_to(site.site).as_posix()
        other = [
            p for p in LANGUAGES if p != lang and url_prefix(p) and rel.startswith(url_prefix(p))
        ]
        if other or rel.startswith(("search/", "assets/")) or rel == _references_path(lang):
            continue
        pages.append(rel)
    return pages


def _in_language(path: str, lang: str) -> bool:
    prefixes = [url_prefix(other) for other in LANGUAGES if other != lang and url_prefix(other)]
    if url_prefix(lang):
        return path.startswith(url_prefix(lang))
    return not path.startswith(tuple(prefixes))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_references_page_lists_every_entry_once(site, lang):
    assert set(_entries(site, lang)) == set(bibliography.load(PROJECT))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_original_references_keep_their_exact_text(site, lang):
    entries = _entries(site, lang)
    for key, original in ORIGINALS.items():
        li = entries[key]
        assert _section_of(li) == "original-references"
        quote = li.select_one("blockquote.bibliography-original")
        assert quote.p.get_text() == LABELS[lang]["original"]
        assert quote.select_one("pre > code").get_text() == original
        status = li.select_one("p.bibliography-status strong").get_text()
        assert status == STATUS[lang][key], key


@pytest.mark.parametrize("lang", LANGUAGES)
def test_backlinks_point_to_existing_anchors_in_the_same_language(site, lang):
    page = _references_path(lang)
    links = 0
    soups = {}  # each page parsed once, however many backlinks reach it
    for key, li in _entries(site, lang).items():
        backlinks = li.select_one("p.bibliography-backlinks")
        if backlinks is None:
            continue
        assert backlinks.get_text().startswith(LABELS[lang]["cited"])
        for a in backlinks.find_all("a"):
            target, fragment = _resolve(page, a["href"])
            assert _in_language(target, lang), f"{key}: {a['href']} leaves the language"
            assert (site.site / target).is_file(), f"{key}: {a['href']} is not a page"
            soup = soups.get(target) or soups.setdefault(target, site.soup(target))
            page_title, _, section_title = a.get_text().partition(" › ")
            assert soup.title.get_text().startswith(page_title), (key, a.get_text())
            if fragment:
                heading = soup.find(id=fragment)
                assert heading is not None, f"{key}: no #{fragment} in {target}"
                assert heading.get_text().rstrip("¶").strip() == section_title, (key, a["href"])
            links += 1
    assert links, "no backlinks at all"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_citation_on_the_site_has_its_backlink(site, lang):
    entries = _entries(site, lang)
    references = _references_path(lang)
    backlinks = {
        key: {_resolve(references, a["href"]) for a in li.select("p.bibliography-backlinks a")}
        for key, li in entries.items()
    }
    markers = 0
    for page in _content_pages(site, lang):
        for sup in site.soup(page).select("sup.citation"):
            section = _section_of(sup)
            for a in sup.find_all("a"):
                target, fragment = _resolve(page, a["href"])
                assert target == references, f"{page}: {a['href']} is not {references}"
                key = fragment.removeprefix("ref-")
                assert key in entries, f"{page}: no entry #{fragment}"
                assert (page, section or "") in backlinks[key], (
                    f"{references}: entry {key} has no backlink to {page}#{section}"
                )
                # The accessible name is the visible marker followed by the source.
                assert a["aria-label"] == f"{a.get_text()} {a['title']}" and a["title"]
                markers += 1
    assert markers, f"no citation markers in {lang}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_further_reading_lists_the_uncited_entries_sorted(site, lang):
    soup = site.soup(_references_path(lang))
    assert soup.find(id="further-reading").get_text().startswith(LABELS[lang]["further"])
    entries = bibliography.load(PROJECT)
    further, cited = [], []
    for key, li in _entries(site, lang).items():
        has_backlinks = li.select_one("p.bibliography-backlinks") is not None
        section = _section_of(li)
        if section == "further-reading":
            assert not has_backlinks, key
            further.append(key)
        elif section == "cited-sources":
            assert has_backlinks, key
            cited.append(key)
    assert further == sorted(
        further, key=lambda k: bibliography.sort_key(entries[k], PROJECT.default_language)
    )
    assert cited == sorted(
        cited, key=lambda k: bibliography.sort_key(entries[k], PROJECT.default_language)
    )
    assert cited and len(cited) + len(further) + len(ORIGINALS) == len(entries)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_references_are_formatted_in_the_page_language(site, lang):
    entries = bibliography.load(PROJECT)
    for key, li in _entries(site, lang).items():
        entry = entries[key]
        text = li.select_one("p.bibliography-reference").get_text()
        if entry.accessed:
            date = bibliography.format_date(entry.accessed, PROJECT.language(lang))
            assert f"{LABELS[lang]['retrieved']}{date}" in text, key
        if entry.archive:
            assert li.select_one("a.reference-archive")["href"] == entry.archive
    other = "fr" if lang == "en" else "en"
    references = site.soup(_references_path(lang)).select("p.bibliography-reference")
    assert not any(LABELS[other]["retrieved"] in p.get_text() for p in references)


def _all_pages(site) -> list[str]:
    return sorted(p.relative_to(site.site).as_posix() for p in site.site.rglob("*.html"))


def test_no_page_links_a_reader_site_a_mirror_or_a_dated_capture(site):
    # The citing rules (CONTRIBUTING.md, "Cite"): no unauthorized copies of books, no
    # Wikipedia mirrors, and an archive link only as the list of captures, never a dated one
    # nobody checked.
    problems = []
    for page in _all_pages(site):
        for a in site.soup(page).select("a[href]"):
            href = a["href"]
            reason = bibliography.denied_reason(href) if href.startswith("http") else None
            if reason or re.match(r"https?://web\.archive\.org/web/\d", href):
                problems.append(f"{page}: {href}")
            if "web.archive.org" in href:
                assert href.startswith(bibliography.ARCHIVE_PREFIX), f"{page}: {href}"
    assert not problems, "\n".join(problems)
    for host in ("bookreadfree", "libcat", "freenovelread", "handwiki", "owiki", "wikisum"):
        assert not any(host in (site.site / page).read_text("utf-8") for page in _all_pages(site))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_invented_access_dates(site, lang):
    # Only the two original references whose source document recorded a retrieval date
    # show one; every other entry has none.
    retrieved = {
        key
        for key, li in _entries(site, lang).items()
        if LABELS[lang]["retrieved"] in li.select_one("p.bibliography-reference").get_text()
    }
    assert retrieved == {"nycparks-balto-sign", "cpc-balto"}
    text = site.soup(_references_path(lang)).select_one("article").get_text()
    assert "2026" in text  # the page says once when the sources were checked...
    assert "1 November 2026" not in text and "1er novembre 2026" not in text  # ...not per source


@pytest.mark.parametrize(
    ("lang", "credit"),
    [
        (
            "en",
            "Chargot, Patricia (2006). “The Adventures of Balto”. In Mike Dillingham, "
            "Alaska Dogs and Iditarod Mushers. ISBN\u00a0978-1-59433-042-1.",
        ),
        (
            "fr",
            "Chargot, Patricia, «\u202fThe Adventures of Balto\u202f» (en anglais), dans Mike "
            "Dillingham, Alaska Dogs and Iditarod Mushers, 2006, ISBN\u00a0978-1-59433-042-1.",
        ),
    ],
)
def test_chargot_is_credited_with_the_collection(site, lang, credit):
    li = _entries(site, lang)["dillingham-2006"]
    assert li.select_one("p.bibliography-reference").get_text() == credit
    assert li.select_one("p.bibliography-reference a") is None  # a book, no reader-site link
    assert _section_of(li) == "cited-sources"


def test_no_page_number_from_a_reader_site(site):
    # The excerpts of The Cruelest Miles were read without the print pagination.
    for page in _all_pages(site):
        for sup in site.soup(page).select("sup.citation a"):
            title = sup.get("title", "") + sup.get("aria-label", "")
            assert not re.search(r"Salisbury (and|et) Salisbury 2003, p", title), page


SUPPLIED = {"en": "title supplied", "fr": "titre attribué"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_supplied_titles_are_bracketed_marked_and_translated(site, lang):
    entries = bibliography.load(PROJECT)
    supplied = [e for e in entries.values() if e.supplied_title]
    assert len(supplied) >= 30
    for entry in supplied:
        li = _entries(site, lang)[entry.key]
        text = li.select_one("p.bibliography-reference").get_text()
        title = entry.supplied_title[lang]
        title = french_spacing(title) if lang == "fr" else title
        assert f"[{title}] ({SUPPLIED[lang]}" in text, (entry.key, text)
    fr = _entries(site, "fr")["arrival-corroboration"].select_one("p.bibliography-reference")
    assert fr.get_text().startswith("[Récits de l’arrivée à Nome vers 5\u00a0h\u00a030]")
    # No English-only bracketed description is left on the French page.
    french = site.soup(_references_path("fr")).select("p.bibliography-reference")
    assert not any("[Accounts of" in p.get_text() for p in french)


def test_french_references_page_has_french_typography(site):
    # No breakable space before ; : ! ? » or after «: a lone sign never starts a line.
    article = site.soup(_references_path("fr")).select_one("article")
    text = article.get_text()
    bad = [
        text[max(0, m.start() - 30) : m.end() + 10]
        for m in re.finditer(r"[ \t\n][;:!?»]|«[ \t\n]", text)
    ]
    assert not bad, bad
    # And the French data strings reached the page: notes, identifications, labels.
    assert "non identifiée" in text and "\u202f;" in text and "\u00a0:" in text


def test_citations_made_by_other_extensions_get_backlinks(project_copy, tmp_path):
    # A snippet is invisible to the scan of the sources; its marker is reported as rendered.
    (project_copy / "snippets").mkdir()
    (project_copy / "snippets" / "claim.md").write_text(
        "A claim [@brooks, p. 139].\n", encoding="utf-8"
    )
    config = project_copy / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - pymdownx.superfences\n",
            "  - pymdownx.superfences\n  - pymdownx.snippets:\n      base_path: [snippets]\n",
        ),
        encoding="utf-8",
    )
    _append(project_copy / "docs/en/relay.md", '\n--8<-- "claim.md"\n')
    build = mkdocs_build(project_copy, tmp_path / "site")
    assert build.returncode == 0, build.output
    relay = build.soup("relay/index.html")
    section = _section_of(relay.select("sup.citation")[-1])
    brooks = _entries(build, "en")["brooks"]
    hrefs = [a["href"] for a in brooks.select("p.bibliography-backlinks a")]
    assert hrefs == [f"../relay/#{section}"]
    assert _entries(build, "fr")["brooks"].select_one("p.bibliography-backlinks") is None


# --- Builds that must fail -----------------------------------------------------------------


def _append(path: Path, text: str) -> int:
    """Append text to a file; return the file line of its last line."""
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")
    return len(path.read_text(encoding="utf-8").splitlines())


@pytest.fixture(scope="module")
def bad_pages(copies):
    """Pages with an unknown citation key (on one line, over two), and one imitating the
    plugin's placeholder: the source gates list the three at once. The build, and the
    line each case was written on."""
    project = copies("pages")
    lines = {
        "unknown": _append(
            project / "docs/en/index.md", "\nA claim [@salisbury2003; @no-such-key, p. 3].\n"
        ),
        # Python-Markdown joins a paragraph's lines, so the extension sees this citation
        # whole; the early scan must too, and name the line where the citation starts.
        "split": _append(
            project / "docs/fr/relay.md", "\nUne affirmation [@salisbury2003;\n@no-such-key].\n"
        ),
        # Raw HTML written like the plugin's placeholder would receive a citation marker
        # or a backlink list it does not own.
        "late": _append(
            project / "docs/fr/togo.md",
            '\nTexte <sup class="citation" data-serumrun-late="1" id="cite-1"></sup>.\n',
        ),
    }
    return mkdocs_build(project, project.parent / "site"), lines


def test_unknown_citation_key_fails_build(bad_pages):
    build, lines = bad_pages
    line = lines["unknown"]
    assert build.returncode != 0
    # The contributor check's message (serumrun/checks/links.py), refused before any
    # rendering; the scan that stops the build says it in the same words: said once.
    message = (
        f"docs/en/index.md:{line}: found unknown citation key @no-such-key, expected a key "
        "of data/bibliography.yml"
    )
    assert build.output.count(message) == 1, build.output


def test_citation_split_over_two_lines_with_an_unknown_key_fails_build(bad_pages):
    build, lines = bad_pages
    line = lines["split"]
    assert build.returncode != 0
    assert (
        f"docs/fr/relay.md:{line - 1}: found unknown citation key @no-such-key, expected a key "
        "of data/bibliography.yml"
    ) in build.output
    assert not (build.site / "index.html").exists()


def test_unknown_key_in_code_does_not_fail_build(project_copy, tmp_path):
    _append(
        project_copy / "docs/fr/index.md",
        "\n```text\n[@no-such-key]\n```\n\nLa syntaxe `[@no-such-key]`.\n\n"
        "<!-- [@no-such-key] -->\n",
    )
    build = mkdocs_build(project_copy, tmp_path / "site")
    assert "no-such-key" not in build.output
    assert build.returncode == 0, build.output


#: Links to copies the bibliography refuses, each in an entry of its own key.
DENIED = {
    "https://bookreadfree.com/232838/5764177.amp": "copy-1",
    "https://libcat.ru/knigi/x.html": "copy-2",
    "https://handwiki.org/wiki/Medicine:1925_serum_run_to_Nome": "copy-3",
}


@pytest.fixture(scope="module")
def bad_bibliography(copies):
    """A bibliography with a duplicate key, links to copies and a dated archive capture:
    its checks list every problem at once. The build, and the line of each entry's end."""
    project = copies("bibliography")
    data = project / "data/bibliography.yml"
    lines = {"brooks": _append(data, "\n- key: brooks\n  type: book\n  title: Again\n")}
    for address, key in DENIED.items():
        lines[key] = _append(
            data, f"\n- key: {key}\n  type: web\n  title: A copy\n  url: {address}\n"
        )
    lines["dated"] = _append(
        data,
        "\n- key: dated\n  type: web\n  title: A page\n  url: https://example.org/\n"
        "  archive: https://web.archive.org/web/20261101/https://example.org/\n",
    )
    return mkdocs_build(project, project.parent / "site"), lines


def test_bibliography_error_fails_build(bad_bibliography):
    build, lines = bad_bibliography
    assert build.returncode != 0
    assert f"data/bibliography.yml:{lines['brooks'] - 2}: duplicate key 'brooks'" in build.output


@pytest.mark.parametrize("address", DENIED)
def test_denied_domain_in_the_bibliography_fails_build(bad_bibliography, address):
    build, lines = bad_bibliography
    key = DENIED[address]
    assert build.returncode != 0
    assert (
        f"data/bibliography.yml:{lines[key]}: entry '{key}': 'url' links {address}" in build.output
    )


def test_dated_archive_capture_fails_build(bad_bibliography):
    build, lines = bad_bibliography
    assert build.returncode != 0
    assert f"data/bibliography.yml:{lines['dated']}: entry 'dated': 'archive' must be" in (
        build.output
    )


def test_references_page_without_marker_fails_build(project_copy, tmp_path):
    page = project_copy / "docs/fr/references.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("[[bibliography]]", ""), encoding="utf-8"
    )
    build = mkdocs_build(project_copy, tmp_path / "site")
    assert build.returncode != 0
    assert "fr/references.md: the references page needs the marker [[bibliography]]" in build.output


# --- The plugin's own anchor checks (links it writes resolved) ------------------------------


def _references_with(tmp_path, backlinks):
    from serumrun.citations.references import Backlink, References

    refs = References(PROJECT, "references.md")
    refs.backlinks["en"] = {
        key: [Backlink(page, anchor, "T", (0, page, line))] for key, page, anchor, line in backlinks
    }
    return refs


def test_a_backlink_to_a_missing_anchor_fails_with_file_and_line(tmp_path):
    from mkdocs.exceptions import PluginError

    refs = _references_with(tmp_path, [("brooks", "relay.md", "no-such-section", 12)])
    with pytest.raises(PluginError, match=r"docs/en/relay.md:12: .* #no-such-section"):
        refs.check_links("en", {"references.md": {"ref-brooks"}, "relay.md": {"legs", "timeline"}})
    refs.check_links("en", {"references.md": {"ref-brooks"}, "relay.md": {"no-such-section"}})


def test_a_cited_key_without_its_entry_anchor_fails_with_file_and_line(tmp_path):
    from mkdocs.exceptions import PluginError

    refs = _references_with(tmp_path, [("brooks", "relay.md", "legs", 12)])
    with pytest.raises(PluginError, match=r"docs/en/relay.md:12: the citation of 'brooks'"):
        refs.check_links("en", {"references.md": {"ref-other"}, "relay.md": {"legs"}})
    refs.check_links("en", {"references.md": {"ref-brooks"}, "relay.md": {"legs"}})  # passes


# --- Late markup (serumrun/citations/deferred_markup.py): put in place after search read it ---


@pytest.mark.parametrize("lang", LANGUAGES)
def test_markers_and_backlinks_are_published_but_not_indexed(site, lang):
    """The pages carry every citation marker and backlink; the search index, which the
    search plugin builds from each page before they are put in place, has none of them."""
    prefix = url_prefix(lang)
    relay = site.soup(f"{prefix}relay/index.html")
    markers = relay.select("sup.citation")
    assert len(markers) > 20
    assert all(m.select("a[href*='references/#ref-'][title][aria-label]") for m in markers)
    references = site.soup(f"{prefix}references/index.html")
    backlinks = references.select("p.bibliography-backlinks a[href]")
    assert len(backlinks) > 100
    # Nothing of the plugin's placeholders is left in any page.
    for path in site.site.rglob("*.html"):
        assert "data-serumrun-late" not in path.read_text(encoding="utf-8"), path
    index = json.loads((site.site / prefix / "search/search_index.json").read_text("utf-8"))
    docs = {doc["location"]: doc for doc in index["docs"]}
    relay_text = " ".join(d["text"] for loc, d in docs.items() if loc.startswith("relay/"))
    assert "Seppala" in relay_text  # the prose is indexed
    assert not re.search(r"<sup>\[\d", relay_text)  # the markers' numbers are not
    cited_in = "Cited in:" if lang == "en" else "Cité dans"
    references_text = " ".join(
        d["text"] for loc, d in docs.items() if loc.startswith("references/")
    )
    assert "Salisbury" in references_text  # the entries are indexed
    assert cited_in not in references_text  # the backlinks are not
    assert cited_in in references.get_text()


def test_a_page_imitating_a_late_placeholder_fails_build(bad_pages):
    """Raw HTML written like the plugin's placeholder would receive a citation marker or a
    backlink list it does not own: the build stops and names the page (`bad_pages`)."""
    build, lines = bad_pages
    assert build.returncode != 0
    line = lines["late"]
    assert (
        f"docs/fr/togo.md:{line}: found the attribute data-serumrun-late in the page's HTML"
        in build.output
    )
    assert not (build.site / "index.html").exists()
