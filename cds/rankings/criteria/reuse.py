"""The reuse criterion: a unit's share of its new proposals that reuse a model of the library
(registered with "Tái sử dụng mô hình", linked to a published entry by
:class:`cds.library.models.Reuse`).

Its default weight is 0: the default weights of a new method total 100 points, which a method
must have to be submitted, and the established criteria keep theirs. A method that wants to
reward reuse gives it points (taking them from another criterion) when it is drafted.
"""
from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.utils import timezone

from cds.library.models import Reuse
from cds.projects.models import Project
from cds.projects.permissions import scope_projects

from . import Context, Measure, Spec, register

DEFAULT_WEIGHT = 0


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def reuse(ctx: Context) -> dict[int, Measure]:
    reused = Reuse.objects.filter(project=OuterRef("pk"))
    rows = (Project.objects.filter(ctx.unit_q("investor_unit"), created_at__gte=_start_of(ctx.starts_on),
                                   created_at__lt=_start_of(ctx.ends_on + dt.timedelta(days=1)))
            .order_by().annotate(reused=Exists(reused)).values_list("investor_unit_id", "pk", "reused"))
    return ctx.tally(rows)


register(Spec(
    code="reuse", name="Tái sử dụng mô hình, thiết kế điển hình", weight=DEFAULT_WEIGHT, order=70,
    source="Danh mục nhiệm vụ, dự án và thư viện mô hình, thiết kế điển hình: đề xuất được đăng ký bằng "
           "“Tái sử dụng mô hình” từ một mô hình đã công bố.",
    formula=("Tính các nhiệm vụ, dự án do đơn vị làm chủ đầu tư, chủ trì (kể cả của đơn vị tiền thân) được đăng "
             "ký mới trong kỳ xếp hạng (theo ngày đăng ký vào danh mục). Đề xuất đạt khi được đăng ký bằng “Tái "
             "sử dụng mô hình” từ một mô hình, thiết kế điển hình đã công bố trong thư viện và được gắn với mô "
             "hình đó. Đề xuất không tái sử dụng mô hình nào không bị coi là vi phạm; tiêu chí ghi nhận đơn vị "
             "học tập, nhân rộng cách làm đã được chứng minh hiệu quả. "
             "Giá trị = số đề xuất tái sử dụng mô hình ÷ số đề xuất được tính."),
    model="projects.project", compute=reuse, scope=scope_projects))
