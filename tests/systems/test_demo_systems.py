"""The demo's systems map: about forty systems of tỉnh Sơn Lâm around its LGSP hub, linked to
NDXP and the national databases; every built-in finding shows at least once; the IOC was built
without the software it needed and half of what its project bought is not serving; a few records
carry their owner head's seal, one broken by a later edit; loading again changes nothing. The demo
is the shared ``demo`` world of tests/conftest.py."""
import datetime as dt
import io

from django.core.management import call_command
from django.db.models import Sum
from django.test import override_settings
from django.utils import timezone

from cds.accounts.models import Role, User
from cds.catalog.models import DataEntity
from cds.demo.builder import DemoBuilder
from cds.demo.common import DATA_END
from cds.demo.systems import IOC_CAMERAS, IOC_CAMERAS_WASTED, IOC_TOTAL, IOC_WASTED, SystemsDemo, build_systems
from cds.demo.units import ROOT_CODE, UNITS
from cds.demo.users import USERS
from cds.orgs.models import Unit
from cds.systems import findings, selectors
from cds.systems.models import (
    WASTED,
    Category,
    DataHolding,
    Equipment,
    HoldingRole,
    InformationSystem,
    Integration,
    Lifecycle,
    Mechanism,
    SystemCost,
    SystemProject,
)

BUILT_IN = {"two_masters", "local_national", "isolated", "point_to_point", "not_derived", "no_security_level",
            "idle_equipment"}
NATIONAL = {"NDXP", "CSDLQG-DANCU", "CSDLQG-DATDAI", "CSDLQG-DOANHNGHIEP", "VNEID", "CONG-DVCQG", "TRUC-VBQG"}
IOC_PROJECT = "Xây dựng Trung tâm giám sát, điều hành thông minh (IOC) tỉnh Sơn Lâm"


def province():
    return InformationSystem.objects.filter(root_unit__code=ROOT_CODE)


def counts():
    return {m.__name__: m.objects.count() for m in (InformationSystem, Integration, DataHolding, SystemProject,
                                                     SystemCost, Equipment)}


def demo_builder():
    """A builder holding the demo's accounts and units, as :meth:`DemoBuilder.build` hands it over."""
    builder = DemoBuilder()
    builder.users = {u.username: User.objects.get(username=u.username) for u in USERS}
    builder.units = {u.code: Unit.objects.get(code=u.code) for u in UNITS}
    return builder


def test_demo_map_of_the_province(demo):
    systems = list(province().select_related("owner_unit"))
    assert 38 <= len(systems) <= 45
    by_code = {s.code: s for s in systems}
    lgsp = by_code["SL-LGSP"]
    assert lgsp.is_hub and lgsp.category == Category.CORE and lgsp.owner_unit.code == "SL-SKHCN"
    assert {Category.CORE, Category.SECTOR, Category.UNIT} <= {s.category for s in systems}
    # most sector systems are derived from a core system of the province
    sector = [s for s in systems if s.category == Category.SECTOR]
    assert sum(s.core_system_id is not None for s in sector) >= len(sector) - 2
    # national rows are in the one catalogue, and the LGSP reaches them through the hub
    national = set(InformationSystem.objects.filter(category=Category.NATIONAL).values_list("code", flat=True))
    assert NATIONAL <= national
    reached = set(Integration.objects.filter(source=lgsp, mechanism=Mechanism.HUB)
                  .values_list("target__code", flat=True))
    assert NATIONAL <= reached
    to_hub = Integration.objects.filter(target=lgsp).values("source").distinct().count()
    assert to_hub >= len(systems) // 2
    # each system was built (or upgraded …) by a demo project of the province
    linked = set(SystemProject.objects.filter(system__in=systems).values_list("system_id", flat=True))
    assert linked == {s.pk for s in systems}
    assert not SystemProject.objects.exclude(project__investor_unit__path__startswith=lgsp.owner_unit.tree_prefix) \
        .filter(system__in=systems).exists()
    # the danh mục CSDL: masters with their sharing class; costs in whole đồng, 2024–2026
    masters = DataHolding.objects.filter(system__in=systems, role=HoldingRole.MASTER)
    assert masters.count() >= 10 and not masters.filter(sharing="").exists()
    years = set(SystemCost.objects.filter(system__in=systems).values_list("year", flat=True))
    assert years == {2024, 2025, 2026}
    assert SystemCost.objects.filter(system__in=systems, operating_cost__gt=0).count() >= 60
    assert all(v % 1_000_000 == 0 for v in SystemCost.objects.values_list("operating_cost", flat=True))
    # written in the past, by the people of the demo
    assert not InformationSystem.objects.filter(created_at__gt=timezone.now()).exists()
    assert all(s.created_by.username in {"admin", "thamdinh"} or s.created_by.role == Role.UNIT_STAFF
               for s in systems)


