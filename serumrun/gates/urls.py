"""Addresses read as a browser reads them: the WHATWG URL standard, through ada-url.

Python's `urllib.parse` and a browser disagree on hosts written with a backslash
(`https:\\\\evil.example`, `/\\evil.example`), with credentials (`https://a\\@evil.example`)
or in Unicode (IDNA): an attacker writes the address the checker reads as the site's
own and the browser follows elsewhere. Every decision about where an address goes
(links out, what a page may load) is made here, on the browser's reading.
"""

from __future__ import annotations

import functools

import ada_url

#: The host relative addresses resolve against when the site has no address of its own.
PLACEHOLDER_HOST = "site.invalid"


def resolve(href: str, site_host: str, base: str | None = None) -> ada_url.URL | None:
    """`href` (entity-decoded, as the HTML parser gives it) resolved as a browser resolves
    it on a page of the site (at `base`, default its root); None if a browser would not
    follow it at all."""
    try:
        return ada_url.URL(href, base or f"https://{site_host or PLACEHOLDER_HOST}/")
    except ValueError:
        return None


#: A site repeats its links on every page (the navigation, the footer): each address is
#: read once per host, the way a browser would, and the decision kept.
@functools.lru_cache(maxsize=65536)
def scheme(href: str, site_host: str) -> str:
    """The scheme a browser reads (`https`, `mailto`, `javascript`...), "" if none."""
    url = resolve(href, site_host)
    return url.protocol.removesuffix(":") if url is not None else ""


@functools.lru_cache(maxsize=65536)
def leaves_site(href: str, site_host: str) -> bool:
    """Whether a browser following `href` from a page of the site goes to another host."""
    url = resolve(href, site_host)
    if url is None or url.protocol not in ("http:", "https:"):
        return False  # no host to go to (mailto:, or refused: javascript:...)
    return url.hostname != (site_host or PLACEHOLDER_HOST)
