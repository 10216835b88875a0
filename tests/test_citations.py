"""Unit tests of the citations extension (serumrun.citations.extension): exact HTML, each
option, errors.

The entries come from a small fixture bibliography (tests/fixtures/citations/), so the
expected HTML does not move when the site's data changes. Page locators are joined to
their number by a no-break space (\u00a0), as in the output.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import markdown
from markdown.test_tools import TestCase

from serumrun.citations.extension import Cite, UnknownCitationKeyError, parse_citation, scan
from serumrun.mdsource import PageContext
from tests.sitebuild import PROJECT

BIBLIOGRAPHY = Path(__file__).parent / "fixtures" / "citations" / "bibliography.yml"
#: The site's project with the fixture bibliography.
FIXTURE = replace(PROJECT, bibliography=BIBLIOGRAPHY)
SALISBURY = "Salisbury and Salisbury 2003"


def _options(lang: str = "en", uri: str = "index.md", project=FIXTURE, **options) -> dict:
    """The extension as the plugin gives it: a project and the page being rendered."""
    page = PageContext(lang, uri, references_url="references.md")
    return {
        "extensions": ["serumrun.citations.extension"],
        "extension_configs": {
            "serumrun.citations.extension": {"project": project, "page": lambda: page, **options}
        },
    }


def _sup(number: int, *links: tuple[str, str, str]) -> str:
    """A marker: links are (key, accessible name, visible text)."""
    inner = "".join(
        f'<a aria-label="{text} {name}" href="references.md#ref-{key}" title="{name}">{text}</a>'
        for key, name, text in links
    )
    return f'<sup class="citation" id="cite-{number}">{inner}</sup>'


class TestCitationSyntax(TestCase):
    default_kwargs = _options()

    def test_single_key(self):
        self.assertMarkdownRenders(
            "Nome [@salisbury2003].",
            '<p>Nome <sup class="citation" id="cite-1">'
            '<a aria-label="[1] Salisbury and Salisbury 2003" '
            'href="references.md#ref-salisbury2003" title="Salisbury and Salisbury 2003">[1]</a>'
            "</sup>.</p>",
        )

    def test_page_locator(self):
        self.assertMarkdownRenders(
            "Nome [@salisbury2003, p. 187].",
            "<p>Nome "
            + _sup(1, ("salisbury2003", f"{SALISBURY}, p.\u00a0187", "[1, p.\u00a0187]"))
            + ".</p>",
        )

    def test_page_range_locator_is_relabelled(self):
        self.assertMarkdownRenders(
            "Nome [@salisbury2003, pages 23-24].",
            "<p>Nome "
            + _sup(1, ("salisbury2003", f"{SALISBURY}, pp.\u00a023–24", "[1, pp.\u00a023–24]"))
            + ".</p>",
        )

    def test_other_locator_is_kept_as_written(self):
        self.assertMarkdownRenders(
            "Nome [@salisbury2003, chap. 3].",
            "<p>Nome "
            + _sup(1, ("salisbury2003", f"{SALISBURY}, chap. 3", "[1, chap. 3]"))
            + ".</p>",
        )

    def test_several_keys_in_one_marker(self):
        self.assertMarkdownRenders(
            "Nome [@wiki-balto; @salisbury2003, p. 24].",
            "<p>Nome "
            + _sup(
                1,
                ("wiki-balto", "Wikipedia, “Balto”", "[1]"),
                ("salisbury2003", f"{SALISBURY}, p.\u00a024", "[2, p.\u00a024]"),
            )
            + ".</p>",
        )

    def test_reused_key_reuses_its_number(self):
        self.assertMarkdownRenders(
            "A [@salisbury2003]. B [@wiki-balto]. C [@salisbury2003, p. 26].",
            "<p>A "
            + _sup(1, ("salisbury2003", SALISBURY, "[1]"))
            + ". B "
            + _sup(2, ("wiki-balto", "Wikipedia, “Balto”", "[2]"))
            + ". C "
            + _sup(3, ("salisbury2003", f"{SALISBURY}, p.\u00a026", "[1, p.\u00a026]"))
            + ".</p>",
        )

    def test_numbers_restart_on_each_document(self):
        md = markdown.Markdown(**_options())
        first = md.convert("A [@wiki-balto] [@salisbury2003].")
        md.reset()
        second = md.convert("B [@salisbury2003].")
        self.assertIn("[2]</a>", first)
        self.assertEqual(second, "<p>B " + _sup(1, ("salisbury2003", SALISBURY, "[1]")) + ".</p>")

    def test_three_authors_are_et_al(self):
        self.assertMarkdownRenders(
            "[@three-authors]",
            "<p>" + _sup(1, ("three-authors", "Alpha et al. 1999", "[1]")) + "</p>",
        )

    def test_short_reference_is_escaped_in_attributes(self):
        name = "NYC Parks, “BALTO - &quot;Historical&quot; Sign &amp; &lt;plaque&gt;”, 2001"
        self.assertMarkdownRenders(
            "[@parks-sign]", "<p>" + _sup(1, ("parks-sign", name, "[1]")) + "</p>"
        )

    def test_citation_may_wrap_across_lines(self):
        self.assertMarkdownRenders(
            "Nome [@wiki-balto;\n@salisbury2003, p. 24].",
            "<p>Nome "
            + _sup(
                1,
                ("wiki-balto", "Wikipedia, “Balto”", "[1]"),
                ("salisbury2003", f"{SALISBURY}, p.\u00a024", "[2, p.\u00a024]"),
            )
            + ".</p>",
        )

    def test_number_text_is_not_read_as_a_reference_link(self):
        # "[1]" inside the marker must stay text even when the page defines [1].
        self.assertMarkdownRenders(
            "A [@wiki-balto].\n\n[1]: https://example.org/",
            "<p>A " + _sup(1, ("wiki-balto", "Wikipedia, “Balto”", "[1]")) + ".</p>",
        )


class TestNothingElseIsTouched(TestCase):
    default_kwargs = _options()

    def test_inline_code_is_untouched(self):
        self.assertMarkdownRenders(
            "Write `[@salisbury2003, p. 187]` or `[@unknown-key]`.",
            "<p>Write <code>[@salisbury2003, p. 187]</code> or <code>[@unknown-key]</code>.</p>",
        )

    def test_fenced_code_block_is_untouched(self):
        self.assertMarkdownRenders(
            "```\n[@unknown-key]\n[@salisbury2003]\n```",
            "<pre><code>[@unknown-key]\n[@salisbury2003]\n</code></pre>",
            extensions=["fenced_code", "serumrun.citations.extension"],
        )

    def test_indented_code_block_is_untouched(self):
        self.assertMarkdownRenders(
            "Example:\n\n    [@unknown-key]",
            "<p>Example:</p>\n<pre><code>[@unknown-key]\n</code></pre>",
        )

    def test_escaped_bracket_is_literal(self):
        self.assertMarkdownRenders(r"\[@unknown-key]", "<p>[@unknown-key]</p>")

    def test_link_whose_text_starts_with_at_stays_a_link(self):
        self.assertMarkdownRenders(
            "[@seppala](https://example.org/)",
            '<p><a href="https://example.org/">@seppala</a></p>',
        )

    def test_email_and_footnote_syntax_are_not_citations(self):
        self.assertMarkdownRenders(
            "Write to [mail@example.org] [^x].", "<p>Write to [mail@example.org] [^x].</p>"
        )


class TestOptions(TestCase):
    def test_lang_fr_uses_french_labels(self):
        self.assertMarkdownRenders(
            "Nome [@salisbury2003, pp. 23-24] [@wiki-balto].",
            "<p>Nome "
            + _sup(
                1,
                (
                    "salisbury2003",
                    "Salisbury et Salisbury 2003, p.\u00a023–24",
                    "[1, p.\u00a023–24]",
                ),
            )
            + " "
            + _sup(2, ("wiki-balto", "Wikipedia, «\u202fBalto\u202f»", "[2]"))
            + ".</p>",
            **_options("fr"),
        )

    def test_lang_defaults_to_english(self):
        self.assertMarkdownRenders(
            "[@three-authors]",
            "<p>" + _sup(1, ("three-authors", "Alpha et al. 1999", "[1]")) + "</p>",
            **_options(),
        )

    def test_the_bibliography_is_the_projects(self):
        # salisbury2003 is a fixed key of the site's bibliography.
        self.assertMarkdownRenders(
            "[@salisbury2003]",
            "<p>" + _sup(1, ("salisbury2003", SALISBURY, "[1]")) + "</p>",
            **_options(project=PROJECT),
        )

    def test_recorder_gets_each_key_with_its_section(self):
        seen = []
        options = _options("fr", "relay.md", recorder=lambda *args: seen.append(args))
        md = markdown.Markdown(
            extensions=["toc", "attr_list", *options["extensions"]],
            extension_configs=options["extension_configs"],
        )
        md.convert(
            "# Relais\n\nA [@wiki-balto].\n\n## Le détroit { #norton-sound }\n\n"
            "B [@salisbury2003, p. 3; @wiki-balto]."
        )
        self.assertEqual(
            [
                (lang, page, key, section and (section.anchor, section.title))
                for lang, page, key, section in seen
            ],
            [
                ("fr", "relay.md", "wiki-balto", None),
                ("fr", "relay.md", "salisbury2003", ("norton-sound", "Le détroit")),
                ("fr", "relay.md", "wiki-balto", ("norton-sound", "Le détroit")),
            ],
        )


class TestErrors(TestCase):
    # In a build, the scan of every page names an unknown key with its line first
    # (tests/test_references_build.py); the extension stops on one that scan missed.
    def test_unknown_key_raises_with_file_and_key(self):
        md = markdown.Markdown(**_options("fr", "relay.md"))
        with self.assertRaises(UnknownCitationKeyError) as caught:
            md.convert("Et [@salisbury2003; @no-such-key, p. 3].")
        error = caught.exception
        self.assertEqual((error.file, error.key), ("docs/fr/relay.md", "no-such-key"))
        self.assertEqual(
            str(error),
            "docs/fr/relay.md: found unknown citation key @no-such-key, expected a key of "
            "tests/fixtures/citations/bibliography.yml",
        )


class TestParser(TestCase):
    def test_parse_citation(self):
        self.assertEqual(parse_citation("@a; @b-2,  p.  24 "), [Cite("a"), Cite("b-2", "p. 24")])

    def test_scan_finds_lines_and_sections_and_skips_code(self):
        page = scan(
            "# Relay\n\nIntro [@a].\n\n## Norton Sound { #norton-sound }\n\n"
            "Ice [@b, p. 3; @a].\n\n```\n[@c]\n```\n\n<!-- [@d] -->\n\n### The *last* leg\n\n"
            "`[@e]` end [@f]\n",
            first_line=5,
        )
        self.assertEqual(
            [(h.level, h.id, h.line) for h in page.headings],
            [(1, "relay", 5), (2, "norton-sound", 9), (3, "the-last-leg", 19)],
        )
        found = [(o.key, o.locator, o.line, o.section and o.section.id) for o in page.occurrences]
        self.assertEqual(
            found,
            [
                ("a", None, 7, None),
                ("b", "p. 3", 11, "norton-sound"),
                ("a", None, 11, "norton-sound"),
                ("f", None, 21, "the-last-leg"),
            ],
        )
        self.assertEqual(page.occurrences[-1].section.title, "The last leg")
