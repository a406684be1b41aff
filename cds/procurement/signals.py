"""Warning signs on packages: a registry of checks, each with its code and title, run over every
package of a unit at once (splitting and repeat winners compare a unit's packages with each
other), leaving :class:`~cds.procurement.models.Warning` rows with the rule's text, evidence and
citation. The services rebuild a unit's warnings in the transaction that changed its packages;
``refresh_units`` is also what the demo and the command ``refresh_procurement_warnings`` call.

A check is ``fn(ctx) -> iterable of Found``; ``ctx`` is a :class:`UnitContext` (the unit's
packages with their contracts and payments loaded once, the law version and rules of each
package's date, the province's cut-offs). Checks read data, never the database per package.

The checks (code — what fires):

* ``method.limit`` — the package price is above the limit of its selection method under the law
  in force on the package's date (the most specific :class:`MethodRule` row with a limit); a
  limit of 0 means the method is not allowed for that field. A package that states a ground for
  its method (``method_ground``) is noted as information: the ground must be checked.
* ``method.unchecked`` — the law of the package's date has no limits entered
  (``limits_configured`` off, or no version in force) while the method is limited by price under
  some version that has them: the package is recorded as not checked, never as compliant.
* ``split`` — packages of the unit of the same field, budget and method family, each within its
  own limit, starting selection within ``split_window_days`` of each other, whose sum is above
  the limit of the latest of them (Luật Đấu thầu Điều 16 khoản 6 điểm l forbids splitting).
* ``price.close`` — a competitive award within ``price_close_pct`` % under the package price.
* ``bidders.single`` — one bidder in open, restricted or competitive bidding.
* ``contractor.share`` — one contractor won ``share_pct`` % or more of the unit's awards of the
  last ``share_window_years`` years (once the unit has ``share_min_packages`` awards).
* ``contract.late`` — completed, or still open, more than ``late_grace_days`` after the date of
  completion in the contract.
* ``paid.over`` — payments under the contract above its value.
* ``online.missing`` — not online although the law of its date requires the method online.

Limits, online duties and cut-offs are rows (:mod:`cds.procurement.rule_data`); what stays in code
is how methods group (which compete, which share a limit)."""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Callable, Iterable

from django.db import connections, router, transaction
from django.db.models import Prefetch, Sum
from django.utils import timezone

from cds.orgs.models import Unit
from cds.text.format import format_number, format_vnd, vndate

from . import rollup
from .models import Contract, Contractor, Field, LawVersion, Level, Method, MethodRule, Package, Setting, Warning

CHECKS: dict[str, tuple[str, Callable]] = {}

# The cut-offs the checks read (rows of :class:`~cds.procurement.models.Setting`).
SETTINGS = ("price_close_pct", "split_window_days", "share_pct", "share_min_packages", "share_window_years",
            "late_grace_days")

# Methods where bidders compete on price: a price close to the package price is a sign there.
# A direct appointment's price is negotiated with the one contractor, so it is not judged so.
PRICE_COMPETED = (Method.OPEN, Method.RESTRICTED, Method.COMPETITIVE, Method.ONLINE_QUOTE)
# Methods where more than one bidder is expected.
BIDDING = (Method.OPEN, Method.RESTRICTED, Method.COMPETITIVE)
# Methods whose packages are summed together when looking for a split (the shortened direct
# appointment is a direct appointment).
FAMILY = {Method.DIRECT_SHORT: Method.DIRECT}
SPLIT_CITATION = "Luật Đấu thầu số 22/2023/QH15 Điều 16 khoản 6 điểm l"
SPLIT_FOR_DIRECT = " (nghiêm cấm “chia nhỏ dự án, dự toán mua sắm thành các gói thầu nhằm mục đích chỉ định thầu”)"
LISTED = 20   # other packages of a split group listed in a warning's text and evidence


def register(code: str, title: str):
    def wrap(fn):
        CHECKS[code] = (title, fn)
        return fn
    return wrap


def titles() -> dict[str, str]:
    """Code → title of every registered check (filters, legends)."""
    return {code: title for code, (title, _) in CHECKS.items()}


@dataclass
class Found:
    package: Package
    code: str
    message: str
    citation: str = ""
    evidence: dict = field(default_factory=dict)
    level: str = Level.WARNING
    law: LawVersion | None = None


