"""The XLSForm expression language of ``relevant`` and ``constraint``, parsed and evaluated on the
server, so that skip logic and constraints hold for every entry point (page, API, import), not
only in the browser.

The subset is the one questionnaires use (ODK XPath): ``${name}`` references, ``.`` (the
answer being checked), numbers and quoted strings, ``= != < <= > >=``, ``and or``,
``+ - * div mod``, parentheses and the functions ``selected``, ``count-selected``, ``not``,
``string-length``, ``contains``, ``starts-with``, ``regex``, ``number``, ``int``, ``string``,
``if``, ``coalesce``, ``today``, ``date``, ``true``, ``false``.

Values follow XPath: an unanswered question is the empty string, a multiple choice the chosen
names joined by spaces, a date its ``YYYY-MM-DD`` text (so dates compare as text), numbers are
floats. A comparison with a number compares numbers; a value that is not a number makes it false.

    >>> tree = parse("${co_van_ban} = 'khong' and ${so_can_bo} < 3")
    >>> evaluate(tree, {"co_van_ban": "khong", "so_can_bo": 2})
    True
"""
from __future__ import annotations

import datetime as dt
import math
import re

MAX_LENGTH = 500


class ExprError(ValueError):
    """A malformed expression; the message is Vietnamese and names what is wrong."""


_TOKEN = re.compile(r"""
    \s*(?:
      (?P<ref>\$\{\s*(?P<refname>[A-Za-z_][A-Za-z0-9_.\-]*)\s*\})
    | (?P<number>\d+(?:\.\d+)?|\.\d+)
    | (?P<string>'[^']*'|"[^"]*")
    | (?P<op>!=|<=|>=|=|<|>|\+|-|\*|\(|\)|,)
    | (?P<name>[A-Za-z_][A-Za-z0-9_\-]*(?:\:[A-Za-z_][A-Za-z0-9_\-]*)?)
    | (?P<dot>\.)
    )""", re.VERBOSE)

FUNCTIONS = {
    "selected": (2, 2), "count-selected": (1, 1), "not": (1, 1), "string-length": (1, 1),
    "contains": (2, 2), "starts-with": (2, 2), "regex": (2, 2), "number": (1, 1), "int": (1, 1),
    "string": (1, 1), "if": (3, 3), "coalesce": (2, 2), "today": (0, 0), "date": (1, 1),
    "true": (0, 0), "false": (0, 0), "round": (1, 2),
}
_COMPARE = ("=", "!=", "<", "<=", ">", ">=")


def _tokens(text: str):
    pos, out = 0, []
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ExprError(f"ký tự không hợp lệ “{text[pos:pos + 10].strip()}” ở vị trí {pos + 1}")
        pos = m.end()
        if m.group("ref"):
            out.append(("ref", m.group("refname")))
        elif m.group("number"):
            out.append(("num", float(m.group("number"))))
        elif m.group("string"):
            out.append(("str", m.group("string")[1:-1]))
        elif m.group("op"):
            out.append(("op", m.group("op")))
        elif m.group("name"):
            out.append(("name", m.group("name")))
        else:
            out.append(("dot", "."))
    return out


