"""`make serve`: a failed rebuild shows its problems on the served pages
(serumrun/theme/serve_errors.py), and the live server goes on (the browser reloads onto
them) instead of appearing stuck."""

from __future__ import annotations

from types import SimpleNamespace

from mkdocs.exceptions import Abort

from serumrun.theme import serve_errors


def test_a_failed_rebuild_is_shown_on_every_served_page(tmp_path):
    (tmp_path / "relay").mkdir()
    for page in ("index.html", "relay/index.html", "404.html"):
        (tmp_path / page).write_text("<p>the last good page</p>", encoding="utf-8")
    plugin = SimpleNamespace(
        site_dir=str(tmp_path),
        build_error="The site cannot be published:\n  docs/en/togo.md:2: found <a> & 'b'",
    )

    def failing_build():
        raise Abort("Aborted with a BuildError!")

    server = SimpleNamespace(builder=failing_build)
    serve_errors.wrap(server, plugin)
    server.builder()  # returns: the server then reloads the browsers
    for page in ("index.html", "relay/index.html", "404.html"):
        text = (tmp_path / page).read_text(encoding="utf-8")
        assert "<title>The site cannot be published</title>" in text
        assert "docs/en/togo.md:2: found &lt;a&gt; &amp; &#x27;b&#x27;</pre>" in text
    assert plugin.build_error is None


def test_a_good_rebuild_changes_nothing(tmp_path):
    plugin = SimpleNamespace(site_dir=str(tmp_path), build_error=None)
    built = []
    server = SimpleNamespace(builder=lambda: built.append(1))
    serve_errors.wrap(server, plugin)
    server.builder()
    assert built == [1]
    assert list(tmp_path.iterdir()) == []