class Laws:
    """Every law version with its method rules, read once per refresh."""

    def __init__(self):
        self.versions = list(LawVersion.objects.order_by("in_force_from").prefetch_related(
            Prefetch("method_rules", queryset=MethodRule.objects.all())))
        self._on: dict[dt.date, LawVersion | None] = {}
        self._limit: dict[tuple, MethodRule | None] = {}
        self._online: dict[tuple, MethodRule | None] = {}
        self._rules: dict[tuple[int, str], list[MethodRule]] = defaultdict(list)
        for law in self.versions:
            for rule in law.method_rules.all():
                self._rules[(law.pk, rule.method)].append(rule)
        # Methods limited by price under some version whose limits are entered.
        self.limited_methods = {rule.method for law in self.versions if law.limits_configured
                                for rule in law.method_rules.all() if rule.max_amount is not None}

    def on(self, day: dt.date) -> LawVersion | None:
        if day not in self._on:
            found = None
            for law in self.versions:
                if law.in_force_from <= day:
                    found = law
            self._on[day] = found
        return self._on[day]

    def limit_rule(self, law: LawVersion, method: str, field_: str, budget: str) -> MethodRule | None:
        """The most specific row of ``law`` limiting ``method`` for this field and budget (field
        and budget over field over budget over neither); None when the method has no limit."""
        key = (law.pk, method, field_, budget)
        if key not in self._limit:
            rows = [r for r in self._rules[(law.pk, method)] if r.max_amount is not None and r.matches(field_, budget)]
            self._limit[key] = max(rows, key=lambda r: (bool(r.field), bool(r.budget)), default=None)
        return self._limit[key]

    def online_rule(self, law: LawVersion, method: str, field_: str, budget: str, day: dt.date) -> MethodRule | None:
        """The row of ``law`` requiring ``method`` online for this field and budget on ``day``."""
        key = (law.pk, method, field_, budget, day)
        if key not in self._online:
            rows = [r for r in self._rules[(law.pk, method)] if r.online_required and r.matches(field_, budget)
                    and (r.online_from is None or day >= r.online_from)]
            self._online[key] = max(rows, key=lambda r: (bool(r.field), bool(r.budget)), default=None)
        return self._online[key]


def settings_for(root_unit_id: int | None) -> dict[str, Decimal]:
    """The cut-offs of one tree: its own rows over the defaults."""
    values: dict[str, Decimal] = {}
    rows = Setting.objects.filter(root_unit__isnull=True)
    if root_unit_id:
        rows = rows | Setting.objects.filter(root_unit_id=root_unit_id)
    for row in sorted(rows, key=lambda r: r.root_unit_id is not None):
        values[row.code] = row.value
    return values


@dataclass
class UnitContext:
    unit: Unit
    packages: list[Package]
    laws: Laws
    settings: dict[str, Decimal]
    today: dt.date
    paid: dict[int, int]   # contract id → sum of its payments

    def setting(self, code: str) -> Decimal:
        return self.settings.get(code, Decimal(0))

    def configured(self, *codes: str) -> bool:
        """Whether every cut-off named has a value: a check whose cut-off has no row (neither
        the default nor the province's) finds nothing rather than judging by zero."""
        return all(code in self.settings for code in codes)

    def live(self) -> Iterable[Package]:
        """The packages the checks judge: every one not cancelled."""
        return (p for p in self.packages if not p.cancelled)


def _root_id(unit: Unit) -> int | None:
    first = unit.path.strip("/").split("/")[0] if unit.path else ""
    return int(first) if first.isdigit() else None


# What the checks read of a package and its contract (the rest is not loaded).
PACKAGE_FIELDS = ("id", "unit_id", "project_id", "name", "field", "package_price", "budget", "method",
                  "method_ground", "online", "selection_start", "contractor_id", "awarded_price", "bidders",
                  "awarded_on", "cancelled")
CONTRACT_FIELDS = ("id", "package_id", "number", "value", "signed_on", "planned_completion", "actual_completion")