class _Parser:
    def __init__(self, tokens):
        self.tokens, self.i = tokens, 0

    def peek(self, kind=None, value=None):
        if self.i >= len(self.tokens):
            return None
        tok = self.tokens[self.i]
        if kind and tok[0] != kind:
            return None
        if value is not None and tok[1] != value:
            return None
        return tok

    def take(self, kind=None, value=None):
        tok = self.peek(kind, value)
        if tok is None:
            found = self.tokens[self.i][1] if self.i < len(self.tokens) else "hết biểu thức"
            want = f"“{value}”" if value else "một giá trị"
            raise ExprError(f"cần {want} nhưng gặp “{found}”")
        self.i += 1
        return tok

    def binary(self, sub, ops, kind="op"):
        left = sub()
        while True:
            tok = self.peek(kind)
            if tok is None or tok[1] not in ops:
                return left
            self.i += 1
            left = ("bin", tok[1], left, sub())

    def expr(self):
        return self.binary(self.and_, ("or",), kind="name")

    def and_(self):
        return self.binary(self.cmp, ("and",), kind="name")

    def cmp(self):
        left = self.add()
        tok = self.peek("op")
        if tok and tok[1] in _COMPARE:
            self.i += 1
            return ("bin", tok[1], left, self.add())
        return left

    def add(self):
        return self.binary(self.mul, ("+", "-"))

    def mul(self):
        left = self.unary()
        while True:
            tok = self.peek()
            if tok and ((tok[0] == "op" and tok[1] == "*") or (tok[0] == "name" and tok[1] in ("div", "mod"))):
                self.i += 1
                left = ("bin", tok[1], left, self.unary())
            else:
                return left

    def unary(self):
        if self.peek("op", "-"):
            self.i += 1
            return ("neg", self.unary())
        return self.primary()

    def primary(self):
        tok = self.peek()
        if tok is None:
            raise ExprError("biểu thức kết thúc giữa chừng")
        kind, value = tok
        if kind in ("num", "str"):
            self.i += 1
            return ("lit", value)
        if kind == "ref":
            self.i += 1
            return ("ref", value)
        if kind == "dot":
            self.i += 1
            return ("dot",)
        if kind == "op" and value == "(":
            self.i += 1
            inner = self.expr()
            self.take("op", ")")
            return inner
        if kind == "name":
            self.i += 1
            if not self.peek("op", "("):
                raise ExprError(f"“{value}” không phải giá trị; tham chiếu câu hỏi viết dạng ${{{value}}}")
            if value not in FUNCTIONS:
                raise ExprError(f"hàm “{value}()” không được hỗ trợ")
            self.i += 1
            args = []
            if not self.peek("op", ")"):
                args.append(self.expr())
                while self.peek("op", ","):
                    self.i += 1
                    args.append(self.expr())
            self.take("op", ")")
            low, high = FUNCTIONS[value]
            if not low <= len(args) <= high:
                raise ExprError(f"hàm “{value}()” cần {low if low == high else f'{low}–{high}'} tham số, "
                                f"đang có {len(args)}")
            return ("call", value, tuple(args))
        raise ExprError(f"không mong đợi “{value}”")


def parse(text: str):
    """The tree of ``text``; :class:`ExprError` when it is malformed. Empty text → ``None``."""
    text = (text or "").strip()
    if not text:
        return None
    if len(text) > MAX_LENGTH:
        raise ExprError(f"biểu thức dài quá {MAX_LENGTH} ký tự")
    parser = _Parser(_tokens(text))
    tree = parser.expr()
    if parser.i != len(parser.tokens):
        raise ExprError(f"thừa “{parser.tokens[parser.i][1]}” sau biểu thức")
    return tree


def references(tree) -> set[str]:
    """The question names a tree refers to (``${name}``)."""
    if tree is None:
        return set()
    kind = tree[0]
    if kind == "ref":
        return {tree[1]}
    if kind == "bin":
        return references(tree[2]) | references(tree[3])
    if kind == "neg":
        return references(tree[1])
    if kind == "call":
        return set().union(*(references(a) for a in tree[2]))
    return set()


# ---------------------------------------------------------------------------- evaluation


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (list, tuple, set)):
        return " ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _as_number(value) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dt.date):
        return float((value - dt.date(1970, 1, 1)).days)
    text = _as_text(value).strip()
    try:
        return float(text)
    except ValueError:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return float((dt.date.fromisoformat(text) - dt.date(1970, 1, 1)).days)
        return math.nan


def _as_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0 and not math.isnan(value)
    return bool(_as_text(value))


