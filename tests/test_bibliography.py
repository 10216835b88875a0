"""Tests of the bibliography data: validation errors (file and line) and formatting."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from serumrun.citations import bibliography
from serumrun.citations.bibliography import BibliographyError
from tests.sitebuild import PROJECT

EN, FR = PROJECT.language("en"), PROJECT.language("fr")

VALID = """\
- key: salisbury2003
  type: book
  authors: ["Salisbury, Gay", "Salisbury, Laney"]
  title: "The Cruelest Miles: The Heroic Story"
  publisher: W. W. Norton
  place: New York
  date: "2003"
  isbn: 978-0-393-01962-9
- key: nyc
  type: sign
  authors: []
  title: BALTO - Historical Sign
  publisher: New York City Department of Parks & Recreation
  date: "2001-08-27"
  url: http://www.nycgovparks.org/x?id=10771
  accessed: "2007-02-26"
  archive: https://web.archive.org/web/*/http://www.nycgovparks.org/x?id=10771
  original: |-
    <ref name=NYC>"BALTO", retrieved from http://www.nycgovparks.org/x?id=10771 on 2007-02-26.</ref>
  status: identified
  identification:
    en: The NYC Parks sign.
    fr: Le panneau de NYC Parks.
"""
NNBSP = "\u202f"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bibliography.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _project(path: Path):
    """The site's project with another bibliography file."""
    return replace(PROJECT, bibliography=path)


def _error(tmp_path: Path, text: str) -> BibliographyError:
    path = _write(tmp_path, text)
    with pytest.raises(BibliographyError) as caught:
        bibliography.load(_project(path))
    assert str(caught.value).startswith(f"{path}:{caught.value.line}: ")
    return caught.value


def test_valid_file_loads_in_order(tmp_path):
    entries = bibliography.load(_project(_write(tmp_path, VALID)))
    assert list(entries) == ["salisbury2003", "nyc"]
    assert entries["nyc"].line == 9
    assert entries["nyc"].date == "2001-08-27"


def test_malformed_yaml_names_file_and_line(tmp_path):
    error = _error(tmp_path, VALID.replace("Historical Sign", "Historical: Sign"))
    assert (error.line, error.problem) == (
        12,
        "not valid YAML: mapping values are not allowed here",
    )


def test_malformed_yaml_tab_indent(tmp_path):
    error = _error(tmp_path, VALID.replace("  accessed:", "\taccessed:"))
    assert error.line == 16
    assert error.problem.startswith(
        "not valid YAML: found character '\\t' that cannot start any token"
    )


def test_malformed_yaml_says_where_the_block_began(tmp_path):
    error = _error(tmp_path, VALID.replace("  url: http", "    url: http"))
    assert error.line == 15
    assert error.problem == (
        "not valid YAML: expected <block end>, but found '<block mapping start>' "
        "(while parsing a block mapping, from line 9)"
    )


def test_top_level_must_be_a_list(tmp_path):
    error = _error(tmp_path, "\n\nkey: x\ntype: book\n")
    assert (error.line, error.problem) == (3, "expected a list of entries (- key: ...)")


def test_empty_file(tmp_path):
    assert "empty" in _error(tmp_path, "# nothing yet\n").problem


def test_entry_must_be_a_mapping(tmp_path):
    error = _error(tmp_path, VALID + "- just a string\n")
    assert (error.line, error.problem) == (
        24,
        "entry 3: found 'just a string', expected a mapping (key: value)",
    )


def test_duplicate_key_names_both_lines(tmp_path):
    error = _error(tmp_path, VALID + "- key: salisbury2003\n  type: book\n  title: Again\n")
    assert error.line == 24
    assert error.problem == "duplicate key 'salisbury2003' (first defined at line 1)"


def test_field_given_twice_in_an_entry(tmp_path):
    error = _error(tmp_path, VALID + "- key: x\n  type: book\n  title: A\n  title: B\n")
    assert (error.line, error.problem) == (27, "entry 'x': field 'title' given twice")


@pytest.mark.parametrize(
    ("field", "problem"),
    [
        (
            "title",
            "entry 'nyc' has no 'title' or 'supplied_title' "
            "(only a not-identified reference may lack one)",
        ),
        ("type", "entry 'nyc' has no 'type'"),
        ("key", "entry 2 has no 'key'"),
    ],
)
def test_missing_required_field_names_the_entry_line(tmp_path, field, problem):
    first, second = VALID.split("- key: nyc\n")
    second = "- key: nyc\n" + second
    if field == "key":
        second = second.replace("- key: nyc\n  type: sign", "- type: sign")
    else:
        second = "".join(
            line for line in second.splitlines(True) if not line.startswith(f"  {field}:")
        )
    error = _error(tmp_path, first + second)
    assert error.line == 9
    assert error.problem.startswith(problem)


