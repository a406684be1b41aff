"""Library entries for the tests: made through the services, as a unit and the CĐS authority
would (drafted and submitted by a unit user, published by the appraiser)."""
import pytest

from cds.library import services
from cds.library.models import Status


def make_practice(author, unit, *, title="Một cửa điện tử liên thông cấp xã", checker=None,
                  status=Status.PUBLISHED, **data):
    fields = {"title": title, "problem": "Hồ sơ thủ tục hành chính xử lý thủ công, chậm trễ.",
              "solution": "Dùng chung hệ thống một cửa điện tử kết nối LGSP.", "unit": unit, **data}
    practice = services.create_practice(author, fields)
    if status == Status.DRAFT:
        return practice
    practice = services.submit(author, practice, expected_version=practice.version)
    if status == Status.SUBMITTED:
        return practice
    if status == Status.RETURNED:
        return services.return_practice(checker, practice, "Bổ sung kết quả đo được.",
                                        expected_version=practice.version)
    practice = services.publish(checker, practice, expected_version=practice.version)
    if status == Status.WITHDRAWN:
        return services.withdraw(checker, practice, "Không còn phù hợp.", expected_version=practice.version)
    return practice


@pytest.fixture
def practice_of(cast):
    """practice_of(author, unit, status=…, **fields): an entry checked by the appraiser."""
    def make(author, unit, **kwargs):
        kwargs.setdefault("checker", cast.appraiser)
        return make_practice(author, unit, **kwargs)
    return make
