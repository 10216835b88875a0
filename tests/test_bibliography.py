"""Tests of the bibliography data: validation errors (file and line) and formatting."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from serumrun import bibliography
from serumrun.bibliography import BibliographyError

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
  archive: https://web.archive.org/web/20070226/http://www.nycgovparks.org/x?id=10771
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bibliography.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _error(tmp_path: Path, text: str) -> BibliographyError:
    path = _write(tmp_path, text)
    with pytest.raises(BibliographyError) as caught:
        bibliography.load(path)
    assert str(caught.value).startswith(f"{path}:{caught.value.line}: ")
    return caught.value


def test_valid_file_loads_in_order(tmp_path):
    entries = bibliography.load(_write(tmp_path, VALID))
    assert list(entries) == ["salisbury2003", "nyc"]
    assert entries["nyc"].line == 9
    assert entries["nyc"].date == "2001-08-27"


def test_malformed_yaml_names_file_and_line(tmp_path):
    error = _error(tmp_path, VALID.replace("Historical Sign", "Historical: Sign"))
    assert (error.line, error.problem) == (
        12,
        "malformed YAML: mapping values are not allowed here",
    )


def test_malformed_yaml_tab_indent(tmp_path):
    error = _error(tmp_path, VALID.replace("  accessed:", "\taccessed:"))
    assert error.line == 16
    assert error.problem.startswith(
        "malformed YAML: found character '\\t' that cannot start any token"
    )


def test_malformed_yaml_says_where_the_block_began(tmp_path):
    error = _error(tmp_path, VALID.replace("  url: http", "    url: http"))
    assert error.line == 15
    assert error.problem == (
        "malformed YAML: expected <block end>, but found '<block mapping start>' "
        "(while parsing a block mapping, from line 9)"
    )


def test_top_level_must_be_a_list(tmp_path):
    error = _error(tmp_path, "\n\nkey: x\ntype: book\n")
    assert (error.line, error.problem) == (3, "expected a list of entries (- key: ...)")


def test_empty_file(tmp_path):
    assert "empty" in _error(tmp_path, "# nothing yet\n").problem


def test_entry_must_be_a_mapping(tmp_path):
    error = _error(tmp_path, VALID + "- just a string\n")
    assert (error.line, error.problem) == (18, "each entry must be a mapping (key: value)")


def test_duplicate_key_names_both_lines(tmp_path):
    error = _error(tmp_path, VALID + "- key: salisbury2003\n  type: book\n  title: Again\n")
    assert error.line == 18
    assert error.problem == "duplicate key 'salisbury2003' (first defined at line 1)"


def test_field_given_twice_in_an_entry(tmp_path):
    error = _error(tmp_path, VALID + "- key: x\n  type: book\n  title: A\n  title: B\n")
    assert (error.line, error.problem) == (21, "field 'title' given twice in the same entry")


@pytest.mark.parametrize(
    ("field", "problem"),
    [
        ("title", "entry 'nyc' has no 'title' (only a not-identified reference may lack one)"),
        ("type", "entry 'nyc' has no 'type'"),
        ("key", "entry without a 'key'"),
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


def test_unknown_type_names_its_line(tmp_path):
    error = _error(tmp_path, VALID.replace("type: sign", "type: plaque"))
    assert error.line == 10
    assert error.problem.startswith("entry 'nyc': unknown type 'plaque' (one of: article, book,")


def test_unknown_field_is_a_typo(tmp_path):
    error = _error(tmp_path, VALID.replace("  isbn:", "  isnb:"))
    assert (error.line, error.problem) == (8, "unknown field 'isnb'")


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
    entries = bibliography.load(_write(tmp_path, VALID.replace('date: "2003"', "date: 2003-05")))
    assert entries["salisbury2003"].date == "2003-05"


def test_web_source_without_access_date_or_archive_is_valid(tmp_path):
    # FACTS.md records no access dates: none is required, and none is invented.
    dated = ("  accessed:", "  archive:")
    text = "".join(line for line in VALID.splitlines(True) if not line.startswith(dated))
    entry = bibliography.load(_write(tmp_path, text))["nyc"]
    assert (entry.accessed, entry.archive) == (None, None)


def test_archive_must_be_the_wayback_address_of_the_url(tmp_path):
    error = _error(
        tmp_path,
        VALID.replace(
            "web/20070226/http://www.nycgovparks.org/x?id=10771", "web/2007/http://elsewhere.org/"
        ),
    )
    assert error.line == 17
    assert error.problem.endswith(
        "e.g. https://web.archive.org/web/20070226/http://www.nycgovparks.org/x?id=10771"
    )


def test_bad_key(tmp_path):
    error = _error(tmp_path, VALID.replace("key: nyc", "key: NYC Sign"))
    assert (error.line, error.problem) == (
        9,
        "bad key 'NYC Sign': lower-case letters, digits and - _ . : only",
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
    entry = bibliography.load(_write(tmp_path, ORIGINAL))["brooks"]
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
    assert error.problem.startswith("entry 'brooks': unknown status 'maybe'")


def test_identification_needs_every_language(tmp_path):
    error = _error(tmp_path, ORIGINAL.replace("    fr: Non identifiée.\n", ""))
    assert (error.line, error.problem) == (
        9,
        "entry 'brooks': 'identification' needs a text for each language: en, fr",
    )


def test_the_site_bibliography_is_valid_and_keeps_the_original_references():
    entries = bibliography.load()
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
        if entry.url and entry.archive:
            assert entry.archive == bibliography.wayback(entry.url, entry.accessed or "*")


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
    assert bibliography.format_date(iso, lang) == text


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
    assert bibliography.join_names(names, lang) == text


def test_format_book_in_english_and_french(tmp_path):
    entry = bibliography.load(_write(tmp_path, VALID))["salisbury2003"]
    assert bibliography.format_entry(entry, "en") == (
        "Salisbury, Gay and Laney Salisbury (2003). "
        "<cite>The Cruelest Miles: The Heroic Story</cite>. "
        "New York: W. W. Norton. ISBN\u00a0978-0-393-01962-9."
    )
    assert bibliography.format_entry(entry, "fr") == (
        "Salisbury, Gay et Laney Salisbury, <cite>The Cruelest Miles: The Heroic Story</cite> "
        "(en anglais), New York, W. W. Norton, 2003, ISBN\u00a0978-0-393-01962-9."
    )


def test_format_web_source_with_access_date_and_archive(tmp_path):
    entry = bibliography.load(_write(tmp_path, VALID))["nyc"]
    link = '<a href="http://www.nycgovparks.org/x?id=10771">'
    archive = (
        '<a class="reference-archive" '
        'href="https://web.archive.org/web/20070226/http://www.nycgovparks.org/x?id=10771">'
    )
    assert bibliography.format_entry(entry, "en") == (
        f"{link}“BALTO - Historical Sign”</a>. New York City Department of Parks &amp; "
        f"Recreation. 27 August 2001. Retrieved 26 February 2007. {archive}Archived copy</a>."
    )
    assert bibliography.format_entry(entry, "fr") == (
        f"{link}«\u00a0BALTO - Historical Sign\u00a0»</a> (en anglais), New York City Department "
        f"of Parks &amp; Recreation, 27 août 2001 (consulté le 26 février 2007). "
        f"{archive}Copie archivée</a>."
    )


def test_formatting_escapes_html(tmp_path):
    text = VALID.replace("title: BALTO - Historical Sign", "title: <script>x</script>")
    entry = bibliography.load(_write(tmp_path, text))["nyc"]
    assert "&lt;script&gt;x&lt;/script&gt;" in bibliography.format_entry(entry, "en")


def test_short_reference(tmp_path):
    entries = bibliography.load(_write(tmp_path, VALID))
    assert bibliography.short_reference(entries["salisbury2003"], "en", "p. 187") == (
        "Salisbury and Salisbury 2003, p.\u00a0187"
    )
    assert bibliography.short_reference(entries["nyc"], "fr") == (
        "New York City Department of Parks & Recreation, "
        "«\u00a0BALTO - Historical Sign\u00a0», 2001"
    )


def test_wayback():
    assert bibliography.wayback("http://a.org/x?id=1", "2008-01-05") == (
        "https://web.archive.org/web/20080105/http://a.org/x?id=1"
    )
