"""What a bilingual site needs from MkDocs, Material and static-i18n.

* `bilingual` hreflang links, links kept within a language, one search index and one
              404 page per language;
* `status`    how each translation stands against its original (the notice on a page,
              the translation-status page), from git.

The comparison of two twins by structure is a check: serumrun/checks/twins.py.
"""
