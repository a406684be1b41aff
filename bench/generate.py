#!/usr/bin/env python
"""National-scale benchmark data, bulk-loaded into the configured database.

    DATABASE_URL=... .venv/bin/python bench/generate.py --projects 100000 [--migrate]

or from Python::

    from bench.generate import generate
    stats = generate(projects=2000)

What it builds (sizes at the default ``--projects 100000``):

* a unit forest with 54 roots — 34 provinces/centrally-run cities (post-2025 list) and 20
  ministries/central agencies — about 3,000 units: departments (sở, vụ, cục), public-service
  units, communes/wards, the former districts (ended 30/06/2025, continued by communes) and
  the former Sở TT&TT / KH&ĐT / TN&MT / NN&PTNT (ended 28/02/2025, continued by the merged
  departments), with aliases and successor links; materialised ``path``/``depth`` as
  :func:`cds.orgs.services.save_unit` computes them;
* one ``unit_staff`` user per unit (the creator of that unit's projects) and the bench cast:
  ``bench_staff`` (unit_staff, Sở KH&CN of province 1), ``bench_appraiser`` (cds_appraiser,
  same unit), ``bench_leader`` (leader, province 1 root), ``bench_admin`` (national admin,
  no unit);
* N projects with codes ``DA-2024-0012`` (unique per kind and year; ``CodeSequence`` is moved
  past them so the services continue the numbering), names composed from realistic
  fragments, ``search_text`` built exactly as :func:`cds.projects.services.refresh_search_text`
  builds it (code, name, objectives, scope, investor unit names and aliases, programme,
  capabilities, data entities), lead and coordinating units, funding sources, capability and
  data-entity tags;
* 5 ledger lines per project on average (exactly ``projects × entries_per_project``):
  estimates, approved figures (with rebaselines that supersede the earlier figure), yearly
  allocations and disbursements, settlements, a few voided lines; the denormalised totals and
  ``rebaseline_count`` on each project are the sums of its *current* lines, as
  :func:`cds.projects.services.recompute_totals` computes them;
* one ``ProjectEvent`` "created" per project (plus one "rebaseline" event per rebaseline) and
  one ``project.created`` audit event per project.

Not written: django-simple-history rows (bulk_create sends no signals, and a history table
with 100,000+ rows is not what the measured pages read) and lifecycle "transition" events
(projects are put directly in their state). Everything is deterministic for a given seed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.util import setup_django  # noqa: E402

BENCH_PASSWORD = "Bench@2026"
BATCH = 2000
TODAY = dt.date(2026, 11, 1)  # fixed "today" of the data set so runs are reproducible

# ----------------------------------------------------------------- fragments ----

# (name, "tỉnh"/"thành phố", weight in the number of projects)
PROVINCES = [
    ("Hà Nội", "thành phố", 3.0), ("Huế", "thành phố", 1.5), ("Lai Châu", "tỉnh", 1), ("Điện Biên", "tỉnh", 1),
    ("Sơn La", "tỉnh", 1), ("Lạng Sơn", "tỉnh", 1), ("Quảng Ninh", "tỉnh", 1), ("Thanh Hóa", "tỉnh", 1),
    ("Nghệ An", "tỉnh", 1), ("Hà Tĩnh", "tỉnh", 1), ("Cao Bằng", "tỉnh", 1), ("Tuyên Quang", "tỉnh", 1),
    ("Lào Cai", "tỉnh", 1), ("Thái Nguyên", "tỉnh", 1), ("Phú Thọ", "tỉnh", 1), ("Bắc Ninh", "tỉnh", 1),
    ("Hưng Yên", "tỉnh", 1), ("Hải Phòng", "thành phố", 1.5), ("Ninh Bình", "tỉnh", 1), ("Quảng Trị", "tỉnh", 1),
    ("Đà Nẵng", "thành phố", 1.5), ("Quảng Ngãi", "tỉnh", 1), ("Gia Lai", "tỉnh", 1), ("Khánh Hòa", "tỉnh", 1),
    ("Lâm Đồng", "tỉnh", 1), ("Đắk Lắk", "tỉnh", 1), ("Hồ Chí Minh", "thành phố", 3.0), ("Đồng Nai", "tỉnh", 1),
    ("Tây Ninh", "tỉnh", 1), ("Cần Thơ", "thành phố", 1.5), ("Vĩnh Long", "tỉnh", 1), ("Đồng Tháp", "tỉnh", 1),
    ("Cà Mau", "tỉnh", 1), ("An Giang", "tỉnh", 1),
]
MINISTRY_WEIGHT = 0.6
MINISTRIES = [
    ("BQP", "Bộ Quốc phòng"), ("BCA", "Bộ Công an"), ("BNG", "Bộ Ngoại giao"), ("BNV", "Bộ Nội vụ"),
    ("BTP", "Bộ Tư pháp"), ("BTC", "Bộ Tài chính"), ("BCT", "Bộ Công Thương"),
    ("BNNMT", "Bộ Nông nghiệp và Môi trường"), ("BXD", "Bộ Xây dựng"),
    ("BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch"), ("BKHCN", "Bộ Khoa học và Công nghệ"),
    ("BGDĐT", "Bộ Giáo dục và Đào tạo"), ("BYT", "Bộ Y tế"), ("BDTTG", "Bộ Dân tộc và Tôn giáo"),
    ("NHNN", "Ngân hàng Nhà nước Việt Nam"), ("TTCP", "Thanh tra Chính phủ"), ("VPCP", "Văn phòng Chính phủ"),
    ("VTV", "Đài Truyền hình Việt Nam"), ("TTXVN", "Thông tấn xã Việt Nam"),
    ("VAST", "Viện Hàn lâm Khoa học và Công nghệ Việt Nam"),
]
# Departments of a province: (code suffix, name, short name, aliases, kind, valid_from, valid_to, successor suffix)
D_MERGE_FROM, D_MERGE_TO = dt.date(2025, 3, 1), dt.date(2025, 2, 28)
PROVINCE_DEPARTMENTS = [
    ("VP", "Văn phòng Ủy ban nhân dân", "Văn phòng UBND", ["VP UBND"], "department", None, None, None),
    ("SNV", "Sở Nội vụ", "Sở Nội vụ", ["SNV"], "department", None, None, None),
    ("STP", "Sở Tư pháp", "Sở Tư pháp", ["STP"], "department", None, None, None),
    ("STC", "Sở Tài chính", "Sở Tài chính", ["STC"], "department", None, None, None),
    ("SCT", "Sở Công Thương", "Sở Công Thương", ["SCT"], "department", None, None, None),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", "Sở NN&MT", ["SNNMT"], "department", D_MERGE_FROM, None, None),
    ("SXD", "Sở Xây dựng", "Sở Xây dựng", ["SXD"], "department", None, None, None),
    ("SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN", ["SKHCN"], "department", D_MERGE_FROM, None, None),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", ["SGDĐT"], "department", None, None, None),
    ("SYT", "Sở Y tế", "Sở Y tế", ["SYT"], "department", None, None, None),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Sở VHTT&DL", ["SVHTTDL"], "department", None, None, None),
    ("SDTTG", "Sở Dân tộc và Tôn giáo", "Sở DT&TG", ["SDTTG"], "department", D_MERGE_FROM, None, None),
    ("TTRA", "Thanh tra", "Thanh tra", [], "department", None, None, None),
    ("CA", "Công an", "Công an", [], "police", None, None, None),
    ("STTTT", "Sở Thông tin và Truyền thông", "Sở TT&TT", ["STTTT", "Sở TTTT"], "department", None, D_MERGE_TO, "SKHCN"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", ["SKHĐT"], "department", None, D_MERGE_TO, "STC"),
    ("STNMT", "Sở Tài nguyên và Môi trường", "Sở TN&MT", ["STNMT"], "department", None, D_MERGE_TO, "SNNMT"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", ["SNNPTNT"], "department", None,
     D_MERGE_TO, "SNNMT"),
]
# Public-service units under a province department: parent suffix → [(suffix, name, short name)]
PROVINCE_PUBLIC_SERVICE = {
    "VP": [("TTHCC", "Trung tâm Phục vụ hành chính công", "TT Phục vụ HCC"),
           ("CTTDT", "Cổng Thông tin điện tử", "Cổng TTĐT")],
    "SKHCN": [("TTCNTT", "Trung tâm Công nghệ thông tin và Truyền thông", "TT CNTT&TT"),
              ("TTCDS", "Trung tâm Chuyển đổi số", "TT CĐS")],
    "SNNMT": [("VPDKDD", "Văn phòng Đăng ký đất đai", "VP ĐKĐĐ"),
              ("TTCNTTMT", "Trung tâm Công nghệ thông tin tài nguyên và môi trường", "TT CNTT TN&MT")],
    "SYT": [("BVDK", "Bệnh viện Đa khoa", "BVĐK"), ("CDC", "Trung tâm Kiểm soát bệnh tật", "CDC")],
    "SGDDT": [("THPTC", "Trường Trung học phổ thông chuyên", "THPT chuyên"),
              ("TTGDTX", "Trung tâm Giáo dục thường xuyên", "TT GDTX")],
    "SNV": [("TTLT", "Trung tâm Lưu trữ lịch sử", "TT Lưu trữ")],
    "STP": [("TGPL", "Trung tâm Trợ giúp pháp lý nhà nước", "TT TGPL")],
    "SCT": [("TTKC", "Trung tâm Khuyến công và Xúc tiến thương mại", "TT KC&XTTM")],
    "SXD": [("TTQH", "Trung tâm Quy hoạch xây dựng", "TT Quy hoạch")],
    "SVHTTDL": [("TTXTDL", "Trung tâm Xúc tiến du lịch", "TT XTDL"), ("TV", "Thư viện", "Thư viện")],
    "STC": [("TTTV", "Trung tâm Tư vấn và Dịch vụ tài chính", "TT DVTC")],
}
MINISTRY_CHILDREN = [
    ("VP", "Văn phòng", "department"), ("VKHTC", "Vụ Kế hoạch – Tài chính", "department"),
    ("VTCCB", "Vụ Tổ chức cán bộ", "department"), ("VPC", "Vụ Pháp chế", "department"),
    ("TTR", "Thanh tra", "department"), ("CUC", "Cục Quản lý chuyên ngành", "department"),
    ("TTCNTT", "Trung tâm Công nghệ thông tin", "public_service"),
    ("TTDL", "Trung tâm Dữ liệu", "public_service"), ("VCL", "Viện Chiến lược và Chính sách", "public_service"),
    ("TCB", "Trường Cán bộ quản lý", "public_service"), ("BAO", "Báo điện tử", "public_service"),
]
PLACE_NAMES = [
    "An Bình", "An Phú", "An Thạnh", "Bình An", "Bình Minh", "Bình Thuận", "Đông Hòa", "Hòa An", "Hòa Bình",
    "Hòa Lạc", "Hòa Thành", "Hưng Đạo", "Hợp Thành", "Kim Liên", "Long Hưng", "Minh Khai", "Nam Sơn", "Phú Lâm",
    "Phú Mỹ", "Phú Thịnh", "Phước Long", "Quang Trung", "Quyết Thắng", "Tân An", "Tân Bình", "Tân Hiệp",
    "Tân Lập", "Tân Phú", "Tân Thành", "Thanh Xuân", "Thành Công", "Thống Nhất", "Thuận Thành", "Tiên Phong",
    "Trung Hòa", "Trường Sơn", "Vĩnh Hưng", "Vĩnh Phúc", "Xuân Hòa", "Yên Bình", "Đồng Tâm", "Đại Đồng",
    "Đông Phong", "Hồng Phong", "Liên Minh", "Nghĩa Hưng", "Phong Phú", "Quảng Tiến", "Sơn Hà", "Thạch Hà",
    "Vạn Ninh", "Diên Hồng", "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hoàng Văn Thụ", "Lam Sơn", "Bạch Đằng",
    "Hạ Long", "Cẩm Bình", "Mường Thanh", "Na Hang", "Bảo Yên", "Sa Pa", "Mộc Châu", "Đồng Văn", "Ea Kar",
    "Krông Pắc", "Cái Răng", "Ninh Kiều", "Hải Châu", "Sơn Trà", "Thủ Đức", "Bến Nghé", "Cầu Giấy", "Ba Đình",
    "Long Biên", "Hoàn Kiếm", "Tây Hồ", "Gia Nghĩa", "Phan Rang", "Tuy Hòa", "Hội An", "Điện Bàn", "Tam Kỳ",
]
KIND_WEIGHTS = [("investment", 40), ("recurrent", 30), ("rental", 15), ("procurement", 15)]
KIND_PREFIX = {"investment": "DA", "recurrent": "NV", "rental": "TDV", "procurement": "MS"}
VERBS = {
    "investment": ["Xây dựng", "Nâng cấp", "Triển khai", "Nâng cấp, mở rộng", "Đầu tư xây dựng", "Hoàn thiện"],
    "recurrent": ["Duy trì, vận hành", "Nâng cấp", "Triển khai", "Bảo trì", "Cập nhật, chuẩn hóa dữ liệu",
                  "Triển khai mở rộng"],
    "rental": ["Thuê dịch vụ", "Thuê dịch vụ CNTT", "Thuê hạ tầng, dịch vụ"],
    "procurement": ["Mua sắm thiết bị cho", "Mua sắm, lắp đặt", "Mua sắm bản quyền phần mềm cho"],
}
# (object phrase, capability codes, data-entity codes)
OBJECTS = [
    ("cơ sở dữ liệu đất đai", ["GIS"], ["DATDAI"]),
    ("CSDL đất đai", [], ["DATDAI"]),
    ("hệ thống quản lý văn bản và điều hành", ["QLVB"], ["VANBAN"]),
    ("cổng dịch vụ công", ["DVC"], ["HOSO-TTHC"]),
    ("hệ thống thông tin giải quyết thủ tục hành chính", ["MOTCUA"], ["HOSO-TTHC"]),
    ("trung tâm điều hành thông minh IOC", ["IOC"], []),
    ("nền tảng LGSP", ["LGSP"], []),
    ("nền tảng tích hợp, chia sẻ dữ liệu", ["LGSP"], []),
    ("số hóa hồ sơ, tài liệu lưu trữ", ["SOHOA"], []),
    ("số hóa hồ sơ hộ tịch", ["SOHOA"], ["HOTICH"]),
    ("hệ thống camera giám sát an ninh trật tự", ["CAMERA"], []),
    ("trung tâm giám sát an toàn thông tin SOC", ["SOC"], []),
    ("trung tâm dữ liệu", ["TTDL"], []),
    ("hạ tầng mạng và thiết bị CNTT", ["HATANG"], []),
    ("hệ thống hội nghị truyền hình trực tuyến", ["HNTH"], []),
    ("cơ sở dữ liệu cán bộ, công chức, viên chức", [], ["CBCCVC"]),
    ("hệ thống thông tin báo cáo", ["BAOCAO"], ["TAICHINH"]),
    ("bản đồ số GIS", ["GIS"], ["QUYHOACH"]),
    ("hệ thống tiếp nhận phản ánh, kiến nghị", ["PAKN"], []),
    ("hồ sơ sức khỏe điện tử", ["YTE"], ["YTE"]),
    ("phần mềm quản lý bệnh viện", ["YTE"], ["YTE"]),
    ("cơ sở dữ liệu ngành giáo dục", ["GIAODUC"], ["GIAODUC"]),
    ("hệ thống du lịch thông minh", ["DULICH"], ["DULICH"]),
    ("hệ thống giao thông thông minh", ["GIAOTHONG"], ["GIAOTHONG"]),
    ("cơ sở dữ liệu doanh nghiệp", [], ["DOANHNGHIEP"]),
    ("cơ sở dữ liệu tài nguyên và môi trường", [], ["MOITRUONG"]),
    ("kho dữ liệu dùng chung", ["KHODL"], []),
    ("cổng thông tin điện tử", ["CONG-TTDT"], []),
    ("hệ thống chữ ký số", ["CKS"], []),
    ("cơ sở dữ liệu nông nghiệp", [], ["NONGNGHIEP"]),
    ("hệ thống định danh và xác thực điện tử SSO", ["SSO"], ["DANCU"]),
    ("nền tảng dữ liệu dân cư phục vụ Đề án 06", [], ["DANCU"]),
    ("hệ thống một cửa điện tử", ["MOTCUA"], ["HOSO-TTHC"]),
    ("hệ thống thông tin quản lý chuyên ngành", ["CHUYENNGANH"], []),
]
OBJECTIVES = [
    "Số hóa hồ sơ, dữ liệu phục vụ quản lý nhà nước",
    "kết nối, chia sẻ dữ liệu với các cơ sở dữ liệu quốc gia qua nền tảng LGSP và NDXP",
    "nâng cao tỷ lệ dịch vụ công trực tuyến toàn trình",
    "bảo đảm an toàn thông tin theo cấp độ",
    "phục vụ chỉ đạo, điều hành của lãnh đạo UBND",
    "giảm thời gian giải quyết thủ tục hành chính cho người dân, doanh nghiệp",
    "hình thành kho dữ liệu dùng chung của tỉnh",
    "đáp ứng yêu cầu của Đề án 06 về dữ liệu dân cư, định danh và xác thực điện tử",
    "thay thế hệ thống cũ đã hết thời gian hỗ trợ kỹ thuật",
    "triển khai thống nhất từ cấp tỉnh đến cấp xã",
    "chuẩn hóa, làm sạch dữ liệu theo nguyên tắc đúng, đủ, sạch, sống",
    "ứng dụng trí tuệ nhân tạo hỗ trợ xử lý văn bản",
]
SCOPES = [
    "Toàn tỉnh", "Các sở, ban, ngành và UBND cấp xã", "{unit} và các đơn vị trực thuộc",
    "{n} đơn vị cấp xã", "Trung tâm dữ liệu tỉnh, {n} điểm cầu", "{n} cơ sở y tế, trường học",
]
# state → (weight, first start year, last start year)
STATE_PLAN = {
    "proposed": (10, 2025, 2027), "policy_approved": (6, 2025, 2027), "dossier_preparing": (6, 2025, 2027),
    "in_appraisal": (5, 2025, 2027), "approved": (6, 2024, 2026), "procuring": (5, 2024, 2026),
    "implementing": (24, 2021, 2026), "in_operation": (16, 2019, 2025), "settled": (11, 2019, 2024),
    "retired": (3, 2019, 2022), "paused": (3, 2021, 2025), "stopped": (2, 2020, 2025), "rejected": (3, 2023, 2026),
}
HAS_APPROVED = {"approved", "procuring", "implementing", "in_operation", "settled", "retired", "paused", "stopped"}
HAS_SPENDING = {"implementing", "in_operation", "settled", "retired", "paused", "stopped"}
HAS_SETTLED = {"settled", "retired"}
SOURCES_BY_KIND = {
    "investment": ["NSDP-DT", "NSTW-DT", "CTMTQG", "ODA"],
    "recurrent": ["NSDP-TX", "NSTW-TX", "KHAC"],
    "rental": ["NSDP-TX", "NSTW-TX"],
    "procurement": ["NSDP-TX", "NSDP-DT", "NSTW-TX"],
}
AMOUNT_RANGE = {  # million VND
    "investment": (2_000, 80_000), "recurrent": (300, 5_000), "rental": (200, 4_000), "procurement": (500, 12_000),
}


def _weighted(rng, pairs):
    items, weights = zip(*pairs)
    return rng.choices(items, weights=weights, k=1)[0]


def _fast_document(*precomputed: str) -> str:
    """Concatenate :func:`search_document` outputs: equal to one call over all the parts."""
    inner = " ".join(p.strip() for p in precomputed if p and p.strip())
    return f" {inner} " if inner else ""


class _Ids:
    """Explicit primary keys (paths need them before insert; works on SQLite and PostgreSQL)."""

    def __init__(self, model):
        from django.db.models import Max

        self.next = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def __call__(self) -> int:
        value = self.next
        self.next += 1
        return value


# ------------------------------------------------------------------- builder ----

class Generator:
    def __init__(self, *, projects: int, entries_per_project: float = 5.0, communes: int = 40, districts: int = 6,
                 seed: int = 2026, log=print):
        self.n_projects = projects
        self.n_entries = int(round(projects * entries_per_project))
        self.communes = communes
        self.districts = districts
        self.rng = random.Random(seed)
        self.log = log
        self.timings: dict[str, float] = {}

    # ---------------------------------------------------------------- units ----
    def build_units(self):
        from cds.orgs.models import Unit, UnitAlias
        from cds.text.normalize import fold, search_document

        rng = self.rng
        new_id = _Ids(Unit)
        units: list[Unit] = []
        aliases: list[UnitAlias] = []
        successor_links: list[tuple[int, int]] = []
        self.roots = []  # (root unit, weight, place label)
        self.pool: dict[int, list[tuple[Unit, float]]] = {}  # root id → [(unit, weight)]

        def add(code, name, kind, parent=None, short="", alias_list=(), valid_from=None, valid_to=None):
            pk = new_id()
            path = f"{parent.path if parent else '/'}{pk}/"
            unit = Unit(pk=pk, code=code, name=name, short_name=short, kind=kind, parent=parent, path=path,
                        depth=path.count("/") - 2, valid_from=valid_from, valid_to=valid_to)
            unit.search_text = search_document(code, name, short, *alias_list)
            unit._bench_aliases = list(alias_list)
            for alias in alias_list:
                aliases.append(UnitAlias(unit_id=pk, alias=alias, folded=fold(alias)))
            units.append(unit)
            return unit

        for i, (place, level, weight) in enumerate(PROVINCES, start=1):
            code = f"P{i:02d}"
            full = f"{level} {place}"
            root = add(code, f"Ủy ban nhân dân {full}", "province", short=f"UBND {full}",
                       alias_list=[f"UBND {'TP' if level == 'thành phố' else 'tỉnh'} {place}"])
            self.roots.append((root, weight, full))
            pool = [(root, 3.0)]
            by_suffix = {}
            for suffix, name, short, als, kind, vfrom, vto, _succ in PROVINCE_DEPARTMENTS:
                dep = add(f"{code}-{suffix}", f"{name} {full}", kind, root, short=short, alias_list=als,
                          valid_from=vfrom, valid_to=vto)
                by_suffix[suffix] = dep
                pool.append((dep, 4.0 if suffix in ("SKHCN", "STTTT", "VP") else 2.5))
            for suffix, _n, _s, _a, _k, _f, _t, succ in PROVINCE_DEPARTMENTS:
                if succ:
                    successor_links.append((by_suffix[suffix].pk, by_suffix[succ].pk))
            for parent_suffix, children in PROVINCE_PUBLIC_SERVICE.items():
                for suffix, name, short in children:
                    child = add(f"{code}-{parent_suffix}-{suffix}", f"{name} {full}", "public_service",
                                by_suffix[parent_suffix], short=short)
                    pool.append((child, 1.5))
            names = rng.sample(PLACE_NAMES, min(len(PLACE_NAMES), self.communes + self.districts))
            commune_units = []
            for j, cname in enumerate(names[: self.communes], start=1):
                level2 = "phường" if j % 3 == 0 else "xã"
                c = add(f"{code}-X{j:03d}", f"Ủy ban nhân dân {level2} {cname}", "commune", root,
                        short=f"UBND {level2} {cname}", valid_from=dt.date(2025, 7, 1))
                commune_units.append(c)
                pool.append((c, 0.35))
            for j, dname in enumerate(names[self.communes:], start=1):
                d = add(f"{code}-H{j:02d}", f"Ủy ban nhân dân huyện {dname}", "district", root,
                        short=f"UBND huyện {dname}", valid_to=dt.date(2025, 6, 30))
                pool.append((d, 0.8))
                for c in rng.sample(commune_units, min(len(commune_units), rng.randint(4, 8))):
                    successor_links.append((d.pk, c.pk))
            self.pool[root.pk] = pool

        for i, (short, name) in enumerate(MINISTRIES, start=1):
            code = f"M{i:02d}"
            root = add(code, name, "ministry", short=short, alias_list=[short] if short != name else [])
            self.roots.append((root, MINISTRY_WEIGHT, name))
            pool = [(root, 2.0)]
            for suffix, cname, kind in MINISTRY_CHILDREN:
                child = add(f"{code}-{suffix}", f"{cname} – {name}", kind, root, short=f"{cname} ({short})")
                pool.append((child, 2.0 if kind == "department" else 1.5))
            self.pool[root.pk] = pool

        self.units = units
        self.unit_by_id = {u.pk: u for u in units}
        self.aliases = aliases
        self.successor_links = successor_links
        # Province 1's departments for the bench cast.
        self.province1 = self.roots[0][0]
        self.p1_skhcn = next(u for u in units if u.code == f"{self.province1.code}-SKHCN")

    # ---------------------------------------------------------------- users ----
    def build_users(self):
        from django.contrib.auth.hashers import make_password

        from cds.accounts.models import Role, User

        new_id = _Ids(User)
        pwd = make_password(BENCH_PASSWORD)
        users = []
        self.staff_of: dict[int, int] = {}
        for unit in self.units:
            pk = new_id()
            users.append(User(pk=pk, username=f"nv.{unit.code.lower()}", password=pwd, role=Role.UNIT_STAFF,
                              unit_id=unit.pk, first_name="Chuyên viên", last_name=unit.short_name or unit.code,
                              job_title="Chuyên viên"))
            self.staff_of[unit.pk] = pk
        cast = [
            ("bench_staff", Role.UNIT_STAFF, self.p1_skhcn.pk, False),
            ("bench_appraiser", Role.CDS_APPRAISER, self.p1_skhcn.pk, False),
            ("bench_leader", Role.LEADER, self.province1.pk, False),
            ("bench_admin", Role.ADMIN, None, True),
        ]
        self.cast = {}
        for username, role, unit_id, admin in cast:
            pk = new_id()
            users.append(User(pk=pk, username=username, password=pwd, role=role, unit_id=unit_id,
                              is_staff=admin, is_superuser=admin, first_name="Bench", last_name=username))
            self.cast[username] = pk
        self.users = users

    # ------------------------------------------------------------- projects ----
    def load_catalogues(self):
        from cds.catalog.models import Capability, DataEntity, FundingSource, Programme
        from cds.rules.models import LegalRegime
        from cds.text.normalize import search_document

        self.programmes = list(Programme.objects.filter(is_active=True))
        self.sources = {s.code: s for s in FundingSource.objects.all()}
        self.capabilities = {c.code: c for c in Capability.objects.all()}
        self.entities = {e.code: e for e in DataEntity.objects.all()}
        self.regimes = list(LegalRegime.objects.all())
        self.programme_doc = {p.pk: search_document(p.name) for p in self.programmes}
        self.cap_order = {c.pk: (c.sort_order, c.name) for c in self.capabilities.values()}
        self.ent_order = {e.pk: (e.sort_order, e.name) for e in self.entities.values()}
        self.tag_doc = {("c", c.pk): search_document(c.name) for c in self.capabilities.values()}
        self.tag_doc.update({("e", e.pk): search_document(e.name) for e in self.entities.values()})
        self.unit_doc = {u.pk: search_document(u.name, u.short_name, *u._bench_aliases) for u in self.units}
        if not self.regimes or not self.sources:
            raise SystemExit("Catalogues missing: run `manage.py migrate` first.")

    def regime_for(self, day):
        best = None
        for r in self.regimes:
            if (r.in_force_from is None or r.in_force_from <= day) and (r.in_force_to is None or day <= r.in_force_to):
                if best is None or (r.in_force_from or dt.date.min) > (best.in_force_from or dt.date.min):
                    best = r
        return best or self.regimes[-1]

    def pick_unit(self, root_id, day):
        rng = self.rng
        pool = self.pool[root_id]
        for _ in range(20):
            unit = _weighted(rng, pool)
            if unit.is_active_on(day):
                return unit
        return pool[0][0]

    def _date_in(self, start: dt.date, end: dt.date) -> dt.date:
        if end <= start:
            return start
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def plan_project(self, i, seq):
        """One project as plain values plus its ledger lines (not yet model objects)."""
        rng = self.rng
        state = _weighted(rng, [(s, w) for s, (w, _a, _b) in STATE_PLAN.items()])
        _w, y0, y1 = STATE_PLAN[state]
        start_year = rng.randint(y0, y1)
        kind = _weighted(rng, KIND_WEIGHTS)
        created_on = self._date_in(dt.date(start_year - 1, 7, 1), min(TODAY, dt.date(start_year, 12, 31)))
        root, _weight, place = _weighted(rng, [((r, w, p), w) for r, w, p in self.roots])
        unit = self.pick_unit(root.pk, created_on)
        duration = rng.choice([0, 0, 1, 1, 1, 2, 2, 3, 4]) if kind == "investment" else rng.choice([0, 0, 0, 1, 2])
        end_year = None if (kind == "recurrent" and rng.random() < 0.15) else start_year + duration
        prefix = KIND_PREFIX[kind]
        seq[(prefix, start_year)] = seq.get((prefix, start_year), 0) + 1
        code = f"{prefix}-{start_year}-{seq[(prefix, start_year)]:04d}"
        obj, caps, ents = rng.choice(OBJECTS)
        verb = rng.choice(VERBS[kind])
        where = f"của {root.name}" if root.kind == "ministry" else place
        name = f"{verb} {obj} {where}"
        r = rng.random()
        if r < 0.35:
            name += " giai đoạn 2021–2025" if start_year <= 2025 else " giai đoạn 2026–2030"
        elif r < 0.5:
            name += f" năm {start_year}"
        elif r < 0.6 and unit.short_name and unit.pk != root.pk:
            name = f"{verb} {obj} của {unit.short_name}"
        objectives = "; ".join(rng.sample(OBJECTIVES, rng.randint(1, 3))) + "."
        scope = rng.choice(SCOPES).format(unit=unit.short_name or unit.name, n=rng.randint(3, 120))
        group = "-"
        if kind == "investment":
            group = _weighted(rng, [("C", 80), ("B", 15), ("A", 4), ("QG", 1)])
        programme = rng.choice(self.programmes) if rng.random() < 0.7 else None
        lead = None
        if rng.random() < 0.15:
            lead = self.pick_unit(root.pk, created_on)
            if lead.pk == unit.pk:
                lead = None
        coordinating = []
        if rng.random() < 0.2:
            for _ in range(rng.randint(1, 3)):
                c = self.pick_unit(root.pk, created_on)
                if c.pk != unit.pk and c.pk not in coordinating:
                    coordinating.append(c.pk)
        cap_ids = sorted({self.capabilities[c].pk for c in caps if c in self.capabilities}, key=self.cap_order.get)
        ent_ids = sorted({self.entities[e].pk for e in ents if e in self.entities}, key=self.ent_order.get)
        n_sources = 2 if rng.random() < 0.22 else 1
        source_codes = rng.sample(SOURCES_BY_KIND[kind], n_sources)
        if root.kind == "ministry":
            source_codes = [c.replace("NSDP", "NSTW") for c in source_codes]
            source_codes = list(dict.fromkeys(source_codes))
        source_ids = [self.sources[c].pk for c in source_codes if c in self.sources]
        created_at = dt.datetime.combine(created_on, dt.time(rng.randint(7, 17), rng.randint(0, 59)), dt.timezone.utc)
        changed_on = self._date_in(created_on, TODAY)
        changed_at = dt.datetime.combine(changed_on, dt.time(rng.randint(7, 17), rng.randint(0, 59)), dt.timezone.utc)
        lines = self.plan_ledger(kind, state, start_year, end_year, source_ids, created_on)
        return {
            "code": code, "name": name, "objectives": objectives, "scope": scope, "kind": kind, "group": group,
            "regime": self.regime_for(created_on), "programme": programme, "unit": unit, "lead": lead,
            "coordinating": coordinating, "start_year": start_year, "end_year": end_year,
            "carried_over": start_year < TODAY.year and state in HAS_SPENDING and rng.random() < 0.3,
            "state": state, "created_on": created_on, "created_at": created_at, "changed_at": changed_at,
            "caps": cap_ids, "ents": ent_ids, "sources": source_ids, "lines": lines,
            "paused_from": "implementing" if state == "paused" else "",
        }

    def plan_ledger(self, kind, state, start_year, end_year, source_ids, created_on):
        """Ledger lines as dicts; each carries 'mergeable' for the exact-count adjustment."""
        rng = self.rng
        lo, hi = AMOUNT_RANGE[kind]
        total = rng.randint(lo, hi) * 1_000_000
        shares = [total] if len(source_ids) == 1 else [total * 7 // 10, total - total * 7 // 10]
        lines = []
        num = lambda: f"{rng.randint(100, 9999)}/QĐ-UBND"  # noqa: E731
        for source_id, amount in zip(source_ids, shares):
            lines.append(dict(year=start_year, source=source_id, stage="estimate", amount=amount,
                              decision_date=None, decision_number="", note="Khái toán đề xuất"))
            if state in HAS_APPROVED:
                approved = amount * rng.randint(85, 100) // 100 // 1_000_000 * 1_000_000
                when = self._date_in(created_on, min(TODAY, dt.date(start_year, 12, 31)))
                if rng.random() < 0.04:  # a rebaseline: the first figure is superseded by a second one
                    first = approved * 100 // 115 // 1_000_000 * 1_000_000
                    lines.append(dict(year=start_year, source=source_id, stage="approved", amount=first,
                                      decision_date=when, decision_number=num(), note="", rebase_first=True))
                    later = self._date_in(when, TODAY)
                    lines.append(dict(year=later.year, source=source_id, stage="approved", amount=approved,
                                      decision_date=later, decision_number=num(), note="Điều chỉnh dự toán",
                                      is_rebaseline=True))
                else:
                    lines.append(dict(year=start_year, source=source_id, stage="approved", amount=approved,
                                      decision_date=when, decision_number=num(), note=""))
                if state in HAS_SPENDING:
                    last = min(end_year or start_year + 1, TODAY.year)
                    years = list(range(start_year, max(start_year, last) + 1))
                    for y, part in zip(years, _split(approved, len(years), rng)):
                        part = part // 1_000_000 * 1_000_000
                        d = max(dt.date(y, rng.randint(1, 3), rng.randint(1, 28)), created_on)
                        if d > TODAY:
                            continue
                        lines.append(dict(year=y, source=source_id, stage="allocated", amount=part,
                                          decision_date=d, decision_number=num(), note=f"Kế hoạch vốn năm {y}"))
                        done = 1.0 if (y < TODAY.year and state in ("in_operation", "settled", "retired")) else \
                            rng.uniform(0.3, 1.0)
                        if rng.random() < 0.02:
                            done = 1.08  # over-disbursed: the ledger warning should show
                        spent = int(part * done) // 1_000 * 1_000
                        for k, piece in enumerate(_split(spent, 1, rng)):
                            lines.append(dict(year=y, source=source_id, stage="disbursed", amount=piece,
                                              decision_date=None, decision_number="",
                                              note=f"Giải ngân đợt {k + 1}", mergeable=True))
                    if rng.random() < 0.01:
                        lines.append(dict(year=years[-1], source=source_id, stage="disbursed", amount=123_000_000,
                                          decision_date=None, decision_number="", note="", voided=True,
                                          void_reason="Nhập nhầm số tiền, đã ghi lại bút toán đúng"))
                    if state in HAS_SETTLED:
                        settled = approved * rng.randint(90, 100) // 100 // 1_000 * 1_000
                        when = dt.date(min(TODAY.year, (end_year or start_year) + 1), rng.randint(1, 12),
                                       rng.randint(1, 28))
                        when = min(when, TODAY)
                        lines.append(dict(year=when.year, source=source_id, stage="settled", amount=settled,
                                          decision_date=when, decision_number=num(), note="Phê duyệt quyết toán"))
        return lines

    def adjust_counts(self, plans):
        """Make the ledger exactly ``n_entries`` lines by splitting or merging disbursements
        (totals unchanged, so every ledger stays consistent)."""
        rng = self.rng
        total = sum(len(p["lines"]) for p in plans)
        target = self.n_entries
        if total > target:
            candidates = [(p, i) for p in plans for i, ln in enumerate(p["lines"]) if ln.get("mergeable")
                          and i > 0 and p["lines"][i - 1].get("mergeable")
                          and p["lines"][i - 1]["year"] == ln["year"] and p["lines"][i - 1]["source"] == ln["source"]]
            rng.shuffle(candidates)
            drop = {}
            for p, i in candidates[: total - target]:
                drop.setdefault(id(p), (p, set()))[1].add(i)
            for p, idx in drop.values():
                merged = []
                for i, ln in enumerate(p["lines"]):
                    if i in idx:
                        merged[-1]["amount"] += ln["amount"]
                    else:
                        merged.append(ln)
                p["lines"] = merged
        elif total < target:
            need = target - total
            spenders = [p for p in plans if any(ln.get("mergeable") for ln in p["lines"])] or \
                [p for p in plans if p["lines"]]
            while need > 0 and spenders:
                p = rng.choice(spenders)
                for i, ln in enumerate(p["lines"]):
                    if ln["stage"] in ("disbursed", "estimate") and not ln.get("voided") and ln["amount"] >= 2_000:
                        half = ln["amount"] // 2 // 1_000 * 1_000
                        other = dict(ln, amount=ln["amount"] - half, mergeable=ln["stage"] == "disbursed")
                        if ln["stage"] == "estimate":
                            other["note"] = "Khái toán bổ sung"
                        ln["amount"] = half
                        p["lines"].insert(i + 1, other)
                        need -= 1
                        break
        return sum(len(p["lines"]) for p in plans)

    # ----------------------------------------------------------- write -------
    def write_projects(self, plans):
        from cds.audit.models import AuditEvent
        from cds.projects.models import BudgetEntry, Project, ProjectEvent
        from cds.text.normalize import search_document

        P, B = Project, BudgetEntry
        projects, entries, events, audits = [], [], [], []
        coord, fund, caps, ents = [], [], [], []
        for plan in plans:
            pk = self.project_id()
            unit = plan["unit"]
            actor = self.staff_of[unit.pk]
            totals = dict.fromkeys(("estimate", "approved", "allocated", "disbursed", "settled"), 0)
            rebaselines = 0
            pending_first = {}
            for ln in plan["lines"]:
                eid = self.entry_id()
                entry = B(pk=eid, project_id=pk, year=ln["year"], funding_source_id=ln["source"], stage=ln["stage"],
                          amount=ln["amount"], decision_number=ln["decision_number"],
                          decision_date=ln["decision_date"], note=ln["note"], is_rebaseline=bool(ln.get("is_rebaseline")),
                          voided=bool(ln.get("voided")), void_reason=ln.get("void_reason", ""), created_by_id=actor,
                          created_at=plan["created_at"] if ln["decision_date"] is None else
                          dt.datetime.combine(ln["decision_date"], dt.time(9), dt.timezone.utc))
                entries.append(entry)
                if ln.get("rebase_first"):
                    pending_first[ln["source"]] = entry
                    continue  # superseded below: not current
                if ln.get("is_rebaseline"):
                    first = pending_first.pop(ln["source"])
                    first.superseded_by_id = eid
                    rebaselines += 1
                    events.append(ProjectEvent(
                        project_id=pk, kind="rebaseline", from_state=plan["state"], to_state=plan["state"],
                        occurred_on=ln["decision_date"], decision_number=ln["decision_number"],
                        decision_date=ln["decision_date"], actor_id=actor, created_at=entry.created_at,
                        reason=f"Điều chỉnh từ {first.amount:,} đ thành {entry.amount:,} đ".replace(",", "."),
                    ))
                if not entry.voided:
                    totals[ln["stage"]] += ln["amount"]
            doc = _fast_document(
                search_document(plan["code"], plan["name"], plan["objectives"], plan["scope"]),
                self.unit_doc[unit.pk],
                self.programme_doc[plan["programme"].pk] if plan["programme"] else "",
                *[self.tag_doc[("c", c)] for c in plan["caps"]], *[self.tag_doc[("e", e)] for e in plan["ents"]],
            )
            project = P(
                pk=pk, code=plan["code"], name=plan["name"], objectives=plan["objectives"], scope=plan["scope"],
                kind=plan["kind"], group=plan["group"], regime_id=plan["regime"].pk,
                programme_id=plan["programme"].pk if plan["programme"] else None, investor_unit_id=unit.pk,
                lead_unit_id=plan["lead"].pk if plan["lead"] else None, start_year=plan["start_year"],
                end_year=plan["end_year"], carried_over=plan["carried_over"], state=plan["state"],
                state_changed_at=plan["changed_at"], paused_from=plan["paused_from"],
                total_estimate=totals["estimate"], total_approved=totals["approved"],
                total_allocated=totals["allocated"], total_disbursed=totals["disbursed"],
                total_settled=totals["settled"], rebaseline_count=rebaselines, search_text=doc, search_name=search_document(plan["name"]), version=1,
                created_by_id=actor, created_at=plan["created_at"], updated_at=plan["changed_at"],
            )
            if self.check_docs > 0:  # the shortcut must equal the service's own computation
                self.check_docs -= 1
                expected = search_document(
                    plan["code"], plan["name"], plan["objectives"], plan["scope"], unit.name, unit.short_name,
                    *unit._bench_aliases, *( [plan["programme"].name] if plan["programme"] else []),
                    *[c.name for c in sorted((c for c in self.capabilities.values() if c.pk in plan["caps"]),
                                             key=lambda c: (c.sort_order, c.name))],
                    *[e.name for e in sorted((e for e in self.entities.values() if e.pk in plan["ents"]),
                                             key=lambda e: (e.sort_order, e.name))],
                )
                assert doc == expected, (doc, expected)
            projects.append(project)
            events.append(ProjectEvent(project_id=pk, kind="created", to_state="proposed",
                                       occurred_on=plan["created_on"], actor_id=actor, created_at=plan["created_at"]))
            audits.append(AuditEvent(created_at=plan["created_at"], actor_id=actor, actor_name=f"nv.{unit.code.lower()}",
                                     verb="project.created", target_type="projects.project", target_id=pk,
                                     target_repr=f"{plan['code']} — {plan['name']}"[:300], data={}, unit_id=unit.pk))
            coord += [P.coordinating_units.through(project_id=pk, unit_id=u) for u in plan["coordinating"]]
            fund += [P.funding_sources.through(project_id=pk, fundingsource_id=s) for s in plan["sources"]]
            caps += [P.capabilities.through(project_id=pk, capability_id=c) for c in plan["caps"]]
            ents += [P.data_entities.through(project_id=pk, dataentity_id=e) for e in plan["ents"]]
        P.objects.bulk_create(projects, batch_size=BATCH)
        B.objects.bulk_create(entries, batch_size=BATCH)
        ProjectEvent.objects.bulk_create(events, batch_size=BATCH)
        AuditEvent.objects.bulk_create(audits, batch_size=BATCH)
        for rows in (coord, fund, caps, ents):
            if rows:
                type(rows[0]).objects.bulk_create(rows, batch_size=BATCH)
        return len(projects), len(entries), len(events)

    # ------------------------------------------------------------------ run ----
    def run(self, chunk: int = 10_000) -> dict:
        from django.db import connection, transaction

        from cds.orgs.models import Unit, UnitAlias
        from cds.projects.models import BudgetEntry, CodeSequence, Project

        t_all = time.perf_counter()
        if Unit.objects.filter(code="P01").exists():
            raise SystemExit("Bench data already present in this database (unit P01): use a fresh database.")
        with transaction.atomic():
            t = time.perf_counter()
            self.build_units()
            Unit.objects.bulk_create(self.units, batch_size=BATCH)
            UnitAlias.objects.bulk_create(self.aliases, batch_size=BATCH)
            Unit.successors.through.objects.bulk_create(
                [Unit.successors.through(from_unit_id=a, to_unit_id=b) for a, b in self.successor_links],
                batch_size=BATCH)
            self.build_users()
            type(self.users[0]).objects.bulk_create(self.users, batch_size=BATCH)
            self.timings["units_users_s"] = time.perf_counter() - t
            self.log(f"  units: {len(self.units):,} ({len(self.roots)} roots), users: {len(self.users):,}"
                     f" [{self.timings['units_users_s']:.1f}s]")

            t = time.perf_counter()
            self.load_catalogues()
            seq = {(s.prefix, s.year): s.last for s in CodeSequence.objects.all()}
            plans = [self.plan_project(i, seq) for i in range(self.n_projects)]
            n_entries = self.adjust_counts(plans)
            self.timings["plan_s"] = time.perf_counter() - t
            self.log(f"  planned {len(plans):,} projects, {n_entries:,} ledger lines [{self.timings['plan_s']:.1f}s]")

            t = time.perf_counter()
            self.project_id = _Ids(Project)
            self.entry_id = _Ids(BudgetEntry)
            self.check_docs = 200
            written = [0, 0, 0]
            for start in range(0, len(plans), chunk):
                counts = self.write_projects(plans[start:start + chunk])
                written = [a + b for a, b in zip(written, counts)]
                self.log(f"  wrote {written[0]:,}/{len(plans):,} projects ({time.perf_counter() - t:.1f}s)")
            for (prefix, year), last in seq.items():
                CodeSequence.objects.update_or_create(prefix=prefix, year=year, defaults={"last": last})
            self.timings["write_s"] = time.perf_counter() - t
        t = time.perf_counter()
        self.reset_sequences()
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("VACUUM ANALYZE")  # what autovacuum does shortly after a bulk load
        self.timings["finish_s"] = time.perf_counter() - t
        self.timings["total_s"] = time.perf_counter() - t_all
        return {
            "projects": written[0], "budget_entries": written[1], "project_events": written[2],
            "units": len(self.units), "roots": len(self.roots), "users": len(self.users),
            "province1_id": self.province1.pk, "province1": self.province1.name,
            "province_root_ids": [r.pk for r, _w, _p in self.roots if r.kind == "province"],
            "cast": self.cast, "timings": {k: round(v, 2) for k, v in self.timings.items()},
            "seconds": round(self.timings["total_s"], 1), "vendor": connection.vendor,
        }

    def reset_sequences(self):
        from django.core.management.color import no_style
        from django.db import connection

        from cds.accounts.models import User
        from cds.audit.models import AuditEvent
        from cds.orgs.models import Unit, UnitAlias
        from cds.projects.models import BudgetEntry, Project, ProjectEvent

        models = [Unit, UnitAlias, User, Project, BudgetEntry, ProjectEvent, AuditEvent]
        sql = connection.ops.sequence_reset_sql(no_style(), models)
        if sql:
            with connection.cursor() as cur:
                for statement in sql:
                    cur.execute(statement)


def _split(amount: int, parts: int, rng) -> list[int]:
    if parts <= 1:
        return [amount]
    cuts = sorted(rng.randint(1, 99) for _ in range(parts - 1))
    bounds = [0, *cuts, 100]
    pieces = [amount * (b - a) // 100 for a, b in zip(bounds, bounds[1:])]
    pieces[-1] += amount - sum(pieces)
    return pieces


def generate(projects: int = 100_000, *, entries_per_project: float = 5.0, seed: int = 2026, log=print, **kw) -> dict:
    """Bulk-load the data set into the configured (migrated) database; returns counts and timings."""
    return Generator(projects=projects, entries_per_project=entries_per_project, seed=seed, log=log, **kw).run()


def verify(sample: int = 300, seed: int = 1) -> dict:
    """Check a sample against what the services would compute: unit paths, search text
    (:func:`cds.projects.services.refresh_search_text`) and ledger totals
    (the sums :func:`cds.projects.services.recompute_totals` stores). Raises on mismatch."""
    from django.db.models import Count, Sum

    from cds.orgs.models import Unit
    from cds.projects.models import BudgetEntry, Project
    from cds.projects.services import refresh_search_text

    units = {u.pk: u for u in Unit.objects.only("pk", "parent_id", "path", "depth")}
    for u in units.values():
        parent_path = units[u.parent_id].path if u.parent_id else "/"
        assert u.path == f"{parent_path}{u.pk}/" and u.depth == u.path.count("/") - 2, u.pk
    ids = list(Project.objects.values_list("pk", flat=True))
    picked = random.Random(seed).sample(ids, min(sample, len(ids)))
    checked = 0
    for p in Project.objects.filter(pk__in=picked).select_related("investor_unit", "programme"):
        stored = p.search_text, p.search_name
        assert (refresh_search_text(p), p.search_name) == stored, p.code
        rows = dict(BudgetEntry.objects.filter(project=p, voided=False, superseded_by__isnull=True)
                    .values("stage").annotate(t=Sum("amount")).values_list("stage", "t"))
        assert (p.total_estimate, p.total_approved, p.total_allocated, p.total_disbursed, p.total_settled) == tuple(
            rows.get(s, 0) for s in ("estimate", "approved", "allocated", "disbursed", "settled")), p.code
        assert p.rebaseline_count == BudgetEntry.objects.filter(project=p, voided=False, is_rebaseline=True).count()
        checked += 1
    dup = Project.objects.values("code").annotate(n=Count("id")).filter(n__gt=1).count()
    assert dup == 0, f"{dup} duplicate codes"
    return {"units_checked": len(units), "projects_checked": checked}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--entries-per-project", type=float, default=5.0)
    parser.add_argument("--communes", type=int, default=40, help="communes per province (≈3,000 units at 40)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--migrate", action="store_true", help="run migrations first")
    args = parser.parse_args(argv)
    setup_django()
    if args.migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
    from django.db import connection

    print(f"Generating {args.projects:,} projects into {connection.vendor} ({connection.settings_dict['NAME']}) …")
    stats = generate(args.projects, entries_per_project=args.entries_per_project, seed=args.seed,
                     communes=args.communes)
    print(f"Done in {stats['seconds']}s: {stats['units']:,} units, {stats['projects']:,} projects, "
          f"{stats['budget_entries']:,} ledger lines, {stats['project_events']:,} events, {stats['users']:,} users")
    print(f"Timings: {stats['timings']}")
    print(f"Verified: {verify()}")
    return stats


if __name__ == "__main__":
    main()
