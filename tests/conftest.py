"""Test infrastructure: a named cast of users, uploads kept out of the repository, and shared
worlds built once per test process.

**The cast** covers every role in two units of one province, plus users of another root (a
ministry) to prove that trees do not leak into each other::

    tinh (UBND tỉnh Thử Nghiệm)          bo (Bộ Thử Nghiệm — a second root)
    ├── skhcn  Sở KH&CN                   └── bo_vp  Văn phòng Bộ
    │     ↑ successor of sotttt (Sở TT&TT, ended 28/02/2025)
    ├── syt    Sở Y tế
    └── thanhtra Thanh tra tỉnh

The fixtures ``units``, ``cast`` and ``projects`` build it for one test; ``build_units``,
``build_cast`` and ``build_projects`` are the same as plain functions, for shared worlds.

**Uploads.** ``config.settings_test`` points ``MEDIA_ROOT`` at a temporary directory of the
process (removed at exit), and the autouse ``_media_root`` gives every test a fresh
``<tmp_path>/media`` of its own: no test writes into the repository's ``media/``.

**Shared worlds** (``open_shared_world``): a world too expensive to build for every test — the
demo province (``demo``, ≈10 s), the access matrix's objects (``access_world``) — is built once
per test process and seen by all the tests that request its fixture, without leaking into any
other test:

* it is built inside an outer transaction (``transaction.atomic`` on the test database) that is
  *never committed*; each test of the world then runs in pytest-django's usual per-test
  transaction, which nests as a savepoint inside it and is rolled back after the test — so a
  test sees the world but cannot change it for the next one;
* before any test that does not request the world's fixture, ``pytest_runtest_setup`` rolls
  the outer transaction back: that test (and every later one) finds the database exactly as
  migrations left it, as tests assume. At the end of the session it is rolled back too;
* to make "once" true, ``pytest_collection_modifyitems`` puts the tests of a world next to each
  other (at the place of the first one, but before any transactional test: those empty the
  tables), and under pytest-xdist a scheduler of ours sends them to one worker as one unit of
  work, the biggest units first (``pytest_xdist_make_scheduler`` below: ``--dist loadgroup``
  does not group with pytest 9.2). Correctness does not depend on this order: a world closed by
  another test is simply built again when one of its tests comes back (slower, never wrong);
* the files a world uploads live in a directory of its own (``MEDIA_ROOT`` is pointed there
  while its tests run);
* a world's fixture opens the outer transaction itself and then gives its test database access
  (``db``), so its tests must not be marked ``django_db`` nor request ``db`` themselves (they
  would already be inside a transaction; the fixture refuses with a clear message). For
  pytest-django they still are database tests: the collection hook appends ``db`` after the
  world's fixture in their fixture names.

To add a world: a fixture returning ``open_shared_world(request, build)`` whose name is added to
``SHARED_WORLDS`` (see ``demo`` below and ``access_world`` in tests/test_access_matrix.py).
"""
from __future__ import annotations

import datetime as dt
import io
import sqlite3
import sys
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings

from cds.accounts.models import Role
from cds.orgs.models import UnitKind
from cds.orgs.services import set_successors

from .factories import UserFactory, make_project, make_unit
from .migrated import Migrated, migrated

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


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test uploads into a directory of its own, never into the repository's media/; the
    same for the overlap index files (var/overlap-index)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OVERLAP_INDEX_DIR = tmp_path / "overlap-index"


# --------------------------------------------------------- the test database ----

@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory) -> Migrated:
    """The run's migrated SQLite database (tests/migrated.py): built once for all the test
    processes; a test starting the application in another process copies it."""
    return migrated(tmp_path_factory)


