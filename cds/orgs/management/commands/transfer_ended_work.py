"""``manage.py transfer_ended_work [--unit CODE [--to CODE]] [--by USERNAME] [--today YYYY-MM-DD]``

Hands the open work (directive tasks, effectiveness reviews, appraisal opinions …) of units that
have ended to their successors, through :func:`cds.orgs.services.transfer_ended_work` (every
ended unit) or :func:`cds.orgs.services.hand_over_work` (one unit, optionally to a chosen
successor). Run daily with the other jobs: a unit whose last day has just passed is handed over
the next morning; a second run moves nothing new. Without ``--by`` the system acts on behalf of
whoever recorded the reorganisation.
"""
import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cds.core.errors import ServiceError
from cds.orgs.models import Unit
from cds.orgs.services import hand_over_work, transfer_ended_work


class Command(BaseCommand):
    help = ("Chuyển công việc còn mở (nhiệm vụ được giao, báo cáo đánh giá, ý kiến thẩm định…) của đơn vị đã "
            "kết thúc hoạt động cho đơn vị kế thừa (chạy hằng ngày; chạy lại không chuyển trùng).")

    def add_arguments(self, parser):
        parser.add_argument("--unit", help="Mã đơn vị đã kết thúc (mặc định: mọi đơn vị đã kết thúc).")
        parser.add_argument("--to", help="Mã đơn vị kế thừa nhận công việc (chỉ dùng với --unit).")
        parser.add_argument("--by", help="Tên đăng nhập người thực hiện (mặc định: người đã ghi nhận việc sắp xếp).")
        parser.add_argument("--today", help="Ngày xét, dạng YYYY-MM-DD (mặc định: hôm nay).")

    def _unit(self, code):
        try:
            return Unit.objects.get(code=code)
        except Unit.DoesNotExist:
            raise CommandError(f"Không có đơn vị mã “{code}”.") from None

    def handle(self, *args, **options):
        try:
            day = dt.date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError:
            raise CommandError("--today phải có dạng YYYY-MM-DD.") from None
        actor = None
        if options["by"]:
            actor = get_user_model().objects.filter(username=options["by"], is_active=True).first()
            if actor is None:
                raise CommandError(f"Không có tài khoản đang hoạt động “{options['by']}”.")
        if options["to"] and not options["unit"]:
            raise CommandError("--to chỉ dùng cùng --unit.")
        try:
            if options["unit"]:
                unit = self._unit(options["unit"])
                successor = self._unit(options["to"]) if options["to"] else None
                results = {unit: hand_over_work(unit, actor=actor, successor=successor, day=day)}
            else:
                results = transfer_ended_work(actor=actor, day=day)
        except ServiceError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        moved = flagged = 0
        for unit, outcomes in results.items():
            for out in outcomes:
                moved, flagged = moved + out.moved, flagged + out.flagged
                if out.moved or out.flagged:
                    self.stdout.write(f"{unit.name}: {out.label} — chuyển {out.moved}, cần giao lại {out.flagged}")
                    for line in out.details:
                        self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS(f"Đã xét {len(results)} đơn vị đã kết thúc: chuyển {moved} việc, "
                                             f"{flagged} việc cần giao lại (đã báo cơ quan chuyên trách CĐS)."))