def context_for(unit: Unit, laws: Laws | None = None, today: dt.date | None = None) -> UnitContext:
    """The unit's packages in one query (their contracts joined), the contractors they won and
    the sums paid under their contracts in one query each."""
    packages = list(Package.objects.filter(unit=unit).select_related("contract")
                    .only(*PACKAGE_FIELDS, *(f"contract__{f}" for f in CONTRACT_FIELDS))
                    .order_by("selection_start", "id"))
    contractors = Contractor.objects.in_bulk({p.contractor_id for p in packages if p.contractor_id})
    for p in packages:
        if p.contractor_id:
            p.contractor = contractors[p.contractor_id]
    paid = dict(Contract.objects.filter(package__unit=unit, payments__isnull=False)
                .annotate(total=Sum("payments__amount")).values_list("pk", "total"))
    return UnitContext(unit=unit, packages=packages, laws=laws or Laws(), settings=settings_for(_root_id(unit)),
                       today=today or timezone.localdate(), paid={k: v or 0 for k, v in paid.items()})


def run(ctx: UnitContext) -> list[Found]:
    found: list[Found] = []
    for _code, (_title, fn) in CHECKS.items():
        found.extend(fn(ctx))
    return found


def refresh_units(unit_ids: Iterable[int], today: dt.date | None = None) -> int:
    """Rebuild the warnings of every package of these units; the number of warnings they carry
    now."""
    laws = Laws()
    written = 0
    with transaction.atomic():
        # The unit rows locked in id order: two refreshes of one unit take turns instead of
        # both inserting what neither saw the other write.
        for unit in Unit.objects.select_for_update().filter(pk__in=set(unit_ids)).order_by("pk"):
            found = run(context_for(unit, laws, today))
            _replace(unit.pk, found)
            rollup.rebuild(unit.pk, today)
            written += len(found)
    return written


def _replace(unit_id: int, found: list[Found]) -> None:
    """Make the unit's warning rows exactly ``found``, writing only the rows that differ: a
    warning found again word for word (same evidence) keeps its row and the time it was first
    found, so the usual refresh after one package changed writes a few rows, not thousands."""
    kept: dict[tuple, list[tuple[int, dict]]] = defaultdict(list)
    rows = Warning.objects.filter(unit_id=unit_id).values_list(
        "pk", "package_id", "code", "level", "message", "citation", "evidence", "law_id")
    for pk, package_id, code, level, message, citation, evidence, law_id in rows:
        kept[(package_id, code, level, message, citation, law_id)].append((pk, evidence))
    new = [] if kept else found
    for f in found if kept else ():
        same = kept.get((f.package.pk, f.code, str(f.level), f.message, f.citation, f.law.pk if f.law else None))
        at = next((i for i, (_, evidence) in enumerate(same or ()) if evidence == f.evidence), None)
        if at is None:
            new.append(f)
        else:
            same.pop(at)
    stale = [pk for rows in kept.values() for pk, _ in rows]
    for start in range(0, len(stale), BATCH):
        Warning.objects.filter(pk__in=stale[start:start + BATCH]).delete()
    _insert(unit_id, new)


WARNING_COLUMNS = ("package", "unit", "code", "level", "message", "citation", "evidence", "law", "found_at")
BATCH = 500


def _insert(unit_id: int, found: list[Found]) -> None:
    """Insert the warnings found, several rows a statement. The same rows ``bulk_create`` would
    write, without building a model instance and preparing every field of each: a unit of
    thousands of packages may carry thousands of warnings, rebuilt on every change."""
    if not found:
        return
    db = router.db_for_write(Warning)
    conn = connections[db]
    meta = Warning._meta
    columns = ", ".join(conn.ops.quote_name(meta.get_field(name).column) for name in WARNING_COLUMNS)
    row = "(" + ", ".join(["%s"] * len(WARNING_COLUMNS)) + ")"
    evidence = meta.get_field("evidence")
    now = meta.get_field("found_at").get_db_prep_save(timezone.now(), conn)
    with conn.cursor() as cursor:
        for start in range(0, len(found), BATCH):
            chunk = found[start:start + BATCH]
            params: list = []
            for f in chunk:
                params += [f.package.pk, unit_id, f.code, str(f.level), f.message, f.citation,
                           evidence.get_db_prep_save(f.evidence, conn), f.law.pk if f.law else None, now]
            cursor.execute(f"INSERT INTO {conn.ops.quote_name(meta.db_table)} ({columns}) VALUES "
                           + ", ".join([row] * len(chunk)), params)


