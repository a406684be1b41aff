"""Extraction on text from any province, without a registry: body names as written, OCR damage,
the directive's own date, deadline forms, the real-text scorer, the command without a database,
and speed on a long text."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cds.directives.bodies import body_key, find_bodies, repair_spacing
from cds.directives.extract import Gazetteer, _fold_same_length, extract, guess_reference

from .extraction_eval import (
    FIXTURES,
    demo_gazetteer,
    evaluate_real,
    lead_f1,
    read_real,
    real_key,
    real_report,
    source_folds,
)

REALISTIC = FIXTURES / "realistic.jsonl"
EMPTY = Gazetteer([], {})
ROOT = Path(__file__).resolve().parents[2]


def bodies(text):
    return [text[s:e] for s, e in find_bodies(text)]


@pytest.mark.parametrize("text, expected", [
    ("Giao Sở Thông tin và Truyền thông tỉnh Lạng Sơn chủ trì", ["Sở Thông tin và Truyền thông tỉnh Lạng Sơn"]),
    ("phối hợp với Sở Tài chính, Sở KH&ĐT, Sở LĐ-TB&XH triển khai", ["Sở Tài chính", "Sở KH&ĐT", "Sở LĐ-TB&XH"]),
    ("Sở Văn hóa, Thể thao và Du lịch, Sở Lao động - Thương binh và Xã hội",
     ["Sở Văn hóa, Thể thao và Du lịch", "Sở Lao động - Thương binh và Xã hội"]),
    ("Sở Tài chính thẩm định, trình", ["Sở Tài chính"]),                       # a verb ends the name
    ("Sở Y tế và Sở Nội vụ", ["Sở Y tế", "Sở Nội vụ"]),
    ("Sở Giao thông vận tải, Sở Nông nghiệp và Phát triển nông thôn chủ trì",
     ["Sở Giao thông vận tải", "Sở Nông nghiệp và Phát triển nông thôn"]),
    ("Bảo hiểm xã hội tỉnh, Kho bạc Nhà nước khu vực VII, Viettel Lạng Sơn, VNPT Lạng Sơn, Bưu điện tỉnh",
     ["Bảo hiểm xã hội tỉnh", "Kho bạc Nhà nước khu vực VII", "Viettel Lạng Sơn", "VNPT Lạng Sơn", "Bưu điện tỉnh"]),
    ("Bộ Công an, Bộ Thông tin và Truyền thông, Văn phòng Chính phủ",
     ["Bộ Công an", "Bộ Thông tin và Truyền thông", "Văn phòng Chính phủ"]),
    ("Trung tâm Phục vụ hành chính công tỉnh và Đài Phát thanh và Truyền hình tỉnh",
     ["Trung tâm Phục vụ hành chính công tỉnh", "Đài Phát thanh và Truyền hình tỉnh"]),
    ("Tỉnh đoàn Sơn Lâm kiện toàn Tổ công nghệ số", ["Tỉnh đoàn Sơn Lâm"]),     # a place, then a verb
    ("Trường hợp cơ sở chưa đủ điều kiện, báo cáo về Bộ", []),                 # no body: "Trường hợp", "cơ sở"
    ("Công văn số 8826/UBND-VXNV chỉ đạo", []),                                 # a document number
    # lower-case content words go on up to a function word or a verb of the closed lists
    ("đề nghị Hội Người cao tuổi tỉnh xem xét", ["Hội Người cao tuổi tỉnh"]),
    ("giao Quỹ Dịch vụ viễn thông công ích Việt Nam chủ trì", ["Quỹ Dịch vụ viễn thông công ích Việt Nam"]),
    ("Bộ Y tế yêu cầu các bệnh viện", ["Bộ Y tế"]),
    ("phối hợp với Sở Tài chính thanh tra chuyên đề", ["Sở Tài chính"]),
    ("phối hợp với Trung tâm Công nghệ thông tin và Truyền thông số hóa 3D",
     ["Trung tâm Công nghệ thông tin và Truyền thông"]),
    ("Sở Thông tin và Truyền thông a) rà soát", ["Sở Thông tin và Truyền thông"]),
    ("Sở Y tế công bố danh mục", ["Sở Y tế"]),
    ("Sở Y tế nhanh chóng triển khai", ["Sở Y tế"]),
    ("Ban Chỉ đạo phòng, chống dịch bệnh Covid-19 thành phố có nhiệm vụ",
     ["Ban Chỉ đạo phòng, chống dịch bệnh Covid-19 thành phố"]),
    ("giao Sở Thông tin - truyền thông làm chủ đầu tư", ["Sở Thông tin - truyền thông"]),
    ("phối hợp với UBND huyện Điện Biên và Công ty Cổ phần Sông Đà", ["UBND huyện Điện Biên", "Công ty Cổ phần Sông Đà"]),
])
def test_body_names_as_written(text, expected):
    assert bodies(text) == expected


def test_run_together_syllables_are_cut_and_spans_kept_on_the_original():
    original = "Giao Sởthông tin và Truyền thông chủtrì, phốihợp vớiSở Y tế banhành kế hoạch"
    fixed, index = repair_spacing(original)
    assert fixed == "Giao Sở thông tin và Truyền thông chủ trì, phối hợp với Sở Y tế ban hành kế hoạch"
    assert len(index) == len(fixed) and all(original[index[i]] == c for i, c in enumerate(fixed) if c != " ")
    assert repair_spacing("UBND tỉnh, VNPT, VNeID, LGSP")[0] == "UBND tỉnh, VNPT, VNeID, LGSP"
    [a] = extract("Giao Sởthông tin và Truyền thông chủtrì, phối hợp vớiSở Y tế rà soát hồ sơ, hoàn thành "
                  "trướcngày 30/6/2024.", EMPTY, dt.date(2024, 4, 1))
    assert a.lead == "Sởthông tin và Truyền thông"          # as pasted
    assert a.coordinating == ["Sở Y tế"] and a.deadline == dt.date(2024, 6, 30)


@pytest.mark.parametrize("text, expected", [
    ("Quảng Trị, ngày 06 tháng 10 năm 2020\nGiao Sở Y tế …", dt.date(2020, 10, 6)),
    ("Thực hiện Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ, ngày 12/3/2024 UBND tỉnh ban "
     "hành Kế hoạch …", dt.date(2024, 3, 12)),
    ("UBND tỉnh vừa ban hành Công văn số 5678/UBND-KT ngày 05/11/2024 chỉ đạo …", dt.date(2024, 11, 5)),
    ("Giao Sở Y tế hoàn thành trước ngày 30/4/2024.", None),          # a deadline is not the directive's date
])
def test_the_directives_own_date(text, expected):
    assert guess_reference(_fold_same_length(text)) == expected


@pytest.mark.parametrize("phrase, ref, expected, kind", [
    ("báo cáo trước ngày 15 hằng tháng", dt.date(2023, 8, 20), dt.date(2023, 9, 15), "monthly"),
    ("thực hiện từ tháng 9 đến hết tháng 12/2024", dt.date(2024, 8, 1), dt.date(2024, 12, 31), "month"),
    ("hoàn thành trong vòng 15 ngày kể từ ngày ký", dt.date(2024, 12, 6), dt.date(2024, 12, 21), "date"),
    ("hoàn thành năm 2024", dt.date(2024, 9, 3), dt.date(2024, 12, 31), "year"),
    ("hoàn thành trong quý III", dt.date(2024, 7, 22), dt.date(2024, 9, 30), "quarter"),
    ("trình phê duyệt trong tháng 12", dt.date(2024, 11, 5), dt.date(2024, 12, 31), "month"),
    ("Thời gian hoàn thành: tháng 6/2025", dt.date(2025, 1, 5), dt.date(2025, 6, 30), "month"),
    ("tổ chức từ ngày 20/11 đến ngày 25/11/2023", dt.date(2023, 10, 15), dt.date(2023, 11, 25), "date"),
])
def test_more_deadline_forms(phrase, ref, expected, kind):
    [a] = extract(f"Giao Sở Y tế chủ trì rà soát hồ sơ, {phrase}.", EMPTY, ref)
    assert (a.deadline, a.deadline_kind) == (expected, kind)


def test_registry_free_leads_groups_titles_and_headings():
    found = extract("Chủ tịch UBND các huyện, thị xã, thành phố có trách nhiệm chỉ đạo UBND cấp xã cập nhật dữ liệu "
                    "hộ tịch, báo cáo về Sở Tư pháp trước ngày 15 hằng tháng.", EMPTY, dt.date(2023, 8, 20))
    assert [a.lead for a in found] == ["UBND các huyện, thị xã, thành phố"]     # UBND cấp xã is an object
    found = extract("3. Sở Khoa học và Công nghệ\n- Chủ trì, phối hợp với các sở, ngành, địa phương triển khai Kế "
                    "hoạch này.\n- Tổng hợp, báo cáo UBND tỉnh trước ngày 20/12/2024.", EMPTY, dt.date(2024, 2, 5))
    assert [(a.lead, a.coordinating, a.deadline) for a in found] == [
        ("Sở Khoa học và Công nghệ", ["các sở, ngành, địa phương"], None),
        ("Sở Khoa học và Công nghệ", [], dt.date(2024, 12, 20))]
    assert found[0].coordinating_keys == ["group:departments+localities"]        # one addressee, whole
    [a] = extract("Bộ Thông tin và Truyền thông đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương chỉ "
                  "đạo Sở Thông tin và Truyền thông rà soát danh mục, gửi về Bộ trước ngày 15/8/2023.", EMPTY,
                  dt.date(2023, 7, 20))
    assert a.lead_key == "group:provinces" and a.deadline == dt.date(2023, 8, 15)
    [a] = extract("Giao đồng chí Nguyễn Văn An, Giám đốc Sở Tài chính chỉ đạo rà soát kinh phí.", EMPTY,
                  dt.date(2023, 9, 12))
    assert a.lead == "Sở Tài chính" and a.responsible.endswith("Giám đốc Sở Tài chính")


def test_a_body_outside_the_registry_is_named_in_its_warning():
    [a] = extract("Giao Tập đoàn Bưu chính Viễn thông Việt Nam chủ trì, phối hợp với Sở Tài chính rà soát hạ tầng "
                  "mạng truyền số liệu chuyên dùng, hoàn thành trước ngày 30/9/2024.", demo_gazetteer(),
                  dt.date(2024, 8, 1))
    assert a.lead == "Tập đoàn Bưu chính Viễn thông Việt Nam" and a.lead_key.startswith("unknown:")
    assert "“Tập đoàn Bưu chính Viễn thông Việt Nam” không có trong danh mục đơn vị" in " ".join(a.warnings)
    assert not any("Chưa xác định được đơn vị chủ trì" in w for w in a.warnings)


def test_a_registry_match_wins_over_the_name_as_written():
    [a] = extract("Giao Sở TT&TT chủ trì, phối hợp với Viettel Sơn Lâm rà soát hạ tầng, hoàn thành trước ngày "
                  "30/9/2024.", demo_gazetteer(), dt.date(2024, 8, 1))
    assert a.lead_key == "SL-STTTT" and a.coordinating_keys == ["unknown:viettel son lam"]


@pytest.mark.parametrize("a, b", [
    ("các sở, ban, ngành", "các Sở, ngành tỉnh"),
    ("Sở TT&TT", "Sở Thông tin và Truyền thông tỉnh Lạng Sơn"),
    ("UBND huyện Cao Lộc", "Ủy ban nhân dân huyện Cao Lộc"),
    ("Giám đốc Sở Y tế", "Sở Y tế"),
    ("Chủ tịch UBND các huyện, thành phố", "UBND các huyện, thị xã, thành phố"),
    ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
    ("Sởthông tin và Truyền thông", "Sở Thông tin và Truyền thông"),
])
def test_real_keys_compare_names_as_written(a, b):
    assert real_key(a) == real_key(b)


def test_real_keys_keep_different_bodies_apart():
    keys = {real_key(x) for x in ("Sở Y tế", "Sở Tài chính", "Công an tỉnh", "các sở, ban, ngành",
                                  "UBND các huyện, thành phố", "các sở, ngành, địa phương", "Bộ Y tế")}
    assert len(keys) == 7


def test_written_realistic_paragraphs_meet_the_targets():
    """Paragraphs written in the style of real directives from several provinces (not collected
    text: the floor guards the registry-free rules against regressions)."""
    items = read_real(REALISTIC)
    scores = evaluate_real(REALISTIC, items=items)
    assert len(items) >= 30 and scores["lead"].labelled >= 30
    assert lead_f1(scores) >= 0.9, real_report(scores)
    assert scores["coordinating"].recall >= 0.85, real_report(scores)
    assert scores["deadline"].recall >= 0.9, real_report(scores)


def test_long_text_is_read_well_under_a_second_per_page():
    items = read_real(REALISTIC)
    text = "\n".join(i["text"] for i in items)
    text = "\n".join([text] * (100_000 // len(text) + 1))[:100_000]     # the longest text accepted, ≈ 35 pages
    start = time.perf_counter()
    found = extract(text, EMPTY, dt.date(2024, 6, 1))
    elapsed = time.perf_counter() - start
    assert len(found) > 100
    assert elapsed / (len(text) / 3000) < 0.1, f"{elapsed:.2f} s"


def test_command_without_a_database_proposes_names_as_written(tmp_path):
    """A fresh checkout, no migrations run: a Vietnamese notice, then the proposals."""
    db = tmp_path / "empty.sqlite3"
    db.touch()
    doc = tmp_path / "vb.txt"
    doc.write_text("Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính rà soát hồ sơ, hoàn thành trước ngày "
                   "30/4/2024.", encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DEMO_MODE": "1",
           "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run([sys.executable, "manage.py", "extract_assignments", str(doc)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "chưa chạy manage.py migrate" in done.stderr
    assert "Sở Y tế" in done.stdout and "Sở Tài chính" in done.stdout and "30/04/2024" in done.stdout
    done = subprocess.run([sys.executable, "manage.py", "extract_assignments", str(doc), "--root", "SL"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "Traceback" not in done.stderr and "manage.py migrate" in done.stderr


def test_body_key_drops_place_and_title():
    assert body_key("Giám đốc Sở Y tế tỉnh Lạng Sơn") == body_key("Sở Y tế") == "so y te"


@pytest.mark.parametrize("text, expected", [
    # "X chủ trì, Y phối hợp": Y coordinates
    ("Sở Y tế chủ trì, Sở Tài chính, Bảo hiểm xã hội tỉnh phối hợp triển khai thanh toán không dùng tiền mặt.",
     [("Sở Y tế", ["Sở Tài chính", "Bảo hiểm xã hội tỉnh"], None)]),
    # a body of each place, a lower-case name after "và"
    ("Yêu cầu Công an các huyện, thị xã, thành phố phối hợp với Sở Tài nguyên và môi trường rà soát dữ liệu.",
     [("Công an các huyện, thị xã, thành phố", ["Sở Tài nguyên và môi trường"], None)]),
    # a later sentence opened by "Trên cơ sở đó" continues the lead's assignment
    ("Giao Sở Nội vụ chủ trì nghiên cứu phương án sắp xếp. Trên cơ sở đó, tham mưu UBND tỉnh ban hành quyết định "
     "trước ngày 30/6.", [("Sở Nội vụ", [], None), ("Sở Nội vụ", [], dt.date(2024, 6, 30))]),
    # a plan target is no deadline
    ("Giao Sở Y tế triển khai bệnh án điện tử, phấn đấu đến hết năm 2025, 100% bệnh viện triển khai.",
     [("Sở Y tế", [], None)]),
    # enumerated items of one heading, each with its own deadline
    ("1. Sở Thông tin và Truyền thông a) Chủ trì, phối hợp với các sở, ngành triển khai Kế hoạch, hoàn thành trong "
     "quý II/2024. b) Định kỳ trước ngày 15/12 hằng năm tổng hợp báo cáo UBND tỉnh.",
     [("Sở Thông tin và Truyền thông", ["các sở, ngành"], dt.date(2024, 6, 30)),
      ("Sở Thông tin và Truyền thông", [], dt.date(2024, 12, 15))]),
    # "đồng thời chỉ đạo" is the lead's own task; a requester opening the sentence is no lead
    ("Bộ Y tế yêu cầu Sở Y tế các tỉnh, thành phố trực thuộc trung ương rà soát hồ sơ; đồng thời chỉ đạo các bệnh "
     "viện triển khai bệnh án điện tử trong năm 2024.",
     [("Sở Y tế các tỉnh, thành phố trực thuộc trung ương", [], None),
      ("Sở Y tế các tỉnh, thành phố trực thuộc trung ương", [], dt.date(2024, 12, 31))]),
])
def test_real_text_rules(text, expected):
    found = extract(text, EMPTY, dt.date(2024, 1, 5))
    assert [(a.lead, a.coordinating, a.deadline) for a in found] == expected


def test_group_phrases_of_several_levels_stay_one_addressee():
    assert real_key("UBND cấp huyện, cấp xã") == "group:communes+districts"
    assert real_key("các sở, ngành, địa phương liên quan") == real_key("các Sở, ngành, địa phương")
    assert real_key("các sở, ban, ngành, UBND các huyện") != real_key("các sở, ban, ngành")


REAL_DEV = FIXTURES / "real_dev.jsonl"


REAL_ASIDE1 = FIXTURES / "real_aside1.jsonl"
REAL_ASIDE2 = FIXTURES / "real_aside2.jsonl"


def test_real_development_paragraphs_floor():
    """Collected real paragraphs of many provinces and ministries (the development part and the
    two parts first held out then released; the rules were tuned on all three, so this guards
    against regressions — it is no held-out measure)."""
    items = read_real(REAL_DEV) + read_real(REAL_ASIDE1) + read_real(REAL_ASIDE2)
    scores = evaluate_real(REAL_DEV, items=items)
    assert len(items) >= 250 and len({i["source"] for i in items}) >= 150
    assert lead_f1(scores) >= 0.94, real_report(scores)
    assert scores["coordinating"].recall >= 0.92, real_report(scores)
    assert scores["deadline"].recall >= 0.87 and scores["deadline"].precision >= 0.97, real_report(scores)


def test_real_paragraphs_cross_validated_by_source_floor():
    """Mean of 5 folds by source over the three collected sets pooled (tuning sets: a floor
    against regressions, not an estimate for unseen text)."""
    items = read_real(REAL_DEV) + read_real(REAL_ASIDE1) + read_real(REAL_ASIDE2)
    folds = [evaluate_real(REAL_DEV, items=fold) for fold in source_folds(items, 5)]
    assert sum(lead_f1(s) for s in folds) / 5 >= 0.94
    assert sum(s["coordinating"].recall for s in folds) / 5 >= 0.92
    assert sum(s["deadline"].recall for s in folds) / 5 >= 0.86


@pytest.mark.parametrize("text, ref, expected", [
    # bodies listed by name after a plural noun and a colon, one assignment each
    ("Ủy ban nhân dân tỉnh đề nghị các Sở: Thông tin và Truyền thông, Lao động - Thương binh và Xã hội tổ chức "
     "triển khai Chương trình.", dt.date(2023, 10, 31),
     [("Thông tin và Truyền thông", [], None), ("Lao động - Thương binh và Xã hội", [], None)]),
    # a later sentence gives the deadline of the tasks before it
    ("Cụ thể, Sở Khoa học và Công nghệ phối hợp với Ban Cơ yếu Chính phủ cung cấp dịch vụ chữ ký số, trong khi "
     "Trung tâm Chuyển đổi số chuẩn bị trang thiết bị. Các nhiệm vụ này phải hoàn thành trước ngày 31-5.",
     dt.date(2025, 5, 13),
     [("Sở Khoa học và Công nghệ", ["Ban Cơ yếu Chính phủ"], dt.date(2025, 5, 31)),
      ("Trung tâm Chuyển đổi số", [], dt.date(2025, 5, 31))]),
    # bare "các đơn vị" after the paragraph named its leads stands for them
    ("Các sở, ban, ngành và UBND các xã, phường phải rà soát các hệ thống thông tin. Trên cơ sở kết quả rà soát, "
     "các đơn vị sẽ lập danh mục, gửi về Sở Khoa học và Công nghệ trước ngày 30/12/2025.", dt.date(2025, 12, 1),
     [("Các sở, ban, ngành", [], None), ("UBND các xã, phường", [], None),
      ("Các sở, ban, ngành", [], dt.date(2025, 12, 30)), ("UBND các xã, phường", [], dt.date(2025, 12, 30))]),
    # one office whose name holds a comma and "và"
    ("Giao VNPT Bắc Kạn phối hợp với Sở Thông tin và Truyền thông, Văn phòng Đoàn ĐBQH, HĐND và UBND tỉnh Bắc Kạn "
     "lắp đặt hệ thống.", dt.date(2020, 10, 29),
     [("VNPT Bắc Kạn", ["Sở Thông tin và Truyền thông", "Văn phòng Đoàn ĐBQH, HĐND và UBND tỉnh Bắc Kạn"], None)]),
    # a request after "văn bản"; leaders' titles before each addressee
    ("UBND thành phố vừa có Văn bản yêu cầu Giám đốc các Sở, ban, ngành thành phố, Chủ tịch UBND các quận, huyện "
     "quán triệt chỉ đạo.", dt.date(2018, 11, 13),
     [("các Sở, ban, ngành thành phố", [], None), ("UBND các quận, huyện", [], None)]),
    # the period of the activities stated just before bounds the next sentence's tasks
    ("Các hoạt động hưởng ứng được tổ chức trong thời gian từ ngày 01/10/2022 đến ngày 10/10/2022. Các sở, ban, "
     "ngành tổ chức tuyên truyền.", dt.date(2022, 9, 27), [("Các sở, ban, ngành", [], dt.date(2022, 10, 10))]),
    # a following sentence whose subject is the product of the tasks gives their time limit
    ("Chủ tịch UBND tỉnh yêu cầu các sở, ban, ngành rà soát hồ sơ quá hạn. Kết quả thực hiện phải được hoàn "
     "thành trong tháng 10.", dt.date(2025, 10, 17), [("các sở, ban, ngành", [], dt.date(2025, 10, 31))]),
    ("Giao Sở Tư pháp rà soát văn bản. Thời gian thực hiện hoàn thành trước ngày 20/11/2023.", dt.date(2023, 11, 1),
     [("Sở Tư pháp", [], dt.date(2023, 11, 20))]),
    # coordinators listed by name after plural nouns, across ";", with a gloss in brackets
    ("Giao Sở Giao thông vận tải chủ trì, phối hợp các Sở: Kế hoạch và Đầu tư, Xây dựng; Ban Quản lý khu kinh tế "
     "tỉnh; UBND các huyện: Đakrông, Hải Lăng và các đơn vị liên quan nghiên cứu đề xuất.", dt.date(2024, 6, 21),
     [("Sở Giao thông vận tải", ["Kế hoạch và Đầu tư", "Xây dựng", "Ban Quản lý khu kinh tế tỉnh", "Đakrông",
                                 "Hải Lăng", "các đơn vị liên quan"], None)]),
    ("Giao Sở Xây dựng chủ trì, phối hợp Viễn thông Đồng Nai (VNPT Đồng Nai); Ủy ban nhân dân cấp xã và các đơn "
     "vị liên quan thực hiện.", dt.date(2025, 12, 18),
     [("Sở Xây dựng", ["Viễn thông Đồng Nai", "Ủy ban nhân dân cấp xã", "các đơn vị liên quan"], None)]),
    # addressees after quantifiers, bare "địa phương" addressed by an order, a passive with the issuer as agent
    ("Thủ tướng yêu cầu tất cả các bộ, ngành, địa phương hoàn thành cơ sở dữ liệu trong năm 2025.",
     dt.date(2025, 3, 4), [("các bộ, ngành, địa phương", [], dt.date(2025, 12, 31))]),
    ("Bộ trưởng đề nghị địa phương ưu tiên nguồn lực, bảo đảm hoàn thành trong năm 2026.", dt.date(2025, 12, 23),
     [("địa phương", [], dt.date(2026, 12, 31))]),
    ("Sở Thông tin và Truyền thông được Ủy ban nhân dân tỉnh giao chủ trì, phối hợp Sở Khoa học và Công nghệ xây "
     "dựng kế hoạch.", dt.date(2022, 9, 30), [("Sở Thông tin và Truyền thông", ["Sở Khoa học và Công nghệ"], None)]),
    # an execution clause naming "các cơ quan, đơn vị và các cá nhân có liên quan"
    ("Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Tư pháp; Thủ trưởng các cơ quan, đơn vị và các cá nhân có "
     "liên quan chịu trách nhiệm thi hành Quyết định này.", dt.date(2017, 1, 25),
     [("Văn phòng Ủy ban nhân dân tỉnh", [], None), ("Sở Tư pháp", [], None),
      ("các cơ quan, đơn vị và các cá nhân có liên quan", [], None)]),
    # a leader's title after "và" opens a subject
    ("Bí thư tỉnh ủy và Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực tiếp lãnh đạo, hoàn thành trước ngày "
     "15/1/2026.", dt.date(2025, 12, 1), [("Ủy ban nhân dân các tỉnh, thành phố", [], dt.date(2026, 1, 15))]),
    # the addressees of a letter that orders; objects listed across ";" are no subjects
    ("UBND TP.HCM vừa có văn bản gửi các sở, ngành và đơn vị liên quan yêu cầu khẩn trương rà soát kiến nghị.",
     dt.date(2025, 12, 11), [("các sở, ngành và đơn vị liên quan", [], None)]),
    ("UBND tỉnh đã có văn bản gửi Bộ Nội vụ về kết quả thực hiện.", dt.date(2025, 12, 11), []),
    ("Giao Văn phòng UBND tỉnh theo dõi, kiểm tra các sở, ban, ngành; các cơ quan, đơn vị liên quan thực hiện "
     "Quyết định số 1284/QĐ-UBND.", dt.date(2020, 9, 15), [("Văn phòng UBND tỉnh", [], None)]),
    # a group with its tail: "các bộ, ngành Trung ương", "các doanh nghiệp viễn thông, công nghệ"
    ("Ủy ban Dân tộc đề nghị các bộ, ngành Trung ương và UBND các tỉnh/thành phố trực thuộc Trung ương xây dựng báo "
     "cáo sơ kết. (Có đề cương chi tiết gửi kèm) Báo cáo sơ kết gửi về Ủy ban Dân tộc trước ngày 15 tháng 5 năm 2021.",
     dt.date(2021, 4, 23), [("các bộ, ngành Trung ương", [], dt.date(2021, 5, 15)),
                            ("UBND các tỉnh/thành phố trực thuộc Trung ương", [], dt.date(2021, 5, 15))]),
    ("Sở Khoa học và Công nghệ chủ trì phối hợp với các doanh nghiệp viễn thông, công nghệ để rà soát hạ tầng.",
     dt.date(2025, 8, 8), [("Sở Khoa học và Công nghệ", ["các doanh nghiệp viễn thông, công nghệ"], None)]),
    # "Về phía X cần …", carriers, hospitals of a class
    ("Về phía Mobifone cần quan tâm hơn đến phát triển hạ tầng.", dt.date(2018, 10, 12), [("Mobifone", [], None)]),
    ("Bộ trưởng đề nghị các nhà mạng phải tiếp tục phát triển hạ tầng cáp quang.", dt.date(2022, 9, 15),
     [("các nhà mạng", [], None)]),
    ("Bộ Y tế yêu cầu các bệnh viện hạng I trở lên đến hết năm 2023 phải triển khai bệnh án điện tử.",
     dt.date(2023, 8, 18), [("các bệnh viện hạng I trở lên", [], dt.date(2023, 12, 31))]),
    # reporting verbs and ceremonies are no orders
    ("Bộ Nội vụ xác định chuyển đổi số là một trong những động lực.", dt.date(2025, 9, 15), []),
    ("Với quyết tâm cao, Công an tỉnh tổ chức lễ xuất quân tăng cường lực lượng.", dt.date(2023, 5, 16), []),
    # ... but not a sentence about something else
    ("Giao Sở Tư pháp rà soát văn bản. Kết quả năm 2023 đạt 95%.", dt.date(2023, 11, 1), [("Sở Tư pháp", [], None)]),
    # "chậm nhất năm …" is a time limit; a quarter written "quý II.2026"
    ("Chậm nhất năm 2026, các bộ, ngành phải cung cấp dịch vụ công trực tuyến toàn trình.", dt.date(2025, 6, 2),
     [("các bộ, ngành", [], dt.date(2026, 12, 31))]),
    ("Giao Sở Nội vụ xây dựng đề án, cơ bản xong trong quý II.2026.", dt.date(2026, 1, 5),
     [("Sở Nội vụ", [], dt.date(2026, 6, 30))]),
    # groups without "các", lower-case titles, districts joined by "-" or with "TP"
    ("Chủ tịch UBND tỉnh yêu cầu thủ trưởng sở, ban, ngành và chủ tịch UBND các huyện, TP thuộc tỉnh rà soát hồ sơ.",
     dt.date(2024, 3, 1), [("sở, ban, ngành", [], None), ("UBND các huyện, TP", [], None)]),
    ("UBND các quận-huyện được giao lập danh mục dự án.", dt.date(2019, 9, 1), [("UBND các quận-huyện", [], None)]),
    # a plural head in lower case before a name; "Viễn thông" does not open a new name as "Viện" would
    ("Các sở Tư pháp, Sở Y tế chủ động phối hợp với Tập đoàn Bưu chính Viễn thông Việt Nam triển khai nền tảng.",
     dt.date(2024, 5, 2), [("sở Tư pháp", ["Tập đoàn Bưu chính Viễn thông Việt Nam"], None),
                           ("Sở Y tế", ["Tập đoàn Bưu chính Viễn thông Việt Nam"], None)]),
    # the issuer named with its place, ordering a body, is not a lead
    ("UBND tỉnh Lào Cai cũng chỉ đạo Sở Nội vụ rà soát biên chế.", dt.date(2024, 5, 2), [("Sở Nội vụ", [], None)]),
    # a bracket between the subject and its modal; a comma after the order word
    ("Để bảo đảm tiến độ, các doanh nghiệp viễn thông (gồm Viettel, VNPT) cần đẩy nhanh lắp đặt trạm.",
     dt.date(2024, 5, 2), [("các doanh nghiệp viễn thông", [], None)]),
    ("Bộ trưởng yêu cầu, các đơn vị thành viên Ban Chỉ đạo chuẩn bị điều kiện.", dt.date(2024, 5, 2),
     [("các đơn vị thành viên Ban Chỉ đạo", [], None)]),
    # "các phòng <name> các huyện …" is a named office of each place; "các đơn vị trực thuộc sở" one group
    ("Giám đốc Sở Giáo dục và Đào tạo đề nghị các phòng Giáo dục và Đào tạo các huyện, thị xã, các đơn vị trực thuộc "
     "sở hoàn thành kiểm tra trước ngày 10/10/2020.", dt.date(2020, 10, 8),
     [("phòng Giáo dục và Đào tạo các huyện, thị xã", [], dt.date(2020, 10, 10)),
      ("các đơn vị trực thuộc sở", [], dt.date(2020, 10, 10))]),
    # police of each place in lower case, as a coordinator
    ("Giao Công an tỉnh bảo đảm an ninh; phối hợp với công an các đơn vị, địa phương bảo vệ đại biểu.",
     dt.date(2024, 5, 2), [("Công an tỉnh", [], None), ("Công an tỉnh", ["công an các đơn vị, địa phương"], None)]),
])
def test_rules_from_real_paragraphs(text, ref, expected):
    found = extract(text, EMPTY, ref)
    assert [(a.lead, a.coordinating, a.deadline) for a in found] == expected


@pytest.mark.parametrize("text", [
    # a membership list
    "Các ủy viên Ban Chỉ đạo bao gồm: Chánh Văn phòng UBND tỉnh; Giám đốc Sở Tài chính; Giám đốc Viettel Yên Bái.",
    # an account of an assignment already carried out
    "Sau khi UBND tỉnh ban hành kế hoạch, Sở Thông tin và Truyền thông đã giao nhiệm vụ cho Trung tâm Công nghệ "
    "thông tin và Truyền thông tổ chức chuyển giao Văn phòng điện tử cho 40 xã thuộc 8 huyện: Hoài Ân, Hoài Nhơn, "
    "Phù Cát. Đến nay, công tác chuyển giao đã hoàn thành.",
    # a passive of something else, a composition
    "Trung tâm IOC Thanh Hóa được triển khai thử nghiệm theo Kế hoạch 192/KH-UBND ngày 10/8/2022 của UBND tỉnh.",
    "Ban Chỉ đạo Chuyển đổi số tỉnh Vĩnh Long do Chủ tịch UBND tỉnh làm Trưởng ban.",
    # members of a working group named after "gồm đại diện"
    "Tổ Công tác gồm đại diện các Sở: Nội vụ, Tư pháp; do Phó Giám đốc Sở Nội vụ làm Tổ trưởng.",
])
def test_accounts_and_compositions_give_nothing(text):
    assert extract(text, EMPTY, dt.date(2021, 1, 1)) == []


@pytest.mark.parametrize("word", ["Viettel", "Mobifone", "online", "website", "Agribank", "VNeID", "Krông Pắc",
                                  "khuỷu", "nghiêng", "Covid-19"])
def test_spacing_repair_leaves_whole_words_alone(word):
    assert repair_spacing(word)[0] == word
