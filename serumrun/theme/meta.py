"""What a page tells the programs that read it, and the readers who cite it (issue 16).

`page_info()` gathers, for one page, everything the partials of overrides/partials/
need: social-meta.html (Open Graph, Twitter card), page-dates.html (the last change),
cite.html (« Citer cette page ») and page-sources.html (the sources for paper, and the
JSON-LD): absolute URLs from `site_url`, the page's language and its twin, the card
image of its language, the dates from git (serumrun/theme/history.py) and the sources the page
cites, read from its rendered citation markers (so that the relay table's generated
citations count too).

JSON-LD goes into an inline <script type="application/ld+json">: `json_ld()` escapes
`<`, `>` and `&` so that no text (a title with "</script>") can end the script early.
Browsers do not run a data block, so it needs no hash in the Content-Security-Policy
(serumrun/gates/policy.py hashes only scripts a browser runs).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from markupsafe import Markup

from serumrun.citations import bibliography
from serumrun.l10n.labels import label
from serumrun.pages import source_page
from serumrun.problems import Problem
from serumrun.project import Project, current
from serumrun.theme.history import PageDates, PageHistory, epoch_date, open_history, page_dates

#: The link-preview card of each language, made by scripts/og_image.py (docs/ path).
CARD_PATH = "assets/social/card-{lang}.png"
CARD_WIDTH, CARD_HEIGHT = 1200, 630
LICENSE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
#: Pages that are not texts anyone wrote: the translation status is a report made from
#: git history at build time. They keep their link previews, and get no date, no
#: JSON-LD Article and no "cite this page".
UNDATED = frozenset({"translation-status.md"})
#: Pages without "cite this page": the references page is generated from
#: data/bibliography.yml, a list of sources that readers cite themselves. It keeps its
#: date (the bibliography's last change) and its JSON-LD.
NOT_CITED = UNDATED | {"references.md"}

_CITATION_MARKER = re.compile(r'<sup class="citation"[^>]*>(.*?)</sup>', re.DOTALL)
_REFERENCE_HREF = re.compile(r'href="[^"#]*#ref-([^"]+)"')
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
_BIBTEX_SPECIAL = re.compile(r"([{}%&$#_\\])")


@dataclass(frozen=True)
class Twin:
    lang: str
    url: str  # absolute


@dataclass
class PageInfo:
    lang: str
    title: str
    description: str
    site_name: str
    url: str  # canonical, absolute
    site_url: str  # the language's home, absolute
    image: str  # absolute
    image_alt: str
    twins: list[Twin] = field(default_factory=list)
    dates: PageDates = PageDates(None)
    dated: bool = True  # has its last-change date and its JSON-LD Article
    cited: bool = True  # ends with "cite this page"
    sources: list[bibliography.Entry] = field(default_factory=list)
    bibtex_key: str = ""

    image_width: int = CARD_WIDTH
    image_height: int = CARD_HEIGHT

    @property
    def modified_text(self) -> str:
        """The last change in words: '3 December 2026' / '3 décembre 2026'."""
        return (
            bibliography.format_date(self.dates.modified, self.lang) if self.dates.modified else ""
        )

    @property
    def translates_text(self) -> str:
        d = self.dates.translates
        return bibliography.format_date(d, self.lang) if d else ""

    @property
    def formatted_sources(self) -> list[Markup]:
        """The reference of each source, numbered as the page's markers are, for paper:
        the source's own address, not its archived copy and mirrors (the references page
        keeps those; here they cost every reader's first view half a kilobyte more)."""
        return [_paper_reference(entry, self.lang) for entry in self.sources]

    @property
    def og_locale(self) -> str:
        return current().language(self.lang).og_locale  # language_TERRITORY, from CLDR

    @property
    def og_alternates(self) -> list[str]:
        return [current().language(t.lang).og_locale for t in self.twins]

    def json_ld(self) -> Markup:
        return json_ld(article(self))

    @property
    def bibtex_fields(self) -> list[tuple[str, str]]:
        """biblatex @online fields, escaped, but for `urldate` (the reader's access date,
        which the template leaves for the browser to fill)."""
        return bibtex_fields(self)


def json_ld(data: object) -> Markup:
    """`data` as JSON that is safe inside <script>: no `<`, `>` or `&` left as such."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _JSON_ESCAPES.items():
        text = text.replace(char, escaped)
    return Markup(text)


def article(info: PageInfo) -> dict:
    """The page as a schema.org Article."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": info.url,
        "url": info.url,
        "headline": info.title,
        "inLanguage": info.lang,
        "image": info.image,
        "license": LICENSE_URL,
        "isPartOf": {"@type": "WebSite", "name": info.site_name, "url": info.site_url},
    }
    if info.dates.modified:
        data["dateModified"] = info.dates.modified
    default = current().default_language
    originals = [t for t in info.twins if t.lang == default]
    translations = [t for t in info.twins if t.lang != default]
    if info.lang != default and originals:
        twin = originals[0]
        data["translationOfWork"] = {"@id": twin.url, "inLanguage": twin.lang}
    elif translations:
        data["workTranslation"] = [{"@id": t.url, "inLanguage": t.lang} for t in translations]
    if info.sources:
        data["citation"] = [_creative_work(entry, info.lang) for entry in info.sources]
    return data


