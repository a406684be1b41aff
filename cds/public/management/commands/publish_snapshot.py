"""``manage.py publish_snapshot --tree CODE --prepared-by USERNAME [--as-of YYYY-MM-DD]
[--approved-by USERNAME]``

Prepares a publication snapshot of the tree whose root unit has ``CODE`` (as the CĐS authority
``--prepared-by`` would on the page) and, with ``--approved-by``, has the leader approve it — for
deploy scripts and the benchmark. Everything goes through :mod:`cds.public.services`, with their
rules (roles, tree, maker ≠ checker). A refusal stops the command with its Vietnamese message and
changes nothing: with ``--approved-by``, a refused approval also undoes the preparation.
"""
import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cds.accounts.models import User
from cds.core.errors import error_messages
from cds.orgs.models import Unit
from cds.public import services
from cds.text.format import num, vndate


def _user(username, option: str) -> User:
    name = str(username or "").strip()
    if not name:
        raise CommandError(f"{option}: chưa nhập tên đăng nhập.")
    user = User.objects.filter(username=name).select_related("unit").first()
    if user is None or not user.is_active:
        raise CommandError(f"{option}: không có người dùng đang hoạt động có tên đăng nhập “{name[:60]}”.")
    return user


def _refusal(exc) -> str:
    if isinstance(exc, PermissionDenied):
        return str(exc) or "Không có quyền thực hiện thao tác này."
    return " ".join(error_messages(exc))


class Command(BaseCommand):
    help = ("Lập bản công bố công khai của một tỉnh/bộ (và, với --approved-by, lãnh đạo duyệt công bố) "
            "qua các quy tắc của hệ thống.")

    def add_arguments(self, parser):
        parser.add_argument("--tree", required=True, help="Mã đơn vị gốc của tỉnh/bộ (ví dụ T01).")
        parser.add_argument("--as-of", dest="as_of", help="Số liệu đến ngày, dạng YYYY-MM-DD (mặc định: hôm nay).")
        parser.add_argument("--prepared-by", dest="prepared_by", required=True,
                            help="Tên đăng nhập của người lập (cơ quan chuyên trách CĐS hoặc quản trị).")
        parser.add_argument("--approved-by", dest="approved_by",
                            help="Tên đăng nhập của lãnh đạo duyệt công bố (khác người lập).")

    def handle(self, *args, **options):
        code = str(options["tree"] or "").strip()
        root = Unit.objects.filter(code=code, parent__isnull=True).first() if code else None
        if root is None:
            raise CommandError(f"--tree: không có tỉnh/bộ (đơn vị gốc) có mã “{code[:40]}”.")
        as_of = None
        if options.get("as_of"):
            try:
                as_of = dt.date.fromisoformat(str(options["as_of"]).strip())
            except ValueError:
                raise CommandError("--as-of phải là một ngày có dạng YYYY-MM-DD.") from None
        preparer = _user(options["prepared_by"], "--prepared-by")
        approver = _user(options["approved_by"], "--approved-by") if options.get("approved_by") else None
        if approver is not None and approver.pk == preparer.pk:
            raise CommandError("--approved-by: người duyệt công bố phải khác người lập.")
        try:
            with transaction.atomic():
                snap = services.prepare(preparer, root, as_of=as_of)
                if approver is not None:
                    snap = services.decide(approver, snap, True, "Duyệt công bố.", expected_version=snap.version)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(_refusal(exc)) from None
        counts = snap.counts or {}
        state = "đã được duyệt công bố" if approver is not None else "chờ lãnh đạo duyệt"
        self.stdout.write(self.style.SUCCESS(
            f"Bản công bố số {snap.number} của {root.name} (số liệu đến ngày {vndate(snap.as_of)}) {state}: "
            f"{num(counts.get('projects', 0))} dự án, {num(counts.get('systems', 0))} hệ thống, "
            f"{num(counts.get('library', 0))} mô hình; {num(counts.get('withheld', 0))} dự án không công bố."))
