"""Estimates of the cast's projects, one per cost structure, built through the services.

* ``est`` — projects of each structure and who prepares them:

  ========== ====================================== ================ =========
  name       project                                structure        preparer
  ========== ====================================== ================ =========
  inv        investment under NĐ 73 (Sở KH&CN)      nd73_tt04        staff_a
  recurrent  the cast's recurrent task (Sở Y tế)    tt03_de_cuong    staff_b
  nd224      investment under NĐ 224 (Sở KH&CN)     nd224_49         staff_a
  rental     rental under NĐ 73 (Sở KH&CN)          nd73_rental      staff_a
  bo         the ministry's investment              nd73_tt04        outsider_staff
  ========== ====================================== ================ =========

* :func:`line` — one line as the unit types it (a dict);
* :func:`prepared` — an estimate with one version of ``lines``; :func:`submitted` — the same,
  sent for checking.
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from cds.estimates import services
from tests.factories import make_project, regime


def line(group, name, amount=None, *, quantity=None, unit_price=None, unit="", vat_rate=None, vat_amount=None,
         basis="", norm_key="", note="", stt=""):
    return {"group_code": group, "name": name, "amount": amount, "quantity": quantity, "unit_price": unit_price,
            "unit": unit, "vat_rate": vat_rate, "vat_amount": vat_amount, "basis": basis, "norm_key": norm_key,
            "note": note, "stt": stt}


def basic_lines(**overrides) -> list[dict]:
    """A small, correct investment estimate: every required group, contingency 5 %."""
    return [
        line("tb", "Máy chủ", quantity=2, unit_price=300_000_000, amount=600_000_000, unit="bộ",
             vat_rate=10, basis="quote"),
        line("tb", "Thiết bị tường lửa", quantity=1, unit_price=400_000_000, amount=400_000_000, unit="bộ",
             basis="quote"),
        line("qlda", "Chi phí quản lý dự án", 10_000_000, basis="rate"),
        line("tv", "Chi phí khảo sát", 20_000_000, basis="quote"),
        line("dp", "Chi phí dự phòng", 50_000_000),
    ]


def prepared(actor, project, lines, *, title="Dự toán thử", **kwargs):
    estimate = services.create_estimate(actor, project, title=title)
    services.save_version(actor, estimate, lines, **kwargs)
    estimate.refresh_from_db()
    return estimate


def submitted(actor, project, lines, **kwargs):
    estimate = prepared(actor, project, lines, **kwargs)
    return services.submit(actor, estimate)


@pytest.fixture
def est(cast, units, projects):
    return SimpleNamespace(
        cast=cast, units=units, projects=projects,
        inv=projects.a,
        recurrent=projects.b,
        nd224=make_project(cast.staff_a, units.skhcn, name="Nền tảng dữ liệu dùng chung của tỉnh",
                           regime=regime("ND224_2026"), start_year=2026, end_year=2027),
        rental=make_project(cast.staff_a, units.skhcn, name="Thuê dịch vụ hội nghị truyền hình", kind="rental"),
        bo=make_project(cast.outsider_staff, units.bo_vp, name="Hệ thống quản lý văn bản điều hành của Bộ"),
    )


def flags_of(version, rule=None):
    qs = version.flags.all()
    return [f for f in qs if rule is None or f.rule == rule]
