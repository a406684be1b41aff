"""Benchmark of overlap detection: the index over 100,000 projects and the systems
catalogue, one check against it, the incremental follow-up of saves, and the all-pairs report.
Not part of `make test`.

    .venv/bin/python bench/overlap.py [--db sqlite|postgres] [--projects 100000] [--pairs-n 30000] [--fresh]

Targets:

1. index build for 100,000 projects + the systems map <= 60 s (memory reported);
2. one check (``OverlapIndex.candidates``, sync included) p95 <= 50 ms once indexed;
3. the index follows saves incrementally (100 renamed projects picked up by the next check);
4. all-pairs candidate generation (``TfidfBackend.pairs`` at the cosine floor from which the scan
   rescores pairs, ``pair_model.COSINE_FLOOR``) over 30,000 names <= 120 s (the rescoring itself is
   not timed here);
5. the shared index (``build_overlap_index``: files memory-mapped by every worker): build time and
   file size; in a fresh process (as a new gunicorn worker) the first check <= 1 s (mapping, no
   fitting), its RSS growth after that check <= 150 MB (also shown: its anonymous memory — the
   mapped pages are shared with every other worker through the page cache) and the checks' p95
   <= 50 ms.

Data: one throwaway database (``bench/out/overlap.sqlite3`` or PostgreSQL ``cds_bench_overlap``)
with 60 units in six province trees and N projects whose names are composed from ~60 purposes
(each written two to four ways, with abbreviations), verbs, places (provinces, cities, districts,
communes, departments, ministries) and periods, with a Zipf-like popularity of purposes, so
that the same purpose recurs across provinces and units the way it does in real registries;
3 % of names are typed without diacritics. Objectives: one or two sentences. ``updated_at`` is
spread over past years (a freshly bulk-loaded registry would otherwise sit inside the index's
look-back window, ``engine.LOOKBACK_SECONDS``). The 100 renamed projects are put back afterwards.

The parent process prepares the data, then runs each measured stage in a fresh child process
(``--stage index`` / ``--stage shared`` / ``--stage pairs``) so that RSS figures are not blurred
by the data load; ``shared`` builds the index files (``bench/out/overlap-index-<db>``) and starts
one more fresh process (``--stage first``) that only maps them and checks.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import random
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

from bench.generate import (  # noqa: E402  (no Django import at module level)
    MINISTRIES,
    PLACE_NAMES,
)
from bench.util import machine_info, percentile  # noqa: E402

TARGETS = {"build_s": 60.0, "check_p95_ms": 50.0, "pairs_s": 120.0, "first_check_s": 1.0, "first_rss_mb": 150.0}
UNIT_PREFIX = "OVB"  # unit codes of this benchmark
DATA_VERSION = 1

# ------------------------------------------------------------------ names ----
# (ways of writing the purpose, capability codes, data-entity codes, what it is for)
PURPOSES = [
    (["cơ sở dữ liệu đất đai", "CSDL đất đai", "cơ sở dữ liệu địa chính", "hệ thống thông tin đất đai"],
     ["GIS"], ["DATDAI"], "quản lý đất đai, cấp giấy chứng nhận quyền sử dụng đất"),
    (["hệ thống quản lý văn bản và điều hành", "phần mềm QLVB và điều hành", "phần mềm quản lý văn bản và hồ sơ công việc",
      "hệ thống văn phòng điện tử"], ["QLVB"], ["VANBAN"], "xử lý văn bản, hồ sơ công việc trên môi trường mạng"),
    (["cổng dịch vụ công trực tuyến", "cổng DVC", "hệ thống dịch vụ công trực tuyến"], ["DVC"], ["HOSO-TTHC"],
     "cung cấp dịch vụ công trực tuyến toàn trình"),
    (["hệ thống thông tin giải quyết thủ tục hành chính", "phần mềm một cửa điện tử", "hệ thống một cửa điện tử liên thông"],
     ["MOTCUA"], ["HOSO-TTHC"], "tiếp nhận, giải quyết thủ tục hành chính"),
    (["trung tâm điều hành thông minh", "trung tâm IOC", "trung tâm giám sát, điều hành đô thị thông minh"], ["IOC"], [],
     "giám sát, điều hành kinh tế - xã hội theo thời gian thực"),
    (["nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh", "nền tảng LGSP", "trục tích hợp dữ liệu"], ["LGSP"], [],
     "kết nối, chia sẻ dữ liệu giữa các hệ thống"),
    (["số hóa hồ sơ, tài liệu lưu trữ", "số hóa tài liệu lưu trữ lịch sử", "chỉnh lý, số hóa hồ sơ lưu trữ"], ["SOHOA"], [],
     "bảo quản và khai thác tài liệu lưu trữ"),
    (["số hóa sổ hộ tịch", "cơ sở dữ liệu hộ tịch điện tử", "số hóa dữ liệu hộ tịch"], ["SOHOA"], ["HOTICH"],
     "đăng ký, quản lý hộ tịch"),
    (["camera giám sát an ninh trật tự", "hệ thống camera giám sát ANTT", "camera an ninh công cộng"], ["CAMERA"], [],
     "bảo đảm an ninh, trật tự"),
    (["camera giám sát giao thông", "hệ thống camera xử phạt vi phạm giao thông", "camera giám sát TTATGT"],
     ["CAMERA"], ["GIAOTHONG"], "xử lý vi phạm trật tự an toàn giao thông"),
    (["trung tâm giám sát an toàn thông tin SOC", "trung tâm SOC", "hệ thống giám sát an toàn thông tin"], ["SOC"], [],
     "bảo đảm an toàn thông tin theo mô hình 4 lớp"),
    (["trung tâm dữ liệu", "hạ tầng điện toán đám mây", "trung tâm dữ liệu và dịch vụ đám mây"], ["TTDL"], [],
     "tập trung hạ tầng máy chủ, lưu trữ"),
    (["hạ tầng mạng và thiết bị CNTT", "mạng LAN và thiết bị công nghệ thông tin", "máy tính, thiết bị mạng"],
     ["HATANG"], [], "bảo đảm hạ tầng làm việc"),
    (["hệ thống hội nghị truyền hình trực tuyến", "phòng họp trực tuyến", "hệ thống họp trực tuyến"], ["HNTH"], [],
     "tổ chức họp trực tuyến từ tỉnh đến xã"),
    (["cơ sở dữ liệu cán bộ, công chức, viên chức", "phần mềm quản lý hồ sơ CBCCVC", "CSDL cán bộ công chức viên chức"],
     [], ["CBCCVC"], "quản lý hồ sơ, biên chế, tiền lương"),
    (["hệ thống thông tin báo cáo", "hệ thống báo cáo kinh tế - xã hội", "phần mềm tổng hợp báo cáo"], ["BAOCAO"],
     ["TAICHINH"], "tổng hợp số liệu báo cáo định kỳ"),
    (["bản đồ số GIS", "hệ thống thông tin địa lý GIS dùng chung", "nền tảng bản đồ số"], ["GIS"], ["QUYHOACH"],
     "quản lý không gian, quy hoạch"),
    (["hệ thống tiếp nhận phản ánh, kiến nghị", "tổng đài 1022", "ứng dụng phản ánh hiện trường"], ["PAKN"], [],
     "tiếp nhận, xử lý phản ánh của người dân"),
    (["hồ sơ sức khỏe điện tử", "sổ sức khỏe điện tử", "phần mềm quản lý hồ sơ sức khỏe người dân"], ["YTE"], ["YTE"],
     "quản lý sức khỏe người dân"),
    (["phần mềm quản lý bệnh viện HIS", "hệ thống thông tin bệnh viện", "phần mềm quản lý khám chữa bệnh"], ["YTE"],
     ["YTE"], "quản lý khám chữa bệnh, thanh toán bảo hiểm y tế"),
    (["bệnh án điện tử", "hồ sơ bệnh án điện tử EMR", "hệ thống bệnh án điện tử"], ["YTE"], ["YTE"],
     "thay thế bệnh án giấy"),
    (["cơ sở dữ liệu ngành giáo dục", "CSDL giáo dục và đào tạo", "hệ thống quản lý trường học"], ["GIAODUC"],
     ["GIAODUC"], "quản lý học sinh, giáo viên, trường lớp"),
    (["học bạ số", "học bạ điện tử", "sổ điểm điện tử"], ["GIAODUC"], ["GIAODUC"], "quản lý kết quả học tập"),
    (["hệ thống du lịch thông minh", "cổng thông tin du lịch", "ứng dụng du lịch thông minh"], ["DULICH"], ["DULICH"],
     "quảng bá, xúc tiến du lịch"),
    (["hệ thống giao thông thông minh", "phần mềm quản lý kết cấu hạ tầng giao thông", "CSDL giao thông"],
     ["GIAOTHONG"], ["GIAOTHONG"], "quản lý, điều hành giao thông"),
    (["cơ sở dữ liệu doanh nghiệp", "CSDL doanh nghiệp", "hệ thống hỗ trợ doanh nghiệp"], [], ["DOANHNGHIEP"],
     "hỗ trợ doanh nghiệp, thu hút đầu tư"),
    (["cơ sở dữ liệu tài nguyên và môi trường", "CSDL TN&MT", "cơ sở dữ liệu môi trường"], [], ["MOITRUONG"],
     "quản lý tài nguyên, môi trường"),
    (["hệ thống quan trắc môi trường tự động", "trạm quan trắc môi trường", "hệ thống quan trắc nước thải"], [],
     ["MOITRUONG"], "cảnh báo ô nhiễm môi trường"),
    (["kho dữ liệu dùng chung", "kho dữ liệu số", "nền tảng kho dữ liệu dùng chung của tỉnh"], ["KHODL"], [],
     "hình thành kho dữ liệu dùng chung"),
    (["cổng thông tin điện tử", "trang thông tin điện tử", "cổng TTĐT"], ["CONG-TTDT"], [],
     "công khai thông tin, tuyên truyền"),
    (["hệ thống chữ ký số", "chữ ký số chuyên dùng", "dịch vụ chứng thư số"], ["CKS"], [],
     "ký số văn bản điện tử"),
    (["cơ sở dữ liệu nông nghiệp", "CSDL ngành nông nghiệp", "hệ thống quản lý sản xuất nông nghiệp"], [],
     ["NONGNGHIEP"], "quản lý sản xuất nông nghiệp"),
    (["truy xuất nguồn gốc nông sản", "hệ thống truy xuất nguồn gốc sản phẩm", "nền tảng truy xuất nguồn gốc"], [],
     ["NONGNGHIEP"], "minh bạch nguồn gốc nông sản"),
    (["hệ thống định danh và xác thực điện tử", "đăng nhập một lần SSO", "hệ thống xác thực tập trung"], ["SSO"],
     ["DANCU"], "định danh, xác thực người dùng"),
    (["làm sạch dữ liệu dân cư phục vụ Đề án 06", "kết nối CSDL quốc gia về dân cư", "ứng dụng dữ liệu dân cư"], [],
     ["DANCU"], "triển khai Đề án 06"),
    (["hệ thống thông tin quản lý chuyên ngành", "phần mềm quản lý chuyên ngành", "phần mềm nghiệp vụ chuyên ngành"],
     ["CHUYENNGANH"], [], "quản lý nhà nước chuyên ngành"),
    (["phần mềm quản lý tài sản công", "CSDL tài sản công", "hệ thống quản lý tài sản nhà nước"], [], ["TAICHINH"],
     "quản lý tài sản công"),
    (["phần mềm kế toán ngân sách", "hệ thống quản lý ngân sách", "phần mềm quản lý tài chính ngân sách"], [],
     ["TAICHINH"], "quản lý thu chi ngân sách"),
    (["hóa đơn điện tử", "phần mềm hóa đơn điện tử", "hệ thống biên lai điện tử"], [], ["TAICHINH"],
     "thu phí, lệ phí không dùng tiền mặt"),
    (["thanh toán không dùng tiền mặt", "nền tảng thanh toán trực tuyến", "ví điện tử thanh toán dịch vụ công"], [],
     ["TAICHINH"], "thúc đẩy thanh toán số"),
    (["sàn thương mại điện tử", "sàn TMĐT nông sản", "chợ điện tử"], [], ["DOANHNGHIEP"], "tiêu thụ sản phẩm OCOP"),
    (["hệ thống truyền thanh thông minh", "đài truyền thanh cơ sở ứng dụng CNTT", "loa truyền thanh thông minh"], [],
     [], "thông tin cơ sở"),
    (["mạng truyền số liệu chuyên dùng", "mạng WAN của tỉnh", "kết nối mạng truyền số liệu chuyên dùng cấp II"],
     ["HATANG"], [], "kết nối mạng các cơ quan nhà nước"),
    (["phần mềm quản lý thi đua khen thưởng", "CSDL thi đua, khen thưởng", "hệ thống TĐKT"], [], [],
     "quản lý hồ sơ thi đua, khen thưởng"),
    (["phần mềm quản lý người có công", "CSDL người có công với cách mạng", "hệ thống quản lý chính sách người có công"],
     [], [], "chi trả chế độ cho người có công"),
    (["hệ thống quản lý bảo trợ xã hội", "CSDL an sinh xã hội", "phần mềm chi trả trợ cấp xã hội"], [], [],
     "chi trả trợ cấp, an sinh xã hội"),
    (["cơ sở dữ liệu lý lịch tư pháp", "phần mềm cấp phiếu lý lịch tư pháp", "hệ thống LLTP"], [], [],
     "cấp phiếu lý lịch tư pháp"),
    (["cơ sở dữ liệu văn bản quy phạm pháp luật", "CSDL VBQPPL", "hệ thống tra cứu văn bản pháp luật"], [], [],
     "tra cứu văn bản quy phạm pháp luật"),
    (["hệ thống quản lý cấp phép xây dựng", "phần mềm cấp giấy phép xây dựng", "CSDL quy hoạch và cấp phép xây dựng"],
     [], ["QUYHOACH"], "quản lý trật tự xây dựng"),
    (["cơ sở dữ liệu nhà ở và thị trường bất động sản", "CSDL nhà ở", "hệ thống thông tin về nhà ở"], [], [],
     "theo dõi thị trường bất động sản"),
    (["hệ thống quản lý hồ sơ thuế", "phần mềm quản lý thuế", "CSDL người nộp thuế"], [], ["TAICHINH"],
     "quản lý thu thuế"),
    (["cơ sở dữ liệu di sản văn hóa", "số hóa di sản văn hóa", "bảo tàng số"], [], ["DULICH"], "bảo tồn di sản"),
    (["thư viện số", "thư viện điện tử", "hệ thống thư viện số dùng chung"], [], [], "phục vụ bạn đọc"),
    (["hệ thống quản lý văn bản của Đảng", "phần mềm điều hành tác nghiệp khối Đảng", "mạng thông tin diện rộng của Đảng"],
     [], [], "phục vụ công tác Đảng"),
    (["hệ thống thông tin phục vụ họp không giấy", "phòng họp không giấy e-Cabinet", "phần mềm họp không giấy"], [], [],
     "tổ chức kỳ họp không dùng giấy"),
    (["phần mềm theo dõi nhiệm vụ chỉ đạo", "hệ thống theo dõi, đôn đốc nhiệm vụ", "phần mềm giao việc"], [], [],
     "theo dõi kết quả thực hiện nhiệm vụ được giao"),
    (["hệ thống quản lý hồ sơ thanh tra, khiếu nại tố cáo", "CSDL tiếp công dân, khiếu nại tố cáo",
      "phần mềm quản lý đơn thư"], [], [], "giải quyết khiếu nại, tố cáo"),
    (["hệ thống cảnh báo thiên tai", "hệ thống quan trắc khí tượng thủy văn", "phần mềm phòng chống thiên tai"], [], [],
     "cảnh báo sớm thiên tai"),
    (["hệ thống quản lý rừng", "CSDL tài nguyên rừng", "phần mềm phát hiện cháy rừng"], [], ["MOITRUONG"],
     "quản lý, bảo vệ rừng"),
    (["y tế từ xa", "hệ thống khám chữa bệnh từ xa", "nền tảng hỗ trợ khám chữa bệnh từ xa"], ["YTE"], ["YTE"],
     "hỗ trợ tuyến dưới khám chữa bệnh"),
    (["phần mềm quản lý hộ kinh doanh", "CSDL hộ kinh doanh", "hệ thống đăng ký hộ kinh doanh"], [],
     ["DOANHNGHIEP"], "đăng ký kinh doanh"),
    (["hệ thống quản lý lao động việc làm", "sàn giao dịch việc làm trực tuyến", "CSDL thị trường lao động"], [], [],
     "kết nối cung cầu lao động"),
]
VERBS = {
    "investment": ["Xây dựng", "Xây dựng", "Nâng cấp", "Nâng cấp, mở rộng", "Đầu tư xây dựng", "Triển khai",
                   "Hoàn thiện", "Phát triển", "Hiện đại hóa"],
    "recurrent": ["Duy trì, vận hành", "Nâng cấp", "Triển khai", "Cập nhật, chuẩn hóa dữ liệu cho", "Bảo trì",
                  "Triển khai mở rộng", "Vận hành, khai thác"],
    "rental": ["Thuê dịch vụ", "Thuê dịch vụ CNTT", "Thuê dịch vụ phần mềm", "Thuê hạ tầng, dịch vụ"],
    "procurement": ["Mua sắm thiết bị cho", "Mua sắm, lắp đặt", "Trang bị", "Mua sắm bản quyền cho"],
}
KINDS = [("investment", 40), ("recurrent", 30), ("rental", 15), ("procurement", 15)]
PROVINCE_PLACES = [
    "Lạng Sơn", "Hà Giang", "Sơn La", "Cà Mau", "Nghệ An", "Bình Dương", "Thanh Hóa", "Quảng Ninh", "Hà Tĩnh",
    "Đắk Lắk", "Lâm Đồng", "Gia Lai", "Bắc Ninh", "Thái Nguyên", "Phú Thọ", "Tuyên Quang", "Lào Cai", "Yên Bái",
    "Điện Biên", "Lai Châu", "Cao Bằng", "Bắc Kạn", "Hòa Bình", "Ninh Bình", "Nam Định", "Thái Bình", "Hưng Yên",
    "Hải Dương", "Quảng Bình", "Quảng Trị", "Quảng Nam", "Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa",
    "Ninh Thuận", "Bình Thuận", "Kon Tum", "Đắk Nông", "Bình Phước", "Tây Ninh", "Đồng Nai", "Long An",
    "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Kiên Giang", "Hậu Giang",
    "Sóc Trăng", "Bạc Liêu", "Vĩnh Phúc", "Bắc Giang", "Hà Nam", "Thừa Thiên Huế",
]
CITIES = ["Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Hồ Chí Minh", "Huế"]
DEPARTMENTS = ["Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng",
               "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ", "Sở Công Thương", "Văn phòng UBND",
               "Công an", "Sở Văn hóa, Thể thao và Du lịch", "Thanh tra", "Ban Quản lý các khu công nghiệp"]
PERIODS = [("", 40), ("giai đoạn 2021-2025", 14), ("giai đoạn 2021–2025", 8), ("giai đoạn 2026-2030", 8),
           ("năm {y}", 14), ("đợt 2", 3), ("(giai đoạn 1)", 3), ("giai đoạn 2022-2025, tầm nhìn đến năm 2030", 3),
           ("trên địa bàn", 7)]
EXTRAS = ["", "", "", "", "", " phục vụ chỉ đạo, điều hành", " đáp ứng yêu cầu Đề án 06",
          " kết nối với nền tảng LGSP", " phục vụ chuyển đổi số", " theo mô hình dùng chung"]
GOALS = [
    "nâng cao hiệu quả quản lý nhà nước", "giảm thời gian xử lý hồ sơ cho người dân, doanh nghiệp",
    "kết nối, chia sẻ dữ liệu với các cơ sở dữ liệu quốc gia", "bảo đảm an toàn thông tin theo cấp độ",
    "thay thế hệ thống cũ đã hết thời gian hỗ trợ kỹ thuật", "đáp ứng yêu cầu chuyển đổi số của tỉnh",
    "thống nhất dữ liệu từ cấp tỉnh đến cấp xã", "chuẩn hóa dữ liệu theo nguyên tắc đúng, đủ, sạch, sống",
]
SECOND = [
    "Dữ liệu được cập nhật thường xuyên và chia sẻ qua nền tảng LGSP.",
    "Hệ thống vận hành tập trung tại Trung tâm dữ liệu của tỉnh.",
    "Triển khai cho các sở, ban, ngành và UBND cấp xã.",
    "Người dùng được đào tạo, hướng dẫn sử dụng.",
    "Bảo đảm tương thích với Khung kiến trúc chính quyền số.",
]
NEW_SUBJECTS = ["nuôi chim yến", "rừng ngập mặn ven biển", "làng nghề gốm sứ", "di sản Hán Nôm", "cây dược liệu quý",
                "tàu cá khai thác xa bờ", "mỏ cát lòng sông", "nghĩa trang liệt sĩ", "chợ đầu mối nông sản",
                "bến thủy nội địa"]
NEW_ACTIONS = ["truy vết", "bản đồ phân bố", "giám sát trực tuyến", "cấp phép khai thác", "thống kê sản lượng",
               "cảnh báo sớm", "kiểm kê định kỳ", "quy hoạch", "định vị vệ tinh", "đánh giá chất lượng"]


def _weighted(rng, pairs):
    items, weights = zip(*pairs)
    return rng.choices(items, weights=weights, k=1)[0]


def _plain(text: str) -> str:
    """The name typed on a keyboard without Vietnamese input (no diacritics, đ → d)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in text if unicodedata.category(c) != "Mn"))


