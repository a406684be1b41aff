"""Publication for the tests: a snapshot prepared by the CĐS authority and approved by the
leader, as in the product."""
import pytest

from cds.public import services


def publish(preparer, approver, root, **kwargs):
    snap = services.prepare(preparer, root, **kwargs)
    return services.decide(approver, snap, True, "Đồng ý công bố.", expected_version=snap.version)


@pytest.fixture
def published(cast, units):
    """published(): the test province's snapshot, prepared by the appraiser, approved by the leader."""
    def make(root=None, **kwargs):
        return publish(cast.appraiser, cast.leader, root or units.tinh, **kwargs)
    return make
