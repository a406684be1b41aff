"""Factories for tests. Projects are created through the service (as users would), so
codes, search text, history and audit rows are real."""
import datetime as dt

import factory

from cds.accounts.models import Role, User
from cds.catalog.models import FundingSource, Programme
from cds.orgs.models import Unit, UnitKind
from cds.orgs.services import save_unit
from cds.rules.models import LegalRegime


def make_unit(code, name, *, parent=None, kind=UnitKind.DEPARTMENT, short_name="", aliases=(), valid_from=None,
              valid_to=None):
    unit = Unit(code=code, name=name, short_name=short_name, kind=kind, parent=parent, valid_from=valid_from,
                valid_to=valid_to)
    return save_unit(unit, aliases=list(aliases))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="vi_VN")
    last_name = factory.Faker("last_name", locale="vi_VN")
    role = Role.UNIT_STAFF
    password = factory.PostGenerationMethodCall("set_password", "Test@12345")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def regime(code="ND73_2019"):
    return LegalRegime.objects.get(code=code)


def source(code="NSDP-DT"):
    return FundingSource.objects.get(code=code)


def programme(code="KH-CDS"):
    return Programme.objects.get(code=code)


def project_data(unit, **overrides):
    data = {
        "name": "Xây dựng cơ sở dữ liệu đất đai tỉnh",
        "objectives": "Số hóa hồ sơ địa chính, kết nối CSDL quốc gia về đất đai.",
        "scope": "Toàn tỉnh",
        "kind": "investment",
        "group": "C",
        "regime": regime(),
        "programme": programme(),
        "investor_unit": unit,
        "lead_unit": None,
        "start_year": 2024,
        "end_year": 2025,
        "carried_over": False,
        "funding_sources": [source()],
        "coordinating_units": [],
        "capabilities": [],
        "data_entities": [],
    }
    data.update(overrides)
    return data


def make_project(actor, unit, *, occurred_on=None, **overrides):
    """A project registered through the service (on ``occurred_on``: a unit that has ended since
    could still register work then)."""
    from cds.projects.services import create_project

    return create_project(actor, project_data(unit, **overrides), occurred_on=occurred_on)


TODAY = dt.date.today()