def _place(rng, area_only: bool = False) -> str:
    r = rng.random() * (0.8 if area_only else 1.0)
    if r < 0.45:
        return f"tỉnh {rng.choice(PROVINCE_PLACES)}"
    if r < 0.55:
        return f"thành phố {rng.choice(CITIES)}"
    if r < 0.72:
        return f"huyện {rng.choice(PLACE_NAMES)}"
    if r < 0.80:
        return f"{rng.choice(['xã', 'phường'])} {rng.choice(PLACE_NAMES)}"
    if r < 0.92:
        return f"của {rng.choice(DEPARTMENTS)} tỉnh {rng.choice(PROVINCE_PLACES)}"
    return f"của {rng.choice(MINISTRIES)[1]}"


_PURPOSE_WEIGHTS = [1 / (rank + 1) ** 0.8 for rank in range(len(PURPOSES))]  # a few purposes everywhere


def make_project_text(rng) -> dict:
    """One realistic (name, objectives) with its purpose index, kind and years."""
    p = rng.choices(range(len(PURPOSES)), weights=_PURPOSE_WEIGHTS, k=1)[0]
    variants, caps, ents, what = PURPOSES[p]
    kind = _weighted(rng, KINDS)
    start = rng.randint(2018, 2027)
    verb = rng.choice(VERBS[kind])
    period = _weighted(rng, PERIODS).format(y=start)
    name = f"{verb} {rng.choice(variants)} {_place(rng)}"
    if period == "trên địa bàn":
        name = f"{verb} {rng.choice(variants)} trên địa bàn {_place(rng, area_only=True)}"
    elif period:
        name = f"{name} {period}"
    name += rng.choice(EXTRAS)
    if rng.random() < 0.03:
        name = _plain(name)
    first = rng.choice(variants)
    objectives = f"{first[0].upper()}{first[1:]} nhằm {what}, {rng.choice(GOALS)}."
    if rng.random() < 0.6:
        objectives += " " + rng.choice(SECOND)
    return {"name": name, "objectives": objectives, "purpose": p, "kind": kind, "start": start,
            "caps": caps, "ents": ents}


