"""The overlap index built by a job and shared by every process: saved arrays score as the fitted
backend did, a fresh process maps them without fitting, saves are followed without a rebuild,
and a request never waits for a build (it starts one in the background and says so)."""
import fcntl
import io
import json
import mmap
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.urls import reverse

from cds.overlap import engine, quality, services
from cds.systems import services as system_services
from cds.systems.models import Category
from cds.text import matching
from tests.api.conftest import ApiClient
from tests.conftest import login
from tests.factories import make_project

ROOT = Path(__file__).resolve().parents[2]


def _mapped(a) -> bool:
    while a is not None and not isinstance(a, (np.memmap, mmap.mmap)):
        a = getattr(a, "base", None)
    return a is not None


@pytest.fixture(scope="module")
def labelled():
    return [n.name for n in quality.load_names()]


def test_saved_backend_scores_as_the_fitted_one(labelled, tmp_path):
    """Old (fitted, scikit-learn) and new (saved, mapped, hashed vocabularies) scores of every
    labelled name against the others agree within float32 rounding; so do the explanations'
    term weights and the character n-grams."""
    fitted = matching.TfidfBackend()
    fitted.fit(labelled, [""] * len(labelled))
    matching.save_backend(fitted, tmp_path)
    loaded = matching.load_backend(tmp_path)
    for m in (loaded.W, loaded.WT, loaded.C):  # mapped from the files, not copied
        assert all(_mapped(a) for a in (m.data, m.indices, m.indptr))
    for name in labelled:
        assert np.allclose(fitted.scores(name), loaded.scores(name), atol=1e-5)
    weights, stored = fitted.term_weights(), loaded.term_weights()
    assert weights and all(stored.get(t) == pytest.approx(w) for t, w in weights.items())
    assert stored.get("tu-khong-co-trong-chi-muc", 1.0) == 1.0
    analyzer = fitted.chars.build_analyzer()
    assert all(analyzer(matching.key_text(n)) == matching.char_wb_ngrams(matching.key_text(n)) for n in labelled)
    a, b = labelled[0], labelled[1]
    assert matching.shared_terms(a, b, weights) == matching.shared_terms(a, b, stored)


def test_rows_added_after_loading_score_as_in_one_fitted_backend(labelled, tmp_path):
    fitted = matching.TfidfBackend()
    fitted.fit(labelled[:300], [""] * 300)
    matching.save_backend(fitted, tmp_path)
    in_memory, mapped = matching.StackedBackend(fitted), matching.StackedBackend(matching.load_backend(tmp_path))
    rest = labelled[300:]
    assert mapped.add(rest, [""] * len(rest)) == in_memory.add(rest, [""] * len(rest)) == range(300, len(labelled))
    for name in labelled[::7]:
        assert np.allclose(in_memory.scores(name), mapped.scores(name), atol=1e-5)
    rows = [3, 310, 40, 350]
    assert np.allclose(in_memory.block_scores(rows), mapped.block_scores(rows), atol=1e-5)
    assert [p[:2] for p in mapped.pairs(0.5)] == [p[:2] for p in in_memory.pairs(0.5)]


@pytest.fixture
def registry(cast, units, labelled):
    staff = [(cast.staff_a, units.skhcn), (cast.staff_b, units.syt), (cast.outsider_staff, units.bo_vp)]
    return [make_project(*staff[i % 3], name=name) for i, name in enumerate(labelled[:60])]


def _shown(found):
    return [(c.kind, c.id, round(c.score, 3), c.terms) for c in found]


