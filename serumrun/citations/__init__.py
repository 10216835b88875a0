"""Citations and the bibliography: `[@key]` in a page, data/bibliography.yml, the references page.

Modules, one concern each:

* `bibliography_schema` what data/bibliography.yml may say: the model of an entry, its rules;
* `bibliography`        load it, and format references, dates and locators per language;
* `extension`           the Python-Markdown extension: `[@key]` -> a numbered marker;
* `references`          the references page of each language, with its "cited in" links;
* `deferred_markup`     the markers' and backlinks' markup put in place after Material's
                        search plugin has read a page (kept out of the search index).

The citation pattern itself (`CITATION_RE`) is in serumrun/mdsource.py: every tool that
reads a page's source reads citations with it.
"""