def _restore_from(template: Migrated):
    """In place of ``DatabaseCreation.create_test_db`` for an in-memory SQLite test database: the
    same steps, with the migrated file copied in (SQLite's backup) before ``migrate``, which then
    has nothing left to apply unless the file is behind."""
    from django.conf import settings
    from django.core.management import call_command

    creation = connection.creation

    def create_test_db(verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        name = creation._get_test_db_name()
        creation._create_test_db(verbosity, autoclobber, keepdb)
        connection.close()
        settings.DATABASES[connection.alias]["NAME"] = name
        connection.settings_dict["NAME"] = name
        connection.ensure_connection()
        source = sqlite3.connect(template.path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        call_command("migrate", verbosity=max(verbosity - 1, 0), interactive=False, database=connection.alias,
                     run_syncdb=True)
        if serialize:
            connection._test_serialized_contents = creation.serialize_db_to_string()
        call_command("createcachetable", database=connection.alias)
        return name

    return create_test_db


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_use_migrations, django_db_keepdb,
                    django_db_createdb, django_db_modify_db_settings):
    """pytest-django's ``django_db_setup``, except that an in-memory SQLite test database starts as
    a copy of the run's migrated database (``migrated_db``) instead of migrating once more in
    every process. Other databases (PostgreSQL), ``--reuse-db`` and ``--no-migrations`` take
    pytest-django's way unchanged."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    keepdb = django_db_keepdb and not django_db_createdb
    in_memory = (connection.vendor == "sqlite" and connection.creation.is_in_memory_db(
        connection.creation._get_test_db_name()))
    if not django_db_use_migrations:
        _disable_migrations()
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    with django_db_blocker.unblock():
        if in_memory and django_db_use_migrations and not keepdb and aliases <= {connection.alias}:
            connection.creation.create_test_db = _restore_from(request.getfixturevalue("migrated_db"))
        try:
            db_cfg = setup_databases(verbosity=request.config.option.verbose, interactive=False, aliases=aliases,
                                     serialized_aliases=serialized_aliases, keepdb=keepdb)
        finally:
            connection.creation.__dict__.pop("create_test_db", None)
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            try:
                teardown_databases(db_cfg, verbosity=request.config.option.verbose)
            except Exception as exc:  # noqa: BLE001 — as pytest-django: a warning, not an error of the last test
                request.node.warn(pytest.PytestWarning(f"Error when trying to teardown test databases: {exc!r}"))


# ------------------------------------------------------------------ the cast ----

def build_units():
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


def build_cast(units):
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


def build_projects(cast, units):
    """One project per unit (A: Sở KH&CN, B: Sở Y tế, old: Sở TT&TT, bo: the ministry)."""
    return SimpleNamespace(
        a=make_project(cast.staff_a, units.skhcn, name="Xây dựng cơ sở dữ liệu đất đai tỉnh"),
        b=make_project(cast.staff_b, units.syt, name="Hệ thống thông tin quản lý khám chữa bệnh",
                       kind="recurrent"),
        old=make_project(cast.appraiser, units.sotttt, name="Nâng cấp Cổng dịch vụ công tỉnh", start_year=2021,
                         end_year=2022, occurred_on=dt.date(2021, 3, 1)),  # registered before the unit ended
        bo=make_project(cast.outsider, units.bo_vp, name="Hệ thống quản lý văn bản của Bộ"),
    )


@pytest.fixture
def units(db):
    return build_units()


@pytest.fixture
def cast(units):
    return build_cast(units)


@pytest.fixture
def projects(cast, units):
    return build_projects(cast, units)


def login(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def as_user():
    return login


# ------------------------------------------------------------- shared worlds ----

SHARED_WORLDS: set[str] = set()   # names of the fixtures that open a shared world (see the docstring)


class SharedWorlds:
    """The shared world open in this process (at most one): its name, its data and the outer
    transaction holding it. See the module docstring."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.name: str | None = None
        self.data = None
        self._atomic = None
        self.builds: dict[str, int] = {}

    def enter(self, name: str, build):
        if self.name == name:
            return self.data
        self.close()
        if connection.in_atomic_block:
            raise RuntimeError(
                f"The shared world {name!r} must be opened outside any transaction: request its fixture "
                "first and do not mark the test django_db nor request `db` (the fixture gives database access).")
        with self.blocker.unblock():
            atomic = transaction.atomic()
            # Like Django's TestCase: code under test may open durable blocks inside it.
            atomic._from_testcase = True
            atomic.__enter__()
            try:
                data = build()
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(*sys.exc_info())
                raise
        self.name, self.data, self._atomic = name, data, atomic
        self.builds[name] = self.builds.get(name, 0) + 1
        return data

    def close(self):
        """Roll the open world back: the database is again as migrations left it."""
        if self._atomic is None:
            return
        atomic, self._atomic, self.name, self.data = self._atomic, None, None, None
        with self.blocker.unblock():
            assert connection.atomic_blocks and connection.atomic_blocks[-1] is atomic, \
                "a transaction opened inside the shared world was left open"
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


_worlds: SharedWorlds | None = None


@pytest.fixture(scope="session")
def _shared_worlds(django_db_setup, django_db_blocker):
    """Depends on django_db_setup, so the open world is rolled back before the test database
    is destroyed."""
    global _worlds
    _worlds = SharedWorlds(django_db_blocker)
    yield _worlds
    _worlds.close()
    _worlds = None


def open_shared_world(request, build):
    """For the fixture ``request.fixturename``: the shared world built by ``build()`` (once per
    process), database access for the test inside it (rolled back after the test), and
    MEDIA_ROOT pointed at the world's own files. Register the fixture's name in SHARED_WORLDS."""
    name = request.fixturename
    assert name in SHARED_WORLDS, f"add {name!r} to tests.conftest.SHARED_WORLDS"
    worlds = request.getfixturevalue("_shared_worlds")

    def build_with_media():
        media = request.getfixturevalue("tmp_path_factory").mktemp(f"{name}-media")
        with override_settings(MEDIA_ROOT=media):
            data = build()
        return SimpleNamespace(data=data, media=media)

    world = worlds.enter(name, build_with_media)
    request.getfixturevalue("db")
    request.getfixturevalue("settings").MEDIA_ROOT = world.media
    return world.data


def _world_of(item) -> str | None:
    names = getattr(item, "fixturenames", ())
    return next((w for w in sorted(SHARED_WORLDS) if w in names), None)


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """The tests of one shared world are database tests and run next to each other (placed after
    pytest-django's ordering: database tests, then transactional ones, then the rest): where the
    first of them is, but before any transactional test (those empty the tables the data
    migrations filled). Under pytest-xdist, one worker runs them all (see below)."""
    for item in items:
        # A world's test is a database test for pytest-django (which creates the test database
        # and orders the tests by this name); "db" comes last, so it is set up by the world's
        # fixture, in the world, not before it.
        if _world_of(item) is not None and "db" not in item.fixturenames:
            item.fixturenames.append("db")
    result = yield
    blocks: dict[str, list] = {}
    anchors: dict[str, int] = {}
    rest = []
    for item in items:
        world = _world_of(item)
        if world is None:
            rest.append(item)
            continue
        anchors.setdefault(world, len(rest))
        blocks.setdefault(world, []).append(item)
    if blocks:
        first_transactional = next((i for i, item in enumerate(rest) if _is_transactional(item)), len(rest))
        at = {world: min(anchor, first_transactional) for world, anchor in anchors.items()}
        ordered = []
        for n, item in enumerate([*rest, None]):
            for world, block in blocks.items():
                if at[world] == n:
                    ordered.extend(block)
            if item is not None:
                ordered.append(item)
        items[:] = ordered
    _tell_the_xdist_controller(config, items)
    return result


def _is_transactional(item) -> bool:
    """As pytest-django decides it (such tests empty the database when they end)."""
    from django.test import TestCase, TransactionTestCase

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return not issubclass(cls, TestCase)
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
                               or (marker.args and marker.args[0])):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if _worlds is not None and _worlds.name is not None and _worlds.name not in getattr(item, "fixturenames", ()):
        _worlds.close()


