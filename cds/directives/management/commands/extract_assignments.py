"""``manage.py extract_assignments FILE [--json] [--date YYYY-MM-DD] [--root CODE]``

Read a directive's text from FILE (UTF-8; "-" for standard input) and print the proposed
assignments — the same JSON as ``POST /api/v1/directives/extract`` with ``--json``, a readable
list otherwise. Units are matched against the tree ``--root`` (a root unit's code; default: the
only province, or the first root). Nothing is written.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cds.directives import extract
from cds.orgs.models import Unit, UnitKind


class Command(BaseCommand):
    help = "Đề xuất các nhiệm vụ được giao (đơn vị chủ trì, phối hợp, thời hạn) từ một văn bản chỉ đạo."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp văn bản UTF-8, hoặc - để đọc từ đầu vào chuẩn")
        parser.add_argument("--json", action="store_true", help="In JSON như API /api/v1/directives/extract")
        parser.add_argument("--date", help="Ngày ban hành YYYY-MM-DD (năm của các thời hạn không ghi năm)")
        parser.add_argument("--root", help="Mã đơn vị gốc (tỉnh/bộ) để đối chiếu tên đơn vị")

    def handle(self, *args, **opts):
        try:
            text = sys.stdin.read() if opts["file"] == "-" else Path(opts["file"]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Không đọc được tệp {opts['file']}: {exc}")
        reference = None
        if opts["date"]:
            try:
                reference = dt.date.fromisoformat(opts["date"])
            except ValueError:
                raise CommandError("--date phải có dạng YYYY-MM-DD.")
        roots = Unit.objects.filter(parent__isnull=True)
        if opts["root"]:
            root = roots.filter(code=opts["root"]).first()
            if root is None:
                raise CommandError(f"Không có đơn vị gốc mã {opts['root']}.")
        else:
            root = roots.filter(kind=UnitKind.PROVINCE).order_by("pk").first() or roots.order_by("pk").first()
        if not text.strip():
            raise CommandError("Chưa có nội dung văn bản để trích xuất.")
        if len(text) > extract.MAX_CHARS:
            raise CommandError(f"Văn bản vượt {extract.MAX_CHARS} ký tự; hãy tách thành từng phần.")
        gaz = extract.Gazetteer.for_root(root) if root else extract.Gazetteer([], {})
        found = extract.extract(text, gaz, reference)
        if opts["json"]:
            self.stdout.write(json.dumps({"assignments": [a.as_json() for a in found]}, ensure_ascii=False, indent=2))
            return
        if not found:
            self.stdout.write("Không tìm thấy nhiệm vụ nào được giao.")
            return
        for n, a in enumerate(found, start=1):
            deadline = a.deadline.strftime("%d/%m/%Y") if a.deadline else "—"
            self.stdout.write(f"{n}. {a.lead} → {a.task}")
            if a.coordinating:
                self.stdout.write(f"   phối hợp: {', '.join(a.coordinating)}")
            self.stdout.write(f"   thời hạn: {deadline}" + (f" ({a.deadline_text})" if a.deadline_text else ""))
            for w in a.warnings:
                self.stdout.write(f"   ! {w}")
