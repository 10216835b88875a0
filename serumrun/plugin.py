"""The `serumrun` MkDocs plugin: everything the site adds to MkDocs, Material and static-i18n.

**Language passes.** mkdocs-static-i18n builds the default language, then, from inside
that build's `on_post_build` (priority -100), builds every other language by calling
MkDocs' `build()` again with the same plugin instances: every event below runs once per
language. This is the one place that handles it. `on_config` of the first pass
(static-i18n is not `building` yet) starts a new build: the project read, every source
checked before anything is written; the later passes only re-register the Markdown
extensions. The page events run per page of each pass. `on_post_build` of the first pass
runs last (priority -200, after every language) and finishes the site.

The Markdown extensions hold a reference to the plugin and read the page being rendered
from `self.page` (the way mkdocs-autorefs hands its extension the plugin).
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from serumrun import project
from serumrun.checks import build_checks, strings
from serumrun.citations.deferred_markup import LateMarkup
from serumrun.citations.extension import CitationExtension
from serumrun.citations.references import References
from serumrun.gates import output as output_gate
from serumrun.gates import policy
from serumrun.gates.content import ContentGate
from serumrun.l10n.labels import Labels
from serumrun.l10n.typography import FrenchSpacingExtension
from serumrun.mdsource import PageContext
from serumrun.pages import FrontMatterError, source_page
from serumrun.relay.extension import RelayData, RelayExtension
from serumrun.templating import MemoryBytecodeCache
from serumrun.theme import markup, material, offline, serve_errors
from serumrun.theme.meta import SiteMeta, missing_cards
from serumrun.translation import bilingual
from serumrun.translation.status import TranslationStatus, statuses

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

_ID_RE = re.compile(r'\bid="([^"]+)"')


class SerumRunConfig(base.Config):
    #: The bibliography every citation `[@key]` refers to.
    bibliography = c.File(exists=True, default="data/bibliography.yml")
    #: The relay: legs, places, mushers (the legs table, map, timeline and totals). A site
    #: without it builds, as long as no page uses a relay marker.
    relay = c.Optional(c.File(exists=True))
    #: The drivers of the relay, for the mushers page's `[[relay:people]]` (with `relay`).
    people = c.Optional(c.File(exists=True))
    #: The house rules of each language (serumrun/languages.py): what CLDR does not say.
    language_rules = c.File(exists=True, default="data/languages.yml")
    #: Interface labels of the project's templates and extensions, per language.
    labels = c.File(exists=True, default="data/labels.yml")
    #: The page, in each language folder, where `[[bibliography]]` becomes the references.
    references_page = c.Type(str, default="references.md")
    #: The checks that only guard publication: the gate on each page as rendered and the
    #: pass over every file of the built site. Off under `make serve` (SERUMRUN_CHECKS=
    #: false, in Material's `enabled: !ENV [...]` style), the edit loop; the documented
    #: build (scripts/build.py: `make site`, CI, the deploy) always sets it on. The source
    #: gates run in every build: they name the file and line of a mistake while editing;
    #: the contributor check (twins, glossary, page rules) is `make check`'s there.
    checks = c.Type(bool, default=True)
    #: Under `mkdocs serve`, a failed rebuild shows its problems on the served pages
    #: (serumrun/theme/serve_errors.py) instead of leaving the last good page on screen.
    serve_errors = c.Type(bool, default=True)


class SerumRunPlugin(BasePlugin[SerumRunConfig]):
    def __init__(self) -> None:
        self.project: project.Project | None = None
        self.page = PageContext("", "")
        self.references: References | None = None
        #: The interface labels, read once per build (serumrun/l10n/labels.py).
        self.labels: Labels | None = None
        self.translations: TranslationStatus | None = None
        #: Link previews, JSON-LD, last-change dates, "cite this page" (issue 16).
        self.site_meta: SiteMeta | None = None
        self.not_found_pages: dict[str, str] = {}
        #: What the sanitizer would remove from pages as rendered, every language pass.
        self.rendered_problems: list = []
        #: The allowlist sanitizer of page content (serumrun/gates/content.py).
        self.content_gate: ContentGate | None = None
        #: What the templates write (serumrun/gates/output.py), read once per build.
        self.allowlist: output_gate.TemplateAllowlist | None = None
        #: Each page's markup that waits for the search plugin
        #: (serumrun/citations/deferred_markup.py).
        self.late: dict[str, LateMarkup] = {}
        self.bytecode_cache = MemoryBytecodeCache()
        #: French spacing of the pages' text (serumrun/l10n/typography.py), set per language pass.
        self.spacing = FrenchSpacingExtension()
        #: The ids of each rendered page: lang -> page ('relay.md') -> ids.
        self.anchors: dict[str, dict[str, set[str]]] = {}
        #: Under `mkdocs serve`: the folder served and the last build's error (serve_errors).
        self.site_dir: str | None = None
        self.build_error: str | None = None

    # --- mkdocs serve ---------------------------------------------------------------------
    # Defining on_startup keeps this instance across the rebuilds of `mkdocs serve` (MkDocs
    # 1.4+), so that the wrapped builder and the build that failed share it.

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.config.serve_errors:
            serve_errors.wrap(server, self)
        return server

    def on_build_error(self, *, error: Exception) -> None:
        # Problems found before rendering stopped (the contributor check's, the pages'):
        # said too, not lost behind the error that stopped the build.
        # Said once: a language pass of static-i18n is a build inside the build, and both
        # end in this event.
        said = str(error)
        found = [p for p in build_checks.in_order(self.rendered_problems) if str(p) not in said]
        self.rendered_problems = []
        if found:
            log.error("The site cannot be published:\n  " + "\n  ".join(map(str, found)))
        if getattr(self, "serving", False) and (found or self.build_error is None):
            self.build_error = "\n".join([said, *map(str, found)])

    # --- Build set-up --------------------------------------------------------------------

    @event_priority(100)  # before Material's offline plugin, which would add unpkg
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.site_dir = config.site_dir
        if "i18n" not in config.plugins:
            raise PluginError("the serumrun plugin needs the i18n plugin (mkdocs-static-i18n)")
        if not self._i18n(config).building:
            self._start_build(config)
        extensions = config.markdown_extensions
        if not any(isinstance(ext, CitationExtension) for ext in extensions):
            languages = self.project.languages
            french = [code for code in languages if self.project.language(code).french_spacing]
            self.spacing = FrenchSpacingExtension(french, page_lang=lambda: self.page.lang)
            extensions += [
                CitationExtension(
                    self.project, page=lambda: self.page, recorder=self.references.record
                ),
                RelayExtension(RelayData.of(self.project), page=lambda: self.page),
                self.spacing,
            ]
        if offline.enabled(config):
            offline.configure(config)
        return config

    def _start_build(self, config: MkDocsConfig) -> None:
        self.build_error = None
        self.project = project.Project.from_mkdocs_config(config)
        build_checks.check_tree(self.project, config)
        self.project.language(self.project.default_language)  # read and checked once
        missing = self.project.missing_twins()
        if missing:
            raise PluginError(
                "Every page must exist in every language (no silent fallback):\n  "
                + "\n  ".join(map(str, missing))
            )
        # Every text of the data in every language, all missing ones in one message.
        build_checks.refuse(strings.missing_strings(self.project) + missing_cards(self.project))
        # The contributor check's errors, refused at the end with the pages' (on_post_build)
        # or, if rendering stops first, said with its error (on_build_error). Only
        # publication refuses them: the edit loop (`checks: false`) leaves it to `make check`.
        self.rendered_problems = build_checks.check_sources(
            self.project, config, contributor=self.config.checks
        )
        self.allowlist = output_gate.allowlist(config)  # what the templates write
        self.content_gate = ContentGate(policy.site_host(config.site_url), self.allowlist.ids)
        self.references = References(self.project, self.config.references_page)
        self.references.load()
        self.labels = Labels.of(self.project)
        self.translations = TranslationStatus(self.project, self.labels, statuses(self.project))
        self.site_meta = SiteMeta(self.project, self.labels)
        self.not_found_pages = {}
        self.anchors = {}
        self.late = {}

    @event_priority(-200)  # after static-i18n (-100) has chosen this pass's files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # MkDocs renders pages in the order of `files`: the references page goes last, so
        # that every other page of the language has reported its citations by then.
        for file in list(files.documentation_pages()):
            if self._uri(file.src_uri) == self.config.references_page:
                files.remove(file)
                files.append(file)
        return files

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        self.translations.nav(nav)
        return nav

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        # Each language pass makes a new Jinja environment: without a shared cache every
        # template is compiled again per language (a third of the real site's build).
        env.bytecode_cache = self.bytecode_cache
        env.globals["ui"] = self.labels.html  # escaped: MkDocs' Jinja does not autoescape
        env.globals["content_security_policy"] = policy.policy_template()
        env.globals["site_languages"] = self.project.languages
        env.globals["url_prefix"] = self.project.url_prefix
        theme = material.theme_dir()
        env.globals["search_worker"] = material.built_file(theme, material.WORKER)
        env.globals["material_stylesheet"] = material.built_file(theme, material.MAIN_STYLESHEET)
        if offline.enabled(config):
            offline.check_polyfills(config)
        return env

    # --- Pages ---------------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files):
        lang = self._lang(page)
        uri = self._uri(page.file.src_uri)
        # The extensions read this while MkDocs renders the page (right after this event).
        references = files.get_file_from_path(f"{lang}/{self.config.references_page}")
        # A new one for each rendering (`mkdocs serve` renders the page again).
        self.late[page.file.src_uri] = LateMarkup()
        self.page = PageContext(
            lang,
            uri,
            self._front_matter_lines(page),
            get_relative_url(references.url, page.url) if references else "",
            late=self.late[page.file.src_uri],
        )

        @functools.cache  # one lookup per page named, however many backlinks
        def url_of(rel: str) -> str:
            target = files.get_file_from_path(f"{lang}/{rel}")
            if target is None:
                raise PluginError(f"the references page links back to {lang}/{rel}, not built")
            return get_relative_url(target.url, page.url)

        markdown = self.references.page_markdown(markdown, lang, uri, url_of, self.page.late)
        return self.translations.page_markdown(markdown, page, files)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files):
        # Collected, not raised: every page of both languages is named at the end.
        if self.config.checks:
            self.rendered_problems += build_checks.rendered_problems(
                self.content_gate, html, self.project, page.file.abs_src_path
            )
        # French spacing the build could not set in the page (serumrun/l10n/typography.py);
        # the table of contents gets it back (Python-Markdown's toc collapses every
        # space of a heading, the no-break ones included, into an ordinary one).
        self.rendered_problems += build_checks.spacing_problems(
            self.spacing.problems, self.project, page.file.abs_src_path
        )
        if self.spacing.lang() is not None:
            self.spacing.set_toc(page.toc)
        lang, uri = self.page.lang, self.page.uri
        # Citation links and the references page's backlinks are written resolved, past
        # MkDocs' link checks: the plugin checks their anchors itself. The references
        # page is rendered last in its language (on_files), after every page it names.
        self.anchors.setdefault(lang, {})[uri] = set(_ID_RE.findall(html))
        if uri == self.config.references_page:
            self.references.check_links(lang, self.anchors[lang])
        return html

    @event_priority(-50)  # after Material's search plugin (0) has read the page
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        # The citation markers and backlinks, left out of what the search plugin read
        # (serumrun/citations/deferred_markup.py).
        late = self.late.pop(page.file.src_uri, None)
        if late is not None:  # its error is a PluginError: a message, no traceback
            shown = self.project.display(page.file.abs_src_path)
            page.content = late.expand(page.content or "", shown)
        bilingual.switch_to_twins(page, config.extra.get("alternate") or [])
        lang = self._lang(page)
        context["page_lang"] = lang
        context["hreflang"] = bilingual.hreflang(page, config.site_url, self.project)
        # The search index of this page's language lives under the language root.
        context["search_base_suffix"] = self.project.url_prefix(lang)
        context["translation_notice"] = self.translations.notice(page)
        context["page_info"] = self.site_meta.for_page(page, config, context["hreflang"])
        if offline.enabled(config):
            offline.page_context(context, page)
        return context

    def on_template_context(self, context, *, template_name: str, config: MkDocsConfig):
        # The 404 page has no page: its language is the pass's, and so is its search index.
        if template_name == "404.html":
            context["search_base_suffix"] = self.project.url_prefix(self._pass_language(config))
        return context

    # Every page, in this order: Material's markup repaired (valid HTML), then the
    # Content-Security-Policy hashed over the final markup and links out marked (after
    # every other plugin, static-i18n's -100 included), then the offline bundle's
    # addition to the policy.

    @event_priority(50)
    def _repair_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return markup.repair(output, page.file.src_uri)

    @event_priority(-100)
    def _secure_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        try:
            return self._secure(output, page.file.src_uri, config)
        except PluginError:
            if self.rendered_problems:
                return output  # refused at the end anyway, with what the sanitizer found
            raise

    @event_priority(-150)
    def _offline_policy(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return offline.extend_policy(output, page) if offline.enabled(config) else output

    on_post_page = CombinedEvent(_repair_page, _secure_page, _offline_policy)

    # Templates without a page (the 404 page): the same repairs and policy, then each
    # language pass's 404 is kept to be written in its own root at the end.

    @event_priority(110)
    def _repair_template(self, output: str, *, template_name: str, config: MkDocsConfig):
        return markup.repair(output, template_name) if template_name.endswith(".html") else output

    @event_priority(100)
    def _secure_template(self, output: str, *, template_name: str, config: MkDocsConfig):
        html = template_name.endswith(".html")
        return self._secure(output, template_name, config) if html else output

    def _secure(self, output: str, name: str, config: MkDocsConfig) -> str:
        host = policy.site_host(config.site_url)
        return policy.secure_page(output, host, name, allow=self.allowlist)

    def _keep_not_found_page(self, output: str, *, template_name: str, config: MkDocsConfig):
        if template_name != "404.html":
            return output
        self.not_found_pages[self._pass_language(config)] = output
        # Each pass writes site/404.html; keep the default language's there.
        return self.not_found_pages.get(self.project.default_language, output)

    on_post_template = CombinedEvent(_repair_template, _secure_template, _keep_not_found_page)

    # --- The finished site ---------------------------------------------------------------

    @event_priority(-200)  # after static-i18n (-100) has built every language
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._i18n(config).building:
            return  # an inner language pass: the first pass finishes the site
        site = Path(config.site_dir)
        bilingual.write_not_found_pages(site, self.not_found_pages, self.project)
        bilingual.split_search_index(site, self.project)
        material.apply(site, offline=offline.enabled(config))
        if offline.enabled(config):
            offline.finish(site, self.project)
        if not self.config.checks:
            log.info("serumrun: publication checks off (checks: false), a preview only")
            return
        # Last: what the sanitizer refused in the pages as rendered, and the pass over every
        # file as published (serumrun/gates/), listed together.
        problems = output_gate.check_output(config, self.project, self.allowlist)
        if problems:
            raise PluginError(
                "The built site has what no page may bring (SECURITY.md):\n  "
                + "\n  ".join(map(str, build_checks.in_order(self.rendered_problems) + problems))
            )
        build_checks.refuse(self.rendered_problems)

    # --- Helpers -------------------------------------------------------------------------

    @staticmethod
    def _i18n(config: MkDocsConfig):
        return config.plugins["i18n"]

    def _pass_language(self, config: MkDocsConfig) -> str:
        return self._i18n(config).current_language or self.project.default_language

    def _lang(self, page: Page) -> str:
        return getattr(page.file, "locale", None) or self.project.default_language

    def _uri(self, src_uri: str) -> str:
        """'fr/relay.md' -> 'relay.md'."""
        return src_uri.split("/", 1)[1] if self.project.lang_of_src(src_uri) else src_uri

    def _front_matter_lines(self, page: Page) -> int:
        """Lines of the page's file before the Markdown body (error lines are file lines)."""
        try:
            return source_page(self.project, page.file.abs_src_path).line_offset
        except (OSError, TypeError, FrontMatterError):
            return 0
