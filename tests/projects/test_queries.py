"""List pages cost a constant number of queries, whatever the page length."""
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import login
from tests.factories import make_project


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_list_page_constant_queries(cast, units):
    client = login(cast.leader)
    make_project(cast.staff_a, units.skhcn, name="Dự án 0")
    few = count_queries(client, reverse("projects:list"))
    for i in range(1, 24):
        make_project(cast.staff_a if i % 2 else cast.staff_b, units.skhcn if i % 2 else units.syt, name=f"Dự án {i}")
    many = count_queries(client, reverse("projects:list"))
    assert few == many
    assert count_queries(client, reverse("projects:list") + "?q=du+an&state=proposed") == many


def test_unit_user_list_constant_queries(cast, units):
    client = login(cast.staff_a)
    make_project(cast.staff_a, units.skhcn, name="A0")
    few = count_queries(client, reverse("projects:list"))
    for i in range(10):
        make_project(cast.staff_a, units.skhcn, name=f"A{i + 1}")
    assert count_queries(client, reverse("projects:list")) == few


def test_home_and_units_constant_queries(cast, units):
    client = login(cast.leader)
    make_project(cast.staff_a, units.skhcn, name="X")
    home, unit_page = count_queries(client, "/"), count_queries(client, reverse("orgs:list"))
    for i in range(5):
        make_project(cast.staff_b, units.syt, name=f"Y{i}")
    assert count_queries(client, "/") == home
    assert count_queries(client, reverse("orgs:list")) == unit_page
