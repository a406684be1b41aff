"""Reading a unit's answers against a form version: types, constraints, required answers and
skip logic, all on the server (the browser's hiding is a convenience, not the rule).

``raw`` maps a question name to what was entered — text for single values, a list (or a
space-separated text) for a multiple choice, ``{row name: choice}`` for a matrix, an uploaded
file (or ``KEEP`` to keep the stored one) for a file question. :func:`clean` returns the rows to
store and the errors by question name. A question hidden by its ``relevant`` (or its section's)
is neither required nor stored, whatever was sent for it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from cds.core.validation import DATE_FORMATS, BadInput, check_day, check_text

from . import expr
from .models import QuestionType

KEEP = object()  # a file question whose stored file stays
MAX_TEXT = 5000
NUMBER_LIMIT = Decimal("1e15")


@dataclass
class Cleaned:
    rows: list[dict] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    values: dict[str, object] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.errors


class FormRules:
    """A version's questions with their parsed expressions and choice names, built once per
    version and reused for every response of a round."""

    def __init__(self, form):
        self.form = form
        self.sections = {s.pk: s for s in form.sections.all()}
        self.questions = list(form.questions.all())
        self.choices: dict[str, dict[str, str]] = {}
        for c in form.choices.all():
            self.choices.setdefault(c.list_name, {})[c.name] = c.label
        self.relevant = {q.name: expr.parse(q.relevant) for q in self.questions}
        self.constraint = {q.name: expr.parse(q.constraint) for q in self.questions}
        self.section_relevant = {pk: expr.parse(s.relevant) for pk, s in self.sections.items()}

    def visible(self, question, values: dict, today=None) -> bool:
        section_tree = self.section_relevant.get(question.section_id)
        if section_tree is not None and not expr.evaluate(section_tree, values, today=today):
            return False
        return expr.evaluate(self.relevant[question.name], values, today=today)


def _blank(value) -> bool:
    if value is None or value is KEEP:
        return value is None
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set, dict)):
        return not any(not _blank(v) for v in (value.values() if isinstance(value, dict) else value))
    return False


def _number(q, text, integer: bool):
    try:
        value = Decimal(str(text).strip().replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise BadInput("phải là một số" + (" nguyên" if integer else "")) from None
    if not value.is_finite() or abs(value) >= NUMBER_LIMIT:
        raise BadInput("số quá lớn")
    if integer and value != value.to_integral_value():
        raise BadInput("phải là số nguyên")
    return value


def _date(text: str) -> dt.date:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise BadInput("phải là ngày dạng dd/mm/yyyy")


def _check_choice(choice: str, items) -> None:
    if choice not in items:
        raise BadInput(f"lựa chọn “{choice[:40]}” không có trong danh sách")


def _select_one(q, raw, items):
    choice = str(raw).strip()
    _check_choice(choice, items)
    return choice, [{"choice": choice}]


def _select_multiple(q, raw, items):
    chosen = raw.split() if isinstance(raw, str) else [str(v).strip() for v in raw if str(v).strip()]
    chosen = list(dict.fromkeys(chosen))
    for choice in chosen:
        _check_choice(choice, items)
    return " ".join(chosen), [{"choice": c} for c in chosen]


def _matrix(q, raw, items):
    if not isinstance(raw, dict):
        raise BadInput("câu hỏi dạng bảng cần một lựa chọn cho mỗi hàng")
    rows, value = [], []
    known_rows = {r["name"] for r in q.rows}
    for row, choice in raw.items():
        choice = str(choice or "").strip()
        if not choice:
            continue
        if row not in known_rows:
            raise BadInput(f"hàng “{str(row)[:40]}” không có trong câu hỏi")
        _check_choice(choice, items)
        rows.append({"row": row, "choice": choice})
        value.append(f"{row}:{choice}")
    return " ".join(value), rows


def _integer(q, raw, items):
    value = _number(q, raw, True)
    if q.type == QuestionType.SCALE and not (q.scale_min <= value <= q.scale_max):
        raise BadInput(f"phải từ {q.scale_min} đến {q.scale_max}")
    return float(value), [{"number": value}]


def _decimal(q, raw, items):
    value = _number(q, raw, False)
    return float(value), [{"number": value}]


def _day(q, raw, items):
    day = check_day(raw if isinstance(raw, dt.date) else _date(str(raw).strip()))
    return day.isoformat(), [{"date": day}]


def _text(q, raw, items):
    text = check_text(str(raw))
    if len(text) > MAX_TEXT:
        raise BadInput(f"dài quá {MAX_TEXT} ký tự")
    return text, [{"text": text}]


def _file(q, raw, items):
    if raw is KEEP:
        return "1", [{"keep": True}]
    return getattr(raw, "name", "1"), [{"upload": raw}]


_READERS = {
    QuestionType.SELECT_ONE: _select_one, QuestionType.SELECT_MULTIPLE: _select_multiple,
    QuestionType.MATRIX: _matrix, QuestionType.INTEGER: _integer, QuestionType.SCALE: _integer,
    QuestionType.DECIMAL: _decimal, QuestionType.DATE: _day, QuestionType.TEXT: _text, QuestionType.FILE: _file,
}


def _typed(q, raw, rules: FormRules):
    """(value for expressions, storage rows) of one non-blank answer; BadInput when wrong."""
    reader = _READERS.get(q.type)
    if reader is None:
        return "", []
    return reader(q, raw, rules.choices.get(q.list_name, {}))


def clean(rules: FormRules, raw: dict, *, complete: bool, today: dt.date | None = None) -> Cleaned:
    """Check ``raw`` against the version. ``complete`` (submission) also requires every visible
    required question. Questions are read in form order; a relevance condition sees the values
    of the questions before it and the raw values of those after it."""
    out = Cleaned()
    provisional = {}
    for q in rules.questions:
        value = raw.get(q.name)
        if isinstance(value, (list, tuple)):
            provisional[q.name] = " ".join(str(v) for v in value)
        elif isinstance(value, dict):
            provisional[q.name] = " ".join(f"{k}:{v}" for k, v in value.items() if v)
        elif value is not None and value is not KEEP:
            provisional[q.name] = str(getattr(value, "name", value))
    values = dict(provisional)
    for q in rules.questions:
        if q.type == QuestionType.NOTE:
            continue
        if not rules.visible(q, values, today):
            out.hidden.add(q.name)
            values[q.name] = ""
            continue
        value = raw.get(q.name)
        if _blank(value):
            values[q.name] = ""
            if complete and q.required:
                out.errors[q.name] = "Câu hỏi bắt buộc, chưa trả lời."
            elif complete and q.type == QuestionType.MATRIX and q.required:
                out.errors[q.name] = "Câu hỏi bắt buộc, chưa trả lời đủ các hàng."
            continue
        try:
            typed, rows = _typed(q, value, rules)
        except BadInput as exc:
            out.errors[q.name] = f"{str(exc)[:1].upper()}{str(exc)[1:]}."
            values[q.name] = ""
            continue
        if complete and q.required and q.type == QuestionType.MATRIX and len(rows) < len(q.rows):
            out.errors[q.name] = "Câu hỏi bắt buộc, chưa trả lời đủ các hàng."
        values[q.name] = typed
        tree = rules.constraint[q.name]
        if tree is not None and q.type != QuestionType.FILE and not expr.evaluate(tree, values, typed, today=today):
            out.errors[q.name] = q.constraint_message or "Câu trả lời không thỏa ràng buộc của câu hỏi."
            continue
        for row in rows:
            out.rows.append(dict(row, question=q))
    out.values = values
    return out


def raw_from_answers(answers) -> dict:
    """The ``raw`` of stored answers (to check them again at submission)."""
    raw: dict = {}
    for a in answers:
        q = a.question
        if q.type == QuestionType.SELECT_MULTIPLE:
            raw.setdefault(q.name, []).append(a.choice)
        elif q.type == QuestionType.MATRIX:
            raw.setdefault(q.name, {})[a.row] = a.choice
        elif q.type == QuestionType.SELECT_ONE:
            raw[q.name] = a.choice
        elif q.type in (QuestionType.INTEGER, QuestionType.SCALE, QuestionType.DECIMAL):
            raw[q.name] = format(a.number.normalize(), "f") if a.number is not None else ""
        elif q.type == QuestionType.DATE:
            raw[q.name] = a.date
        elif q.type == QuestionType.FILE:
            raw[q.name] = KEEP if a.file else None
        else:
            raw[q.name] = a.text
    return raw