def test_every_problem_of_the_file_is_named_at_once(tmp_path):
    text = VALID.replace("type: sign", "type: plaque").replace("  isbn:", "  isnb:")
    text = text.replace('accessed: "2007-02-26"', 'accessed: "2007-02-30"')
    error = _error(tmp_path, text)
    assert [(line, problem.split(":")[1]) for line, problem in error.problems] == [
        (8, " unknown field 'isnb' (did you mean 'isbn'?) (fields"),
        (
            10,
            " found 'plaque', expected 'article', 'book', 'chapter', 'dictionary', "
            "'encyclopedia', 'film', 'map', 'photograph', 'press-release', 'sign', "
            "'unidentified' or 'web'",
        ),
        (16, " 'accessed'"),
    ]
    assert str(error).count(f"{tmp_path / 'bibliography.yml'}:") == 3


def test_unknown_type_names_its_line(tmp_path):
    error = _error(tmp_path, VALID.replace("type: sign", "type: plaque"))
    assert error.line == 10
    assert error.problem == (
        "entry 'nyc': found 'plaque', expected 'article', 'book', 'chapter', 'dictionary', "
        "'encyclopedia', 'film', 'map', 'photograph', 'press-release', 'sign', "
        "'unidentified' or 'web'"
    )


def test_unknown_field_is_a_typo(tmp_path):
    error = _error(tmp_path, VALID.replace("  isbn:", "  isnb:"))
    assert error.line == 8
    assert error.problem.startswith(
        "entry 'salisbury2003': unknown field 'isnb' (did you mean 'isbn'?) (fields: key, type,"
    )


@pytest.mark.parametrize("bad", ["2007-02-30", "26/02/2007", "2007-2-26", "20070226", "2007-13"])
def test_bad_date_names_its_line(tmp_path, bad):
    error = _error(tmp_path, VALID.replace('accessed: "2007-02-26"', f'accessed: "{bad}"'))
    assert error.line == 16
    assert error.problem == (
        f"entry 'nyc': 'accessed': bad date '{bad}' (expected YYYY, YYYY-MM or YYYY-MM-DD)"
    )


def test_access_date_must_be_a_full_date(tmp_path):
    error = _error(tmp_path, VALID.replace('accessed: "2007-02-26"', 'accessed: "2007-02"'))
    assert (error.line, error.problem) == (
        16,
        "entry 'nyc': 'accessed' must be a full date (YYYY-MM-DD)",
    )


def test_unquoted_date_is_read_as_written(tmp_path):
    entries = bibliography.load(
        _project(_write(tmp_path, VALID.replace('date: "2003"', "date: 2003-05")))
    )
    assert entries["salisbury2003"].date == "2003-05"


def test_archive_must_list_the_captures_of_the_url(tmp_path):
    error = _error(
        tmp_path, VALID.replace("web/*/http://www.nycgovparks.org/", "web/*/http://elsewhere.org/")
    )
    assert error.line == 17
    assert error.problem == (
        "entry 'nyc': 'archive' must be the list of the Wayback Machine's captures of its url, "
        "https://web.archive.org/web/*/http://www.nycgovparks.org/x?id=10771, "
        "not a dated capture that nobody checked"
    )


@pytest.mark.parametrize("stamp", ["20070226", "2007", "20261101000000"])
def test_dated_archive_capture_is_refused(tmp_path, stamp):
    # A date-stamped capture promises a copy "as it stood then" that nobody checked.
    error = _error(
        tmp_path, VALID.replace("web.archive.org/web/*/", f"web.archive.org/web/{stamp}/")
    )
    assert error.line == 17
    assert "not a dated capture that nobody checked" in error.problem


def test_archive_without_url_is_refused(tmp_path):
    text = VALID.replace("  url: http://www.nycgovparks.org/x?id=10771\n", "")
    error = _error(tmp_path, text)
    assert (error.line, error.problem) == (16, "entry 'nyc' has an 'archive' but no 'url'")


