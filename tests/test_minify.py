"""The published copies of the site's stylesheets and pages lose comments and blank
runs, and nothing that changes what they mean (serumrun/theme/minify.py, issue 16)."""

from __future__ import annotations

import re

from serumrun.theme.minify import collapse_html, strip_css
from tests.sitebuild import ROOT


def test_css_loses_comments_and_blanks_but_not_strings_or_combinators():
    css = (
        '/* why */\n.a  :is(td, th) ,\n.b > c {\n  content: " (" attr(href) ") /* kept */";\n'
        "  color : red ;  /* note */\n}\n@media screen and (max-width: 37.5em) {\n  x{r: 1px}\n}\n"
    )
    assert strip_css(css) == (
        '.a :is(td,th),.b > c{content:" (" attr(href) ") /* kept */";color :red;}'
        "@media screen and (max-width:37.5em){x{r:1px}}\n"
    )


def test_every_stylesheet_of_the_site_keeps_its_rules():
    """Each rule of the sources is still there, selector and declarations, once blanks
    are normalised: the minifier drops nothing but comments and blanks."""
    for path in sorted((ROOT / "docs" / "assets" / "stylesheets").glob("*.css")):
        source = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
        out = strip_css(path.read_text(encoding="utf-8"))

        def words(text: str) -> list[str]:
            return re.findall(r"[^\s{};:,]+", text)

        assert words(out) == words(source), path.name
        assert "/*" not in out, path.name


def test_html_keeps_preformatted_text_and_scripts_as_they_are():
    html = (
        "<div>\n    <p>a\n      b</p>\n\n  </div>\n<pre><code>  x\n\n    y</code></pre>"
        '<script>\n  var a = "  b";\n</script><style>\n p { }\n</style>'
    )
    assert collapse_html(html) == (
        "<div>\n<p>a\nb</p>\n</div>\n<pre><code>  x\n\n    y</code></pre>"
        '<script>\n  var a = "  b";\n</script><style>\n p { }\n</style>'
    )


def test_the_built_site_is_minified_and_the_option_turns_it_off(site, project_copy):
    from tests.sitebuild import mkdocs_build

    built = (site.site / "assets/stylesheets/site.css").read_text(encoding="utf-8")
    assert "/*" not in built and "\n    <" not in (site.site / "index.html").read_text("utf-8")
    config = project_copy / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("    minify: true\n", "    minify: false\n"),
        encoding="utf-8",
    )
    build = mkdocs_build(project_copy, project_copy / "site")
    assert build.returncode == 0, build.output
    kept = (build.site / "assets/stylesheets/site.css").read_text(encoding="utf-8")
    assert kept == (ROOT / "docs/assets/stylesheets/site.css").read_text(encoding="utf-8")
    assert "\n    <" in (build.site / "index.html").read_text("utf-8")  # Material's indentation
