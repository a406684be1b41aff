"""Documents the demo projects cite: real provinces' document numbers, as published in the news
(Công văn 8826/UBND-VXNV,
Kế hoạch 8793/KH-UBND, Nghị quyết 33/NQ-HĐND, Quyết định 2768/QĐ-UBND, Công văn 1470/UBND-NC)
re-homed in the fictional tỉnh Sơn Lâm, plus fictional plans and budget decisions around them."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

D = dt.date
UBND = "UBND tỉnh Sơn Lâm"
HDND = "HĐND tỉnh Sơn Lâm"


@dataclass(frozen=True)
class Doc:
    number: str
    issued_on: dt.date
    issuer: str
    doc_type: str
    title: str


DOCS = {
    # Real documents of other provinces, as published in the news.
    "CV8826": Doc("8826/UBND-VXNV", D(2023, 12, 28), UBND, "CV",
                  "Về việc rà soát, đánh giá và đảm bảo hiệu quả triển khai các nhiệm vụ/dự án chuyển đổi số "
                  "trên địa bàn tỉnh"),
    "KH8793": Doc("8793/KH-UBND", D(2022, 12, 30), UBND, "KH", "Kế hoạch chuyển đổi số tỉnh Sơn Lâm năm 2023"),
    "NQ33": Doc("33/NQ-HĐND", D(2020, 9, 17), HDND, "NQ",
                "Nghị quyết về chuyển đổi số tỉnh Sơn Lâm giai đoạn 2021–2025, định hướng đến năm 2030"),
    "QD2768": Doc("2768/QĐ-UBND", D(2020, 10, 9), UBND, "QD",
                  "Ban hành Kế hoạch thực hiện Nghị quyết số 33/NQ-HĐND ngày 17/9/2020 của HĐND tỉnh về "
                  "chuyển đổi số"),
    "CV1470": Doc("1470/UBND-NC", D(2024, 4, 22), UBND, "CV",
                  "Về nghiên cứu giải pháp, kinh nghiệm trong triển khai Đề án 06 và khảo sát theo 05 nhóm "
                  "vấn đề điểm nghẽn cần tháo gỡ"),
    # Fictional programme documents.
    "KH1530": Doc("1530/KH-UBND", D(2016, 6, 20), UBND, "KH",
                  "Kế hoạch ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước tỉnh Sơn Lâm "
                  "giai đoạn 2016–2020"),
    "QD1125": Doc("1125/QĐ-UBND", D(2017, 5, 12), UBND, "QD",
                  "Phê duyệt Đề án xây dựng Chính quyền điện tử tỉnh Sơn Lâm giai đoạn 2017–2020"),
    "QD2210": Doc("2210/QĐ-UBND", D(2018, 9, 18), UBND, "QD",
                  "Phê duyệt Đề án xây dựng đô thị thông minh tỉnh Sơn Lâm giai đoạn 2018–2025, định hướng "
                  "đến năm 2030"),
    "QD06TTg": Doc("06/QĐ-TTg", D(2022, 1, 6), "Thủ tướng Chính phủ", "QD",
                   "Phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục "
                   "vụ chuyển đổi số quốc gia giai đoạn 2022–2025, tầm nhìn đến năm 2030"),
    "KH1856": Doc("1856/KH-UBND", D(2022, 5, 25), UBND, "KH",
                  "Kế hoạch triển khai Đề án 06 trên địa bàn tỉnh Sơn Lâm giai đoạn 2022–2025"),
    "KH2985": Doc("2985/KH-UBND", D(2020, 12, 15), UBND, "KH",
                  "Kế hoạch cải cách hành chính tỉnh Sơn Lâm giai đoạn 2021–2025"),
    "ND224": Doc("224/2026/NĐ-CP", D(2026, 6, 24), "Chính phủ", "other",
                 "Nghị định quy định chi tiết một số điều của Luật Chuyển đổi số"),
    "QD4120BKHCN": Doc("4120/QĐ-BKHCN", D(2024, 12, 20), "Bộ Khoa học và Công nghệ", "QD",
                       "Kế hoạch chuyển đổi số của Bộ Khoa học và Công nghệ giai đoạn 2025–2026"),
}

# Annual IT / digital-transformation plans (Kế hoạch ứng dụng CNTT, from 2021 Kế hoạch CĐS).
ANNUAL_PLANS = {
    2019: Doc("3312/KH-UBND", D(2018, 12, 25), UBND, "KH",
              "Kế hoạch ứng dụng công nghệ thông tin trong cơ quan nhà nước tỉnh Sơn Lâm năm 2019"),
    2020: Doc("3520/KH-UBND", D(2019, 12, 27), UBND, "KH",
              "Kế hoạch ứng dụng công nghệ thông tin trong cơ quan nhà nước tỉnh Sơn Lâm năm 2020"),
    2021: Doc("215/KH-UBND", D(2021, 1, 20), UBND, "KH", "Kế hoạch chuyển đổi số tỉnh Sơn Lâm năm 2021"),
    2022: Doc("8870/KH-UBND", D(2021, 12, 29), UBND, "KH", "Kế hoạch chuyển đổi số tỉnh Sơn Lâm năm 2022"),
    2023: DOCS["KH8793"],
    2024: Doc("9125/KH-UBND", D(2023, 12, 28), UBND, "KH", "Kế hoạch chuyển đổi số tỉnh Sơn Lâm năm 2024"),
    2025: Doc("8954/KH-UBND", D(2024, 12, 27), UBND, "KH", "Kế hoạch chuyển đổi số tỉnh Sơn Lâm năm 2025"),
    2026: Doc("412/KH-UBND", D(2026, 1, 16), UBND, "KH", "Kế hoạch chuyển đổi số tỉnh Sơn Lâm năm 2026"),
}

# Legal basis by programme code (in order of preference; only documents issued before the
# project was registered are cited).
PROGRAMME_DOCS = {
    "KH-CNTT": ("KH1530", "PLAN"),
    "CQDT": ("QD1125", "PLAN"),
    "TPTM": ("QD2210", "PLAN"),
    "NQ-CDS": ("NQ33", "QD2768"),
    "KH-CDS": ("PLAN", "NQ33"),
    "DA06": ("CV1470", "KH1856", "QD06TTg"),
    "CCHC": ("KH2985", "PLAN"),
}

# Yearly budget decisions of UBND tỉnh: (investment capital plan, recurrent budget estimate).
ALLOCATION_DECISIONS = {
    2019: (("2874/QĐ-UBND", D(2018, 12, 12)), ("2881/QĐ-UBND", D(2018, 12, 14))),
    2020: (("3015/QĐ-UBND", D(2019, 12, 13)), ("3022/QĐ-UBND", D(2019, 12, 16))),
    2021: (("3120/QĐ-UBND", D(2020, 12, 11)), ("3131/QĐ-UBND", D(2020, 12, 14))),
    2022: (("3067/QĐ-UBND", D(2021, 12, 10)), ("3074/QĐ-UBND", D(2021, 12, 13))),
    2023: (("3158/QĐ-UBND", D(2022, 12, 9)), ("3166/QĐ-UBND", D(2022, 12, 12))),
    2024: (("3204/QĐ-UBND", D(2023, 12, 12)), ("3215/QĐ-UBND", D(2023, 12, 14))),
    2025: (("3310/QĐ-UBND", D(2024, 12, 11)), ("3318/QĐ-UBND", D(2024, 12, 13))),
    2026: (("2987/QĐ-UBND", D(2025, 12, 10)), ("2995/QĐ-UBND", D(2025, 12, 12))),
}
MINISTRY_ALLOCATIONS = {
    2024: (("3890/QĐ-BKHCN", D(2023, 12, 20)), ("3895/QĐ-BKHCN", D(2023, 12, 21))),
    2025: (("4188/QĐ-BKHCN", D(2024, 12, 23)), ("4192/QĐ-BKHCN", D(2024, 12, 24))),
    2026: (("4055/QĐ-BKHCN", D(2025, 12, 22)), ("4061/QĐ-BKHCN", D(2025, 12, 23))),
}