def test_build_then_load_gives_the_candidates_of_an_in_memory_build(registry, labelled, tmp_path):
    in_memory = engine.OverlapIndex()
    in_memory.build()
    built = engine.build_index_files(tmp_path)
    assert built["rows"] == len(in_memory.rows) and built["bytes"] > 0
    assert (tmp_path / engine.CURRENT).is_symlink()
    loaded = engine.OverlapIndex(directory=tmp_path)
    for name in labelled[:60:4] + ["CSDL dat dai", "camera giám sát giao thông"]:
        assert _shown(loaded.candidates(name, k=8)) == _shown(in_memory.candidates(name, k=8))
    assert loaded.generation == Path(built["path"]).name and not loaded.building
    first = registry[0]
    [i] = loaded.rows.rows_of("project", first.pk)
    row = loaded.rows[i]
    assert (row.kind, row.obj_id, row.name, row.stamp, row.unit_id, row.unit_path) == (
        "project", first.pk, first.name, first.updated_at, first.investor_unit_id, first.investor_unit.path)
    assert row == in_memory.rows[in_memory.rows.rows_of("project", first.pk)[0]]
    assert loaded.project_pairs(0.5).keys() == in_memory.project_pairs(0.5).keys()


def test_a_fresh_process_maps_the_index_without_fitting(registry, labelled, tmp_path):
    built = engine.build_index_files(tmp_path)
    query = labelled[5]
    script = f"""
import json, sys
import django
django.setup()
from cds.text import matching
matching.TfidfBackend.fit = None  # fitting would fail
from cds.overlap.engine import OverlapIndex
index = OverlapIndex()
index.load({built['path']!r})
scores = index.backend.scores({query!r})
top = scores.argsort()[::-1][:5].tolist()
print(json.dumps({{"top": top, "scores": scores[top].tolist(), "sklearn": "sklearn" in sys.modules,
                   "rows": len(index.rows)}}))
"""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout.strip().splitlines()[-1])
    here = engine.OverlapIndex()
    here.build()
    scores = here.backend.scores(query)
    assert got["rows"] == len(here.rows) and not got["sklearn"]
    assert np.allclose(got["scores"], scores[got["top"]], atol=1e-5)
    assert got["scores"][0] == pytest.approx(scores.max(), abs=1e-5)


def test_a_saved_project_is_found_without_a_rebuild(registry, cast, units, settings, monkeypatch):
    services.build_index()
    settings.OVERLAP_INDEX_SYNC_BUILD = False
    monkeypatch.setattr(engine.OverlapIndex, "_fit", lambda self: pytest.fail("the index was rebuilt"))
    monkeypatch.setattr(engine, "start_background_build", lambda *a: pytest.fail("a build was started"))
    index = engine.get_index()
    assert services.check(cast.appraiser, "Hồ sơ bệnh án điện tử bệnh viện") is not None
    generation, base = index.generation, index.rows.base.n
    assert generation is not None
    new = make_project(cast.staff_a, units.skhcn, name="Phần mềm nuôi chim yến thông minh xã đảo")
    found = services.check(cast.appraiser, "nuôi chim yến thông minh")
    assert found and found[0].id == new.pk
    assert (index.generation, index.rows.base.n) == (generation, base) and len(index.rows) == base + 1


def test_a_system_saved_after_the_build_is_found_without_a_rebuild(registry, cast, units, settings, monkeypatch):
    """The built index records the systems map's mark; a system added (or retired) afterwards
    changes it, and the next check re-adds the systems' rows instead of rebuilding."""
    built = services.build_index()
    meta = json.loads((Path(built["path"]) / "index.json").read_text(encoding="utf-8"))
    assert len(meta["system_mark"]) == 5 and "platform_mark" not in meta
    settings.OVERLAP_INDEX_SYNC_BUILD = False
    monkeypatch.setattr(engine.OverlapIndex, "_fit", lambda self: pytest.fail("the index was rebuilt"))
    monkeypatch.setattr(engine, "start_background_build", lambda *a: pytest.fail("a build was started"))
    assert services.check(cast.appraiser, "Hồ sơ bệnh án điện tử bệnh viện") is not None
    system = system_services.create_system(cast.staff_a, {
        "name": "Phần mềm quản lý trại nuôi chim yến", "category": Category.UNIT, "owner_unit": units.skhcn})
    found = services.check(cast.appraiser, "quản lý trại nuôi chim yến")
    assert found and (found[0].kind, found[0].id) == ("system", system.pk)


