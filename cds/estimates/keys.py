"""The key that says two estimate lines price the same item: the line's name folded (no
diacritics, lower case, punctuation as spaces), with what stands in brackets left out — units
write the same server as "Máy chủ ứng dụng (02 CPU, 256GB)" and "Máy chủ ứng dụng [cấu hình
theo TKCT]" — and the leading list marks ("-", "a)", "1.") dropped."""
import re

from cds.text.normalize import fold

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_LEAD = re.compile(r"^(?:[-+*•]|[a-zđ]\)|\d+(?:\.\d+)*[.)]?)\s+", re.IGNORECASE)


def item_key(name: str) -> str:
    text = _BRACKETS.sub(" ", name or "")
    text = _LEAD.sub("", text.strip())
    return fold(text)[:200]
