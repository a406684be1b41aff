import pytest
from django.urls import reverse

from cds.projects import selectors
from tests.conftest import login
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