def test_a_process_switches_to_a_newer_build(registry, cast, units, settings):
    services.build_index()
    index = engine.get_index()
    index.sync()
    first = index.generation
    make_project(cast.staff_a, units.skhcn, name="Phần mềm nuôi chim yến thông minh xã đảo")
    call_command("build_overlap_index", stdout=open(os.devnull, "w"))
    index.sync()
    assert index.generation != first and len(index.rows) == index.rows.base.n  # the delta is in the build
    names = [p.name for p in Path(settings.OVERLAP_INDEX_DIR).iterdir() if p.name.startswith("index-")]
    assert len(names) == 2 and index.generation in names


def test_a_request_with_no_index_does_not_build_and_says_so(registry, cast, settings, monkeypatch):
    settings.OVERLAP_INDEX_SYNC_BUILD = False
    started = []
    monkeypatch.setattr(engine.OverlapIndex, "_fit", lambda self: pytest.fail("a request built the index"))
    monkeypatch.setattr(engine, "start_background_build", lambda directory=None: started.append(directory) or True)
    client = login(cast.staff_a)
    page = client.get(reverse("projects:detail", args=[registry[0].pk])).content.decode()
    assert services.BUILDING_NOTE in page and 'data-testid="overlap-building"' in page
    hint = client.get(reverse("overlap:check"), {"name": registry[3].name}).content.decode()
    assert services.BUILDING_NOTE in hint
    assert started and all(Path(d) == Path(settings.OVERLAP_INDEX_DIR) for d in started)
    queue = login(cast.appraiser)
    assert services.BUILDING_NOTE in queue.get(reverse("overlap:queue")).content.decode()
    api = ApiClient.login("staff_a").post("/overlap/check", {"name": registry[3].name})
    assert api.status_code == 200 and api.json()["candidates"] == [] and api.json()["index_building"] is True
    answer = queue.post(reverse("overlap:scan"), follow=True).content.decode()
    assert services.BUILDING_NOTE in answer  # the scan button waits for nothing either
    assert not (Path(settings.OVERLAP_INDEX_DIR) / engine.CURRENT).exists()


def test_once_built_the_note_is_gone(registry, cast, settings):
    services.build_index()
    settings.OVERLAP_INDEX_SYNC_BUILD = False
    page = login(cast.staff_a).get(reverse("projects:detail", args=[registry[0].pk])).content.decode()
    assert services.BUILDING_NOTE not in page


def test_one_background_build_per_process(monkeypatch, tmp_path):
    release, calls = threading.Event(), []

    def slow_build(directory=None):
        calls.append(directory)
        release.wait(10)

    monkeypatch.setattr(engine, "build_in_child", slow_build)
    engine.reset_index()
    assert engine.start_background_build(tmp_path) is True
    assert engine.start_background_build(tmp_path) is False  # one is running
    release.set()
    for thread in threading.enumerate():
        if thread.name == "overlap-index-build":
            thread.join(10)
    assert calls == [tmp_path]
    assert engine.start_background_build(tmp_path) is False  # not again before RETRY_SECONDS
    engine.reset_index()


def test_one_build_per_machine(tmp_path):
    with open(tmp_path / engine.LOCK_FILE, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        assert engine.build_index_files(tmp_path, wait=False) is None  # another process is building
        out = io.StringIO()
        call_command("build_overlap_index", "--no-wait", "--directory", str(tmp_path), stdout=out)
        assert "đang chạy" in out.getvalue()
    assert not (tmp_path / engine.CURRENT).exists()


def test_the_background_build_runs_the_command_in_a_child(tmp_path, monkeypatch, migrated_db):
    """What the background thread runs: the job itself, in a child process with this process's
    environment (here the demo settings on a database of its own — a copy of the run's migrated
    database, tests/migrated.py — empty but for the systems map rows of the migrations: the index
    then has their rows)."""
    child = migrated_db.copy_to(tmp_path / "child.sqlite3")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{child}")
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "config.settings")
    monkeypatch.setenv("DEMO_MODE", "1")
    engine.build_in_child(tmp_path / "index")
    generation = engine.current_generation(tmp_path / "index")
    assert generation and json.loads((tmp_path / "index" / generation / "index.json").read_text())["rows"] > 0
