"""Last change and « Citer cette page » (issue 16): every content page of both languages
shows the date of its last change, from git history (the French page also the date of
the English revision it translates), and ends with its citation, plain and biblatex, in
its language. Without history the date is SOURCE_DATE_EPOCH's, and without that, none:
never the clock's."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from serumrun.citations.bibliography import format_date
from serumrun.pages import parse_front_matter
from serumrun.theme.history import PageDates, open_history, page_dates
from tests.pages import built_pages, page_address
from tests.sitebuild import PROJECT, ROOT, TEST_SITE_URL, build_env, mkdocs_build

NBSP = "\u00a0"
#: Pages whose generated content comes from a data file: its changes are the page's.
DATA_OF_PAGE = {
    "relay.md": ["data/relay.yml", "data/geo"],
    "mushers.md": ["data/relay.yml", "data/people.yml"],
    "references.md": ["data/bibliography.yml"],
}
#: Pages without a date or a citation: the 404 pages, and the translation status (a
#: report made from git at build time).
UNDATED = ("404.html", "translation-status/index.html")
WORDS = {
    "en": {
        "updated": "Last updated: {date}",
        "title": "Cite this page",
        "plain": "“{title}.” {site}. Last modified {date}. {url}. Accessed [date of access].",
        "site": "Serum Run 1925",
        "langid": "english",
        "blank": "YYYY-MM-DD",
    },
    "fr": {
        "updated": f"Dernière mise à jour{NBSP}: {{date}}",
        "title": "Citer cette page",
        "plain": "«\u202f{title}\u202f», {site}, dernière modification le {date}, {url} "
        "(consulté le [date de consultation]).",
        "site": "La course au sérum de 1925",
        "langid": "french",
        "blank": "AAAA-MM-JJ",
    },
}


def _git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.strip()


def _source(rel: str) -> tuple[str, str]:
    """'fr/relay/index.html' -> ('fr', 'relay.md'); 'index.html' -> ('en', 'index.md')."""
    lang = "fr" if rel.startswith("fr/") else "en"
    path = rel.removeprefix("fr/").removesuffix("index.html").strip("/")
    return lang, f"{path or 'index'}.md"


def _dated_pages(site) -> list[str]:
    pages = [rel for rel in built_pages(site.site) if not rel.endswith(UNDATED)]
    assert len(pages) >= 18, pages
    return pages


def _text(element) -> str:
    return re.sub(r"[ \t\n]+", " ", element.get_text()).strip()


def test_every_content_page_shows_its_last_change_from_git(site):
    problems = []
    for rel in _dated_pages(site):
        lang, page = _source(rel)
        files = [f"docs/{lang}/{page}", *DATA_OF_PAGE.get(page, [])]
        expected = _git("log", "-1", "--format=%cs", "HEAD", "--", *files)
        soup = site.soup(rel)
        dates = soup.select(".page-dates > span:first-child time")
        if len(dates) != 1:
            problems.append(f"{rel}: {len(dates)} last-change dates")
            continue
        shown = _text(dates[0].parent)
        want = WORDS[lang]["updated"].format(date=format_date(expected, PROJECT.language(lang)))
        if dates[0]["datetime"] != expected or shown != want:
            problems.append(f"{rel}: shows {shown!r} ({dates[0]['datetime']}), expected {want!r}")
    assert not problems, "\n".join(problems)


def _translated_date(page: str) -> str:
    """The date of the English revision a French page translates, asked of git itself:
    the newest change to the English page that its source_commit contains, or that
    changed the French page too (the twins edited together)."""
    english, french = f"docs/en/{page}", f"docs/fr/{page}"
    meta = parse_front_matter((ROOT / french).read_text(encoding="utf-8"), french)[0]
    base = meta["source_commit"]
    if base == "new":
        base = _git("log", "--diff-filter=A", "--format=%H", "-1", "HEAD", "--", french)
    contained = set(_git("rev-list", base, "--", english).split())
    together = set(_git("rev-list", "HEAD", "--", french).split())
    for line in _git("log", "--format=%H %cs", "HEAD", "--", english).splitlines():
        sha, date = line.split()
        if sha in contained or sha in together:
            return date
    raise AssertionError(f"no revision of {english} for {french}")


def test_french_pages_show_the_date_of_the_english_revision_they_translate(site):
    checked = 0
    for rel in _dated_pages(site):
        lang, page = _source(rel)
        soup = site.soup(rel)
        translates = soup.select(".page-dates__translates time")
        if lang == "en":
            assert not translates, f"{rel}: an original translates nothing"
            continue
        expected = _translated_date(page)
        assert len(translates) == 1, rel
        assert translates[0]["datetime"] == expected, rel
        assert _text(translates[0].parent) == (
            f"Traduction de la version anglaise du {format_date(expected, PROJECT.language('fr'))}"
        ), rel
        checked += 1
    assert checked >= 9


def test_every_content_page_ends_with_cite_this_page_in_its_language(site):
    problems = []
    for rel in _dated_pages(site):
        if rel.endswith("references/index.html"):
            continue  # generated from the bibliography: below
        lang, page = _source(rel)
        words = WORDS[lang]
        soup = site.soup(rel)
        block = soup.select("article .cite-page")
        if len(block) != 1:
            problems.append(f"{rel}: {len(block)} cite blocks")
            continue
        block = block[0]
        title = soup.find("h1").get_text(" ", strip=True).rstrip("¶").strip()
        url = TEST_SITE_URL + page_address(rel)
        modified = soup.select_one(".page-dates time")["datetime"]
        if _text(block.find("h2")) != words["title"]:
            problems.append(f"{rel}: heading {_text(block.find('h2'))!r}")
        plain = _text(block.select_one(".cite-page__plain"))
        want = words["plain"].format(
            title=title,
            site=words["site"],
            date=format_date(modified, PROJECT.language(lang)),
            url=url,
        )
        if plain != want:
            problems.append(f"{rel}: plain citation\n    {plain!r}\n    {want!r}")
        if block.select_one(".cite-page__plain cite").get_text() != words["site"]:
            problems.append(f"{rel}: the site's name is not in <cite>")
        if block.select_one(".cite-page__plain a")["href"] != url:
            problems.append(f"{rel}: the citation does not link to {url}")
        slug = "home" if page == "index.md" else page.removesuffix(".md")
        bibtex = block.select_one(".cite-page__bibtex pre code").get_text()
        want_bibtex = (
            f"@online{{serumrun1925-{slug}-{lang},\n"
            f"  title = {{{title}}},\n"
            f"  organization = {{{words['site']}}},\n"
            f"  date = {{{modified}}},\n"
            f"  url = {{{url}}},\n"
            f"  langid = {{{words['langid']}}},\n"
            f"  urldate = {{{words['blank']}}}\n"
            "}"
        )
        if bibtex != want_bibtex:
            problems.append(f"{rel}: biblatex\n{bibtex}\nexpected\n{want_bibtex}")
        # The block ends the text: after it, only the list of sources for paper.
        after = [el.name for el in block.find_next_siblings()]
        if after not in ([], ["section", "script"], ["script"]):
            problems.append(f"{rel}: after the cite block: {after}")
    assert not problems, "\n".join(problems)


def test_pages_that_are_not_texts_have_no_date_and_no_citation(site):
    for rel in ("404.html", "fr/404.html", "translation-status/index.html"):
        soup = site.soup(rel)
        assert not soup.select(".page-dates, .cite-page, .page-sources"), rel
    # The references page, generated from data/bibliography.yml, has its date (the
    # bibliography's last change) and no citation of itself.
    for rel in ("references/index.html", "fr/references/index.html"):
        soup = site.soup(rel)
        assert len(soup.select(".page-dates > span:first-child time")) == 1, rel
        assert not soup.select(".cite-page"), rel


# --- Without history --------------------------------------------------------------------


def test_a_copy_without_git_dates_every_page_with_source_date_epoch(project_copy, tmp_path):
    """No .git (a tarball, a copy): SOURCE_DATE_EPOCH's day, the day of the last commit
    that scripts/build.py passes on; no "translates" line, which needs history."""
    build = mkdocs_build(project_copy, tmp_path / "site")
    assert build.returncode == 0, build.output
    epoch_day = "2023-11-14"  # SOURCE_DATE_EPOCH=1700000000 (tests/sitebuild.py)
    pages = ("index.html", "relay/index.html", "fr/relay/index.html", "fr/references/index.html")
    for rel in pages:
        soup = build.soup(rel)
        assert [t["datetime"] for t in soup.select(".page-dates time")] == [epoch_day], rel
    for rel in pages[:3]:
        bibtex = build.soup(rel).select_one(".cite-page__bibtex").get_text()
        assert f"date = {{{epoch_day}}}" in bibtex, rel


def test_without_history_or_source_date_epoch_there_is_no_date(project_copy, tmp_path):
    env = build_env()
    env.pop("SOURCE_DATE_EPOCH")
    build = mkdocs_build(project_copy, tmp_path / "site", env=env)
    assert build.returncode == 0, build.output
    for rel in ("relay/index.html", "fr/relay/index.html"):
        soup = build.soup(rel)
        assert not soup.select(".page-dates"), rel
        plain = _text(soup.select_one(".cite-page__plain"))
        assert "modifi" not in plain.lower(), plain
        assert "\n  date = {" not in soup.select_one(".cite-page__bibtex").get_text()


# --- The dates on a small history ---------------------------------------------------------


def _commit(repo: Path, day: str, files: dict[str, str], message: str) -> str:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": f"{day}T12:00:00Z",
        "GIT_COMMITTER_DATE": f"{day}T12:00:00Z",
    }
    for args in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True)
    return _git("rev-parse", "HEAD", cwd=repo)


def _dates(repo: Path, lang: str, meta: dict) -> PageDates:
    return page_dates(PROJECT, open_history(repo), lang, "a.md", "text", meta, "2000-01-01")


def test_dates_follow_the_history_of_each_twin(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    _git("config", "user.email", "t@example.org", cwd=repo)
    _git("config", "user.name", "T", cwd=repo)
    _commit(
        repo, "2026-01-05", {"docs/en/a.md": "v1", "docs/fr/a.md": "v1"}, "pair, written together"
    )
    new = {"source_commit": "new"}
    assert _dates(repo, "en", {}) == PageDates("2026-01-05")
    assert _dates(repo, "fr", new) == PageDates("2026-01-05", "2026-01-05")

    second = _commit(repo, "2026-02-10", {"docs/en/a.md": "v2"}, "the original changes alone")
    assert _dates(repo, "en", {}) == PageDates("2026-02-10")
    # The translation still translates the first revision.
    assert _dates(repo, "fr", new) == PageDates("2026-01-05", "2026-01-05")

    _commit(repo, "2026-03-15", {"docs/fr/a.md": "v1, typo fixed"}, "a French fix")
    assert _dates(repo, "fr", new) == PageDates("2026-03-15", "2026-01-05")

    _commit(repo, "2026-04-20", {"docs/fr/a.md": "v2"}, "translation brought up to date")
    assert _dates(repo, "fr", {"source_commit": second}) == PageDates("2026-04-20", "2026-02-10")

    _commit(repo, "2026-05-25", {"docs/en/a.md": "v3", "docs/fr/a.md": "v3"}, "both twins")
    assert _dates(repo, "fr", {"source_commit": second}) == PageDates("2026-05-25", "2026-05-25")

    # The data a page renders changes the page.
    _commit(repo, "2026-06-30", {"data/relay.yml": "legs"}, "a leg corrected")
    dates = page_dates(PROJECT, open_history(repo), "en", "a.md", "[[relay:table]]\n", {}, None)
    assert dates == PageDates("2026-06-30")
    assert _dates(repo, "en", {}) == PageDates("2026-05-25")


def test_a_shallow_clone_has_no_history_and_falls_back(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    _git("config", "user.email", "t@example.org", cwd=repo)
    _git("config", "user.name", "T", cwd=repo)
    _commit(repo, "2026-01-05", {"docs/en/a.md": "v1", "docs/fr/a.md": "v1"}, "one")
    _commit(repo, "2026-02-10", {"docs/en/a.md": "v2"}, "two")
    clone = tmp_path / "clone"
    _git("clone", "-q", "--depth=1", f"file://{repo}", str(clone), cwd=tmp_path)
    assert open_history(clone) is None
    assert _dates(clone, "fr", {"source_commit": "new"}) == PageDates("2000-01-01")


@pytest.mark.parametrize(("value", "day"), [("1700000000", "2023-11-14"), ("", None)])
def test_source_date_epoch_as_a_day(value, day):
    from serumrun.theme.history import epoch_date

    assert epoch_date({"SOURCE_DATE_EPOCH": value}) == day
