"""Cost of internal software by use-case points (Công văn 2589/BTTTT-ƯDCNTT; Quyết định
671/QĐ-BTTTT), as a pure function over the constants of the method's rows.

Steps (every weight, coefficient and rate is a constant of the method):

* TAW = Σ actors × actor weight; TBF = Σ use cases × use-case weight × B/M/T coefficient;
  UUCP = TAW + TBF;
* TFW = Σ technical weight × rating, TCF = a + b × TFW; EFW = Σ environment weight × rating,
  EF = a − b × EFW; ES = Σ of each environment factor's weight × rating mapped by the ES bands;
  P (hours a point) from ES by the P bands;
* AUCP = UUCP × TCF × EF; E = (numerator / denominator) × AUCP;
* G = direct factor × E × P × H; C = overhead rate × G; TL = profit rate × (G + C);
  total = G + C + TL (before VAT).

Rounding: everything is computed in Decimal without rounding up to G; G is rounded half up to
whole đồng, C is computed from the rounded G and rounded, TL from the rounded G + C and rounded;
the total is the sum of the three rounded amounts (so it may differ by one đồng from rounding
the unrounded sum).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from cds.core.errors import ServiceError

from .constants import citation_of, dec, need, to_dong
from .tables import Table, money, number

KINDS = ("simple", "average", "complex")
KIND_LABELS = {"simple": "Đơn giản", "average": "Trung bình", "complex": "Phức tạp"}
CLASSES = ("B", "M", "T")
MAX_COUNT = 10_000
RATING_MIN, RATING_MAX = 0, 5
MAX_HOURLY_RATE = 10_000_000   # đồng a man-hour; more is a typing slip, not a wage


@dataclass
class UcpResult:
    taw: Decimal
    tbf: Decimal
    uucp: Decimal
    tfw: Decimal
    tcf: Decimal
    efw: Decimal
    ef: Decimal
    es: Decimal
    p: Decimal
    aucp: Decimal
    e: Decimal
    h: Decimal
    g: int
    c: int
    tl: int
    total: int
    inputs: dict = field(repr=False, default_factory=dict)
    constants: dict = field(repr=False, default_factory=dict)

    def as_dict(self) -> dict:
        """The figures as JSON takes them (the API's answer, what a version stores): points,
        coefficients and H as numbers, money as whole đồng (int)."""
        keys = ("taw", "tbf", "uucp", "tfw", "tcf", "efw", "ef", "es", "p", "aucp", "e", "h")
        return {**{k: float(getattr(self, k)) for k in keys},
                **{k: getattr(self, k) for k in ("g", "c", "tl", "total")}}

    def appendix(self) -> list[Table]:
        return _appendix(self)


# ------------------------------------------------------------------ input ----

def _count(value, field_name: str, label: str, errors: dict) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        errors.setdefault(field_name, []).append(f"{label}: phải là số nguyên.")
        return 0
    if value < 0:
        errors.setdefault(field_name, []).append(f"{label}: không được âm.")
    elif value > MAX_COUNT:
        errors.setdefault(field_name, []).append(f"{label}: quá lớn (tối đa {money(MAX_COUNT)}).")
    return value


def _ratings(values, field_name: str, factors: list, noun: str, prefix: str, errors: dict) -> list[Decimal]:
    if not isinstance(values, (list, tuple)):
        errors.setdefault(field_name, []).append(f"Cần danh sách {len(factors)} điểm {noun}.")
        return []
    if len(values) != len(factors):
        errors.setdefault(field_name, []).append(
            f"Cần đúng {len(factors)} điểm {noun} (đã gửi {len(values)}).")
        return []
    out = []
    for i, (value, factor) in enumerate(zip(values, factors)):
        name = f"{prefix}{i + 1} ({factor['label']})"
        try:
            rating = dec(value) if not isinstance(value, str) else Decimal("NaN")
        except (TypeError, ValueError, ArithmeticError):
            rating = Decimal("NaN")
        if not rating.is_finite():
            errors.setdefault(f"{field_name}.{i}", []).append(f"{name}: điểm phải là một số từ 0 đến 5.")
        elif not RATING_MIN <= rating <= RATING_MAX:
            errors.setdefault(f"{field_name}.{i}", []).append(
                f"{name}: điểm phải từ {RATING_MIN} đến {RATING_MAX} (đã nhập {number(rating)}).")
        out.append(rating)
    return out


def clean(inputs: dict, constants) -> dict:
    """The inputs checked and normalised; a ServiceError listing every problem, by field."""
    errors: dict[str, list[str]] = {}
    actors_in = inputs.get("actors") or {}
    actors = {k: _count(actors_in.get(k), f"actors.{k}", f"Số tác nhân {KIND_LABELS[k].lower()}", errors)
              for k in KINDS}
    use_cases_in = inputs.get("use_cases") or {}
    use_cases = {}
    for cls in CLASSES:
        row = use_cases_in.get(cls) or {}
        use_cases[cls] = {k: _count(row.get(k), f"use_cases.{cls}.{k}",
                                    f"Số trường hợp sử dụng mức {cls}, {KIND_LABELS[k].lower()}", errors)
                          for k in KINDS}
    technical = _ratings(inputs.get("technical_factors"), "technical_factors", need(constants, "tcf_factors"),
                         "hệ số kỹ thuật – công nghệ", "T", errors)
    environment = _ratings(inputs.get("environment_factors"), "environment_factors", need(constants, "ef_factors"),
                           "hệ số môi trường", "E", errors)
    rate = inputs.get("hourly_rate")
    h = Decimal(0)
    if rate is None or rate == "":
        errors.setdefault("hourly_rate", []).append("Chưa nhập đơn giá nhân công (H, đồng/giờ).")
    elif isinstance(rate, (bool, str)):
        errors.setdefault("hourly_rate", []).append("Đơn giá nhân công (H) phải là số đồng/giờ.")
    else:
        h = dec(rate)
        if not h.is_finite() or h <= 0:
            errors.setdefault("hourly_rate", []).append("Đơn giá nhân công (H) phải lớn hơn 0 đồng/giờ.")
        elif h > MAX_HOURLY_RATE:
            errors.setdefault("hourly_rate", []).append(
                f"Đơn giá nhân công (H) quá lớn (tối đa {money(MAX_HOURLY_RATE)} đồng/giờ); "
                "hãy kiểm tra lại — đây là đơn giá một giờ công.")
    if errors:
        raise ServiceError(errors)
    return {"actors": actors, "use_cases": use_cases, "technical_factors": technical,
            "environment_factors": environment, "hourly_rate": h}


# -------------------------------------------------------------- computing ----

def es_value(v: Decimal, bands: list) -> Decimal:
    """The experience-stability contribution of one environment factor (weight × rating)."""
    for band in bands:
        if band.get("upto") is None or v <= dec(band["upto"]):
            return dec(band["value"])
    return Decimal(0)


def productivity(es: Decimal, bands: list) -> Decimal:
    for band in bands:
        if band.get("below") is None or es < dec(band["below"]):
            return dec(band["p"])
    return dec(bands[-1]["p"])


def compute(inputs: dict, constants) -> UcpResult:
    """The use-case-point cost of ``inputs`` under ``constants`` (see the module's docstring)."""
    data = clean(inputs, constants)
    actor_w = need(constants, "actor_weights")
    uc_w = need(constants, "use_case_weights")
    cls_f = need(constants, "class_factors")
    taw = sum((data["actors"][k] * dec(actor_w[k]) for k in KINDS), Decimal(0))
    tbf = sum((data["use_cases"][c][k] * dec(uc_w[k]) * dec(cls_f[c]) for c in CLASSES for k in KINDS), Decimal(0))
    uucp = taw + tbf
    tcf_factors, ef_factors = need(constants, "tcf_factors"), need(constants, "ef_factors")
    tfw = sum((dec(f["weight"]) * r for f, r in zip(tcf_factors, data["technical_factors"])), Decimal(0))
    tcf_f = need(constants, "tcf_formula")
    tcf = dec(tcf_f["a"]) + dec(tcf_f["b"]) * tfw
    products = [dec(f["weight"]) * r for f, r in zip(ef_factors, data["environment_factors"])]
    efw = sum(products, Decimal(0))
    ef_f = need(constants, "ef_formula")
    ef = dec(ef_f["a"]) - dec(ef_f["b"]) * efw
    bands = need(constants, "es_bands")
    es = sum((es_value(v, bands) for v in products), Decimal(0))
    p = productivity(es, need(constants, "p_bands"))
    aucp = uucp * tcf * ef
    effort = need(constants, "effort_factor")
    e = dec(effort["numerator"]) / dec(effort["denominator"]) * aucp
    h = data["hourly_rate"]
    g = to_dong(dec(need(constants, "direct_factor")) * e * p * h)
    c = to_dong(dec(need(constants, "overhead_rate")) * g)
    tl = to_dong(dec(need(constants, "profit_rate")) * (g + c))
    return UcpResult(taw=taw, tbf=tbf, uucp=uucp, tfw=tfw, tcf=tcf, efw=efw, ef=ef, es=es, p=p, aucp=aucp, e=e,
                     h=h, g=g, c=c, tl=tl, total=g + c + tl, inputs=data, constants=constants)


def hourly_rate(*, hcb, hpc, mlcs, hdc, insurance_share, days, hours) -> dict:
    """H (đồng/giờ) from a labour day: GNC = [(HCB + HPC) × MLCS × (1 + HĐC) + BH] / days with
    BH = insurance share × (HCB + HPC) × MLCS; H = GNC / hours. Every component is the user's
    (the wage scale and base salary change by decree); rounded to whole đồng at GNC and H."""
    values = {k: dec(v) for k, v in dict(hcb=hcb, hpc=hpc, mlcs=mlcs, hdc=hdc, insurance_share=insurance_share,
                                         days=days, hours=hours).items()}
    if any(v < 0 for v in values.values()) or values["days"] <= 0 or values["hours"] <= 0 or values["mlcs"] <= 0:
        raise ServiceError("Các thành phần tiền lương phải không âm; lương cơ sở, số ngày và số giờ phải lớn hơn 0.")
    base = (values["hcb"] + values["hpc"]) * values["mlcs"]
    insurance = to_dong(values["insurance_share"] * base)
    monthly = to_dong(base * (1 + values["hdc"]))
    day = to_dong((monthly + insurance) / values["days"])
    return {"monthly": monthly, "insurance": insurance, "day": day, "hour": to_dong(day / values["hours"]), **values}


# --------------------------------------------------------------- appendix ----

def _appendix(r: UcpResult) -> list[Table]:
    k, cite = r.constants, citation_of(r.constants)
    actor_w, uc_w, cls_f = k["actor_weights"], k["use_case_weights"], k["class_factors"]
    rows = []
    for i, kind in enumerate(KINDS, 1):
        n = r.inputs["actors"][kind]
        rows.append([str(i), KIND_LABELS[kind], money(n), number(actor_w[kind]), number(n * dec(actor_w[kind]))])
    actors = Table("Bảng tính điểm tác nhân (TAW)", ["STT", "Loại tác nhân", "Số tác nhân", "Trọng số", "Điểm"],
                   rows, [["", "Cộng (TAW)", "", "", number(r.taw)]], citation_of(k, "actor_weights") or cite,
                   numeric=(2, 3, 4))
    rows, i = [], 0
    for cls in CLASSES:
        for kind in KINDS:
            i += 1
            n = r.inputs["use_cases"][cls][kind]
            points = n * dec(uc_w[kind]) * dec(cls_f[cls])
            rows.append([str(i), f"Mức {cls} — {KIND_LABELS[kind].lower()}", money(n), number(uc_w[kind]),
                         number(cls_f[cls]), number(points)])
    use_cases = Table("Bảng tính điểm trường hợp sử dụng (TBF)",
                      ["STT", "Loại trường hợp sử dụng", "Số trường hợp sử dụng", "Trọng số", "Hệ số BMT", "Điểm"],
                      rows, [["", "Cộng (TBF)", "", "", "", number(r.tbf)],
                             ["", "Điểm trường hợp sử dụng chưa điều chỉnh UUCP = TAW + TBF", "", "", "",
                              number(r.uucp)]], citation_of(k, "use_case_weights") or cite, numeric=(2, 3, 4, 5))
    tcf_f = k["tcf_formula"]
    rows = [[f"T{i}", f["label"], number(f["weight"]), number(rating), number(dec(f["weight"]) * rating)]
            for i, (f, rating) in enumerate(zip(k["tcf_factors"], r.inputs["technical_factors"]), 1)]
    technical = Table("Bảng tính hệ số phức tạp kỹ thuật – công nghệ (TCF)",
                      ["STT", "Các hệ số", "Trọng số", "Giá trị xếp hạng", "Kết quả"], rows,
                      [["", "Cộng (TFW)", "", "", number(r.tfw)],
                       ["", f"TCF = {number(tcf_f['a'])} + {number(tcf_f['b'])} × TFW", "", "", number(r.tcf)]],
                      citation_of(k, "tcf_factors") or cite, numeric=(2, 3, 4))
    ef_f, bands = k["ef_formula"], k["es_bands"]
    rows = []
    for i, (f, rating) in enumerate(zip(k["ef_factors"], r.inputs["environment_factors"]), 1):
        v = dec(f["weight"]) * rating
        rows.append([f"E{i}", f["label"], number(f["weight"]), number(rating), number(v), number(es_value(v, bands))])
    environment = Table("Bảng tính hệ số môi trường (EF)",
                        ["STT", "Các hệ số tác động môi trường", "Trọng số", "Giá trị xếp hạng", "Kết quả",
                         "Độ ổn định kinh nghiệm"], rows,
                        [["", "Cộng (EFW; ES)", "", "", number(r.efw), number(r.es)],
                         ["", f"EF = {number(ef_f['a'])} − {number(ef_f['b'])} × EFW", "", "", number(r.ef), ""],
                         ["", "Nội suy thời gian lao động P (giờ/điểm) theo ES", "", "", number(r.p), ""]],
                        citation_of(k, "ef_factors") or cite, numeric=(2, 3, 4, 5))
    effort, direct = k["effort_factor"], k["direct_factor"]
    overhead, profit = dec(k["overhead_rate"]), dec(k["profit_rate"])
    rows = [
        ["1", "Điểm trường hợp sử dụng chưa điều chỉnh", "UUCP", "TAW + TBF", number(r.uucp)],
        ["2", "Hệ số phức tạp kỹ thuật – công nghệ", "TCF", f"{number(tcf_f['a'])} + {number(tcf_f['b'])} × TFW",
         number(r.tcf)],
        ["3", "Hệ số môi trường", "EF", f"{number(ef_f['a'])} − {number(ef_f['b'])} × EFW", number(r.ef)],
        ["4", "Điểm trường hợp sử dụng đã điều chỉnh", "AUCP", "UUCP × TCF × EF", number(r.aucp)],
        ["5", "Nỗ lực thực tế", "E", f"{number(effort['numerator'])}/{number(effort['denominator'])} × AUCP",
         number(r.e, 4)],
        ["6", "Thời gian lao động (giờ/điểm)", "P", "theo ES", number(r.p)],
        ["7", "Mức lương lao động bình quân (đồng/giờ)", "H", "", number(r.h, 2)],
        ["8", "Giá trị phần mềm", "G", f"{number(direct)} × E × P × H", money(r.g)],
        ["9", "Chi phí chung", "C", f"G × {number(overhead * 100)}%", money(r.c)],
        ["10", "Thu nhập chịu thuế tính trước", "TL", f"(G + C) × {number(profit * 100)}%", money(r.tl)],
    ]
    value = Table("Bảng tính giá trị phần mềm", ["STT", "Hạng mục", "Ký hiệu", "Cách tính", "Giá trị"], rows,
                  [["", "Giá trị phần mềm nội bộ (chưa gồm thuế GTGT)", "GPM", "G + C + TL", money(r.total)]],
                  citation_of(k, "direct_factor") or cite,
                  note="Số tiền làm tròn đến đồng ở G, C và TL; GPM là tổng ba số đã làm tròn.", numeric=(4,))
    return [actors, use_cases, technical, environment, value]


def labour_table(h: dict) -> Table:
    """The small table of :func:`hourly_rate`: how H came from the wage components typed."""
    rows = [
        ["1", "Hệ số lương", "HCB", number(h["hcb"], 4)],
        ["2", "Hệ số phụ cấp", "HPC", number(h["hpc"], 4)],
        ["3", "Mức lương cơ sở (đồng/tháng)", "MLCS", money(h["mlcs"])],
        ["4", "Hệ số điều chỉnh tăng thêm", "HĐC", number(h["hdc"], 4)],
        ["5", "Tiền lương tháng (HCB + HPC) × MLCS × (1 + HĐC)", "", money(h["monthly"])],
        ["6", f"Bảo hiểm {number(h['insurance_share'] * 100, 2)}% × (HCB + HPC) × MLCS", "BH", money(h["insurance"])],
        ["7", f"Đơn giá ngày công (tiền lương tháng + BH) / {number(h['days'])} ngày", "GNC", money(h["day"])],
    ]
    return Table("Bảng tính mức lương lao động bình quân (H)", ["STT", "Nội dung", "Ký hiệu", "Giá trị"], rows,
                 [["", f"Mức lương lao động bình quân GNC / {number(h['hours'])} giờ (đồng/giờ)", "H",
                   money(h["hour"])]],
                 note="Thành phần tiền lương do người lập nhập theo chế độ tiền lương hiện hành; "
                      "làm tròn đến đồng ở từng bước.", numeric=(3,))
