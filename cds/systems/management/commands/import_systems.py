"""``manage.py import_systems <tệp.xlsx> --user <tên đăng nhập> [--kiem-tra]``: the inventory
import of the page, with its rules and messages (same upload checks, same all-or-nothing)."""
from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from cds.accounts.models import User
from cds.core.errors import ServiceError
from cds.systems import importer


class Command(BaseCommand):
    help = "Nhập danh mục hệ thống thông tin từ tệp Excel theo mẫu (tất cả hoặc không)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .xlsx theo mẫu")
        parser.add_argument("--user", required=True, help="Tên đăng nhập của người nhập (quyền như trên trang)")
        parser.add_argument("--kiem-tra", "--dry-run", action="store_true", dest="dry_run",
                            help="Chỉ kiểm tra, không ghi gì")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["user"], is_active=True).select_related("unit").first()
        if user is None:
            raise CommandError(f"Không tìm thấy người dùng “{options['user']}” (hoặc tài khoản đã khóa).")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp “{path}”.")
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        try:
            result, data = importer.preview(user, upload)
            if result.ok and data is not None and not options["dry_run"]:
                result = importer.apply(user, data, path.name)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        except importer.ImportRejected as exc:
            result = exc.result
        except ServiceError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        for warning in result.warnings:
            self.stderr.write(warning)
        if not result.ok:
            for message in result.messages:
                self.stderr.write(message)
            raise CommandError(f"Tệp có {result.error_count} lỗi; chưa ghi dòng nào.")
        verb = "Kiểm tra xong, tệp hợp lệ" if options["dry_run"] else "Đã nhập"
        created = len(result.to_create) if options["dry_run"] else result.created
        updated = len(result.to_update) if options["dry_run"] else result.updated
        links = len(result.links) if options["dry_run"] else result.links_saved
        self.stdout.write(f"{verb}: thêm {created} hệ thống, cập nhật {updated} hệ thống, {links} kết nối.")
