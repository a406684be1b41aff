import datetime as dt

from django.urls import reverse

from cds.orgs.models import Unit
from cds.orgs.selectors import UnitMatcher, current_successor, current_successors, match_unit
from cds.orgs.services import save_unit
from tests.conftest import login


def test_paths_and_subtree(units):
    assert units.skhcn.path == f"{units.tinh.path}{units.skhcn.pk}/"
    assert set(Unit.objects.filter(path__startswith=units.tinh.path)) >= {units.skhcn, units.syt, units.sotttt}
    assert not Unit.objects.filter(path__startswith=units.tinh.path, pk=units.bo_vp.pk).exists()


def test_moving_a_unit_moves_its_subtree(units, cast):
    child = save_unit(Unit(code="T01-SYT-BV", name="Bệnh viện đa khoa tỉnh", kind="public_service", parent=units.syt))
    units.syt.parent = units.skhcn
    save_unit(units.syt, actor=cast.admin)
    child.refresh_from_db()
    assert child.path == f"{units.skhcn.path}{units.syt.pk}/{child.pk}/"


def test_match_by_code_name_short_name_alias(units):
    assert match_unit("T01-SYT") == units.syt
    assert match_unit("so y te") == units.syt
    assert match_unit("STTTT") == units.sotttt
    assert match_unit("Sở TT&TT") == units.sotttt
    assert match_unit("Không có đơn vị này") is None
    matcher = UnitMatcher()
    assert matcher.match("Sở Thông tin và Truyền thông")[0] == units.sotttt
    unit, reason = matcher.match("")
    assert unit is None and reason


def test_successor_chain(units):
    assert current_successor(units.sotttt) == units.skhcn
    assert units.sotttt.valid_to == dt.date(2025, 2, 28)


def test_successors_of_many_units_read_together(units, django_assert_max_num_queries):
    ended = dt.date(2025, 6, 30)

    def unit(code, *successors):
        u = save_unit(Unit(code=code, name=f"Đơn vị {code}", kind="district", parent=units.tinh, valid_to=ended))
        u.successors.set(successors)
        return u

    third = unit("T01-C")
    second = unit("T01-B", third)
    first = unit("T01-A", second)
    split = unit("T01-D", units.syt, second)             # several successors: the first by id
    loop_a = unit("T01-L1")
    loop_b = unit("T01-L2", loop_a)
    loop_a.successors.set([loop_b])                      # a cycle stops where it would repeat
    asked = [units.sotttt, first, second, third, split, loop_a, loop_b, units.syt]
    with django_assert_max_num_queries(5):
        got = current_successors(asked)
    assert got == {u.pk: current_successor(u) for u in asked}
    assert got[first.pk] == third and got[split.pk] == units.syt and got[loop_a.pk] == loop_b
    assert got[units.sotttt.pk] == units.skhcn and got[units.syt.pk] == units.syt


def test_unit_history_visible_to_inspector(units, cast):
    units.syt.name = "Sở Y tế tỉnh Thử Nghiệm"
    save_unit(units.syt, actor=cast.admin)
    body = login(cast.inspector).get(reverse("orgs:detail", args=[units.syt.pk])).content.decode()
    assert "Sở Y tế tỉnh Thử Nghiệm" in body and "diff-old" in body


def test_unit_page_scoped(units, cast):
    assert login(cast.outsider).get(reverse("orgs:detail", args=[units.syt.pk])).status_code == 404
    assert login(cast.staff_b).get(reverse("orgs:detail", args=[units.skhcn.pk])).status_code == 404