def query_names(n: int, seed: int = 4) -> list[tuple[str, str]]:
    """~n varied query names: the labelled fixture names (tests/fixtures/overlap/names_*.csv) when
    present, topped up with generated ones; each with a one-sentence objective."""
    import csv

    rng = random.Random(seed)
    names = []
    for path in sorted((ROOT / "tests" / "fixtures" / "overlap").glob("names_*.csv")):
        with path.open(encoding="utf-8") as fh:
            names += [row["name"] for row in csv.DictReader(fh) if row.get("name")]
    names = rng.sample(names, min(n, len(names)))
    while len(names) < n:
        names.append(make_project_text(rng)["name"])
    return [(name, f"Nhằm {rng.choice(GOALS)}." if i % 2 else "") for i, name in enumerate(names)]


# ----------------------------------------------------------------- memory ----

def _status(field: str) -> int:
    """A VmRSS/VmHWM line of /proc/self/status, in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def rss() -> int:
    return _status("VmRSS")


def reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux >= 4.0: write 5 to clear_refs)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def peak() -> int:
    return _status("VmHWM")


def private() -> int:
    """Memory no other process can share: the anonymous pages (heap, arrays built in memory).
    Pages of the mapped index files are file pages, shared through the page cache by every
    process that maps them (counted in RSS by each)."""
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith("Anonymous:"):
            return int(line.split()[1]) * 1024
    return 0


MB = 1024 * 1024


# ----------------------------------------------------------------- set-up ----

def setup(db: str, fresh: bool, migrate: bool = True):
    OUT.mkdir(parents=True, exist_ok=True)
    if db == "sqlite":
        path = OUT / "overlap.sqlite3"
        if fresh:
            for p in OUT.glob("overlap.sqlite3*"):
                p.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        import psycopg

        name = "cds_bench_overlap"
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            if fresh:
                conn.execute(f"DROP DATABASE IF EXISTS {name}")
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [name]).fetchone():
                conn.execute(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEMO_MODE"] = "1"  # throw-away database: no secret key needed, plain HTTP
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


def ensure_data(n: int, log) -> dict:
    """N projects under 60 units (kept between runs when the size and version match)."""
    from django.db import transaction
    from django.utils import timezone

    from cds.catalog.models import Capability, DataEntity
    from cds.orgs.models import Unit, UnitKind
    from cds.orgs.services import save_unit
    from cds.projects.models import Project
    from cds.rules.models import LegalRegime

    marker = OUT / f"overlap-data-{os.environ['DATABASE_URL'].split(':')[0]}.json"
    want = {"projects": n, "version": DATA_VERSION}
    if Project.objects.count() == n and marker.exists() and json.loads(marker.read_text()).get("key") == want:
        log(f"data: reusing {n:,} projects")
        return json.loads(marker.read_text())
    t0 = time.perf_counter()
    rng = random.Random(2026_04)
    with transaction.atomic():
        Project.capabilities.through.objects.all().delete()
        Project.data_entities.through.objects.all().delete()
        Project.objects.all().delete()
        units = list(Unit.objects.filter(code__startswith=UNIT_PREFIX + "-").order_by("code"))
        if len(units) < 60:
            units = []
            for i, prov in enumerate(["Lạng Sơn", "Sơn La", "Hà Giang", "Cà Mau", "Nghệ An", "Bình Dương"]):
                root = save_unit(Unit(code=f"{UNIT_PREFIX}-P{i}", name=f"Ủy ban nhân dân tỉnh {prov}",
                                      short_name=f"UBND tỉnh {prov}", kind=UnitKind.PROVINCE))
                units.append(root)
                for j, dep in enumerate(DEPARTMENTS[:6]):
                    units.append(save_unit(Unit(code=f"{UNIT_PREFIX}-P{i}-D{j}", name=f"{dep} tỉnh {prov}",
                                                short_name=dep, kind=UnitKind.DEPARTMENT, parent=root)))
                for j, place in enumerate(PLACE_NAMES[i * 3:i * 3 + 3]):
                    units.append(save_unit(Unit(code=f"{UNIT_PREFIX}-P{i}-H{j}", name=f"Ủy ban nhân dân huyện {place}",
                                                short_name=f"UBND huyện {place}", kind=UnitKind.DISTRICT, parent=root)))
        regime = LegalRegime.objects.first()
        caps = {c.code: c.pk for c in Capability.objects.all()}
        ents = {e.code: e.pk for e in DataEntity.objects.all()}
        now = timezone.now()
        states = [("proposed", 12), ("approved", 8), ("implementing", 30), ("in_operation", 30), ("settled", 15),
                  ("stopped", 5)]
        projects, tags = [], []
        for i in range(n):
            t = make_project_text(rng)
            # Saved over the past years: the newest is a day old (outside the sync look-back).
            stamp = now - dt.timedelta(days=1 + rng.random() * 2000)
            projects.append(Project(
                code=f"OV-{i:06d}", name=t["name"][:500], objectives=t["objectives"], kind=t["kind"],
                regime=regime, investor_unit=rng.choice(units), start_year=t["start"],
                end_year=t["start"] + rng.choice([0, 1, 2, 4]), state=_weighted(rng, states),
                created_at=stamp, updated_at=stamp, state_changed_at=stamp))
            tags.append(t)
        Project.objects.bulk_create(projects, batch_size=2000)
        ids = dict(Project.objects.values_list("code", "pk"))
        cap_links, ent_links = [], []
        CT, ET = Project.capabilities.through, Project.data_entities.through
        for p, t in zip(projects, tags):
            if rng.random() < 0.7:  # most projects are tagged on entry
                pk = ids[p.code]
                cap_links += [CT(project_id=pk, capability_id=caps[c]) for c in t["caps"] if c in caps]
                ent_links += [ET(project_id=pk, dataentity_id=ents[e]) for e in t["ents"] if e in ents]
        CT.objects.bulk_create(cap_links, batch_size=5000)
        ET.objects.bulk_create(ent_links, batch_size=5000)
    info = {"key": want, "seconds": round(time.perf_counter() - t0, 1), "units": len(units),
            "capability_links": len(cap_links), "entity_links": len(ent_links)}
    marker.write_text(json.dumps(info))
    log(f"data: {n:,} projects, {len(units)} units in {info['seconds']} s")
    return info


# ----------------------------------------------------------------- stages ----

def stage_index(args, log) -> dict:
    from django.db import connection
    from django.utils import timezone

    from cds.overlap.engine import OverlapIndex
    from cds.projects.models import Project
    from cds.systems.models import InformationSystem, Lifecycle

    res: dict = {}
    queries = query_names(args.queries)
    # Warm the Django/ORM/regex machinery on something tiny so the build measures the build.
    from cds.text.matching import key_text

    key_text("Xây dựng CSDL đất đai tỉnh Lạng Sơn")
    Project.objects.filter(pk=0).exists()
    gc.collect()
    rss0 = rss()
    reset_peak()
    # built in memory, as a process did before the shared index files (a directory of its own,
    # empty: it does not switch to the files the shared stage builds)
    import tempfile

    index = OverlapIndex(directory=tempfile.mkdtemp(prefix="overlap-none-"))
    t0 = time.perf_counter()
    index.build()
    res["build_s"] = time.perf_counter() - t0
    gc.collect()
    res["rows"] = len(index.rows)
    res["system_rows"] = sum(r.kind == "system" for r in index.rows)
    res["systems"] = InformationSystem.objects.exclude(lifecycle=Lifecycle.RETIRED).count()
    res["backend_mb"] = index.backend.memory_bytes() / MB
    res["rss_growth_mb"] = (rss() - rss0) / MB
    res["rss_peak_growth_mb"] = (peak() - rss0) / MB
    res["rss_mb"] = rss() / MB
    res["vocab_words"] = len(index.backend.base.words.vocabulary_)
    res["vocab_chars"] = len(index.backend.base.chars.vocabulary_)
    log(f"build: {res['rows']:,} rows in {res['build_s']:.1f} s, backend {res['backend_mb']:.0f} MB, "
        f"RSS +{res['rss_growth_mb']:.0f} MB (peak +{res['rss_peak_growth_mb']:.0f} MB)")

    # 2. one check: candidates() (sync included) for ~200 varied names.
    for name, detail in queries[:5]:
        index.candidates(name, detail, k=10)
    times, hits = [], 0
    for name, detail in queries:
        t0 = time.perf_counter()
        found = index.candidates(name, detail, k=10)
        times.append((time.perf_counter() - t0) * 1000)
        hits += bool(found)
    res["check_n"] = len(times)
    res["check_p50_ms"], res["check_p95_ms"] = percentile(times, 50), percentile(times, 95)
    res["check_max_ms"] = max(times)
    res["check_with_results"] = hits
    sync_times = []
    for _ in range(50):
        t0 = time.perf_counter()
        index.sync()
        sync_times.append((time.perf_counter() - t0) * 1000)
    res["sync_idle_p50_ms"] = percentile(sync_times, 50)
    score_times = []
    for name, detail in queries[:100]:
        t0 = time.perf_counter()
        index.backend.scores(name, detail)
        score_times.append((time.perf_counter() - t0) * 1000)
    res["scores_p50_ms"], res["scores_p95_ms"] = percentile(score_times, 50), percentile(score_times, 95)
    log(f"check: p50 {res['check_p50_ms']:.1f} ms, p95 {res['check_p95_ms']:.1f} ms, max {res['check_max_ms']:.1f} ms "
        f"(idle sync p50 {res['sync_idle_p50_ms']:.1f} ms, backend.scores p50 {res['scores_p50_ms']:.1f} ms)")

    # 3. incremental: rename 100 projects through the ORM, the next check picks them up.
    rng = random.Random(7)
    ids = rng.sample(list(Project.objects.values_list("pk", flat=True)), min(100, res["rows"]))
    changed = list(Project.objects.filter(pk__in=ids))
    original = [(p.name, p.updated_at) for p in changed]
    now = timezone.now()
    for k, p in enumerate(changed):
        subject, action = NEW_SUBJECTS[k % 10], NEW_ACTIONS[k // 10 % 10]
        p.name = f"Xây dựng hệ thống {action} {subject} tỉnh {rng.choice(PROVINCE_PLACES)}"
        p.updated_at = now
    Project.objects.bulk_update(changed, ["name", "updated_at"])
    target = changed[0]
    size0, fitted0, build_s0 = index.backend.size, index.fitted_size, index.build_seconds
    t0 = time.perf_counter()
    found = index.candidates(target.name, "", k=10)
    res["sync_check_ms"] = (time.perf_counter() - t0) * 1000
    res["sync_rows_added"] = index.backend.size - size0
    res["sync_rebuilt"] = index.fitted_size != fitted0 or index.build_seconds != build_s0
    top = found[0] if found else None
    res["renamed_found"] = any(c.kind == "project" and c.id == target.pk for c in found)
    res["renamed_rank"] = next((i + 1 for i, c in enumerate(found) if c.kind == "project"
                                and c.id == target.pk), None)
    res["renamed_score"] = next((c.score for c in found if c.kind == "project" and c.id == target.pk), None)
    res["renamed_query"] = target.name
    res["top_after_rename"] = top.name if top else None
    id_set = set(ids)
    old_alive = sum(index.alive[i] for i in range(size0) if index.rows[i].obj_id in id_set
                    and index.rows[i].kind == "project")
    res["old_rows_still_alive"] = int(old_alive)
    # Checks within the look-back window after the renames re-read those 100 rows each time.
    from cds.overlap import engine

    res["lookback_s"] = engine.LOOKBACK_SECONDS
    window = []
    for name, detail in queries[:60]:
        t0 = time.perf_counter()
        index.candidates(name, detail, k=10)
        window.append((time.perf_counter() - t0) * 1000)
    res["check_window_p50_ms"], res["check_window_p95_ms"] = percentile(window, 50), percentile(window, 95)
    log(f"sync: {res['sync_check_ms']:.0f} ms for the check that picked up {res['sync_rows_added']} rows "
        f"(rebuilt: {res['sync_rebuilt']}); renamed project found: {res['renamed_found']} "
        f"(rank {res['renamed_rank']}); checks within the look-back window p50 {res['check_window_p50_ms']:.1f} / "
        f"p95 {res['check_window_p95_ms']:.1f} ms")
    res["db_vendor"] = connection.vendor
    # Put the data back as it was, so that the next run starts outside the look-back window.
    for p, (name, stamp) in zip(changed, original):
        p.name, p.updated_at = name, stamp
    Project.objects.bulk_update(changed, ["name", "updated_at"])
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        OverlapIndex().build()
        prof.disable()
        pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
        prof = cProfile.Profile()
        prof.enable()
        for name, detail in queries:
            index.candidates(name, detail, k=10)
        prof.disable()
        pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    return res


def index_dir(db: str) -> Path:
    return OUT / f"overlap-index-{db}"


def stage_shared(args, log) -> dict:
    """Build the index files as the job does, then measure a fresh process that maps them."""
    from cds.overlap.engine import build_index_files

    res: dict = {}
    built = build_index_files(index_dir(args.db))
    res["files_build_s"], res["files_mb"], res["files_rows"] = built["seconds"], built["bytes"] / MB, built["rows"]
    log(f"shared: index files built in {built['seconds']:.1f} s, {res['files_mb']:.0f} MB ({built['rows']:,} rows)")
    cmd = [sys.executable, __file__, "--stage", "first", "--db", args.db, "--projects", str(args.projects),
           "--queries", str(args.queries)]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, env=os.environ.copy())
    if out.returncode:
        raise SystemExit(f"stage first failed ({out.returncode})")
    res.update(json.loads(out.stdout.strip().splitlines()[-1]))
    res.update(workers_together(cmd, log))
    return res


def _rollup(pid: int) -> dict:
    out = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, value = line.split(":", 1)
        out[key] = int(value.split()[0]) * 1024
    return out


def workers_together(cmd, log, n: int = 3) -> dict:
    """``n`` fresh processes (as gunicorn workers) map the index and check, then stay alive
    while their memory is read: RSS counts the shared file pages in each, PSS splits them."""
    procs = [subprocess.Popen(cmd + ["--hold"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              env=os.environ.copy()) for _ in range(n)]
    try:
        for p in procs:
            p.stdout.readline()  # its figures: it has checked and now waits
        mem = [_rollup(p.pid) for p in procs]
    finally:
        for p in procs:
            p.communicate("\n", timeout=60)
    res = {"workers": n, "workers_rss_mb": [m["Rss"] / MB for m in mem], "workers_pss_mb": [m["Pss"] / MB for m in mem],
           "workers_anon_mb": [m["Anonymous"] / MB for m in mem], "workers_file_pss_mb": [m.get("Pss_File", 0) / MB for m in mem]}
    log(f"{n} workers after their checks: RSS {' / '.join(f'{v:.0f}' for v in res['workers_rss_mb'])} MB, "
        f"PSS {' / '.join(f'{v:.0f}' for v in res['workers_pss_mb'])} MB (index file pages "
        f"{' / '.join(f'{v:.0f}' for v in res['workers_file_pss_mb'])} MB), anonymous "
        f"{' / '.join(f'{v:.0f}' for v in res['workers_anon_mb'])} MB")
    return res


def stage_first(args, log) -> dict:
    """A fresh process, as a new worker: Django set up, then the first check (mapping the built
    index, following the saves since), then the checks' times."""
    from cds.overlap.engine import get_index

    res: dict = {}
    queries = query_names(args.queries)
    gc.collect()
    rss0, private0 = rss(), private()
    t0 = time.perf_counter()
    index = get_index()
    index.candidates(*queries[0], k=10)
    res["first_check_s"] = time.perf_counter() - t0
    res["first_rss_mb"] = (rss() - rss0) / MB
    res["first_private_mb"] = (private() - private0) / MB
    res["first_sklearn_loaded"] = "sklearn" in sys.modules
    res["first_built"] = index.generation is None
    times = []
    for name, detail in queries:
        t0 = time.perf_counter()
        index.candidates(name, detail, k=10)
        times.append((time.perf_counter() - t0) * 1000)
    res["shared_check_p50_ms"], res["shared_check_p95_ms"] = percentile(times, 50), percentile(times, 95)
    res["shared_rss_mb"] = (rss() - rss0) / MB
    res["shared_private_mb"] = (private() - private0) / MB
    log(f"first: first check {res['first_check_s'] * 1000:.0f} ms, RSS +{res['first_rss_mb']:.0f} MB "
        f"(anonymous +{res['first_private_mb']:.0f} MB); {len(times)} checks p50 {res['shared_check_p50_ms']:.1f} / "
        f"p95 {res['shared_check_p95_ms']:.1f} ms, then RSS +{res['shared_rss_mb']:.0f} MB "
        f"(anonymous +{res['shared_private_mb']:.0f} MB)")
    return res