# ------------------------------------------------------------------ wording

def dong(amount: int) -> str:
    """"1.234.567 đồng" (whole đồng; the integer path of :func:`~cds.text.format.format_vnd`
    without its Decimal rounding, for the thousands of texts one refresh writes)."""
    text = f"{amount:,}".replace(",", ".") if isinstance(amount, int) else format_vnd(amount)
    return f"{text} đồng"


def pct(value) -> str:
    return f"{format_number(value, 2).rstrip('0').rstrip(',')} %"


@lru_cache(maxsize=8192)
def _day(day: dt.date) -> str:
    """dd/mm/yyyy, remembered: one refresh writes the same dates many times."""
    return vndate(day)


def _lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]


METHOD_NAMES = {code: _lower_first(str(label)) for code, label in Method.choices}
FIELD_NAMES = {code: _lower_first(str(label)) for code, label in Field.choices}


def _method(code: str) -> str:
    return METHOD_NAMES.get(code, code)


def _field(code: str) -> str:
    return FIELD_NAMES.get(code, code)


def _contract(package: Package) -> Contract | None:
    try:
        return package.contract
    except Contract.DoesNotExist:
        return None


def _law_code(law: LawVersion | None) -> str:
    return law.code if law else ""


# ------------------------------------------------------------------ method and price

@register("method.limit", "Hình thức lựa chọn nhà thầu vượt hạn mức theo giá gói thầu")
def method_limit(ctx: UnitContext):
    for p in ctx.live():
        law = ctx.laws.on(p.law_date)
        if law is None or not law.limits_configured:
            continue
        rule = ctx.laws.limit_rule(law, p.method, p.field, p.budget)
        if rule is None or p.package_price <= rule.max_amount:
            continue
        method = _method(p.method)
        if rule.max_amount == 0:
            message = (f"Hình thức {method} không được áp dụng cho gói thầu lĩnh vực {_field(p.field)} theo "
                       f"{law.short_name} (gói thầu bắt đầu lựa chọn nhà thầu ngày {_day(p.law_date)}, giá "
                       f"gói thầu {dong(p.package_price)}).")
        else:
            message = (f"Giá gói thầu {dong(p.package_price)} vượt hạn mức {dong(rule.max_amount)} của hình "
                       f"thức {method} theo {law.short_name} (gói thầu bắt đầu lựa chọn nhà thầu ngày "
                       f"{_day(p.law_date)}; vượt {dong(p.package_price - rule.max_amount)}).")
        level = Level.WARNING
        if p.method_ground:
            level = Level.INFO
            message += (f" Gói thầu ghi căn cứ áp dụng “{p.method_ground}”: cần kiểm tra căn cứ này có đúng "
                        f"trường hợp được áp dụng hình thức {method} không phụ thuộc hạn mức.")
        yield Found(p, "method.limit", message, rule.citation, level=level, law=law, evidence=dict(
            package_id=p.pk, package_price=p.package_price, method=p.method, field=p.field, budget=p.budget,
            max_amount=rule.max_amount, rule_id=rule.pk, law=law.code, law_date=p.law_date.isoformat(),
            method_ground=p.method_ground))


@register("method.unchecked", "Chưa kiểm tra được hạn mức hình thức lựa chọn nhà thầu")
def method_unchecked(ctx: UnitContext):
    for p in ctx.live():
        law = ctx.laws.on(p.law_date)
        if (law is not None and law.limits_configured) or p.method not in ctx.laws.limited_methods:
            continue
        which = law.short_name if law else f"văn bản về đấu thầu có hiệu lực ngày {_day(p.law_date)}"
        message = (f"Chưa kiểm tra được hạn mức hình thức {_method(p.method)} theo {which}: hạn mức chưa được "
                   f"cấu hình (gói thầu bắt đầu lựa chọn nhà thầu ngày {_day(p.law_date)}, giá gói thầu "
                   f"{dong(p.package_price)}).")
        yield Found(p, "method.unchecked", message, law.citation if law else "", level=Level.INFO, law=law,
                    evidence=dict(package_id=p.pk, package_price=p.package_price, method=p.method, field=p.field,
                                  budget=p.budget, law=_law_code(law), law_date=p.law_date.isoformat()))


