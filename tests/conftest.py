"""A named cast of users covering every role in two units of one province, plus one user of
another root (a ministry) to prove that trees do not leak into each other.

    tinh (UBND tỉnh Thử Nghiệm)          bo (Bộ Thử Nghiệm — a second root)
    ├── skhcn  Sở KH&CN                   └── bo_vp  Văn phòng Bộ
    │     ↑ successor of sotttt (Sở TT&TT, ended 28/02/2025)
    ├── syt    Sở Y tế
    └── thanhtra Thanh tra tỉnh
"""
import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client

from cds.accounts.models import Role
from cds.orgs.models import UnitKind
from cds.orgs.services import set_successors

from .factories import UserFactory, make_project, make_unit

PASSWORD = "Test@12345"


def require_tool(*names: str, what: str) -> str:
    """Path of the first external program found among ``names`` (LibreOffice, Chromium).

    Where none is installed the test is skipped with ``what`` as the reason — except when
    ``CDS_REQUIRE_TOOLS`` is set, as `.ci/run` sets it after installing them: there a missing tool
    is a broken install, and the test fails instead of passing silently as "skipped"."""
    import os
    import shutil

    for name in names:
        path = os.environ.get(name) if name.isupper() else shutil.which(name)
        if path:
            return path
    if os.environ.get("CDS_REQUIRE_TOOLS"):
        pytest.fail(f"{what} (CDS_REQUIRE_TOOLS is set: the tools must be installed)")
    pytest.skip(what)


@pytest.fixture(autouse=True)
def _fresh_overlap_index():
    """The overlap index lives in the process; each test's database is rolled back, so each
    test starts with an empty index that builds itself from that test's data."""
    from cds.overlap.engine import reset_index

    reset_index()
    yield
    reset_index()


@pytest.fixture
def demo_mode(settings):
    """DEMO_MODE on, as ``make run`` sets it (the test settings are production's): ``load_demo``
    refuses to run outside demo mode."""
    settings.DEMO_MODE = True


@pytest.fixture
def units(db):
    tinh = make_unit("T01", "Ủy ban nhân dân tỉnh Thử Nghiệm", short_name="UBND tỉnh", kind=UnitKind.PROVINCE,
                     aliases=["UBND tỉnh Thử Nghiệm"])
    skhcn = make_unit("T01-SKHCN", "Sở Khoa học và Công nghệ", parent=tinh, short_name="Sở KH&CN",
                      aliases=["SKHCN"], valid_from=dt.date(2025, 3, 1))
    sotttt = make_unit("T01-STTTT", "Sở Thông tin và Truyền thông", parent=tinh, short_name="Sở TT&TT",
                       aliases=["STTTT", "Sở TTTT"], valid_to=dt.date(2025, 2, 28))
    set_successors(sotttt, [skhcn])
    syt = make_unit("T01-SYT", "Sở Y tế", parent=tinh, short_name="Sở Y tế", aliases=["SYT"])
    thanhtra = make_unit("T01-TTRA", "Thanh tra tỉnh", parent=tinh, short_name="Thanh tra tỉnh")
    bo = make_unit("B01", "Bộ Thử Nghiệm", kind=UnitKind.MINISTRY)
    bo_vp = make_unit("B01-VP", "Văn phòng Bộ Thử Nghiệm", parent=bo)
    return SimpleNamespace(tinh=tinh, skhcn=skhcn, sotttt=sotttt, syt=syt, thanhtra=thanhtra, bo=bo, bo_vp=bo_vp)


@pytest.fixture
def cast(units):
    mk = lambda username, role, unit: UserFactory(username=username, role=role, unit=unit)  # noqa: E731
    return SimpleNamespace(
        staff_a=mk("staff_a", Role.UNIT_STAFF, units.skhcn),
        head_a=mk("head_a", Role.UNIT_HEAD, units.skhcn),
        staff_b=mk("staff_b", Role.UNIT_STAFF, units.syt),
        head_b=mk("head_b", Role.UNIT_HEAD, units.syt),
        appraiser=mk("appraiser", Role.CDS_APPRAISER, units.skhcn),
        supervisor=mk("supervisor", Role.SUPERVISOR, units.thanhtra),
        leader=mk("leader", Role.LEADER, units.tinh),
        inspector=mk("inspector", Role.INSPECTOR, units.thanhtra),
        admin=UserFactory(username="admin", role=Role.ADMIN, unit=units.tinh, is_staff=True, is_superuser=True),
        outsider=mk("outsider", Role.CDS_APPRAISER, units.bo_vp),
        outsider_staff=mk("outsider_staff", Role.UNIT_STAFF, units.bo_vp),
    )


@pytest.fixture
def projects(cast, units):
    """One project per unit (A: Sở KH&CN, B: Sở Y tế, old: Sở TT&TT, bo: the ministry)."""
    return SimpleNamespace(
        a=make_project(cast.staff_a, units.skhcn, name="Xây dựng cơ sở dữ liệu đất đai tỉnh"),
        b=make_project(cast.staff_b, units.syt, name="Hệ thống thông tin quản lý khám chữa bệnh",
                       kind="recurrent"),
        old=make_project(cast.appraiser, units.sotttt, name="Nâng cấp Cổng dịch vụ công tỉnh", start_year=2021,
                         end_year=2022, occurred_on=dt.date(2021, 3, 1)),  # registered before the unit ended
        bo=make_project(cast.outsider, units.bo_vp, name="Hệ thống quản lý văn bản của Bộ"),
    )


def login(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def as_user():
    return login
