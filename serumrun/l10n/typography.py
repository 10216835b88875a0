"""French punctuation spacing: one function for the data and the pages.

Data and pages are written with ordinary spaces, readable in an editor; `french_spacing`
gives the French reader the no-break spaces of French typography, so that a lone ';' or
'»' never starts a line: in the data where it is read (`localized`), in the pages in the
Markdown tree (`FrenchSpacingExtension`), outside code, URLs, attributes and raw HTML,
and outside anything marked as another language (`lang="en"`) or a title (`<cite>`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html.parser import HTMLParser
from typing import NamedTuple

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from serumrun.languages import Language

NNBSP = "\u202f"  # narrow no-break space: French thousands, before ; ! ? », after «
NBSP = "\u00a0"  # no-break space: French before :, inside times ("5 h 30"), before units

#: A space (or none, for "»") before ; ! ? », unless the narrow space is already there.
_BEFORE_HIGH = re.compile(r"(?<!\u202f)(?: |\u00a0)([;!?»])|(?<![ \u00a0\u202f])(»)")
#: The space typed before a colon followed by a space or ending the text ("Également
#: sur :" before a list). A colon typed without a space is left as it is: it is an
#: English title's ("52 McGs.: The Best…"), or a slip no rule can tell from one.
_BEFORE_COLON = re.compile(r"(?<=[^\s\u00a0\u202f]) :(?=\s|$)")
_AFTER_OPEN = re.compile(r"«(?:[ \u00a0]|(?!\u202f))")
#: The space between a number (or a label's `{placeholder}`) and its unit: "84 km",
#: "674 milles", "−46 °C", "19 h 30". The units are those the site writes.
_BEFORE_UNIT = re.compile(r"(?<=[\d}]) (?=(?:km/h|km|kg|cm|m|h|milles?|mi|°[CF])(?![\w/-]))")
_HOUR_MINUTES = re.compile(r"(?<=\d\u00a0h) (?=\d\d(?!\d))")


def french_spacing(text: str) -> str:
    """French punctuation spacing: 'gelé ; trois' -> 'gelé\u202f; trois', « x » likewise.

    Colons take a full no-break space, and so does the space between a number and its
    unit ('84\u00a0km', '19\u00a0h\u00a030'). Citations like [@a; @b] are untouched:
    no space precedes their ';'. Applying it twice changes nothing.
    """
    text = _BEFORE_HIGH.sub(lambda m: NNBSP + (m.group(1) or m.group(2)), text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _HOUR_MINUTES.sub(NBSP, _BEFORE_UNIT.sub(NBSP, text))
    return _AFTER_OPEN.sub("«" + NNBSP, text)


def localized(text: str, language: Language) -> str:
    """A text of the data in `language`: French spacing if its rules ask for it
    (data/languages.yml)."""
    return french_spacing(text) if language.french_spacing else text


# --- The pages -----------------------------------------------------------------------------

#: Elements whose text is not French prose: code, and titles (`<cite>`: a work's title
#: keeps its own language's punctuation). An element with a `lang` of another language
#: is skipped too, with everything inside it.
SKIPPED = frozenset({"code", "pre", "kbd", "samp", "var", "script", "style", "cite"})


def _skipped(element: etree.Element, lang: str) -> bool:
    if not isinstance(element.tag, str) or element.tag in SKIPPED:
        return True
    own = element.get("lang")
    return own is not None and own.split("-")[0] != lang


class SpacingProblem(NamedTuple):
    """A space French spacing cannot set: it ends the text `before`, the punctuation
    starts the text `after` (in another element)."""

    before: str
    after: str
    raw: bool = False  # in raw HTML, which the build publishes as written


class _RawText(HTMLParser):
    """The text of raw HTML outside code and other languages, each with the text before."""

    def __init__(self, lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.skipping: list[str] = []
        self.before = ""
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs) -> None:
        own = dict(attrs).get("lang")
        other = own is not None and own.split("-")[0] != self.lang
        if self.skipping or tag in SKIPPED or other:
            if tag not in _VOID:
                self.skipping.append(tag)

    def handle_endtag(self, tag) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data) -> None:
        if not self.skipping and data:
            self.texts.append((self.before, data))
        self.before = (self.before + data)[-40:]


_VOID = frozenset({"br", "img", "hr", "input", "meta", "link", "wbr", "source", "col", "area"})


class FrenchSpacingTreeprocessor(Treeprocessor):
    """Every text node of the page, in document order, through `french_spacing`.

    Each node is set with the last character before it as context, so that
    `[lien](url) :` gets its no-break space. A space that ends one element before the
    punctuation that starts the next (`*Béring *:`) cannot be set from either node:
    it is reported (the plugin refuses the page with its file and line).
    """

    def __init__(self, md: Markdown, extension: FrenchSpacingExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        lang = self.extension.lang()
        self.extension.problems = []
        if lang is None:
            return
        self._walk(root, lang, "")
        # Raw HTML is published as written: its text must already be right.
        for block in self.md.htmlStash.rawHtmlBlocks:
            if isinstance(block, str):
                self._check_raw(block, lang)

    def _check_raw(self, html: str, lang: str) -> None:
        reader = _RawText(lang)
        reader.feed(html)
        reader.close()
        for before, text in reader.texts:
            self._check_as_written(before, text)

    def _check_as_written(self, before: str, text: str) -> None:
        """Text published as written (raw HTML, autolinks) must already be spaced."""
        context = before[-2:]
        if french_spacing(context + text) != french_spacing(context) + text:
            self.extension.problems.append(SpacingProblem(before[-40:], text, raw=True))

    def _set(self, text: str | None, before: str) -> tuple[str | None, str]:
        """`text` with French spacing, and the context for the next node."""
        if not text:
            return text, before
        if isinstance(text, AtomicString):  # raw HTML, autolinks: as written
            self._check_as_written(before, text)
            return text, before + text
        context = before[-2:]  # the look-behinds of `french_spacing` read one character
        alone = french_spacing(context)
        spaced = french_spacing(context + text)
        if not spaced.startswith(alone):  # the space to set ends the text before
            self.extension.problems.append(SpacingProblem(before[-40:], text))
            spaced = alone + french_spacing(text)
        spaced = spaced[len(alone) :]
        return spaced, spaced

    def _walk(self, element: etree.Element, lang: str, before: str) -> str:
        element.text, before = self._set(element.text, before)
        for child in element:
            if _skipped(child, lang):
                before = before + "".join(child.itertext())
            else:
                before = self._walk(child, lang, before)
            child.tail, before = self._set(child.tail, before)
        return before


class FrenchSpacingExtension(Extension):
    """French spacing on the pages of the languages that want it (the plugin tells which).

    `languages`: the languages whose pages get French spacing; `page_lang` (a callable):
    the language of the page being rendered.
    """

    def __init__(self, languages=(), page_lang=None, **kwargs) -> None:
        self.languages = frozenset(languages)
        self.page_lang = page_lang or (lambda: None)
        self.problems: list[SpacingProblem] = []
        super().__init__(**kwargs)

    def lang(self) -> str | None:
        lang = self.page_lang()
        return lang if lang in self.languages else None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown API)
        md.registerExtension(self)
        # 7: after inline processing (20) and attribute lists (8), which take `{ … }` out
        # of the text; before the table of contents (5), which copies the headings.
        md.treeprocessors.register(FrenchSpacingTreeprocessor(md, self), "french_spacing", 7)

    def reset(self) -> None:
        self.problems = []

    @staticmethod
    def set_toc(items) -> None:
        """French spacing in a page's table of contents (MkDocs' `page.toc`), whose titles
        Python-Markdown's toc makes with ordinary spaces only."""
        for item in items:
            item.title = french_spacing(item.title)
            FrenchSpacingExtension.set_toc(item.children)