@register("split", "Có thể chia nhỏ gói thầu để áp dụng hình thức có hạn mức")
def split(ctx: UnitContext):
    """Within each (field, budget, method family) the packages under their own limit, by date:
    for every package the window of earlier ones at most ``split_window_days`` before it (two
    pointers, one pass) is the largest group it closes; when the group's sum is above the limit
    of its latest package, the packages of the group not flagged yet are flagged with it."""
    if not ctx.configured("split_window_days"):
        return
    days = int(ctx.setting("split_window_days"))
    buckets: dict[tuple, list[tuple[Package, LawVersion, MethodRule]]] = defaultdict(list)
    for p in ctx.live():
        if p.method not in ctx.laws.limited_methods:
            continue
        law = ctx.laws.on(p.law_date)
        if law is None or not law.limits_configured:
            continue
        rule = ctx.laws.limit_rule(law, p.method, p.field, p.budget)
        if rule is None or not rule.max_amount or p.package_price > rule.max_amount:
            continue
        buckets[(p.field, p.budget, FAMILY.get(p.method, p.method))].append((p, law, rule))
    for rows in buckets.values():
        rows.sort(key=lambda r: (r[0].law_date, r[0].pk))
        left, total, flagged = 0, 0, 0
        for right, (last, law, rule) in enumerate(rows):
            total += last.package_price
            while (last.law_date - rows[left][0].law_date).days > days:
                total -= rows[left][0].package_price
                left += 1
            if right == left or total <= rule.max_amount:
                continue
            group = [r[0] for r in rows[left:right + 1]]
            for p in group[max(flagged, left) - left:]:
                yield _split_found(p, group, total, law, rule, days)
            flagged = right + 1


def _split_found(p: Package, group: list[Package], total: int, law: LawVersion, rule: MethodRule, days: int):
    others = [o for o in group if o.pk != p.pk]
    listed = others[:LISTED]
    names = "; ".join(f"“{o.name}” ({dong(o.package_price)}, {_day(o.law_date)})" for o in listed)
    more = f" và {len(others) - len(listed)} gói khác" if len(others) > len(listed) else ""
    same_project = all(o.project_id == p.project_id for o in group)
    where = "cùng nhiệm vụ/dự án" if same_project else "cùng chủ đầu tư"
    message = (f"Có thể chia nhỏ gói thầu: {len(group)} gói thầu {where}, cùng lĩnh vực {_field(p.field)}, bắt đầu "
               f"lựa chọn nhà thầu từ {_day(group[0].law_date)} đến {_day(group[-1].law_date)} (trong "
               f"{days} ngày), mỗi gói không vượt hạn mức {dong(rule.max_amount)} của hình thức "
               f"{_method(rule.method)} nhưng tổng giá {dong(total)} vượt hạn mức này theo {law.short_name}. "
               f"Các gói cùng nhóm: {names}{more}.")
    forbidden = SPLIT_CITATION + (SPLIT_FOR_DIRECT if FAMILY.get(rule.method, rule.method) == Method.DIRECT else "")
    return Found(p, "split", message, f"{forbidden}; {rule.citation}", law=law, evidence=dict(
        package_id=p.pk, package_price=p.package_price, sum=total, max_amount=rule.max_amount, rule_id=rule.pk,
        law=law.code, window_days=days, same_project=same_project, group_size=len(group),
        others=[dict(id=o.pk, name=o.name, price=o.package_price, selection_start=o.law_date.isoformat(),
                     method=o.method, project_id=o.project_id) for o in listed]))


# ------------------------------------------------------------------ results

def _cutoff_citation(ctx: UnitContext, code: str, what: str) -> str:
    """A sign judged by a cut-off no law fixes: say so, with the value in use."""
    return (f"Ngưỡng cảnh báo do tỉnh, bộ quy định ({what}: {pct(ctx.setting(code))}), không phải hạn mức "
            f"của pháp luật")


INDICATORS = ("Chỉ tiêu theo dõi hoạt động đấu thầu: Nghị định số 214/2025/NĐ-CP Điều 17 khoản 2 điểm b, Điều 132 "
              "khoản 3 điểm b")