def test_access_date_only_on_an_original_reference(tmp_path):
    # Nobody recorded when the site's own sources were read: no per-source access date.
    web = """\
- key: page
  type: web
  authors: []
  title: A page
  url: https://example.org/page
  accessed: "2026-11-01"
"""
    error = _error(tmp_path, web)
    assert error.line == 6
    assert error.problem.startswith(
        "entry 'page': 'accessed' is only for an original reference that records when it was read"
    )
    # Without it the page is fine, and so is the original reference that records one.
    entries = bibliography.load(
        _project(_write(tmp_path, web.replace('  accessed: "2026-11-01"\n', "")))
    )
    assert entries["page"].accessed is None and entries["page"].archive is None
    assert bibliography.load(_project(_write(tmp_path, VALID)))["nyc"].accessed == "2007-02-26"


WEB = """\
- key: page
  type: web
  authors: []
  title: A page
  url: https://example.org/page
  also:
    - https://example.org/page2
    - https://example.org/page3
"""


@pytest.mark.parametrize(
    "host",
    [
        "bookreadfree.com",
        "libcat.ru",
        "mike-dillingham.freenovelread.com",
        "trantor.is",
        "documents.pub",
        "docslib.org",
    ],
)
def test_reader_site_url_is_refused_with_its_line(tmp_path, host):
    error = _error(tmp_path, WEB.replace("example.org/page\n", f"{host}/432925/1\n", 1))
    assert error.line == 5
    domain = host.removeprefix("mike-dillingham.")
    assert error.problem == (
        f"entry 'page': 'url' links https://{host}/432925/1: {domain} is a site hosting "
        "unauthorized copies of books; cite the book as a book (authors, title, publisher, "
        "year, ISBN, chapter or part), without a link"
    )


def test_denied_domain_in_also_names_the_line_of_the_address(tmp_path):
    error = _error(tmp_path, WEB.replace("https://example.org/page3", "https://libcat.ru/x"))
    assert error.line == 8
    assert error.problem.startswith("entry 'page': 'also' links https://libcat.ru/x: libcat.ru")


@pytest.mark.parametrize(
    "address",
    [
        "https://handwiki.org/wiki/Medicine:X",
        "https://wikisum.wiki/wiki/X",
        "https://de.wikibrief.org/wiki/X",
    ],
)
def test_wikipedia_mirror_is_refused(tmp_path, address):
    error = _error(tmp_path, WEB.replace("https://example.org/page2", address))
    assert error.line == 7
    assert error.problem.endswith("is a mirror of Wikipedia; cite the Wikipedia article itself")


@pytest.mark.parametrize(
    ("address", "domain"),
    [
        # The copies the site's sources were read through: the LA Times archive, Ars
        # Technica, a pet site, the Central Park Conservancy text in Spanish.
        ("http://ukobiw.net./archives/la-xpm-1998-mar-22-mn-31454-story.html", "ukobiw.net"),
        (
            "https://theglobeherald.com/scientists-sequenced-the-genome-of-balto",
            "theglobeherald.com",
        ),
        ("https://pt.mydogs.pet/dog-who-saved-owner-s-life-on-9-11", "mydogs.pet"),
        ("https://ncgovote.org/es/balto-espa%c3%b1ol", "ncgovote.org"),
    ],
)
def test_a_copy_of_an_article_is_refused_with_its_line(tmp_path, address, domain):
    error = _error(tmp_path, WEB.replace("https://example.org/page\n", f"{address}\n", 1))
    assert error.line == 5  # _error has checked that the message starts with "file:5: "
    assert error.problem == (
        f"entry 'page': 'url' links {address}: {domain} is a site that copied an article it "
        "did not publish; link the article at its publisher (or the publisher's page in the "
        "Internet Archive), or give no url and say in the note where it was read"
    )
    # The same host in 'also' names the line of that address.
    error = _error(tmp_path, WEB.replace("https://example.org/page3", address))
    assert error.line == 8
    assert error.problem.startswith(f"entry 'page': 'also' links {address}: {domain} is a site")


def test_a_similar_name_is_not_denied():
    assert bibliography.denied_reason("https://notlibcat.ru/x") is None
    assert bibliography.denied_reason("https://en.wikipedia.org/wiki/Balto") is None
    assert bibliography.denied_reason("https://www.bookreadfree.com/1").startswith(
        "bookreadfree.com is a site hosting unauthorized copies"
    )


SUPPLIED = """\
- key: arrival
  type: web
  authors: []
  supplied_title:
    en: "Accounts of the arrival: 5:30 a.m."
    fr: "Récits de l’arrivée : 5 h 30"
  site: Example
  url: https://example.org/arrival
"""


