"""The shared worlds of tests/conftest.py keep their promise: built once per process, seen by each
of their tests, changed by none of them for the next, and gone for every other test."""
import pytest
from django.db import transaction

from cds.catalog.models import Capability
from tests import conftest
from tests.conftest import SHARED_WORLDS, SharedWorlds, open_shared_world

WORLD_CODE = "THU-NGHIEM-THE-GIOI"
SCRATCH_CODE = "THU-NGHIEM-TAM"

SHARED_WORLDS.add("tiny_world")


@pytest.fixture
def tiny_world(request):
    def build():
        return Capability.objects.create(code=WORLD_CODE, name="Năng lực của thế giới thử").pk

    return open_shared_world(request, build)


def _sees_the_world_alone(world_pk):
    assert Capability.objects.filter(pk=world_pk, code=WORLD_CODE).exists()
    assert not Capability.objects.filter(code=SCRATCH_CODE).exists()   # the other test's write: rolled back
    assert conftest._worlds.builds["tiny_world"] == 1                # one build for both tests
    Capability.objects.create(code=SCRATCH_CODE, name="Ghi tạm trong một bài kiểm thử")


def test_a_world_test_sees_the_world_and_not_what_another_wrote(tiny_world):
    _sees_the_world_alone(tiny_world)


def test_another_world_test_neither(tiny_world):
    _sees_the_world_alone(tiny_world)


def test_a_test_outside_the_world_finds_the_database_as_migrations_left_it(db):
    assert not Capability.objects.filter(code__in=[WORLD_CODE, SCRATCH_CODE]).exists()


def test_a_world_cannot_open_inside_a_transaction(db, django_db_blocker):
    with pytest.raises(RuntimeError, match="outside any transaction"):
        SharedWorlds(django_db_blocker).enter("inside", lambda: None)
    assert transaction.get_connection().in_atomic_block