def stage_pairs(args, log) -> dict:
    import numpy as np

    from cds.text.matching import TfidfBackend
    from cds.text.pair_model import COSINE_FLOOR

    rng = random.Random(30_000)
    texts = [make_project_text(rng) for _ in range(args.pairs_n)]
    names = [t["name"] for t in texts]
    details = [t["objectives"] for t in texts]
    gc.collect()
    rss0 = rss()
    reset_peak()
    t0 = time.perf_counter()
    backend = TfidfBackend()
    backend.fit(names, details)
    fit_s = time.perf_counter() - t0
    n = len(names)
    deg = [0] * n
    count = 0
    t1 = time.perf_counter()
    for i, j, _s in backend.pairs(COSINE_FLOOR):
        count += 1
        deg[i] += 1
        deg[j] += 1
    pairs_s = time.perf_counter() - t1
    res = {"pairs_n": n, "pairs_fit_s": fit_s, "pairs_iter_s": pairs_s, "pairs_s": fit_s + pairs_s,
           "pairs_count": count, "pairs_peak_growth_mb": (peak() - rss0) / MB, "pairs_peak_mb": peak() / MB,
           "pairs_threshold": COSINE_FLOOR}
    # Recall of the candidate generation (terms in > CANDIDATE_MAX_DF of rows generate no pairs):
    # exact scores of 200 sampled rows against all rows, compared with what pairs() returned.
    sample = random.Random(1).sample(range(n), min(200, n))
    exact = found = 0
    same_purpose_exact = 0
    for i in sample:
        sw = (backend.W @ backend.W[i].T).toarray().ravel()
        sc = (backend.C @ backend.C[i].T).toarray().ravel()
        s = (1 - backend.char_weight) * sw + backend.char_weight * sc
        s[i] = 0
        exact += int((s >= COSINE_FLOOR - 1e-6).sum())
        found += deg[i]
        purpose = texts[i]["purpose"]
        same_purpose_exact += sum(1 for j in np.flatnonzero(s >= COSINE_FLOOR - 1e-6)
                                  if texts[j]["purpose"] == purpose)
    res["pairs_recall_sampled"] = found / exact if exact else 1.0
    res["pairs_sample_exact"] = exact
    res["pairs_sample_found"] = found
    log(f"pairs: {n:,} names, fit {fit_s:.1f} s + pairs {pairs_s:.1f} s, {count:,} pairs >= {COSINE_FLOOR}, "
        f"peak RSS +{res['pairs_peak_growth_mb']:.0f} MB; sampled recall {res['pairs_recall_sampled']:.3f} "
        f"({found}/{exact})")
    return res


