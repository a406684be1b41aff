"""Which library entries fit a new proposal (:mod:`cds.library.matching`): by name — with or
without diacritics —, through the projects and systems the overlap engine finds similar, by
capability; never a draft; never the name of a project the reader may not read. And related
entries."""
import pytest

from cds.catalog.models import Capability, DataEntity
from cds.library import matching, services
from cds.library.models import Status
from tests.factories import make_project

pytestmark = pytest.mark.django_db

# (title, keywords, problem) of a library as a province would publish it.
LIBRARY = [
    ("Hệ thống một cửa điện tử liên thông cấp xã", "một cửa, thủ tục hành chính",
     "Hồ sơ thủ tục hành chính ở cấp xã xử lý thủ công, người dân đi lại nhiều lần."),
    ("Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)", "LGSP, kết nối liên thông",
     "Các hệ thống của sở, ngành không kết nối, dữ liệu nhập lại nhiều lần."),
    ("Số hóa hồ sơ địa chính, cơ sở dữ liệu đất đai", "địa chính, đất đai",
     "Hồ sơ địa chính lưu giấy, tra cứu chậm, sai lệch giữa các cấp."),
    ("Trung tâm giám sát, điều hành đô thị thông minh (IOC)", "IOC, điều hành",
     "Lãnh đạo thiếu thông tin tổng hợp để điều hành kịp thời."),
    ("Bệnh án điện tử tại bệnh viện tuyến tỉnh", "bệnh án, y tế",
     "Bệnh án giấy lưu trữ tốn kém, khó chia sẻ giữa các khoa."),
    ("Hội nghị truyền hình trực tuyến ba cấp", "họp trực tuyến",
     "Họp tập trung tốn thời gian, chi phí đi lại."),
    ("Camera giám sát an ninh trật tự khu dân cư", "camera",
     "Thiếu công cụ phát hiện sớm vi phạm an ninh trật tự."),
    ("Chữ ký số cho cán bộ, công chức", "chữ ký số",
     "Văn bản giấy phải ký tay, chuyển phát chậm."),
]

# A proposal's name → the entry it should be shown.
SAME_PURPOSE = [
    ("Nâng cấp phần mềm một cửa điện tử cấp xã", "Hệ thống một cửa điện tử liên thông cấp xã"),
    ("Nang cap phan mem mot cua dien tu cap xa", "Hệ thống một cửa điện tử liên thông cấp xã"),
    ("Xây dựng cơ sở dữ liệu đất đai tỉnh", "Số hóa hồ sơ địa chính, cơ sở dữ liệu đất đai"),
    ("Triển khai LGSP của tỉnh", "Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)"),
    ("Nền tảng chia sẻ dữ liệu dùng chung", "Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)"),
    ("Triển khai hệ thống IOC tỉnh", "Trung tâm giám sát, điều hành đô thị thông minh (IOC)"),
    ("Triển khai bệnh án điện tử cho bệnh viện huyện", "Bệnh án điện tử tại bệnh viện tuyến tỉnh"),
    ("Hệ thống hội nghị truyền hình cấp xã", "Hội nghị truyền hình trực tuyến ba cấp"),
    ("Lắp đặt camera giám sát giao thông", "Camera giám sát an ninh trật tự khu dân cư"),
]

# Proposals of another purpose: nothing to reuse, though some share a word or two.
OTHER_PURPOSE = [
    "Mua sắm máy tính cho văn phòng",
    "Trang bị máy tính, máy in cho Sở",
    "Đào tạo kỹ năng số cho cán bộ",
    "Thuê dịch vụ công nghệ thông tin cho bệnh viện",
    "Nâng cấp hạ tầng mạng LAN",
    "Phần mềm quản lý văn bản và điều hành",
    "Cổng thông tin điện tử của Sở Du lịch",
]


@pytest.fixture
def library(cast, units, practice_of):
    return {title: practice_of(cast.staff_a, units.skhcn, title=title, keywords=keywords, problem=problem)
            for title, keywords, problem in LIBRARY}


def _titles(found):
    return [s.practice.title for s in found]


