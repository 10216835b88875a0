"""The contributor check and the build's refusals: what `make check` and the build report.

* `build_checks`   what the build refuses before and after rendering, all at once;
* `contributor`    the whole contributor check (`check_project`): twins, links, anchors,
                   citations, nav, the gates of the sources, the glossary, the writing
                   rules, `source_commit`;
* `twins`          twin pages compared by structure;
* `links`          links, anchors and citations against what exists;
* `page_structure` a page's structure as the checker reads it (headings and anchors,
                   citations, links, images), after the gates' limits;
* `writing_rules`  the writing rules of CONTRIBUTING.md a machine can check;
* `glossary`       one French term for one thing (data/glossary.yml);
* `strings`        every text of the data files in every language of the site.

Above the gates (serumrun/gates/), which it runs on every page and data file.
"""
