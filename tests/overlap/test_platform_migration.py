"""The migration that moves the platform catalogue into the systems map keeps every row, its
history and every pair found against it (same primary keys), on a database that had platforms,
pairs and a system of the map already.

Run in a child process on a database file of its own (schema changes cannot run inside the
test's transaction): migrated to the state before the move (only what the overlap app needs),
filled as a database of that time was, then migrated forward."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

SCRIPT = r'''
import json, django
django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("overlap", "0005_pair_system")]
MigrationExecutor(connection).migrate(BEFORE)
old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
Platform, HPlatform = old.get_model("overlap", "Platform"), old.get_model("overlap", "HistoricalPlatform")
Pair, System = old.get_model("overlap", "OverlapPair"), old.get_model("systems", "InformationSystem")
Unit, Project = old.get_model("orgs", "Unit"), old.get_model("projects", "Project")
Capability, Entity = old.get_model("catalog", "Capability"), old.get_model("catalog", "DataEntity")
System.objects.all().delete()
Platform.objects.all().delete()
root = Unit.objects.create(name="Tỉnh Thử", code="T-900", kind="province", depth=0, path="/900/")
qlvb = Platform.objects.create(pk=41, code="QLVB-T", name="Hệ thống quản lý văn bản và điều hành", level="shared",
                               aliases="Văn phòng điện tử", root_unit=root, citation="QĐ 28/2018/QĐ-TTg",
                               confirmed_against="QĐ 28/2018/QĐ-TTg", confirmed_at=timezone.localdate())
qlvb.capabilities.set(Capability.objects.filter(code="QLVB"))
qlvb.data_entities.set(Entity.objects.filter(code="VANBAN"))
HPlatform.objects.create(id=41, code="QLVB-T", name="Văn phòng điện tử", level="shared",
                         updated_at=timezone.now(), history_date=timezone.now() - timezone.timedelta(days=30),
                         history_type="+")
Platform.objects.create(pk=42, code="NDXP", name="Nền tảng tích hợp, chia sẻ dữ liệu quốc gia", level="national")
Platform.objects.create(pk=43, code="CU", name="Phần mềm cũ", level="common", is_active=False)
# a system of the map already holds key 43: the copy of platform 43 gets another key
System.objects.create(pk=43, code="HT-CO-SAN", name="Hệ thống có sẵn", category="unit")
# a project and two pairs against the platforms, as the queue held them
Regime = old.get_model("rules", "LegalRegime")
regime = Regime.objects.first() or Regime.objects.create(code="T-REG", name="Chế độ thử", short_name="Thử")
project = Project.objects.create(code="DA-1", name="Phần mềm quản lý văn bản", objectives="", scope="",
                                 kind="investment", regime=regime, investor_unit=root, start_year=2026).pk
for pk, platform in ((501, 41), (502, 43)):
    Pair.objects.create(pk=pk, project_id=project, platform_id=platform, score=0.8)
print(json.dumps({"platforms": Platform.objects.count()}))
'''

CHECK = r'''
import json, django
django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from cds.projects.models import Project
from cds.orgs.models import Unit
from cds.overlap.models import OverlapPair
from cds.systems.models import InformationSystem

MigrationExecutor(connection).migrate([("overlap", "0007_drop_platform")])
s = {x.code: x for x in InformationSystem.objects.all()}
q = s["QLVB-T"]
pairs = {p.pk: p.system_id for p in OverlapPair.objects.all()}
new = InformationSystem.objects.create(code="MOI", name="Hệ thống mới", category="unit")
print(json.dumps({
    "codes": sorted(s), "qlvb": [q.pk, q.category, q.lifecycle, q.root_unit.path, q.aliases, q.citation,
                                 q.is_confirmed, sorted(c.code for c in q.capabilities.all()),
                                 [(h.entity.code, h.role) for h in q.holdings.all()]],
    "ndxp": [s["NDXP"].pk, s["NDXP"].category, s["NDXP"].is_hub],
    "cu": [s["CU"].pk != 43, s["CU"].category, s["CU"].lifecycle],
    "history": [(h.name, h.history_type, h.history_change_reason) for h in q.history.order_by("history_date")],
    "pairs": pairs, "new_pk_free": new.pk not in {x.pk for x in s.values()},
}))
'''

def _run(db: Path, code: str) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEMO_MODE": "1",
           "DATABASE_URL": f"sqlite:///{db}"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          cwd=settings.BASE_DIR, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_platforms_become_systems_with_their_keys_history_and_pairs(tmp_path):
    db = tmp_path / "old.db"
    assert _run(db, SCRIPT) == {"platforms": 3}
    out = _run(db, CHECK)
    assert out["codes"] == ["CU", "HT-CO-SAN", "NDXP", "QLVB-T"]
    assert out["qlvb"] == [41, "core", "operate", "/900/", "Văn phòng điện tử", "QĐ 28/2018/QĐ-TTg", True,
                           ["QLVB"], [["VANBAN", "master"]]]
    assert out["ndxp"] == [42, "national", True]
    assert out["cu"] == [True, "common", "retired"]
    # the platform's history, then the move
    assert [h[1] for h in out["history"]] == ["+", "~"] and out["history"][0][0] == "Văn phòng điện tử"
    assert out["history"][1][2] == "Chuyển từ danh mục nền tảng, hệ thống dùng chung"
    # the pair against platform 41 points at system 41; the one against 43 at the copy's new key
    assert out["pairs"]["501"] == 41 and out["pairs"]["502"] not in (None, 43)
    assert out["new_pk_free"]