def test_bracketed_title_must_be_a_supplied_title(tmp_path):
    error = _error(tmp_path, VALID.replace("title: BALTO - Historical Sign", 'title: "[A sign]"'))
    assert error.line == 12
    assert error.problem.startswith(
        "entry 'nyc': a title in brackets is one we supplied: write it as 'supplied_title'"
    )


def test_supplied_title_needs_every_language(tmp_path):
    error = _error(tmp_path, SUPPLIED.replace('    fr: "Récits de l’arrivée : 5 h 30"\n', ""))
    assert (error.line, error.problem) == (
        5,
        "entry 'arrival': 'supplied_title' needs a text for each language: en, fr",
    )


def test_supplied_title_is_bracketed_marked_and_translated(tmp_path):
    entry = bibliography.load(_project(_write(tmp_path, SUPPLIED)))["arrival"]
    link = '<a href="https://example.org/arrival">'
    assert bibliography.format_entry(entry, EN) == (
        f"{link}[Accounts of the arrival: 5:30 a.m.]</a> (title supplied). <cite>Example</cite>."
    )
    # French: the French description, French spacing, marked in French.
    assert bibliography.format_entry(entry, FR) == (
        f"{link}[Récits de l’arrivée\u00a0: 5\u00a0h\u00a030]</a> (titre attribué, en anglais), "
        "<cite>Example</cite>."
    )
    assert (
        bibliography.short_reference(entry, FR)
        == "Example, [Récits de l’arrivée\u00a0: 5\u00a0h\u00a030]"
    )


def test_chapter_names_its_author_and_the_collection(tmp_path):
    text = """\
- key: chargot
  type: chapter
  authors: ["Chargot, Patricia"]
  title: The Adventures of Balto
  collection: Alaska Dogs and Iditarod Mushers
  collection_by: Mike Dillingham
  date: "2006"
  isbn: 978-1-59433-042-1
"""
    entry = bibliography.load(_project(_write(tmp_path, text)))["chargot"]
    assert bibliography.format_entry(entry, EN) == (
        "Chargot, Patricia (2006). “The Adventures of Balto”. In Mike Dillingham, "
        "<cite>Alaska Dogs and Iditarod Mushers</cite>. ISBN\u00a0978-1-59433-042-1."
    )
    assert bibliography.short_reference(entry, EN) == "Chargot 2006"
    error = _error(tmp_path, text.replace("  collection: Alaska Dogs and Iditarod Mushers\n", ""))
    assert error.problem == (
        "entry 'chargot': a 'chapter' names its book in 'collection', and only a chapter does"
    )


def test_bad_key(tmp_path):
    error = _error(tmp_path, VALID.replace("key: nyc", "key: NYC Sign"))
    assert (error.line, error.problem) == (
        9,
        "entry 2: bad key 'NYC Sign': lower-case letters, digits and - _ . : only",
    )


ORIGINAL = """\
- key: brooks
  type: unidentified
  authors: ["Brooks"]
  pages: "139"
  original: |-
    <ref name=Brooks> Page 139.</ref>
  status: not-identified
  identification:
    en: Not identified.
    fr: Non identifiée.
"""


def test_original_reference_keeps_its_text_exactly(tmp_path):
    entry = bibliography.load(_project(_write(tmp_path, ORIGINAL)))["brooks"]
    assert entry.original == "<ref name=Brooks> Page 139.</ref>"
    assert entry.title is None and entry.is_original


def test_original_needs_a_status(tmp_path):
    error = _error(tmp_path, ORIGINAL.replace("  status: not-identified\n", ""))
    assert (error.line, error.problem) == (
        1,
        "entry 'brooks' keeps an original reference but has no 'status'",
    )


def test_unknown_status(tmp_path):
    error = _error(tmp_path, ORIGINAL.replace("not-identified", "maybe"))
    assert error.line == 7
    assert error.problem == (
        "entry 'brooks': found 'maybe', expected 'identified', 'probable' or 'not-identified'"
    )


def test_identification_needs_every_language(tmp_path):
    error = _error(tmp_path, ORIGINAL.replace("    fr: Non identifiée.\n", ""))
    assert (error.line, error.problem) == (
        9,
        "entry 'brooks': 'identification' needs a text for each language: en, fr",
    )


