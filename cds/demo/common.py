"""What the demo's builder and its parts (reviews, overlap, appraisal, directives) share."""
import datetime as dt

DATA_END = dt.date(2026, 11, 16)      # the demo's "last working day"; later steps are never planned


def lcfirst(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