@register("price.close", "Giá trúng thầu sát giá gói thầu")
def price_close(ctx: UnitContext):
    """Only for methods where bidders compete on price (:data:`PRICE_COMPETED`): a direct
    appointment's price is negotiated with the one contractor, so being close to the package
    price says nothing there."""
    if not ctx.configured("price_close_pct"):
        return
    limit = ctx.setting("price_close_pct")
    for p in ctx.live():
        if not p.is_awarded or p.method not in PRICE_COMPETED or p.package_price <= 0:
            continue
        savings = p.package_price - p.awarded_price
        if savings < 0 or Decimal(savings) * 100 > limit * p.package_price:
            continue
        rate = Decimal(savings) * 100 / p.package_price
        message = (f"Giá trúng thầu {dong(p.awarded_price)} chỉ thấp hơn giá gói thầu {dong(p.package_price)} "
                   f"{dong(savings)} (tỷ lệ tiết kiệm {pct(rate)}, không quá {pct(limit)}); hình thức "
                   f"{_method(p.method)}, {p.bidders or 0} nhà thầu dự thầu.")
        yield Found(p, "price.close", message, f"{_cutoff_citation(ctx, 'price_close_pct', 'tỷ lệ tiết kiệm')}; {INDICATORS}",
                    law=ctx.laws.on(p.law_date), evidence=dict(
                        package_id=p.pk, package_price=p.package_price, awarded_price=p.awarded_price,
                        savings=savings, savings_pct=str(rate.quantize(Decimal("0.0001"))), threshold_pct=str(limit),
                        bidders=p.bidders, law=_law_code(ctx.laws.on(p.law_date))))


@register("bidders.single", "Chỉ một nhà thầu dự thầu")
def bidders_single(ctx: UnitContext):
    for p in ctx.live():
        if p.bidders != 1 or p.method not in BIDDING:
            continue
        law = ctx.laws.on(p.law_date)
        message = (f"Chỉ có 1 nhà thầu dự thầu gói thầu áp dụng hình thức {_method(p.method)} (giá gói thầu "
                   f"{dong(p.package_price)}"
                   + (f", giá trúng thầu {dong(p.awarded_price)}" if p.awarded_price is not None else "") + ").")
        yield Found(p, "bidders.single", message, INDICATORS, law=law, evidence=dict(
                        package_id=p.pk, bidders=1, method=p.method, package_price=p.package_price,
                        awarded_price=p.awarded_price, law=_law_code(law)))


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:   # 29/02 of a year that is not a leap year
        return day.replace(year=day.year - years, day=28)


@register("contractor.share", "Một nhà thầu trúng tỷ lệ lớn số gói thầu của đơn vị")
def contractor_share(ctx: UnitContext):
    if not ctx.configured("share_window_years", "share_pct", "share_min_packages"):
        return
    years = int(ctx.setting("share_window_years"))
    start = _years_before(ctx.today, years)
    won = [p for p in ctx.live() if p.is_awarded and p.contractor_id and p.awarded_on
           and start <= p.awarded_on <= ctx.today]
    total = len(won)
    if not total or total < ctx.setting("share_min_packages"):
        return
    cut = ctx.setting("share_pct")
    counts = Counter(p.contractor_id for p in won)
    value_total = sum(p.awarded_price for p in won)
    for contractor_id, count in counts.items():
        if Decimal(count) * 100 < cut * total:
            continue
        mine = [p for p in won if p.contractor_id == contractor_id]
        value = sum(p.awarded_price for p in mine)
        by_count = Decimal(count) * 100 / total
        by_value = Decimal(value) * 100 / value_total if value_total else Decimal(0)
        who = mine[0].contractor
        message = (f"Nhà thầu {who.name} (MST {who.tax_code}) trúng {count}/{total} gói thầu của đơn vị có kết quả "
                   f"từ {_day(start)} đến {_day(ctx.today)} ({pct(by_count)} số gói, ngưỡng {pct(cut)}; "
                   f"{dong(value)} trên tổng {dong(value_total)} giá trúng thầu, {pct(by_value)} giá trị).")
        evidence = dict(contractor_id=contractor_id, tax_code=who.tax_code, count=count, total=total,
                        share_count_pct=str(by_count.quantize(Decimal("0.01"))), value=value,
                        value_total=value_total, share_value_pct=str(by_value.quantize(Decimal("0.01"))),
                        threshold_pct=str(cut), window_from=start.isoformat(), window_to=ctx.today.isoformat(),
                        package_ids=[p.pk for p in mine[:200]])
        citation = _cutoff_citation(ctx, "share_pct", "tỷ lệ số gói trúng thầu")
        for p in mine:
            law = ctx.laws.on(p.law_date)
            yield Found(p, "contractor.share", message, citation, law=law,
                        evidence={**evidence, "package_id": p.pk, "law": _law_code(law)})


