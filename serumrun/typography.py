"""French punctuation spacing, for every French text that comes from the data files.

The data (relay notes, bibliography notes and identifications, interface labels) is
written with ordinary spaces, readable in an editor; this function gives the French
reader the no-break spaces of French typography, so that a lone ';' or '»' never
starts a line. One function for all of them: serumrun/relay/l10n.py (relay texts),
serumrun/labels.py (labels) and serumrun/bibliography.py (references) call it.
"""

from __future__ import annotations

import re

NNBSP = "\u202f"  # narrow no-break space: French thousands, before ; ! ? », after «
NBSP = "\u00a0"  # no-break space: French before :, inside times ("5 h 30")

#: A space (or none, for "»") before ; ! ? », unless the narrow space is already there.
_BEFORE_HIGH = re.compile(r"(?<!\u202f)(?: |\u00a0)([;!?»])|(?<![ \u00a0\u202f])(»)")
#: A colon followed by a space or ending the text ("Également sur :" before a list).
_BEFORE_COLON = re.compile(r"(?<=\S)[ \u202f]?:(?=\s|$)")
_AFTER_OPEN = re.compile(r"«(?:[ \u00a0]|(?!\u202f))")


def french_spacing(text: str) -> str:
    """French punctuation spacing: 'gelé ; trois' -> 'gelé\u202f; trois', « x » likewise.

    Colons take a full no-break space. Citations like [@a; @b] are untouched: no
    space precedes their ';'. Applying it twice changes nothing.
    """
    text = _BEFORE_HIGH.sub(lambda m: NNBSP + (m.group(1) or m.group(2)), text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    return _AFTER_OPEN.sub("«" + NNBSP, text)
