"""Overlap review of the demo province: the daily scan is run once over the finished
registry, and the CĐS appraiser ("thamdinh") has already concluded on two pairs — the district
land database of Vĩnh Lâm (2022) duplicates the province's land database in operation since
2020, and the province's update of that database is related to (extends) it. The rest stay
pending in the queue, as after a real scan."""
from __future__ import annotations

from cds.overlap import services
from cds.overlap.models import OverlapPair
from cds.projects.models import Project

DECISIONS = [
    ("Xây dựng CSDL đất đai huyện Vĩnh Lâm", "Xây dựng cơ sở dữ liệu đất đai tỉnh Sơn Lâm", "duplicate",
     "CSDL đất đai của tỉnh đã vận hành từ năm 2020, bao phủ toàn tỉnh; huyện xây dựng CSDL riêng là trùng lặp. "
     "Đề nghị dừng phần xây dựng phần mềm, chỉ chỉnh lý, số hóa hồ sơ địa chính và cập nhật vào CSDL của tỉnh."),
    ("Cập nhật, chỉnh lý và hoàn thiện CSDL đất đai tỉnh Sơn Lâm", "Xây dựng cơ sở dữ liệu đất đai tỉnh Sơn Lâm",
     "related", "Dự án cập nhật, làm sạch dữ liệu trên chính CSDL đất đai đang vận hành — kế thừa, không trùng lặp."),
]


def build_overlaps(builder) -> dict:
    found = services.scan()
    reviewer = builder.users["thamdinh"]
    decided = 0
    for a_name, b_name, status, reason in DECISIONS:
        a = Project.objects.filter(name__startswith=a_name).first()
        b = Project.objects.filter(name__startswith=b_name).first()
        if a is None or b is None:
            continue
        lo, hi = sorted((a.pk, b.pk))
        pair = OverlapPair.objects.filter(project_id=lo, other_project_id=hi).first()
        if pair is None:  # the engine did not propose it: nothing to conclude on
            continue
        services.decide(reviewer, pair, status, reason, expected_version=pair.version)
        decided += 1
    return {"pairs": found, "decided": decided}
