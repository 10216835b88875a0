"""What the plugin adds to or repairs in the theme's output (Material 9.8.1).

* `material`     every edit of Material's built scripts, one table applied once;
* `markup`       exact repairs of markup Material writes that the HTML checker refuses;
* `offline`      the offline bundle, working from a folder with no network;
* `meta`         what a page tells the programs that read it (link previews, citation);
* `history`      when each page last changed, from git;
* `serve_errors` `make serve` shows a failed rebuild's problems on the pages it serves.
"""
