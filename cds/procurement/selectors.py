"""Reading procurement records: the filtered package list and the figures over any set of packages.

The public reading of the figures — the procurement page, the project page, and the dashboard
and ranking that read them — is :func:`figures`, :func:`by_method`, :func:`by_unit`,
:func:`by_programme`, :func:`by_project` and :func:`warning_counts`. Each takes a ``Package``
queryset the caller has already scoped (:func:`cds.procurement.permissions.scope_packages`) and
filtered, and computes in the database with a constant number of queries whatever the number of
packages:

* **awarded** package: it has an awarded price and was not cancelled; the savings, the shares by
  method, the bidders are read over awarded packages only;
* **savings rate** (tỷ lệ tiết kiệm chung, as TT 80/2025/TT-BTC reports it) =
  (Σ package price − Σ awarded price) ÷ Σ package price, both sums over awarded packages;
* **share of value by method** = Σ awarded price of the method ÷ Σ awarded price;
* **average bidders** = the mean of the number of bidders of awarded packages that record it;
  **single-bidder share** = awarded packages with one bidder ÷ awarded packages recording bidders;
* **late contract**: completed after its planned completion date, or not completed and its
  planned completion date has passed (``today``).

Ratios are ``Decimal``/``float`` fractions 0–1, or ``None`` when their denominator is zero.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Avg, Count, F, Max, Min, Q, Sum
from django.utils import timezone

from cds.accounts import access
from cds.orgs.models import Unit
from cds.text.normalize import fold

from . import signals
from .models import Field, Method, Package, Rollup, Warning, WarningRollup
from .permissions import scope_packages

PAGE_SIZE = 50
MAX_SEARCH = 200
TAX_DIGITS = re.compile(r"[0-9][0-9-]{2,13}", re.ASCII)

AWARDED = Q(awarded_price__isnull=False, cancelled=False)


def late_q(today: dt.date) -> Q:
    """Packages whose contract is late: completed after its planned completion date, or not
    completed and that date has passed."""
    return (Q(contract__actual_completion__isnull=False,
              contract__actual_completion__gt=F("contract__planned_completion"))
            | Q(contract__actual_completion__isnull=True, contract__planned_completion__lt=today))


PREFIX = "m_"


def _measures(today: dt.date) -> dict:
    awarded_bidders = AWARDED & Q(bidders__isnull=False)
    return {PREFIX + k: v for k, v in {
        "count": Count("id"),
        "package_price": Sum("package_price"),
        "awarded_count": Count("id", filter=AWARDED),
        "awarded_package_price": Sum("package_price", filter=AWARDED),
        "awarded_price": Sum("awarded_price", filter=AWARDED),
        "avg_bidders": Avg("bidders", filter=awarded_bidders),
        "with_bidders": Count("id", filter=awarded_bidders),
        "single_bidder": Count("id", filter=awarded_bidders & Q(bidders=1)),
        "contracts": Count("contract"),
        "late_contracts": Count("contract", filter=Q(contract__isnull=False) & late_q(today)),
        "cancelled": Count("id", filter=Q(cancelled=True)),
    }.items()}


def _ratio(num, den):
    return (num / den) if den else None


def _finish(raw: dict) -> dict:
    """Zeros for empty sums and the derived ratios (the measures are computed under a prefix:
    some of their names are the package's own fields)."""
    row = {(k[len(PREFIX):] if k.startswith(PREFIX) else k): v for k, v in raw.items()}
    for key in ("count", "package_price", "awarded_count", "awarded_package_price", "awarded_price", "with_bidders",
                "single_bidder", "contracts", "late_contracts", "cancelled"):
        row[key] = row.get(key) or 0
    row["savings"] = row["awarded_package_price"] - row["awarded_price"]
    row["savings_rate"] = _ratio(row["savings"], row["awarded_package_price"])
    row["single_bidder_share"] = _ratio(row["single_bidder"], row["with_bidders"])
    avg = row.get("avg_bidders")
    row["avg_bidders"] = float(avg) if avg is not None else None
    return row


def figures(queryset, today: dt.date | None = None) -> dict:
    """The figures of a set of packages (one query): ``count``, ``package_price`` (Σ giá gói
    thầu), ``awarded_count``, ``awarded_package_price`` and ``awarded_price`` (Σ over awarded
    packages), ``savings`` and ``savings_rate``, ``avg_bidders``, ``single_bidder`` and
    ``single_bidder_share``, ``contracts``, ``late_contracts``, ``cancelled``."""
    today = today or timezone.localdate()
    return _finish(dict(queryset.order_by().aggregate(**_measures(today))))


def measures_by(queryset, keys: list[str], today, extra: dict | None = None) -> list[dict]:
    """The measures of :func:`figures` grouped by ``keys`` (one query), with ``extra`` measures
    (named with the ``m_`` prefix) beside them."""
    rows = queryset.order_by().values(*keys).annotate(**_measures(today), **(extra or {})).order_by(*keys)
    return [_finish(dict(r)) for r in rows]




def by_method(queryset, today: dt.date | None = None) -> list[dict]:
    """Per selection method (largest awarded value first): the figures of :func:`figures`, the
    method's ``label`` and ``share`` = its awarded value ÷ the awarded value of the set (one
    query)."""
    today = today or timezone.localdate()
    rows = measures_by(queryset, ["method"], today)
    total = sum(r["awarded_price"] for r in rows)
    labels = dict(Method.choices)
    for r in rows:
        r["label"] = labels.get(r["method"], r["method"])
        r["share"] = _ratio(r["awarded_price"], total)
    rows.sort(key=lambda r: (-r["awarded_price"], -r["package_price"], r["label"]))
    return rows


SUMMED = ("count", "package_price", "awarded_count", "awarded_package_price", "awarded_price", "with_bidders",
          "single_bidder", "contracts", "late_contracts", "cancelled")


def figures_and_methods(queryset, today: dt.date | None = None) -> tuple[dict, list[dict]]:
    """:func:`figures` and :func:`by_method` from one grouped query: the totals are the sums of the
    methods' rows (the average of bidders weighted by the packages that have it)."""
    methods = by_method(queryset, today)
    total = {k: sum(r[k] for r in methods) for k in SUMMED}
    weighted = sum(r["avg_bidders"] * r["with_bidders"] for r in methods if r["avg_bidders"] is not None)
    total["avg_bidders"] = weighted / total["with_bidders"] if total["with_bidders"] else None
    return _finish(total), methods


def by_field(queryset, today: dt.date | None = None) -> list[dict]:
    """Per field of the packages, with its ``label`` (one query)."""
    rows = measures_by(queryset, ["field"], today or timezone.localdate())
    labels = dict(Field.choices)
    for r in rows:
        r["label"] = labels.get(r["field"], r["field"])
    return rows


def by_unit(queryset, today: dt.date | None = None) -> list[dict]:
    """Per investor unit (the unit each package was recorded for — not its subtree), with
    ``unit_id`` and ``unit_name`` (one query). A unit's subtree is the figures of
    ``queryset.filter(unit__in=<its subtree>)``: see :func:`subtree_q`."""
    rows = measures_by(queryset, ["unit", "unit__name", "unit__short_name"], today or timezone.localdate())
    for r in rows:
        r["unit_id"] = r.pop("unit")
        r["unit_name"] = r.pop("unit__short_name") or r.pop("unit__name")
        r.pop("unit__name", None)
    rows.sort(key=lambda r: r["unit_name"])
    return rows


def by_programme(queryset, today: dt.date | None = None) -> list[dict]:
    """Per programme of the packages' projects (``programme_id`` None: projects outside any
    programme), with ``programme_name`` (one query)."""
    rows = measures_by(queryset, ["project__programme", "project__programme__name"], today or timezone.localdate())
    for r in rows:
        r["programme_id"] = r.pop("project__programme")
        r["programme_name"] = r.pop("project__programme__name") or "Không thuộc chương trình"
    return rows


def by_project(queryset, today: dt.date | None = None) -> list[dict]:
    """Per project, with ``project_id``, ``project_code`` and ``project_name`` (one query)."""
    rows = measures_by(queryset, ["project", "project__code", "project__name"], today or timezone.localdate())
    for r in rows:
        r["project_id"] = r.pop("project")
        r["project_code"] = r.pop("project__code")
        r["project_name"] = r.pop("project__name")
    return rows


def warning_counts(queryset) -> list[dict]:
    """Warnings of the packages by code, most frequent first: ``code``, ``title``, ``count``
    (warnings) and ``packages`` (packages carrying it) (one query)."""
    titles = signals.titles()
    rows = (Warning.objects.filter(package__in=queryset.order_by().values("pk")).order_by().values("code")
            .annotate(count=Count("id"), packages=Count("package", distinct=True)))
    out = [{"code": r["code"], "title": titles.get(r["code"], r["code"]), "count": r["count"],
            "packages": r["packages"]} for r in rows]
    out.sort(key=lambda r: (-r["count"], r["title"]))
    return out


def subtree_q(unit: Unit, field_name: str = "unit") -> Q:
    """Packages whose ``field_name`` unit lies in ``unit``'s subtree."""
    return Q(**{f"{field_name}__in": Unit.objects.filter(path__startswith=unit.path).values("pk")})


# ------------------------------------------------------------------ the list


@dataclass
class PackageFilter:
    """The filters of the procurement page and its export (query parameters of the same names)."""

    q: str = ""
    unit: int | None = None          # with its subtree
    field: str = ""
    method: str = ""
    warning: str = ""                # a warning code
    year: int | None = None          # year of selection start
    programme: int | None = None
    funding_source: int | None = None
    contractor: str = ""             # tax code or a part of the name
    flagged: bool = False            # only packages with a warning
    errors: list[str] = dataclasses.field(default_factory=list)

    @classmethod
    def from_params(cls, params) -> "PackageFilter":
        """Read query parameters; a value that is not valid is ignored with a message."""
        flt = cls()
        flt.q = (params.get("q") or "").strip()[:MAX_SEARCH]
        flt.contractor = (params.get("contractor") or "").strip()[:MAX_SEARCH]
        for name, label in (("unit", "Đơn vị"), ("year", "Năm"), ("programme", "Chương trình"),
                            ("funding_source", "Nguồn vốn")):
            raw = (params.get(name) or "").strip()
            if not raw:
                continue
            if raw.isascii() and raw.isdigit() and 0 < int(raw) < 2**31:
                setattr(flt, name, int(raw))
            else:
                flt.errors.append(f"{label} “{raw[:20]}” không hợp lệ; bỏ qua điều kiện này.")
        for name, label, choices in (("field", "Lĩnh vực", Field.values), ("method", "Hình thức", Method.values)):
            raw = (params.get(name) or "").strip()
            if raw and raw in choices:
                setattr(flt, name, raw)
            elif raw:
                flt.errors.append(f"{label} “{raw[:20]}” không hợp lệ; bỏ qua điều kiện này.")
        raw = (params.get("warning") or "").strip()
        if raw and raw in signals.titles():
            flt.warning = raw
        elif raw:
            flt.errors.append(f"Dấu hiệu cảnh báo “{raw[:20]}” không hợp lệ; bỏ qua điều kiện này.")
        flt.flagged = (params.get("flagged") or "") in ("1", "on", "true")
        return flt

    def as_params(self) -> dict:
        out = {k: v for k, v in (("q", self.q), ("unit", self.unit), ("field", self.field), ("method", self.method),
                                 ("warning", self.warning), ("year", self.year), ("programme", self.programme),
                                 ("funding_source", self.funding_source), ("contractor", self.contractor))
               if v not in (None, "")}
        if self.flagged:
            out["flagged"] = "1"
        return out


def _search(qs, text: str):
    terms = fold(text).split()
    if not terms:
        return qs
    in_project, in_package = Q(), Q()
    for term in terms:
        in_project &= Q(project__search_name__contains=f" {term} ")
        in_package &= Q(search_name__contains=f" {term} ")
    return qs.filter(in_project | in_package | Q(project__code__iexact=text))


def filter_packages(user, flt: PackageFilter):
    """The packages ``user`` may read that match ``flt``, newest selection first — the rows of
    the procurement page and of its export. No query is run here but the chosen unit's path."""
    qs = scope_packages(user, Package.objects.all())
    if flt.q:
        qs = _search(qs, flt.q)
    if flt.unit:
        unit = Unit.objects.filter(pk=flt.unit).only("path").first()
        qs = qs.filter(subtree_q(unit)) if unit else qs.none()
    if flt.field:
        qs = qs.filter(field=flt.field)
    if flt.method:
        qs = qs.filter(method=flt.method)
    if flt.year:
        qs = qs.filter(selection_start__year=flt.year)
    if flt.programme:
        qs = qs.filter(project__programme_id=flt.programme)
    if flt.funding_source:
        qs = qs.filter(funding_source_id=flt.funding_source)
    if flt.contractor:
        text = flt.contractor
        cond = Q(contractor__name__icontains=text)
        folded = fold(text)
        if folded:
            cond |= Q(contractor__search_name__contains=folded)
        if TAX_DIGITS.fullmatch(text):
            cond |= Q(contractor__tax_code__startswith=text)
        qs = qs.filter(cond)
    if flt.warning:
        # the packages of one sign, read from the warnings' code index (a sign is rare; a
        # correlated EXISTS would visit every package of the scope)
        qs = qs.filter(pk__in=Warning.objects.filter(code=flt.warning).values("package_id"))
    if flt.flagged:
        qs = qs.filter(pk__in=Warning.objects.values("package_id"))
    return qs.order_by("-selection_start", "-id")


def list_rows(queryset):
    """The rows of the list, related records joined; the warnings (and their number) are read by
    the caller for the page's slice only (:func:`with_warnings`): counting them here would group
    every package of the set before the page is cut."""
    return queryset.select_related("project", "unit", "contractor", "funding_source", "checked_by", "contract")


def with_warnings(packages) -> list[Package]:
    """``packages`` (a list) with ``.warning_list`` (their warnings, one query) and
    ``.savings_rate``."""
    packages = list(packages)
    by_package: dict[int, list[Warning]] = {}
    titles = signals.titles()
    for w in Warning.objects.filter(package__in=[p.pk for p in packages]).select_related("law").order_by("code", "id"):
        w.title = titles.get(w.code, w.code)
        by_package.setdefault(w.package_id, []).append(w)
    for p in packages:
        p.warning_list = by_package.get(p.pk, [])
        p.n_warnings = len(p.warning_list)
        p.savings_rate = savings_rate(p)
    return packages


def savings_rate(package: Package):
    """(package price − awarded price) ÷ package price of one awarded package, else None."""
    if not package.is_awarded or not package.package_price:
        return None
    return (package.package_price - package.awarded_price) / package.package_price


def warning_choices() -> list[tuple[str, str]]:
    """The warning codes a filter offers: every registered check."""
    return sorted(signals.titles().items(), key=lambda kv: kv[1])


def year_choices(user) -> list[int]:
    """The years from the first to the last selection start among the packages the user reads
    (one query: the first and last dates come from the index, where a list of distinct years
    would read every package)."""
    span = scope_packages(user).aggregate(first=Min("selection_start"), last=Max("selection_start"))
    if span["first"] is None:
        return []
    return list(range(span["last"].year, span["first"].year - 1, -1))


# ------------------------------------------------------------------ rollups

ROLLUP_SUMS = ("count", "package_price", "awarded_count", "awarded_package_price", "awarded_price", "bidders_sum",
               "with_bidders", "single_bidder", "contracts", "late_contracts", "cancelled")


def answers_from_rollups(user, flt: PackageFilter) -> bool:
    """Whether the figures of this list can be summed from the units' rollups: a reader of whole
    trees (national or province-wide roles: their packages are those of the units in their
    scope), and no filter but a unit's subtree, a method and a year."""
    if user.role not in access.WIDE_ROLES:
        return False
    return not (flt.q or flt.field or flt.warning or flt.programme or flt.funding_source or flt.contractor
                or flt.flagged)


def _rollup_units(user, flt: PackageFilter) -> Q:
    scope = access.scope_for(user)
    cond = Q() if scope.everything else Q(unit__in=scope.unit_ids_query())
    if flt.unit:
        unit = Unit.objects.filter(pk=flt.unit).only("path").first()
        cond &= subtree_q(unit) if unit else Q(pk__in=[])
    if flt.method:
        cond &= Q(method=flt.method)
    if flt.year:
        cond &= Q(year=flt.year)
    return cond


def rollup_figures(user, flt: PackageFilter) -> tuple[dict, list[dict], list[dict]]:
    """:func:`figures`, :func:`by_method` and :func:`warning_counts` of the list, summed from the
    units' rollups (three queries over a few thousand rows). Only when
    :func:`answers_from_rollups`."""
    cond = _rollup_units(user, flt)
    rows = (Rollup.objects.filter(cond).order_by().values("method")
            .annotate(**{c: Sum(c) for c in ROLLUP_SUMS}).order_by("method"))
    methods = [_from_sums(dict(r)) for r in rows]
    total = {c: sum(r[c] for r in methods) for c in ROLLUP_SUMS}
    labels = dict(Method.choices)
    awarded = total["awarded_price"]
    for r in methods:
        r["label"] = labels.get(r["method"], r["method"])
        r["share"] = _ratio(r["awarded_price"], awarded)
    methods.sort(key=lambda r: (-r["awarded_price"], -r["package_price"], r["label"]))
    titles = signals.titles()
    warnings = [{"code": r["code"], "title": titles.get(r["code"], r["code"]), "count": r["n"], "packages": r["p"]}
                for r in WarningRollup.objects.filter(cond).order_by().values("code")
                .annotate(n=Sum("count"), p=Sum("packages"))]
    warnings.sort(key=lambda r: (-r["count"], r["title"]))
    return _from_sums(total), methods, warnings


def _from_sums(sums: dict) -> dict:
    row = {k: (v or 0) if k in ROLLUP_SUMS else v for k, v in sums.items()}
    row["avg_bidders"] = row["bidders_sum"] / row["with_bidders"] if row["with_bidders"] else None
    return _finish(row)


def list_figures(user, flt: PackageFilter, today: dt.date | None = None) -> dict:
    """The figures of the package list of ``flt`` as its page states them: summed from the units'
    rollups when :func:`answers_from_rollups`, else counted over the filtered packages."""
    if answers_from_rollups(user, flt):
        return rollup_figures(user, flt)[0]
    return figures(filter_packages(user, flt), today)
