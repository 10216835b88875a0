"""What each language writes, for every layer above: labels, French spacing, dates.

* `labels`     the interface labels of the project's own templates (data/labels.yml);
* `typography` French punctuation spacing, for the data and the pages;
* `dates`      dates in the page's language (Babel's CLDR data).

The languages themselves (CLDR's conventions and the house rules of data/languages.yml)
are serumrun/languages.py, below: the project reads them when it is loaded.
"""