def _creative_work(entry: bibliography.Entry, lang: str) -> dict:
    """A source as schema.org sees it: its own title, or the title the project supplies
    for a source without one, in the page's language ("[Serum run synopsis]")."""
    if entry.title:
        name = entry.title
    elif entry.supplied_title:
        name = f"[{bibliography.localized(entry.supplied_title[lang], lang)}]"
    else:
        name = entry.short or entry.key
    work: dict = {"@type": "CreativeWork", "name": name}
    if entry.authors:
        work["author"] = [bibliography.display_name(a) for a in entry.authors]
    if entry.date:
        work["datePublished"] = entry.date
    if entry.url:
        work["url"] = entry.url
    return work


def bibtex_fields(info: PageInfo) -> list[tuple[str, str]]:
    fields = [
        ("title", _bibtex_text(info.title)),
        ("organization", _bibtex_text(info.site_name)),
        ("date", info.dates.modified or ""),
        ("url", info.url),
        ("langid", current().language(info.lang).biblatex_langid),
    ]
    return [(name, value) for name, value in fields if value]


def _bibtex_text(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", text)


def cited_keys(html: str) -> list[str]:
    """Keys cited by a rendered page, in the order of their numbers (first use)."""
    keys: list[str] = []
    for marker in _CITATION_MARKER.finditer(html):
        for key in _REFERENCE_HREF.findall(marker.group(1)):
            if key not in keys:
                keys.append(key)
    return keys


def page_info(
    *,
    lang: str,
    rel: str,
    title: str,
    description: str,
    site_name: str,
    site_url: str,
    page_url: str,
    twins: dict[str, str],
    content: str,
    dates: PageDates,
    image_alt: str,
    bibliography_file: Path,
) -> PageInfo:
    """Everything the partials need for docs/<lang>/<rel>.

    `page_url` and the twins' URLs are MkDocs' (relative to the site root), `site_url`
    the site's public address; `content` is the page's rendered HTML.
    """
    root = site_url if site_url.endswith("/") else site_url + "/"

    def absolute(url: str) -> str:
        return urljoin(root, "" if url in ("", "./") else url)

    entries = bibliography.load(current())
    slug = rel.removesuffix(".md").replace("/", "-")
    return PageInfo(
        lang=lang,
        title=title,
        description=description,
        site_name=site_name,
        url=absolute(page_url),
        site_url=absolute(current().url_prefix(lang)),
        image=absolute(CARD_PATH.format(lang=lang)),
        image_alt=image_alt,
        twins=[
            Twin(other, absolute(twins[other]))
            for other in current().languages
            if other != lang and other in twins
        ],
        dates=dates,
        dated=rel not in UNDATED,
        cited=rel not in NOT_CITED,
        sources=[entries[k] for k in cited_keys(content) if k in entries],
        bibtex_key=f"serumrun1925-{'home' if slug == 'index' else slug}-{lang}",
    )


def missing_cards(project: Project) -> list[Problem]:
    """Each language's link-preview card must be drawn (scripts/og_image.py) before a
    page can name it: in a project that has cards, a language added to mkdocs.yml
    without one is refused."""
    cards = {lang: project.docs_dir / CARD_PATH.format(lang=lang) for lang in project.languages}
    if not any(card.is_file() for card in cards.values()):
        return []  # a project without link-preview cards
    return [
        Problem(
            project.display(project.docs_dir / CARD_PATH.format(lang=lang)),
            None,
            f"found no link-preview card for {lang!r}, expected one drawn by "
            "`python scripts/og_image.py`",
        )
        for lang in project.languages
        if not (project.docs_dir / CARD_PATH.format(lang=lang)).is_file()
    ]


class SiteMeta:
    """One build's source of PageInfo: the git history is read once, in `open`."""

    def __init__(self, project: Project, history: PageHistory | None, fallback: str | None) -> None:
        self.project = project
        self.history = history
        self.fallback = fallback

    @classmethod
    def open(cls, project: Project) -> SiteMeta:
        # A new build (`mkdocs serve` makes one per save): labels or entries may have changed.
        _paper_reference.cache_clear()
        return cls(project, open_history(project.root), epoch_date())

    def for_page(self, page, config, hreflang: list[dict[str, str]]) -> PageInfo:
        """PageInfo of a MkDocs page; `hreflang` is the page's absolute alternates
        (serumrun/translation/bilingual.py), so the twins named here are exactly those the
        head links."""
        src = page.file.src_uri
        lang = self.project.lang_of_src(src) or self.project.default_language
        rel = src.split("/", 1)[1] if self.project.lang_of_src(src) else src
        meta = page.meta or {}
        # The build's reading of the page (serumrun/pages.py), not the file again.
        source = source_page(self.project, page.file.abs_src_path).universal
        return page_info(
            lang=lang,
            rel=rel,
            title=str(meta.get("title") or page.title or config.site_name),
            description=str(meta.get("description") or config.site_description or ""),
            site_name=config.site_name,
            site_url=config.site_url or "/",
            page_url=page.url,
            twins={a["lang"]: a["href"] for a in hreflang if a["lang"] in self.project.languages},
            content=page.content or "",
            dates=page_dates(self.history, lang, rel, source, meta, self.fallback),
            image_alt=label("og.image.alt", lang),
            bibliography_file=self.project.bibliography,
        )


@functools.lru_cache(maxsize=4096)
def _paper_reference(entry: bibliography.Entry, lang: str) -> Markup:
    """An entry formatted for paper, once per build and language (a page cites the same
    sources as many others: issue 15, the formatting was 8 % of a 300-page build)."""
    return bibliography.format_entry(
        entry.model_copy(update={"also": (), "archive": None}), current().language(lang)
    )