def test_a_proposal_is_shown_the_entry_of_its_purpose_and_nothing_else(cast, library):
    for name, title in SAME_PURPOSE:
        found = matching.suggestions(cast.staff_b, name)
        assert _titles(found)[:1] == [title], (name, [(s.practice.title, s.score, s.reason) for s in found])
        assert found[0].reason.startswith("tên gần với mô hình: cùng “"), found[0].reason
    for name in OTHER_PURPOSE:
        found = matching.suggestions(cast.staff_b, name)
        assert found == [], (name, [(s.practice.title, s.score, s.reason) for s in found])


def test_the_reason_names_the_phrase_both_share_as_written(cast, library):
    found = matching.suggestions(cast.staff_b, "Nang cap phan mem mot cua dien tu cap xa")
    assert "“một cửa điện tử”" in found[0].reason


def test_a_single_published_entry_is_found_too(cast, units, practice_of):
    practice_of(cast.staff_a, units.skhcn, title="Hệ thống một cửa điện tử liên thông cấp xã")
    assert _titles(matching.suggestions(cast.staff_b, "Nâng cấp phần mềm một cửa điện tử cấp xã")) == [
        "Hệ thống một cửa điện tử liên thông cấp xã"]
    assert matching.suggestions(cast.staff_b, "Mua sắm máy tính cho văn phòng") == []


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.WITHDRAWN])
def test_an_entry_not_published_is_never_suggested(cast, units, practice_of, status):
    practice_of(cast.staff_a, units.skhcn, title="Hệ thống một cửa điện tử liên thông cấp xã", status=status)
    for user in (cast.staff_a, cast.staff_b, cast.appraiser):
        assert matching.suggestions(user, "Nâng cấp phần mềm một cửa điện tử cấp xã") == []


def test_the_index_follows_publication_and_withdrawal(cast, units, practice_of):
    name = "Nâng cấp phần mềm một cửa điện tử cấp xã"
    assert matching.suggestions(cast.staff_b, name) == []
    entry = practice_of(cast.staff_a, units.skhcn, title="Hệ thống một cửa điện tử liên thông cấp xã")
    assert _titles(matching.suggestions(cast.staff_b, name)) == [entry.title]
    services.withdraw(cast.appraiser, entry, "Không còn phù hợp.", expected_version=entry.version)
    assert matching.suggestions(cast.staff_b, name) == []


def test_a_capability_chosen_suggests_the_entries_tagged_with_it(cast, units, practice_of):
    one_stop = Capability.objects.get(code="MOTCUA")
    entry = practice_of(cast.staff_a, units.skhcn, title="Tiếp nhận hồ sơ qua bưu điện công ích",
                        capabilities=[one_stop])
    found = matching.suggestions(cast.staff_b, "Mua sắm máy tính cho văn phòng", capabilities=[str(one_stop.pk)])
    assert _titles(found) == [entry.title]
    assert found[0].reason == f"cùng năng lực nghiệp vụ: {one_stop.name}"
    assert matching.suggestions(cast.staff_b, "Mua sắm máy tính cho văn phòng",
                                capabilities=[Capability.objects.get(code="GIS").pk]) == []
    # ids that are no number are left out, not an error
    assert matching.suggestions(cast.staff_b, "Mua sắm máy tính", capabilities=["x", None]) == []


# ------------------------------------------------------------ through the overlap engine ----

@pytest.fixture
def linked(cast, units, practice_of):
    """An entry whose title says little, linked to Sở KH&CN's land-records project."""
    project = make_project(cast.staff_a, units.skhcn, name="Xây dựng cơ sở dữ liệu đất đai tỉnh", objectives="")
    entry = practice_of(cast.staff_a, units.skhcn, title="Cách làm của Sở Khoa học và Công nghệ năm 2024",
                        problem="Tra cứu chậm.", solution="Làm theo hướng dẫn.", projects=[project])
    return project, entry


def test_an_entry_linked_to_a_similar_project_is_suggested_with_the_project_named(cast, linked):
    project, entry = linked
    found = matching.suggestions(cast.staff_a, "Cơ sở dữ liệu đất đai cấp huyện")
    assert _titles(found) == [entry.title]
    assert found[0].reason == f"dự án tương tự: {project.name}"


