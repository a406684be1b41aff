"""Characters a stored or exported text must not hold, and the digits a number may be typed with.

* **Control characters** (C0, DEL, C1): nothing a person types; NUL is refused by PostgreSQL
  and none of them may stand in the XML of an .xlsx or .docx (openpyxl raises, so one stored
  NUL would break every export that holds it). Tab, line feed and carriage return are allowed
  in multi-line text only.
* **Lone surrogates** (U+D800–U+DFFF outside a pair): JSON can carry ``"\\udc80"``, but no
  encoder — database driver, XML writer — can write one.
* **Noncharacters** U+FFFE and U+FFFF: not allowed in XML.
* **Bidirectional controls** U+202A–U+202E, U+2066–U+2069: they reorder what is shown
  ("Trojan source"), so a name would not read as it is stored.
* **Invisible characters** (zero-width spaces and joiners, soft hyphen, BOM, fillers): allowed
  inside a text, but a value made only of them and spaces is empty.

:func:`text_problem` names the first offending character in Vietnamese; :func:`xml_safe`
replaces what an XML document cannot hold, for exports written from stored values; :func:`scrub`
replaces whatever :func:`text_problem` refuses, for names the system only records."""
from __future__ import annotations

import re
import unicodedata

_C0_SINGLE_LINE = "\x00-\x1f"
_C0_MULTI_LINE = "\x00-\x08\x0b\x0c\x0e-\x1f"
_C1_AND_DEL = "\x7f-\x9f"
_SURROGATES = "\ud800-\udfff"
_NONCHARACTERS = "\ufffe\uffff"
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
INVISIBLE = ("\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2060-\u2064\u206a-\u206f"
             "\u3164\ufe00-\ufe0f\ufeff\uffa0")

_BAD_SINGLE_LINE = re.compile(f"[{_C0_SINGLE_LINE}{_C1_AND_DEL}{_SURROGATES}{_NONCHARACTERS}{BIDI_CONTROLS}]")
_BAD_MULTI_LINE = re.compile(f"[{_C0_MULTI_LINE}{_C1_AND_DEL}{_SURROGATES}{_NONCHARACTERS}{BIDI_CONTROLS}]")
_NOT_XML = re.compile(f"[{_C0_MULTI_LINE}{_SURROGATES}{_NONCHARACTERS}]")
_BLANK = re.compile(f"^[\\s{INVISIBLE}]*$")
_EDGES = re.compile(f"^[\\s{INVISIBLE}]+|[\\s{INVISIBLE}]+$")

REPLACEMENT = "\ufffd"


def _kind(ch: str) -> str:
    code = ord(ch)
    if ch in "\t\n\r":
        return "ký tự xuống dòng hoặc tab (ô này chỉ nhận một dòng)"
    if 0xD800 <= code <= 0xDFFF:
        return "ký tự không mã hóa được"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return "ký tự đảo chiều hiển thị văn bản"
    if code in (0xFFFE, 0xFFFF):
        return "ký tự không hợp lệ trong Unicode"
    return "ký tự điều khiển"


def text_problem(text: str, *, multiline: bool = True) -> str | None:
    """What makes ``text`` unstorable, as the end of a Vietnamese sentence ("chứa ký tự điều
    khiển (U+0000) ở vị trí 4"), or None when it may be stored."""
    found = (_BAD_MULTI_LINE if multiline else _BAD_SINGLE_LINE).search(text)
    if found is None:
        return None
    ch = found.group()
    return f"chứa {_kind(ch)} (U+{ord(ch):04X}) ở vị trí {found.start() + 1}"


def is_blank(text: str) -> bool:
    """True for a text of nothing but spaces and invisible characters."""
    return bool(_BLANK.match(text))


def tidy(text: str) -> str:
    """NFC, without the spaces and invisible characters at either end (a pasted BOM or
    zero-width space)."""
    return _EDGES.sub("", unicodedata.normalize("NFC", text))


def xml_safe(value):
    """``value`` with every character an XML document cannot hold replaced by U+FFFD ("�"), so
    that one bad stored value never stops an export; anything not a string is returned as is."""
    if isinstance(value, str) and _NOT_XML.search(value):
        return _NOT_XML.sub(REPLACEMENT, value)
    return value


def scrub(text: str, *, multiline: bool = False) -> str:
    """``text`` with every character :func:`text_problem` refuses replaced by U+FFFD — for a
    name the system only records (an uploaded file's name), where refusing would say nothing."""
    return (_BAD_MULTI_LINE if multiline else _BAD_SINGLE_LINE).sub(REPLACEMENT, text or "")


# ------------------------------------------------------------------ digits ----

def ascii_digits(text: str) -> bool:
    """True when ``text`` is non-empty and made of 0–9 only (``str.isdigit`` also says yes to
    "²" and "١٢٣", which ``int`` then refuses or reads)."""
    return bool(text) and text.isascii() and text.isdigit()
