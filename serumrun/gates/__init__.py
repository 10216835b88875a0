"""The gates a stranger's pull request must pass (issue 17; SECURITY.md says what they hold).

Source side, before anything is rendered (serumrun/checks/build_checks.py, and the
checker, scripts/check.py, for the parts that are about pages):

* `limits`: size, line length, block length, nesting depth and characters of a page and
  of the data's texts (the ones rendered as Markdown: prose only), checked in linear time
  before Python-Markdown (or any regex of ours) sees them;
* `printed`: the text the templates print (labels, mkdocs.yml; a page's front matter
  is the model of serumrun/pages.py);
* `static`: the files of docs/ that are not pages (their kinds), and `assets`: what an
  SVG or a stylesheet may hold (allowlists; CSS read by tinycss2).

Rendered side, on each page's content before the theme wraps it (serumrun/plugin.py):

* `content`: the allowlist sanitizer (nh3); the build is refused if it would remove anything.

Output side, after the build (serumrun/plugin.py):

* `output`: a short pass over what the templates emit (scripts, styles, links, meta);
* `policy`: each finished page's Content-Security-Policy, and `rel` on links out.

Where a link goes is decided by `urls` (the WHATWG URL parser), for all of them.

Each gate returns `serumrun.problems.Problem`s (`file:line: found X, expected Y`);
the plugin (serumrun/plugin.py) turns a non-empty list into one failed build that lists them all.
"""
