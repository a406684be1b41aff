"""``manage.py import_packages FILE --mapping CODE --user USERNAME [--project CODE]``

Imports the packages of a unit's Excel sheet or of the national e-procurement system's export
with the engine of the import page (:mod:`cds.procurement.importer`): the same upload checks,
the same rows, all or nothing, on behalf of ``--user`` and within what that user may record.
A file with any error changes nothing: each error is printed and the command exits non-zero.
"""
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from cds.core.errors import ServiceError
from cds.procurement import importer
from cds.procurement.models import ColumnMapping
from cds.text.format import num

SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = ("Nhập gói thầu từ bảng Excel của đơn vị hoặc tệp kết quả xuất từ Hệ thống mạng đấu thầu quốc gia "
            "(tất cả hoặc không).")

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp .xlsx hoặc .csv.")
        parser.add_argument("--mapping", required=True, help="Mã ánh xạ cột, ví dụ unit_sheet hoặc muasamcong.")
        parser.add_argument("--user", required=True, help="Tên đăng nhập của người nhập.")
        parser.add_argument("--project", help="Mã nhiệm vụ/dự án cho các dòng không ghi mã.")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"Không có tài khoản đang hoạt động “{options['user']}”.")
        mapping = ColumnMapping.objects.filter(code=options["mapping"]).first()
        if mapping is None:
            codes = ", ".join(ColumnMapping.objects.order_by("code").values_list("code", flat=True))
            raise CommandError(f"Không có ánh xạ cột mã “{options['mapping']}” (có: {codes}).")
        project = None
        if options["project"]:
            project = importer.recordable_projects(user).filter(code=options["project"].strip()).first()
            if project is None:
                raise CommandError(f"Không tìm thấy nhiệm vụ/dự án mã “{options['project']}” trong các nhiệm vụ/dự "
                                   "án tài khoản này được ghi thông tin đấu thầu.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp “{path}”.")
        limit = settings.MAX_IMPORT_BYTES
        with path.open("rb") as fh:
            content = fh.read(limit + 1)
        upload = SimpleUploadedFile(path.name, content)
        try:
            importer.ensure_can_import(user)
            try:
                kind, data = importer.check_upload(upload)
            except ServiceError as exc:
                refused = importer.ImportResult(file_name=path.name[-255:], mapping=mapping.code)
                for message in exc.messages:
                    refused.file_error(message)
                importer.rejected(user, refused)
                raise importer.ImportRejected(refused) from None
            result = importer.apply(user, mapping, kind, data, path.name, project)
        except importer.ImportRejected as exc:
            self._errors(exc.result)
            raise CommandError(f"Tệp có {num(exc.result.error_count)} lỗi; chưa ghi gói thầu nào.") from None
        except (ServiceError, PermissionDenied) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", None) or [str(exc)])) from None
        self.stdout.write(self.style.SUCCESS(
            f"Đã nhập {num(result.created)} gói thầu ({num(result.results)} gói có kết quả lựa chọn nhà thầu; lập mới "
            f"{num(result.plans_created)} kế hoạch lựa chọn nhà thầu) từ tệp “{result.file_name}”."))

    def _errors(self, result) -> None:
        for message in result.messages[:SHOWN_ERRORS]:
            self.stderr.write(message)
        if result.error_count > SHOWN_ERRORS:
            self.stderr.write(f"… và {num(result.error_count - SHOWN_ERRORS)} lỗi khác.")