def test_the_site_bibliography_is_valid_and_keeps_the_original_references():
    entries = bibliography.load(PROJECT)
    originals = {key: e.status for key, e in entries.items() if e.is_original}
    assert originals == {
        "brooks": "not-identified",
        "salisbury2003": "probable",
        "nycparks-balto-sign": "identified",
        "cpc-balto": "identified",
        "cleveland-history": "not-identified",
        "blm-iditarod-map": "identified",
        "akc-togo": "probable",
    }
    for entry in entries.values():
        if entry.archive:
            assert entry.archive == bibliography.wayback(entry.url)
        # Access dates only where the source document recorded one .
        if entry.accessed:
            assert entry.key in ("nycparks-balto-sign", "cpc-balto"), entry.key
        for address in (entry.url, *entry.also):
            if address:
                assert bibliography.denied_reason(address) is None, (entry.key, address)
    # The Balto and Togo text is Patricia Chargot's, printed in Dillingham's collection.
    chargot = entries["dillingham-2006"]
    assert chargot.authors == ("Chargot, Patricia",)
    assert (chargot.collection, chargot.collection_by, chargot.isbn) == (
        "Alaska Dogs and Iditarod Mushers",
        "Mike Dillingham",
        "978-1-59433-042-1",
    )


# --- Formatting ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("iso", "lang", "text"),
    [
        ("2007-02-26", "en", "26 February 2007"),
        ("2007-02-26", "fr", "26 février 2007"),
        ("2026-11-01", "en", "1 November 2026"),
        ("2026-11-01", "fr", "1er novembre 2026"),
        ("2017-02", "fr", "février 2017"),
        ("2003", "en", "2003"),
    ],
)
def test_format_date(iso, lang, text):
    assert bibliography.format_date(iso, PROJECT.language(lang)) == text


@pytest.mark.parametrize(
    ("names", "lang", "text"),
    [
        (["A"], "en", "A"),
        (["A", "B"], "en", "A and B"),
        (["A", "B", "C"], "en", "A, B and C"),
        (["A", "B"], "fr", "A et B"),
        (["A", "B", "C"], "fr", "A, B et C"),
    ],
)
def test_join_names(names, lang, text):
    assert bibliography.join_names(names, PROJECT.language(lang)) == text


def test_format_book_in_english_and_french(tmp_path):
    entry = bibliography.load(_project(_write(tmp_path, VALID)))["salisbury2003"]
    assert bibliography.format_entry(entry, EN) == (
        "Salisbury, Gay and Laney Salisbury (2003). "
        "<cite>The Cruelest Miles: The Heroic Story</cite>. "
        "New York: W. W. Norton. ISBN\u00a0978-0-393-01962-9."
    )
    assert bibliography.format_entry(entry, FR) == (
        "Salisbury, Gay et Laney Salisbury, <cite>The Cruelest Miles: The Heroic Story</cite> "
        "(en anglais), New York, W. W. Norton, 2003, ISBN\u00a0978-0-393-01962-9."
    )


def test_format_web_source_with_access_date_and_archive(tmp_path):
    entry = bibliography.load(_project(_write(tmp_path, VALID)))["nyc"]
    link = '<a href="http://www.nycgovparks.org/x?id=10771">'
    archive = (
        '<a class="reference-archive" '
        'href="https://web.archive.org/web/*/http://www.nycgovparks.org/x?id=10771">'
    )
    assert bibliography.format_entry(entry, EN) == (
        f"{link}“BALTO - Historical Sign”</a>. New York City Department of Parks &amp; "
        f"Recreation. 27 August 2001. Retrieved 26 February 2007. "
        f"{archive}Captures in the Internet Archive</a>."
    )
    assert bibliography.format_entry(entry, FR) == (
        f"{link}«{NNBSP}BALTO - Historical Sign{NNBSP}»</a> (en anglais), New York City "
        f"Department of Parks &amp; Recreation, 27 août 2001 (consulté le 26 février 2007). "
        f"{archive}Copies conservées par l’Internet Archive</a>."
    )


def test_formatting_escapes_html(tmp_path):
    text = VALID.replace("title: BALTO - Historical Sign", "title: <script>x</script>")
    entry = bibliography.load(_project(_write(tmp_path, text)))["nyc"]
    assert "&lt;script&gt;x&lt;/script&gt;" in bibliography.format_entry(entry, EN)


