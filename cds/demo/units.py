"""The demo unit forest: the fictional tỉnh Sơn Lâm and, as a second root, Bộ Khoa học và Công nghệ.

The province goes through the real 2025 reorganisation (units change; old records keep theirs):

* Sở Thông tin và Truyền thông ends on 28/02/2025 and is merged into **Sở Khoa học và Công
  nghệ**.  We keep *one* Sở KH&CN that existed before and continues after the merger, with
  Sở TT&TT pointing at it as successor.  That is how the merger was done in law (Sở KH&CN
  "tiếp nhận chức năng, nhiệm vụ" of Sở TT&TT; it kept its seal, accounts and staff), and it
  keeps the model simple: Sở KH&CN's own old records never change owner, Sở TT&TT's records
  resolve to Sở KH&CN through the successor link, and no third "new Sở KH&CN" unit appears
  that users would have to tell apart from the old one.
* Sở Kế hoạch và Đầu tư → Sở Tài chính (same pattern: Sở Tài chính continues).
* Sở Giao thông vận tải → Sở Xây dựng (same pattern).
* Sở Tài nguyên và Môi trường + Sở Nông nghiệp và PTNT → a genuinely *new* unit, Sở Nông
  nghiệp và Môi trường, valid from 01/3/2025 (neither old department continued alone).
* The district level (UBND cấp huyện) ends on 30/6/2025; each district is succeeded by the new
  commune-level units (UBND phường/xã, valid from 01/7/2025) that took over its territory.
* Trung tâm Công nghệ thông tin và Truyền thông, a public-service unit of Sở TT&TT, is *moved*
  (not succeeded) under Sở KH&CN on 01/3/2025: the centre itself carried on unchanged, only
  its managing department changed, so it stays one unit and the move shows in its history.

Each row: code, name, short name, kind, parent code, aliases, document sign (used in
document numbers such as "12/BB-SYT") and valid_from; valid_to and successors come from
REORGANISATIONS.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ROOT_CODE = "SL"
MINISTRY_CODE = "BKHCN"
SETUP_DATE = dt.date(2019, 1, 7)        # the day the registry was set up (history of units)
MERGER_END = dt.date(2025, 2, 28)       # last day of the merged departments
MERGER_START = dt.date(2025, 3, 1)
DISTRICT_END = dt.date(2025, 6, 30)     # last day of the district level
COMMUNE_START = dt.date(2025, 7, 1)


@dataclass(frozen=True)
class U:
    code: str
    name: str
    short: str
    kind: str
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    sign: str = "UBND"
    valid_from: dt.date | None = None
    note: str = ""


P, D, DI, CO, PO, PS, MI = "province", "department", "district", "commune", "police", "public_service", "ministry"

UNITS: list[U] = [
    U("SL", "Ủy ban nhân dân tỉnh Sơn Lâm", "UBND tỉnh Sơn Lâm", P, None,
      ("UBND tỉnh", "Tỉnh Sơn Lâm", "UBND tỉnh SL"), "UBND"),
    U("SL-VP", "Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh", D, "SL",
      ("Văn phòng UBND tỉnh", "VPUBND", "VP UBND"), "VPUBND"),
    U("SL-TTHCC", "Trung tâm Phục vụ hành chính công tỉnh", "TT PVHCC tỉnh", PS, "SL-VP",
      ("Trung tâm PVHCC", "TTPVHCC", "Trung tâm Hành chính công tỉnh"), "TTPVHCC"),
    U("SL-SNV", "Sở Nội vụ", "Sở Nội vụ", D, "SL", ("SNV", "Sở NV"), "SNV"),
    U("SL-STC", "Sở Tài chính", "Sở Tài chính", D, "SL", ("STC", "Sở TC"), "STC"),
    U("SL-SKHDT", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", D, "SL",
      ("SKHĐT", "Sở KHĐT", "Sở Kế hoạch Đầu tư"), "SKHĐT"),
    U("SL-SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN", D, "SL",
      ("SKHCN", "Sở KHCN", "Sở Khoa học Công nghệ"), "SKHCN",
      note="Từ 01/3/2025 tiếp nhận chức năng, nhiệm vụ của Sở Thông tin và Truyền thông; là cơ quan "
           "chuyên trách về chuyển đổi số của tỉnh."),
    U("SL-STTTT", "Sở Thông tin và Truyền thông", "Sở TT&TT", D, "SL",
      ("STTTT", "Sở TTTT", "Sở Thông tin Truyền thông"), "STTTT",
      note="Hợp nhất vào Sở Khoa học và Công nghệ từ 01/3/2025."),
    U("SL-TTCNTT", "Trung tâm Công nghệ thông tin và Truyền thông", "TT CNTT&TT", PS, "SL-STTTT",
      ("Trung tâm CNTT&TT", "TTCNTT", "Trung tâm CNTT và Truyền thông"), "TTCNTT"),
    U("SL-STNMT", "Sở Tài nguyên và Môi trường", "Sở TN&MT", D, "SL",
      ("STNMT", "Sở TNMT", "Sở Tài nguyên Môi trường"), "STNMT"),
    U("SL-SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", D, "SL",
      ("SNNPTNT", "Sở NNPTNT", "Sở Nông nghiệp PTNT"), "SNNPTNT"),
    U("SL-SNNMT", "Sở Nông nghiệp và Môi trường", "Sở NN&MT", D, "SL",
      ("SNNMT", "Sở NNMT", "Sở Nông nghiệp Môi trường"), "SNNMT", valid_from=MERGER_START,
      note="Thành lập trên cơ sở hợp nhất Sở Tài nguyên và Môi trường và Sở Nông nghiệp và PTNT."),
    U("SL-SGTVT", "Sở Giao thông vận tải", "Sở GTVT", D, "SL",
      ("SGTVT", "Sở Giao thông"), "SGTVT"),
    U("SL-SXD", "Sở Xây dựng", "Sở Xây dựng", D, "SL", ("SXD", "Sở XD"), "SXD",
      note="Từ 01/3/2025 tiếp nhận chức năng, nhiệm vụ của Sở Giao thông vận tải."),
    U("SL-SYT", "Sở Y tế", "Sở Y tế", D, "SL", ("SYT",), "SYT"),
    U("SL-SGDDT", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", D, "SL",
      ("SGDĐT", "Sở GDĐT", "Sở Giáo dục"), "SGDĐT"),
    U("SL-STP", "Sở Tư pháp", "Sở Tư pháp", D, "SL", ("STP",), "STP"),
    U("SL-SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Sở VHTT&DL", D, "SL",
      ("SVHTTDL", "Sở VHTTDL", "Sở Văn hóa Thể thao Du lịch"), "SVHTTDL"),
    U("SL-SCT", "Sở Công Thương", "Sở Công Thương", D, "SL", ("SCT",), "SCT"),
    U("SL-CA", "Công an tỉnh Sơn Lâm", "Công an tỉnh", PO, "SL", ("CAT", "CA tỉnh"), "CAT"),
    U("SL-TTRA", "Thanh tra tỉnh", "Thanh tra tỉnh", D, "SL", ("TTT", "Thanh tra tỉnh Sơn Lâm"), "TTr"),
    U("SL-BQLKKT", "Ban Quản lý các khu kinh tế và khu công nghiệp tỉnh", "BQL các KKT và KCN", D, "SL",
      ("Ban Quản lý KKT và KCN", "BQLKKT", "Ban Quản lý các KKT và KCN"), "BQLKKT"),
    U("SL-BAO", "Báo Sơn Lâm", "Báo Sơn Lâm", PS, "SL", ("Báo SL",), "BSL"),
    # District level (ends 30/6/2025).
    U("SL-TPSL", "UBND thành phố Sơn Lâm", "UBND TP Sơn Lâm", DI, "SL",
      ("TP Sơn Lâm", "Thành phố Sơn Lâm", "UBND TP SL"), "UBND"),
    U("SL-TXBN", "UBND thị xã Bình Nguyên", "UBND TX Bình Nguyên", DI, "SL",
      ("TX Bình Nguyên", "Thị xã Bình Nguyên"), "UBND"),
    U("SL-HTP", "UBND huyện Tân Phong", "UBND huyện Tân Phong", DI, "SL", ("Huyện Tân Phong",), "UBND"),
    U("SL-HVL", "UBND huyện Vĩnh Lâm", "UBND huyện Vĩnh Lâm", DI, "SL", ("Huyện Vĩnh Lâm",), "UBND"),
    U("SL-HNS", "UBND huyện Ngọc Sơn", "UBND huyện Ngọc Sơn", DI, "SL", ("Huyện Ngọc Sơn",), "UBND"),
    # Commune level after 01/7/2025 (directly under the province).
    U("SL-PSL", "UBND phường Sơn Lâm", "UBND P. Sơn Lâm", CO, "SL", ("Phường Sơn Lâm",), "UBND",
      valid_from=COMMUNE_START),
    U("SL-PBSL", "UBND phường Bắc Sơn Lâm", "UBND P. Bắc Sơn Lâm", CO, "SL", ("Phường Bắc Sơn Lâm",), "UBND",
      valid_from=COMMUNE_START),
    U("SL-PNSL", "UBND phường Nam Sơn Lâm", "UBND P. Nam Sơn Lâm", CO, "SL", ("Phường Nam Sơn Lâm",), "UBND",
      valid_from=COMMUNE_START),
    U("SL-PBN", "UBND phường Bình Nguyên", "UBND P. Bình Nguyên", CO, "SL", ("Phường Bình Nguyên",), "UBND",
      valid_from=COMMUNE_START),
    U("SL-XBH", "UBND xã Bình Hòa", "UBND xã Bình Hòa", CO, "SL", ("Xã Bình Hòa",), "UBND",
      valid_from=COMMUNE_START),
    U("SL-XTP", "UBND xã Tân Phong", "UBND xã Tân Phong", CO, "SL", ("Xã Tân Phong",), "UBND",
      valid_from=COMMUNE_START),
    U("SL-XTH", "UBND xã Tân Hiệp", "UBND xã Tân Hiệp", CO, "SL", ("Xã Tân Hiệp",), "UBND",
      valid_from=COMMUNE_START),
    U("SL-XVL", "UBND xã Vĩnh Lâm", "UBND xã Vĩnh Lâm", CO, "SL", ("Xã Vĩnh Lâm",), "UBND",
      valid_from=COMMUNE_START),
    U("SL-XVP", "UBND xã Vĩnh Phú", "UBND xã Vĩnh Phú", CO, "SL", ("Xã Vĩnh Phú",), "UBND",
      valid_from=COMMUNE_START),
    U("SL-XNS", "UBND xã Ngọc Sơn", "UBND xã Ngọc Sơn", CO, "SL", ("Xã Ngọc Sơn",), "UBND",
      valid_from=COMMUNE_START),
    U("SL-XNL", "UBND xã Ngọc Lâm", "UBND xã Ngọc Lâm", CO, "SL", ("Xã Ngọc Lâm",), "UBND",
      valid_from=COMMUNE_START),
    # A second root: a ministry, to show that trees do not leak into each other.
    U("BKHCN", "Bộ Khoa học và Công nghệ", "Bộ KH&CN", MI, None, ("BKHCN", "Bộ KHCN"), "BKHCN"),
    U("BKHCN-VP", "Văn phòng Bộ Khoa học và Công nghệ", "Văn phòng Bộ", D, "BKHCN",
      ("VP Bộ KH&CN",), "VP"),
    U("BKHCN-CDS", "Cục Chuyển đổi số quốc gia", "Cục CĐSQG", D, "BKHCN",
      ("Cục CĐS quốc gia", "Cục Chuyển đổi số"), "CĐSQG"),
]

# (old unit, successors, last day)
REORGANISATIONS: list[tuple[str, tuple[str, ...], dt.date]] = [
    ("SL-STTTT", ("SL-SKHCN",), MERGER_END),
    ("SL-SKHDT", ("SL-STC",), MERGER_END),
    ("SL-STNMT", ("SL-SNNMT",), MERGER_END),
    ("SL-SNNPTNT", ("SL-SNNMT",), MERGER_END),
    ("SL-SGTVT", ("SL-SXD",), MERGER_END),
    ("SL-TPSL", ("SL-PSL", "SL-PBSL", "SL-PNSL"), DISTRICT_END),
    ("SL-TXBN", ("SL-PBN", "SL-XBH"), DISTRICT_END),
    ("SL-HTP", ("SL-XTP", "SL-XTH"), DISTRICT_END),
    ("SL-HVL", ("SL-XVL", "SL-XVP"), DISTRICT_END),
    ("SL-HNS", ("SL-XNS", "SL-XNL"), DISTRICT_END),
]

# (unit, new parent, date, note): the unit carries on, only its managing unit changes.
MOVES: list[tuple[str, str, dt.date, str]] = [
    ("SL-TTCNTT", "SL-SKHCN", MERGER_START,
     "Trực thuộc Sở Thông tin và Truyền thông đến 28/02/2025; chuyển về trực thuộc Sở Khoa học và "
     "Công nghệ từ 01/3/2025."),
]

BY_CODE = {u.code: u for u in UNITS}