def _compare(op, a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        a, b = _as_bool(a), _as_bool(b)
        return {"=": a == b, "!=": a != b}.get(op, False)
    numeric = isinstance(a, (int, float)) or isinstance(b, (int, float))
    if numeric or op not in ("=", "!="):
        x, y = _as_number(a), _as_number(b)
        if math.isnan(x) or math.isnan(y):
            if op in ("=", "!=") or not numeric:
                # text order (ISO dates compare as text)
                x, y = _as_text(a), _as_text(b)
            else:
                return op == "!="
    else:
        x, y = _as_text(a), _as_text(b)
    return {"=": x == y, "!=": x != y, "<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]


def _round(args):
    n = _as_number(args[0])
    digits = int(_as_number(args[1])) if len(args) > 1 else 0
    return n if math.isnan(n) else float(round(n, digits))


def _regex(args):
    try:
        return re.search(_as_text(args[1]), _as_text(args[0])) is not None
    except re.error:
        return False


def _int(args):
    n = _as_number(args[0])
    return n if math.isnan(n) else float(math.trunc(n))


_CALLS = {
    "true": lambda a, t: True,
    "false": lambda a, t: False,
    "today": lambda a, t: t.isoformat(),
    "selected": lambda a, t: _as_text(a[1]) in _as_text(a[0]).split(),
    "count-selected": lambda a, t: float(len(_as_text(a[0]).split())),
    "not": lambda a, t: not _as_bool(a[0]),
    "string-length": lambda a, t: float(len(_as_text(a[0]))),
    "contains": lambda a, t: _as_text(a[1]) in _as_text(a[0]),
    "starts-with": lambda a, t: _as_text(a[0]).startswith(_as_text(a[1])),
    "regex": lambda a, t: _regex(a),
    "number": lambda a, t: _as_number(a[0]),
    "int": lambda a, t: _int(a),
    "round": lambda a, t: _round(a),
    "string": lambda a, t: _as_text(a[0]),
    "if": lambda a, t: a[1] if _as_bool(a[0]) else a[2],
    "coalesce": lambda a, t: a[0] if _as_text(a[0]) else a[1],
    "date": lambda a, t: _as_text(a[0]),
}


def _call(name, args, today):
    return _CALLS[name](args, today)


def _eval(tree, values, current, today):
    kind = tree[0]
    if kind == "lit":
        return tree[1]
    if kind == "ref":
        return values.get(tree[1], "")
    if kind == "dot":
        return "" if current is None else current
    if kind == "neg":
        return -_as_number(_eval(tree[1], values, current, today))
    if kind == "call":
        return _call(tree[1], [_eval(a, values, current, today) for a in tree[2]], today)
    op, left = tree[1], tree[2]
    if op == "and":
        return _as_bool(_eval(left, values, current, today)) and _as_bool(_eval(tree[3], values, current, today))
    if op == "or":
        return _as_bool(_eval(left, values, current, today)) or _as_bool(_eval(tree[3], values, current, today))
    a, b = _eval(left, values, current, today), _eval(tree[3], values, current, today)
    if op in _COMPARE:
        return _compare(op, a, b)
    x, y = _as_number(a), _as_number(b)
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    if op == "div":
        return math.nan if y == 0 else x / y
    if op == "mod":
        return math.nan if y == 0 else math.fmod(x, y)
    raise ExprError(f"phép toán “{op}” không được hỗ trợ")


def evaluate(tree, values: dict, current=None, *, today: dt.date | None = None) -> bool:
    """Truth of ``tree`` over ``values`` (question name → answer; lists for multiple choices,
    numbers, dates or text); ``current`` is ``.``. An empty expression is true."""
    if tree is None:
        return True
    return _as_bool(_eval(tree, values, current, today or dt.date.today()))


def check(text: str, known_names) -> list[str]:
    """Problems of ``text`` as a ``relevant`` or ``constraint``: malformed, or naming a
    question that does not exist. Empty list when it is fine."""
    try:
        tree = parse(text)
    except ExprError as exc:
        return [str(exc)]
    missing = sorted(references(tree) - set(known_names))
    return [f"tham chiếu tới câu hỏi không có trong biểu mẫu: ${{{name}}}" for name in missing]