def test_demo_shows_every_built_in_finding(demo):
    admin = User.objects.get(username="admin")
    root = Unit.objects.get(code=ROOT_CODE)
    shown = selectors.findings_for(admin)
    ours = set(province().values_list("pk", flat=True))
    codes = {f.code for sid, items in shown.items() if sid in ours for f in items}
    assert BUILT_IN <= codes
    world = findings.compute(findings.load_world([root.pk]))
    code_of = dict(province().values_list("pk", "code"))

    def where(rule):
        return {code_of[sid] for sid, items in world.items() if sid in code_of for f in items if f.code == rule}

    assert where("isolated") == {"SL-CCN", "SL-TTRA", "SL-NTM-VL"}
    assert where("two_masters") == {"SL-DATDAI", "SL-DATDAI-BN"}
    assert "SL-YTECS" in where("local_national")
    assert {"SL-CAMERA", "SL-IOC"} <= where("point_to_point")
    assert "SL-TMDT" in where("not_derived")
    assert "SL-IOC" in where("idle_equipment")
    two = next(t for t in shown[province().get(code="SL-DATDAI").pk] if t.code == "two_masters")
    assert "Đất đai" in two.text and "Bình Nguyên" in two.text


def test_demo_ioc_built_without_software_and_its_idle_cameras(demo):
    ioc = InformationSystem.objects.get(code="SL-IOC")
    assert ioc.lifecycle == Lifecycle.OPERATE and ioc.functional_fit == 1
    live = Integration.objects.filter(status="active")
    assert live.filter(source=ioc).count() + live.filter(target=ioc).count() == 2
    assert SystemProject.objects.filter(system=ioc, role="build", project__name=IOC_PROJECT).exists()
    bought = Equipment.objects.filter(project__name=IOC_PROJECT)
    assert bought.aggregate(n=Sum("quantity"))["n"] == IOC_TOTAL == 220
    assert bought.filter(status__in=WASTED).aggregate(n=Sum("quantity"))["n"] == IOC_WASTED == 110
    cameras = bought.filter(kind__startswith="Camera")
    assert cameras.aggregate(n=Sum("quantity"))["n"] == IOC_CAMERAS
    assert cameras.filter(status__in=WASTED).aggregate(n=Sum("quantity"))["n"] == IOC_CAMERAS_WASTED
    assert {"not_used", "idle", "broken"} <= set(bought.values_list("status", flat=True))
    for eq in bought.filter(status__in=WASTED).select_related("status_by"):
        assert eq.status_by is not None and eq.note and eq.status_on <= timezone.localdate()
        assert eq.status_on > eq.accepted_on and eq.system_id == ioc.pk
    assert {"thamdinh", "cv_khcn"} <= set(bought.filter(status__in=WASTED).values_list("status_by__username",
                                                                                       flat=True))
    # equipment of other projects too: the data centre's servers in use, the city's unused IOC
    assert Equipment.objects.filter(system__code="SL-TTDL", status="in_use").exists()
    assert Equipment.objects.filter(system__code="SL-IOC-TP").exclude(status__in=WASTED).count() == 0


def test_demo_seals(demo):
    moment = timezone.make_aware(dt.datetime.combine(DATA_END, dt.time(17)))
    states = {s.code: s.seal_state(now=moment)[0] for s in province().select_related("owner_unit")}
    assert {c for c, st in states.items() if st == "valid"} == {"SL-LGSP", "SL-QLVB", "SL-DATDAI", "SL-GIAODUC"}
    assert {c for c, st in states.items() if st == "broken"} == {"SL-BENHAN"}
    assert sum(st == "none" for st in states.values()) == len(states) - 5
    for s in province().filter(attested_at__isnull=False).select_related("attested_by"):
        assert s.attested_by.role == Role.UNIT_HEAD and s.attested_by.unit_id == s.owner_unit_id
    broken = InformationSystem.objects.get(code="SL-BENHAN")
    assert broken.seal_broken_by.username == "thamdinh"


def test_demo_loading_again_changes_nothing(demo):
    before = counts()
    with override_settings(DEMO_MODE=True):
        call_command("load_demo", stdout=io.StringIO())
    assert counts() == before
    builder = demo_builder()
    assert build_systems(builder)["systems"] == 0
    again = SystemsDemo(builder)
    again.entities = {e.code: e for e in DataEntity.objects.all()}
    again.national()        # the national rows are found by code, none is created twice
    assert again.counts["national"] == 0
    assert counts() == before


def test_demo_data_catalogue(demo):
    rows = {r.entity.code: r for r in selectors.data_catalogue(User.objects.get(username="thamdinh"))}
    assert [code for code, r in rows.items() if r.two_masters] == ["DATDAI"]
    population = rows["DANCU"]
    assert population.national and not population.masters
    assert [h.system.code for h in population.local] == ["SL-YTECS"] and len(population.copies) >= 4
    mastered = [r for r in rows.values() if r.masters]
    assert len(mastered) >= 10 and all(r.sharing for r in mastered)
    assert {"Dữ liệu mở", "Dùng chung mặc định", "Dùng chung có điều kiện"} <= {r.sharing for r in mastered}
