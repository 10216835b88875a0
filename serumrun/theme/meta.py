"""What a page tells the programs that read it, and the readers who cite it (issue 16).

`SiteMeta.for_page` gathers what the partials of overrides/partials/ need (link
previews, the last change, « Citer cette page », the sources for paper and the JSON-LD):
absolute URLs from `site_url`, the twins, the card of the page's language, the dates
from git, and the sources its rendered citation markers cite (generated ones included).
`json_ld()` escapes `<`, `>` and `&`, so no text can end its <script>; a data block is
not run, so it needs no hash in the Content-Security-Policy.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from markupsafe import Markup

from serumrun.citations import bibliography
from serumrun.l10n.labels import Labels
from serumrun.languages import Language
from serumrun.pages import source_page
from serumrun.problems import Problem
from serumrun.project import Project
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
    project: Project
    lang: str
    title: str
    description: str
    site_name: str
    url: str  # canonical, absolute
    site_url: str  # the language's home, absolute
    image: str  # absolute
    image_alt: str
    twins: list[Twin]
    dates: PageDates
    dated: bool  # has its last-change date and its JSON-LD Article
    cited: bool  # ends with "cite this page"
    sources: list[bibliography.Entry]
    #: The reference of each source, numbered as the page's markers are, for paper.
    formatted_sources: list[Markup]
    bibtex_key: str

    image_width: int = CARD_WIDTH
    image_height: int = CARD_HEIGHT

    @property
    def modified_text(self) -> str:
        """The last change in words: '3 December 2026' / '3 décembre 2026'."""
        return self._date_text(self.dates.modified)

    @property
    def translates_text(self) -> str:
        return self._date_text(self.dates.translates)

    def _date_text(self, date: str | None) -> str:
        return bibliography.format_date(date, self.project.language(self.lang)) if date else ""

    @property
    def og_locale(self) -> str:
        return self.project.language(self.lang).og_locale  # language_TERRITORY, from CLDR

    @property
    def og_alternates(self) -> list[str]:
        return [self.project.language(t.lang).og_locale for t in self.twins]

    def json_ld(self) -> Markup:
        return json_ld(article(self))

    @property
    def bibtex_fields(self) -> list[tuple[str, str]]:
        """biblatex @online fields, escaped, but for `urldate` (the reader's access date,
        which the template leaves for the browser to fill)."""
        fields = [
            ("title", _bibtex_text(self.title)),
            ("organization", _bibtex_text(self.site_name)),
            ("date", self.dates.modified or ""),
            ("url", self.url),
            ("langid", self.project.language(self.lang).biblatex_langid),
        ]
        return [(name, value) for name, value in fields if value]


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
    default = info.project.default_language
    originals = [t for t in info.twins if t.lang == default]
    translations = [t for t in info.twins if t.lang != default]
    if info.lang != default and originals:
        twin = originals[0]
        data["translationOfWork"] = {"@id": twin.url, "inLanguage": twin.lang}
    elif translations:
        data["workTranslation"] = [{"@id": t.url, "inLanguage": t.lang} for t in translations]
    if info.sources:
        language = info.project.language(info.lang)
        data["citation"] = [_creative_work(entry, language) for entry in info.sources]
    return data


def _creative_work(entry: bibliography.Entry, language: Language) -> dict:
    """A source as schema.org sees it: its own title, or the title the project supplies
    for a source without one, in the page's language ("[Serum run synopsis]")."""
    if entry.title:
        name = entry.title
    elif entry.supplied_title:
        name = f"[{bibliography.localized(entry.supplied_title[language.code], language)}]"
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


def missing_cards(project: Project) -> list[Problem]:
    """Each language's link-preview card must be drawn (scripts/og_image.py) before a
    page can name it: in a project that has cards, a language added to mkdocs.yml
    without one is refused."""
    cards = {lang: project.docs_dir / CARD_PATH.format(lang=lang) for lang in project.languages}
    if not any(card.is_file() for card in cards.values()):
        return []  # a project without link-preview cards
    return [
        Problem(
            project.display(card),
            None,
            f"found no link-preview card for {lang!r}, expected one drawn by "
            "`python scripts/og_image.py`",
        )
        for lang, card in cards.items()
        if not card.is_file()
    ]


class SiteMeta:
    """One build's source of PageInfo: the git history is read once, when the build starts."""

    def __init__(self, project: Project, labels: Labels) -> None:
        self.project = project
        self.labels = labels
        self.history: PageHistory | None = open_history(project.root)
        self.fallback = epoch_date()
        self.entries = bibliography.load(project)
        #: Each source formatted for paper once per language: pages cite the same sources
        #: (at 300 pages per language, formatting them per page was a fifth of the build's
        #: own time).
        self.paper: dict[tuple[str, str], Markup] = {}

    def for_page(self, page, config, hreflang: list[dict[str, str]]) -> PageInfo:
        """PageInfo of a MkDocs page; `hreflang` is the page's absolute alternates
        (serumrun/translation/bilingual.py), so the twins named here are exactly those the
        head links."""
        project = self.project
        src = page.file.src_uri
        lang = project.lang_of_src(src) or project.default_language
        rel = src.split("/", 1)[1] if project.lang_of_src(src) else src
        meta = page.meta or {}
        root = config.site_url or "/"
        root = root if root.endswith("/") else root + "/"
        # The build's reading of the page (serumrun/pages.py), not the file again.
        source = source_page(project, page.file.abs_src_path).universal
        sources = [self.entries[k] for k in cited_keys(page.content or "") if k in self.entries]
        slug = rel.removesuffix(".md").replace("/", "-")
        return PageInfo(
            project=project,
            lang=lang,
            title=str(meta.get("title") or page.title or config.site_name),
            description=str(meta.get("description") or config.site_description or ""),
            site_name=config.site_name,
            url=_absolute(root, page.url),
            site_url=_absolute(root, project.url_prefix(lang)),
            image=_absolute(root, CARD_PATH.format(lang=lang)),
            image_alt=self.labels.text("og.image.alt", lang),
            twins=_twins(hreflang, root, lang, project.languages),
            dates=page_dates(project, self.history, lang, rel, source, meta, self.fallback),
            dated=rel not in UNDATED,
            cited=rel not in NOT_CITED,
            sources=sources,
            formatted_sources=[self._for_paper(entry, lang) for entry in sources],
            bibtex_key=f"serumrun1925-{'home' if slug == 'index' else slug}-{lang}",
        )

    def _for_paper(self, entry: bibliography.Entry, lang: str) -> Markup:
        """A source with its own address, not its archived copies and mirrors (the
        references page keeps those; here they would cost every first view 0.5 kB more)."""
        if (entry.key, lang) not in self.paper:
            bare = entry.model_copy(update={"also": (), "archive": None})
            self.paper[entry.key, lang] = bibliography.format_entry(
                bare, self.project.language(lang)
            )
        return self.paper[entry.key, lang]


def _twins(hreflang: list[dict[str, str]], root: str, lang: str, languages) -> list[Twin]:
    return [
        Twin(link["lang"], _absolute(root, link["href"]))
        for link in hreflang
        if link["lang"] in languages and link["lang"] != lang
    ]


def _absolute(root: str, url: str) -> str:
    return urljoin(root, "" if url in ("", "./") else url)
