"""``manage.py load_key_tasks FILE --user USERNAME``

Load the province's Đề án 06 key-task catalogue from FILE (.xlsx, first sheet, or UTF-8 .csv),
as USERNAME (an account of the CĐS authority): every row or none; the errors are printed with
their row numbers (:mod:`cds.surveys.keytask_import`).
"""
from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from cds.core.errors import ServiceError
from cds.surveys.keytask_import import import_key_tasks

MAX_BYTES = 10 * 1024 * 1024


class Command(BaseCommand):
    help = "Nhập danh mục nhiệm vụ trọng tâm Đề án 06 từ tệp Excel (.xlsx) hoặc CSV (tất cả các dòng hoặc không dòng nào)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .xlsx hoặc .csv: Số thứ tự, Tên nhiệm vụ, Nhóm, Nguyên tắc, Mô tả, "
                                         "Đơn vị chủ trì, Thời hạn, Căn cứ")
        parser.add_argument("--user", required=True, help="Tên đăng nhập của người nhập (cơ quan chuyên trách CĐS)")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if path.suffix.lower() not in (".xlsx", ".csv"):
            raise CommandError("Chỉ nhận tệp .xlsx hoặc .csv.")
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError("Tệp quá lớn (tối đa 10 MB).")
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc.strerror}") from None
        user = get_user_model().objects.filter(username=opts["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"Không có tài khoản đang hoạt động “{opts['user']}”.")
        try:
            added, changed = import_key_tasks(user, content, path.name)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        except ServiceError as exc:
            raise CommandError("Không nhập dòng nào:\n" + "\n".join(exc.messages)) from None
        self.stdout.write(f"Đã nhập danh mục: thêm {added} nhiệm vụ, cập nhật {changed} nhiệm vụ.")