def test_short_reference(tmp_path):
    entries = bibliography.load(_project(_write(tmp_path, VALID)))
    assert bibliography.short_reference(entries["salisbury2003"], EN, "p. 187") == (
        "Salisbury and Salisbury 2003, p.\u00a0187"
    )
    assert bibliography.short_reference(entries["nyc"], FR) == (
        "New York City Department of Parks & Recreation, "
        f"«{NNBSP}BALTO - Historical Sign{NNBSP}», 2001"
    )


def test_wayback_lists_the_captures():
    assert bibliography.wayback("http://a.org/x?id=1") == (
        "https://web.archive.org/web/*/http://a.org/x?id=1"
    )


def test_french_labels_and_notes_get_french_typography():
    # Written with ordinary spaces in data/labels.yml; shown with no-break spaces.
    from serumrun.l10n.labels import Labels
    from tests.sitebuild import PROJECT

    labels = Labels(PROJECT)
    assert labels.text("cite.also", "fr") == "Également sur\u00a0:"
    assert labels.text("cite.list-separator", "fr") == f"{NNBSP}; "
    assert labels.text("cite.also", "en") == "Also at:"
    assert bibliography.localized("lu ; « Balto » : non", FR) == (
        f"lu{NNBSP}; «{NNBSP}Balto{NNBSP}»\u00a0: non"
    )
    assert bibliography.localized("read; “Balto”: no", EN) == "read; “Balto”: no"


def test_a_title_in_a_note_is_shown_in_italics_and_the_rest_escaped():
    note = "Quotes *The Cruelest Miles* & <b>more</b>: here."
    assert bibliography.note_html(note, EN) == (
        "Quotes <cite>The Cruelest Miles</cite> &amp; &lt;b&gt;more&lt;/b&gt;: here."
    )
    # French spacing, as in every French text of the data; a title typed without a space
    # before its colon keeps its own punctuation.
    assert bibliography.note_html("Cite *52 McGs.: The Best* : voir.", FR) == (
        "Cite <cite>52 McGs.: The Best</cite>\u00a0: voir."
    )


def test_an_unpaired_asterisk_in_a_note_is_refused_with_its_line(tmp_path):
    note = "  note:\n    en: Quotes *The Cruelest Miles.\n    fr: Cite *The Cruelest Miles*.\n"
    text = WEB + note
    error = _error(tmp_path, text)
    assert error.line == 10
    assert error.problem == (
        "entry 'page': 'note' (en): found an unpaired '*', expected a work's title "
        "between two: *Title*"
    )


def test_a_site_may_be_named_in_each_language(tmp_path):
    text = WEB.replace(
        "  title: A page\n", "  title: A page\n  site: {en: Wikipedia, fr: Wikipédia}\n"
    )
    entry = bibliography.load(_project(_write(tmp_path, text)))["page"]
    assert "<cite>Wikipedia</cite>" in bibliography.format_entry(entry, EN)
    assert "<cite>Wikipédia</cite>" in bibliography.format_entry(entry, FR)
    assert bibliography.short_reference(entry, FR).startswith("Wikipédia, ")


def test_addresses_are_http_and_the_license_known(tmp_path):
    text = VALID.replace("  url: http://www.nycgovparks.org", "  url: ftp://www.nycgovparks.org")
    text = text.replace(
        "  isbn: 978-0-393-01962-9\n", "  isbn: 978-0-393-01962-9\n  license: cc0\n"
    )
    text = text.replace("  authors: []\n", "  authors: []\n  also: [javascript:alert(1)]\n")
    error = _error(tmp_path, text)
    assert error.problems == [
        (9, "entry 'salisbury2003': found 'cc0', expected 'public-domain'"),
        (
            13,
            "entry 'nyc': 'also': found 'javascript:alert(1)', expected an http(s) address",
        ),
        (
            17,
            "entry 'nyc': 'url': found 'ftp://www.nycgovparks.org/x?id=10771', "
            "expected an http(s) address",
        ),
    ]


def test_lists_of_texts_name_each_item(tmp_path):
    text = VALID.replace(
        '  authors: ["Salisbury, Gay", "Salisbury, Laney"]', "  authors: Salisbury"
    )
    text = text.replace("  authors: []\n", '  authors: ["Parks", ""]\n  also: ~\n')
    error = _error(tmp_path, text)
    assert error.problems == [
        (3, "entry 'salisbury2003': found 'Salisbury', expected a list"),
        (11, "entry 'nyc': 'authors' must be a non-empty string"),
        (12, "entry 'nyc': found nothing, expected a list"),
    ]
