"""``manage.py extract_assignments FILE [--json] [--date YYYY-MM-DD] [--root CODE]``

Read a directive's text from FILE (UTF-8; "-" for standard input) and print the proposed
assignments — the same JSON as ``POST /api/v1/directives/extract`` with ``--json``, a readable
list otherwise. Units are matched against the tree ``--root`` (a root unit's code; default: the
only province, or the first root — :func:`cds.directives.extract.command_root`); with no
registry (an empty one, or no database yet) names are proposed as written, with a notice on
standard error. Nothing is written.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cds.core.errors import ServiceError
from cds.directives import extract


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
            raise CommandError(f"Không đọc được tệp {opts['file']}: {exc}") from None
        reference = None
        if opts["date"]:
            try:
                reference = dt.date.fromisoformat(opts["date"])
            except ValueError:
                raise CommandError("--date phải có dạng YYYY-MM-DD.") from None
        try:
            gaz, notice = extract.command_gazetteer(opts["root"])
            if notice:
                self.stderr.write(notice)
            found = extract.extract_text(text, reference=reference, gaz=gaz)
        except ServiceError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
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
