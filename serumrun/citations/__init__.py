"""Citations and the bibliography: `[@key]` in a page, data/bibliography.yml, the references page.

* `bibliography_schema` what data/bibliography.yml may say: the model of an entry, its rules;
* `bibliography`        load it once per build (on the Project), and format references,
                        dates and locators per language;
* `extension`           the citation syntax and the Markdown extension: `[@key]` -> a marker;
* `references`          the references page of each language, with its "cited in" links;
* `deferred_markup`     the markers' and backlinks' markup put in place after Material's
                        search plugin has read a page (kept out of the search index).
"""
