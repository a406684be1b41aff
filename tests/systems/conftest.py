"""A small systems map of the test province: its LGSP hub, a core e-office system, Sở KH&CN's
land system and Sở Y tế's hospital system; a national population database; and the ministry's
own system in the other tree."""
from types import SimpleNamespace

import pytest

from cds.catalog.models import DataEntity
from cds.systems import services
from cds.systems.models import Category, InformationSystem


def entity(code, name):
    return DataEntity.objects.get_or_create(code=code, defaults={"name": name})[0]


def build_systems(cast, units):
    a = cast.appraiser
    dancu = entity("DANCU", "Dân cư")
    datdai = entity("DATDAI", "Đất đai")
    national = InformationSystem.objects.filter(category=Category.NATIONAL, code="T-CSDLQG-DANCU").first() or \
        services.create_system(cast.admin, {"code": "T-CSDLQG-DANCU", "name": "CSDL quốc gia về dân cư (thử)",
                                            "category": Category.NATIONAL, "operator": "Bộ Công an"})
    services.save_holding(cast.admin, national, entity=dancu, role="master")
    lgsp = services.create_system(a, {"name": "Nền tảng LGSP tỉnh", "category": Category.CORE, "is_hub": True,
                                      "owner_unit": units.skhcn})
    qlvb = services.create_system(a, {"name": "Hệ thống quản lý văn bản và điều hành", "category": Category.CORE,
                                      "owner_unit": units.skhcn})
    land = services.create_system(cast.staff_a, {"name": "Hệ thống thông tin đất đai tỉnh",
                                                 "category": Category.SECTOR, "owner_unit": units.skhcn,
                                                 "core_system": lgsp})
    hospital = services.create_system(cast.staff_b, {"name": "Phần mềm quản lý bệnh viện đa khoa",
                                                     "category": Category.SECTOR, "owner_unit": units.syt})
    ministry = services.create_system(cast.outsider, {"name": "Hệ thống văn bản nội bộ của Bộ",
                                                      "category": Category.CORE, "owner_unit": units.bo_vp})
    return SimpleNamespace(national=national, lgsp=lgsp, qlvb=qlvb, land=land, hospital=hospital, ministry=ministry,
                           dancu=dancu, datdai=datdai)


@pytest.fixture
def systems(cast, units):
    return build_systems(cast, units)