# ----------------------------------------------------------------- report ----

def report(args, data: dict, res: dict) -> str:
    ok = lambda v, t: "✅" if v <= t else "❌"  # noqa: E731
    lines = [
        f"Overlap benchmark — {args.db}, {args.projects:,} projects (+{res.get('system_rows', 0)} system rows "
        f"from {res.get('systems', 0)} systems), all-pairs over {args.pairs_n:,} names",
        "",
        "| Measure | Result | Target |",
        "|---|---:|---:|",
    ]
    if "build_s" in res:
        lines += [
            f"| 1. index build ({res['rows']:,} rows) | {res['build_s']:.1f} s {ok(res['build_s'], TARGETS['build_s'])} "
            f"| ≤ 60 s |",
            f"| — backend matrices (`memory_bytes()`) | {res['backend_mb']:.0f} MB | |",
            f"| — process RSS growth after / peak during build | {res['rss_growth_mb']:.0f} / "
            f"{res['rss_peak_growth_mb']:.0f} MB | |",
            f"| — vocabulary (word 1–2-grams / char 3–5-grams) | {res['vocab_words']:,} / {res['vocab_chars']:,} | |",
            f"| 2. one check, `candidates(k=10)` incl. sync, {res['check_n']} names: p50 / p95 / max "
            f"| {res['check_p50_ms']:.1f} / {res['check_p95_ms']:.1f} {ok(res['check_p95_ms'], TARGETS['check_p95_ms'])}"
            f" / {res['check_max_ms']:.1f} ms | p95 ≤ 50 ms |",
            f"| — of which idle `sync()` p50 / `backend.scores()` p50 | {res['sync_idle_p50_ms']:.1f} / "
            f"{res['scores_p50_ms']:.1f} ms | |",
            f"| 3. check that picks up 100 renamed projects | {res['sync_check_ms']:.0f} ms, +{res['sync_rows_added']} "
            f"rows, rebuilt: {'yes' if res['sync_rebuilt'] else 'no'} | incremental |",
            f"| — renamed project found by its new name | {'yes' if res['renamed_found'] else 'NO'} "
            f"(rank {res['renamed_rank']}, score {res['renamed_score']}); old rows still alive: "
            f"{res['old_rows_still_alive']} | found |",
            f"| — checks in the {res['lookback_s']} s look-back window after the renames p50 / p95 | "
            f"{res['check_window_p50_ms']:.1f} / "
            f"{res['check_window_p95_ms']:.1f} ms | |",
        ]
    if "files_build_s" in res:
        lines += [
            f"| 5. shared index: `build_overlap_index` ({res['files_rows']:,} rows) / files | "
            f"{res['files_build_s']:.1f} s / {res['files_mb']:.0f} MB | |",
            f"| — fresh process: first check (maps the files, no fitting) | {res['first_check_s'] * 1000:.0f} ms "
            f"{ok(res['first_check_s'], TARGETS['first_check_s'])} | ≤ 1 s |",
            f"| — fresh process: RSS growth after the first check (anonymous memory) | {res['first_rss_mb']:.0f} MB "
            f"{ok(res['first_rss_mb'], TARGETS['first_rss_mb'])} ({res['first_private_mb']:.0f} MB) | ≤ 150 MB |",
            f"| — fresh process: {args.queries} checks p50 / p95 | {res['shared_check_p50_ms']:.1f} / "
            f"{res['shared_check_p95_ms']:.1f} ms {ok(res['shared_check_p95_ms'], TARGETS['check_p95_ms'])} | "
            f"p95 ≤ 50 ms |",
            f"| — RSS growth after them (anonymous memory) | {res['shared_rss_mb']:.0f} MB "
            f"({res['shared_private_mb']:.0f} MB) | |",
        ]
    if "workers_pss_mb" in res:
        fmt = lambda key: " / ".join(f"{v:.0f}" for v in res[key])  # noqa: E731
        lines += [
            f"| — {res['workers']} fresh workers at once, each after {args.queries} checks (whole process) | "
            f"RSS {fmt('workers_rss_mb')} MB; PSS {fmt('workers_pss_mb')} MB, of which index file pages "
            f"{fmt('workers_file_pss_mb')} MB; anonymous {fmt('workers_anon_mb')} MB | one shared copy |",
        ]
    if "pairs_s" in res:
        lines += [
            f"| 4. all-pairs, {res['pairs_n']:,} names: fit + pairs | {res['pairs_fit_s']:.1f} + "
            f"{res['pairs_iter_s']:.1f} = {res['pairs_s']:.1f} s {ok(res['pairs_s'], TARGETS['pairs_s'])} | ≤ 120 s |",
            f"| — pairs ≥ {res['pairs_threshold']} / peak RSS growth | {res['pairs_count']:,} / "
            f"{res['pairs_peak_growth_mb']:.0f} MB | |",
            f"| — recall of candidate generation (200 sampled rows vs exact scores) | "
            f"{res['pairs_recall_sampled']:.3f} ({res['pairs_sample_found']:,} / {res['pairs_sample_exact']:,}) | |",
        ]
    m = machine_info()
    lines += ["", f"Machine: {m['nproc']} × {m['cpu']}, {m['ram_mb']} MB RAM, {m['os']}, Python {m['python']}, "
                  f"SQLite {m['sqlite']}, PostgreSQL {m['postgresql']}; load average "
                  f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}"]
    if data:
        lines.append(f"Data: {data.get('units')} units, {data.get('capability_links', 0):,} capability and "
                     f"{data.get('entity_links', 0):,} data-entity tags; generated in {data.get('seconds')} s")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--pairs-n", type=int, default=30_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--only", choices=["index", "shared", "pairs"], help="run one stage only")
    parser.add_argument("--profile", action="store_true", help="cProfile the build and the checks (to stderr)")
    parser.add_argument("--stage", choices=["index", "shared", "first", "pairs"], help=argparse.SUPPRESS)  # child
    parser.add_argument("--hold", action="store_true", help=argparse.SUPPRESS)  # child: wait for a line on stdin
    args = parser.parse_args()
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731

    if args.stage:  # child: one measured stage, JSON on the last stdout line
        if args.stage in ("index", "shared", "first"):
            os.environ["OVERLAP_INDEX_DIR"] = str(index_dir(args.db))
            setup(args.db, fresh=False, migrate=False)
            res = {"index": stage_index, "shared": stage_shared, "first": stage_first}[args.stage](args, log)
        else:
            res = stage_pairs(args, log)
        print(json.dumps(res, default=str), flush=True)
        if args.hold:
            sys.stdin.readline()
        return

    stages = [args.only] if args.only else ["index", "shared", "pairs"]
    data = {}
    if "index" in stages or "shared" in stages:
        setup(args.db, args.fresh)
        data = ensure_data(args.projects, log)
    res: dict = {}
    saved = OUT / f"overlap-{args.db}.json"
    if args.only and saved.exists():  # keep the other stage's last figures in the result files
        res.update(json.loads(saved.read_text(encoding="utf-8")))
    for stage in stages:
        cmd = [sys.executable, __file__, "--stage", stage, "--db", args.db, "--projects", str(args.projects),
               "--pairs-n", str(args.pairs_n), "--queries", str(args.queries)] + (["--profile"] if args.profile else [])
        out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, env=os.environ.copy())
        if out.returncode:
            raise SystemExit(f"stage {stage} failed ({out.returncode})")
        res.update(json.loads(out.stdout.strip().splitlines()[-1]))
    text = report(args, data, res)
    print(text)
    (OUT / f"overlap-{args.db}.md").write_text(text + "\n", encoding="utf-8")
    saved.write_text(json.dumps(res, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