def test_the_similar_project_is_named_only_to_those_who_may_read_it(cast, linked):
    project, entry = linked
    # Sở Y tế's staff may not read Sở KH&CN's project: the entry is shown, the project not named
    found = matching.suggestions(cast.staff_b, "Cơ sở dữ liệu đất đai cấp huyện")
    assert _titles(found) == [entry.title]
    assert project.name not in found[0].reason and "tương tự một nhiệm vụ/dự án đã có" in found[0].reason
    # the ministry's users: the overlap engine never gives them the province's project
    for user in (cast.outsider, cast.outsider_staff):
        for s in matching.suggestions(user, "Cơ sở dữ liệu đất đai cấp huyện"):
            assert project.name not in s.reason and project.code not in s.reason


# ------------------------------------------------------------------ related entries ----

def test_related_entries_through_shared_projects_text_and_tags(cast, units, practice_of):
    land = DataEntity.objects.get(code="DATDAI")
    project = make_project(cast.staff_a, units.skhcn, name="Xây dựng cơ sở dữ liệu đất đai tỉnh")
    entry = practice_of(cast.staff_a, units.skhcn, title="Số hóa hồ sơ địa chính, cơ sở dữ liệu đất đai",
                        projects=[project], data_entities=[land])
    same_project = practice_of(cast.staff_a, units.skhcn, title="Cách tổ chức đo đạc lại bản đồ",
                               projects=[project])
    close_title = practice_of(cast.staff_a, units.skhcn, title="Cơ sở dữ liệu đất đai dùng chung cấp huyện")
    same_entity = practice_of(cast.staff_a, units.skhcn, title="Cấp giấy chứng nhận trực tuyến",
                              data_entities=[land])
    draft = practice_of(cast.staff_a, units.skhcn, title="Cơ sở dữ liệu đất đai cấp xã", projects=[project],
                        status=Status.DRAFT)
    other = practice_of(cast.staff_a, units.skhcn, title="Chữ ký số cho cán bộ, công chức")
    found = {s.practice.pk: s for s in matching.related(cast.staff_a, entry, k=10)}
    assert set(found) == {same_project.pk, close_title.pk, same_entity.pk}
    assert entry.pk not in found and draft.pk not in found and other.pk not in found
    assert f"cùng gắn với dự án: {project.name}" in found[same_project.pk].reasons
    assert any(r.startswith("tên gần với mô hình") for r in found[close_title.pk].reasons)
    assert found[same_entity.pk].reasons == ["cùng thực thể dữ liệu: Đất đai"]
    # another tree's reader is shown the related entries, never the province's project
    theirs = matching.related(cast.outsider_staff, entry, k=10)
    assert {s.practice.pk for s in theirs} == set(found)
    assert all(project.name not in s.reason and project.code not in s.reason for s in theirs)
    assert "cùng gắn với một nhiệm vụ/dự án" in {r for s in theirs for r in s.reasons}


def test_a_change_is_refitted_in_the_background_while_requests_keep_the_index_they_have(
        cast, units, practice_of, settings, monkeypatch):
    """Outside the tests a request never waits for a refit: it answers with the index it has and
    a thread refits it; the requests after that thread see the change."""
    settings.LIBRARY_INDEX_SYNC_REFIT = False
    started = []

    class Thread:   # runs the refit when the test says so, in this thread and transaction
        def __init__(self, target, **kwargs):
            self.target = target

        def start(self):
            started.append(self.target)

    monkeypatch.setattr(matching.threading, "Thread", Thread)
    monkeypatch.setattr(matching, "_index", matching._Index())               # a fresh process
    monkeypatch.setattr(matching, "connection", type("NoClose", (), {"close": staticmethod(lambda: None)}))
    first = practice_of(cast.staff_a, units.skhcn, title="Hệ thống một cửa điện tử liên thông cấp xã")
    assert [row[0] for row in matching.text_index().rows] == [first.pk]      # first use: fitted at once
    second = practice_of(cast.staff_a, units.skhcn, title="Bệnh án điện tử tại bệnh viện tuyến tỉnh")
    assert [row[0] for row in matching.text_index().rows] == [first.pk]      # no wait: the index it has
    assert [row[0] for row in matching.text_index().rows] == [first.pk]
    assert len(started) == 1                                                  # one refit at a time
    started[0]()
    assert sorted(row[0] for row in matching.text_index().rows) == sorted([first.pk, second.pk])
