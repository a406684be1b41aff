import pytest
from django.urls import reverse

from cds.projects import selectors
from tests.api.conftest import ApiClient
from tests.conftest import PASSWORD, login
from tests.factories import make_project


@pytest.fixture
def land(cast, units):
    make_project(cast.staff_a, units.skhcn, name="Xây dựng cơ sở dữ liệu đất đai tỉnh")
    make_project(cast.staff_a, units.skhcn, name="Nâng cấp CSDL đất đai cấp xã")
    make_project(cast.staff_a, units.skhcn, name="Đầu tư hệ thống camera giám sát giao thông", objectives="")
    make_project(cast.staff_a, units.skhcn, name="Phần mềm quản lý dữ liệu (datum) vệ tinh", objectives="")
    return units


@pytest.mark.parametrize("query", ["dat dai", "Đất đai", "CSDL dat dai", "co so du lieu dat dai", "ĐẤT ĐAI",
                                   "csdl đất đai"])
def test_diacritics_and_abbreviations(cast, land, query):
    qs = selectors.project_list(cast.staff_a, selectors.ProjectFilter(search=query))
    names = {p.name for p in qs}
    assert names == {"Xây dựng cơ sở dữ liệu đất đai tỉnh", "Nâng cấp CSDL đất đai cấp xã"}, query


def test_word_boundaries(cast, land):
    names = {p.name for p in selectors.project_list(cast.staff_a, selectors.ProjectFilter(search="dat"))}
    assert "Phần mềm quản lý dữ liệu (datum) vệ tinh" not in names


def test_search_by_unit_alias_and_code(cast, land, projects):
    assert selectors.project_list(cast.leader, selectors.ProjectFilter(search="SYT")).filter(pk=projects.b.pk).exists()
    assert list(selectors.project_list(cast.leader, selectors.ProjectFilter(search=projects.b.code))) == [projects.b]


def test_search_page_and_filters(cast, land):
    client = login(cast.staff_a)
    resp = client.get(reverse("projects:list"), {"q": "csdl dat dai", "kind": "investment", "year": 2024})
    body = resp.content.decode()
    assert "Xây dựng cơ sở dữ liệu đất đai tỉnh" in body and "camera" not in body


def test_unit_filter_includes_subtree(cast, units, projects):
    qs = selectors.project_list(cast.leader, selectors.ProjectFilter(unit=units.tinh.pk))
    assert {projects.a, projects.b, projects.old} <= set(qs)
    qs = selectors.project_list(cast.leader, selectors.ProjectFilter(unit=units.syt.pk))
    assert list(qs) == [projects.b]


# ------------------------------------------------------- words and relevance ----

def _names(user, query, **kw):
    return [p.name for p in selectors.project_list(user, selectors.ProjectFilter(search=query, **kw))]


@pytest.mark.parametrize("query", ["dat dai", "đất đai", "Dat Dai"])
def test_folded_words_keep_their_boundaries(cast, units, query):
    """"dat dai" is the word "đất đai": its two syllables together, not "đặt" here and "đại" there."""
    make_project(cast.staff_a, units.skhcn, name="Cơ sở dữ liệu đất đai", objectives="", scope="")
    make_project(cast.staff_a, units.skhcn, name="Lắp đặt camera giám sát hiện đại", objectives="", scope="")
    make_project(cast.staff_a, units.skhcn, name="Lắp đặt đài truyền thanh thông minh", objectives="", scope="")
    names = _names(cast.staff_a, query)
    assert "Cơ sở dữ liệu đất đai" in names
    assert "Lắp đặt camera giám sát hiện đại" not in names


def test_words_of_a_query_need_not_be_adjacent(cast, units):
    make_project(cast.staff_a, units.skhcn, name="Camera giám sát an ninh và giao thông", objectives="", scope="")
    make_project(cast.staff_a, units.skhcn, name="Cổng thông tin giao dịch", objectives="", scope="")
    assert _names(cast.staff_a, "camera giao thong") == ["Camera giám sát an ninh và giao thông"]
    assert _names(cast.staff_a, "CSDL dat dai") == []


@pytest.fixture
def ranked(cast, units):
    """Registered oldest first, so that newest-first would give the reverse of relevance."""
    mk = lambda name, objectives="", year=2024: make_project(  # noqa: E731
        cast.staff_a, units.skhcn, name=name, objectives=objectives, scope="", start_year=year, end_year=year)
    return {
        "elsewhere_old": mk("Cổng thông tin nông thôn mới", "Hỗ trợ quản lý đất đai cấp xã", 2023),
        "elsewhere_new": mk("Số hóa hồ sơ lưu trữ", "Phục vụ quản lý đất đai", 2025),
        "all_terms": mk("Đất đai: số hóa hồ sơ phục vụ quản lý", year=2023),
        "phrase": mk("Hệ thống quản lý đất đai tỉnh", year=2022),
        "other": mk("Lắp đặt camera hiện đại phục vụ quản lý giao thông"),
    }


def test_search_orders_by_relevance(cast, ranked):
    """Phrase in the name, then every word in the name, then elsewhere (newest first among equals)."""
    assert _names(cast.staff_a, "quan ly dat dai") == [
        "Hệ thống quản lý đất đai tỉnh", "Đất đai: số hóa hồ sơ phục vụ quản lý", "Số hóa hồ sơ lưu trữ",
        "Cổng thông tin nông thôn mới"]


def test_a_chosen_sort_wins_over_relevance(cast, ranked):
    assert _names(cast.staff_a, "quan ly dat dai", sort="name")[0] == "Cổng thông tin nông thôn mới"
    assert _names(cast.staff_a, "quan ly dat dai", sort="-year")[0] == "Số hóa hồ sơ lưu trữ"


def test_search_page_and_api_rank_alike(cast, ranked):
    body = login(cast.staff_a).get(reverse("projects:list"), {"q": "quản lý đất đai"}).content.decode()
    assert "phù hợp nhất trước" in body
    positions = [body.index(n) for n in ("Hệ thống quản lý đất đai tỉnh", "Đất đai: số hóa hồ sơ phục vụ quản lý",
                                         "Số hóa hồ sơ lưu trữ", "Cổng thông tin nông thôn mới")]
    assert positions == sorted(positions)
    assert "Lắp đặt camera hiện đại" not in body
    api = ApiClient.login(cast.staff_a.username, PASSWORD)
    items = api.get("/projects", {"search": "quan ly dat dai"}).json()["items"]
    assert [i["name"] for i in items][:2] == ["Hệ thống quản lý đất đai tỉnh", "Đất đai: số hóa hồ sơ phục vụ quản lý"]