# ------------------------------------------------------------------ contracts

def _contract_citation(contract: Contract) -> str:
    return f"Hợp đồng số {contract.number} ký ngày {_day(contract.signed_on)}"


@register("contract.late", "Hợp đồng chậm tiến độ")
def contract_late(ctx: UnitContext):
    grace = int(ctx.setting("late_grace_days"))
    for p in ctx.live():
        contract = _contract(p)
        if contract is None:
            continue
        due = contract.planned_completion + dt.timedelta(days=grace)
        planned = _day(contract.planned_completion)
        if contract.actual_completion is not None:
            if contract.actual_completion <= due:
                continue
            late = (contract.actual_completion - contract.planned_completion).days
            message = (f"Hợp đồng số {contract.number} hoàn thành ngày {_day(contract.actual_completion)}, chậm "
                       f"{late} ngày so với ngày hoàn thành theo hợp đồng {planned}.")
        else:
            if ctx.today <= due:
                continue
            late = (ctx.today - contract.planned_completion).days
            message = (f"Hợp đồng số {contract.number} có ngày hoàn thành theo hợp đồng {planned}, đến ngày "
                       f"{_day(ctx.today)} đã quá hạn {late} ngày, chưa hoàn thành.")
        if grace:
            message += f" (Số ngày chậm được chấp nhận: {grace}.)"
        law = ctx.laws.on(p.law_date)
        yield Found(p, "contract.late", message, _contract_citation(contract), law=law, evidence=dict(
            package_id=p.pk, contract_id=contract.pk, planned_completion=contract.planned_completion.isoformat(),
            actual_completion=contract.actual_completion.isoformat() if contract.actual_completion else None,
            today=ctx.today.isoformat(), days_late=late, grace_days=grace, law=_law_code(law)))


@register("paid.over", "Thanh toán vượt giá hợp đồng")
def paid_over(ctx: UnitContext):
    for p in ctx.live():
        contract = _contract(p)
        if contract is None:
            continue
        paid = ctx.paid.get(contract.pk, 0)
        if paid <= contract.value:
            continue
        message = (f"Đã thanh toán {dong(paid)} theo hợp đồng số {contract.number}, vượt giá hợp đồng "
                   f"{dong(contract.value)} là {dong(paid - contract.value)}.")
        law = ctx.laws.on(p.law_date)
        yield Found(p, "paid.over", message, _contract_citation(contract), law=law, evidence=dict(
            package_id=p.pk, contract_id=contract.pk, paid=paid, value=contract.value, over=paid - contract.value,
            law=_law_code(law)))


@register("online.missing", "Không lựa chọn nhà thầu qua mạng khi bắt buộc")
def online_missing(ctx: UnitContext):
    for p in ctx.live():
        if p.online:
            continue
        law = ctx.laws.on(p.law_date)
        if law is None:
            continue
        rule = ctx.laws.online_rule(law, p.method, p.field, p.budget, p.law_date)
        if rule is None:
            continue
        since = f" từ ngày {_day(rule.online_from)}" if rule.online_from else ""
        message = (f"Gói thầu áp dụng hình thức {_method(p.method)}, bắt đầu lựa chọn nhà thầu ngày "
                   f"{_day(p.law_date)}, không ghi là lựa chọn nhà thầu qua mạng; theo {law.short_name} hình "
                   f"thức này phải thực hiện qua mạng{since}.")
        yield Found(p, "online.missing", message, rule.citation, law=law, evidence=dict(
            package_id=p.pk, method=p.method, law_date=p.law_date.isoformat(), rule_id=rule.pk, law=law.code,
            online_from=rule.online_from.isoformat() if rule.online_from else None))
