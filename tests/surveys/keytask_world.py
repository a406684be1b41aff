"""A small Đề án 06 catalogue over the test province, shared by the key-task tests: two tasks
(number 1 led by Sở KH&CN, linked to project A and to a directive task; number 2 led by Sở Y tế)
in two groups."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from cds.directives import services as directives
from cds.surveys import services

TODAY = dt.date.today()


def directive_task(cast, units):
    directive = directives.create_directive(cast.appraiser, {
        "kind": "cong_van", "number": "152/UBND-NC", "issued_on": TODAY - dt.timedelta(days=30),
        "issuer": units.tinh, "signer": "Chủ tịch UBND tỉnh", "title": "Về triển khai Đề án 06", "full_text": ""})
    return directives.add_task(cast.appraiser, directive, {
        "content": "Kết nối cơ sở dữ liệu hộ tịch với cơ sở dữ liệu quốc gia về dân cư", "lead_unit": units.skhcn.pk,
        "coordinating_units": [], "deadline": TODAY + dt.timedelta(days=30), "responsible": "Giám đốc Sở",
        "expected_product": "Báo cáo"})


def task_data(units, **overrides):
    data = {"number": 1, "name": "Làm sạch dữ liệu dân cư phục vụ thủ tục hành chính", "group": "Dữ liệu",
            "principles": "5 rõ", "description": "", "lead_unit": units.skhcn,
            "deadline": TODAY + dt.timedelta(days=90), "basis": "Kế hoạch của UBND tỉnh", "projects": [],
            "directive_tasks": []}
    data.update(overrides)
    return data


def build(cast, units, projects):
    dtask = directive_task(cast, units)
    first = services.save_key_task(cast.appraiser, task_data(units, projects=[projects.a], directive_tasks=[dtask]))
    second = services.save_key_task(cast.appraiser, task_data(
        units, number=2, name="Triển khai dịch vụ công trực tuyến toàn trình", group="Thủ tục hành chính",
        lead_unit=units.syt))
    return SimpleNamespace(first=first, second=second, dtask=dtask)