# pytest-xdist: each world's tests go to one worker, as one unit of work. ``--dist loadgroup`` would
# do it with xdist_group marks, but with pytest 9.2 it silently stops grouping (it tags node ids
# in a way pytest no longer reads: pytest-dev/pytest-xdist#1386). The controller does not
# collect, so it cannot see who requests which fixture: each worker writes "node id → world"
# into a directory the controller gave it, and the controller's scheduler — xdist's load-scope
# scheduling, with the world as the scope of its tests and every other test a scope of its own,
# exactly what loadgroup does — reads it. Largest units are scheduled first, so the worlds start
# at once. Only for the default distribution (``-n N``); ``--dist`` other than load is left alone.

WORLDS_DIR = "cds_worlds_dir"


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    config = node.config
    if not hasattr(config, "_cds_worlds_dir"):
        import tempfile

        config._cds_worlds_dir = tempfile.mkdtemp(prefix="cds-worlds-")
    node.workerinput[WORLDS_DIR] = config._cds_worlds_dir


def pytest_unconfigure(config):
    if getattr(config, "_cds_worlds_dir", None):
        import shutil

        shutil.rmtree(config._cds_worlds_dir, ignore_errors=True)


def _tell_the_xdist_controller(config, items):
    folder = getattr(config, "workerinput", {}).get(WORLDS_DIR)
    if folder:
        import json
        import os

        path = os.path.join(folder, config.workerinput["workerid"] + ".json")
        with open(path + ".tmp", "w") as f:
            json.dump({item.nodeid: world for item in items if (world := _world_of(item))}, f)
        os.replace(path + ".tmp", path)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "load":
        return None
    import glob
    import json

    from xdist.scheduler import LoadScopeScheduling

    class WorldScheduling(LoadScopeScheduling):
        """Load-scope scheduling where a shared world's tests are one scope (see above)."""

        worlds: dict | None = None

        def _split_scope(self, nodeid):
            if self.worlds is None:   # read once every worker has collected (and written)
                self.worlds = {}
                for path in glob.glob(f"{config._cds_worlds_dir}/*.json"):
                    with open(path) as f:
                        self.worlds.update(json.load(f))
            world = self.worlds.get(nodeid)
            return f"shared world {world}" if world else nodeid

    return WorldScheduling(config, log)


SHARED_WORLDS.add("demo")


@pytest.fixture
def demo(request):
    """The demo province of ``manage.py load_demo``, built once per process (a shared world);
    ``demo.output`` is what that first run printed."""
    from django.core.management import call_command
    from django.test import override_settings

    def build():
        out = io.StringIO()
        with override_settings(DEMO_MODE=True):  # load_demo refuses to run outside demo mode
            call_command("load_demo", stdout=out)
        return SimpleNamespace(output=out.getvalue())

    return open_shared_world(request, build)
