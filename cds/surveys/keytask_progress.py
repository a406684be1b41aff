"""Reads of the Đề án 06 progress view: per-task counts of the units' statuses, the unit × task
matrix and its Excel copy. Every function works on rows already scoped by
:mod:`cds.surveys.permissions` and costs a fixed number of queries, whatever the number of
tasks and units."""
from __future__ import annotations

import io
from dataclasses import dataclass

from django.db.models import Avg, Count, Q
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from cds.orgs.models import Unit
from cds.reports.xlsx import close_list_sheet, open_list_sheet
from cds.text.chars import xml_safe

from .models import KeyTaskProgress

# Symbols of the matrix (the legend under it spells them out).
SYMBOLS = {
    KeyTaskProgress.DONE: "✔",
    KeyTaskProgress.IN_PROGRESS: "◐",
    KeyTaskProgress.BLOCKED: "✖",
    KeyTaskProgress.NOT_STARTED: "○",
}
CSS = {
    KeyTaskProgress.DONE: "kt-done",
    KeyTaskProgress.IN_PROGRESS: "kt-progress",
    KeyTaskProgress.BLOCKED: "kt-blocked",
    KeyTaskProgress.NOT_STARTED: "kt-not-started",
}
FILLS = {
    KeyTaskProgress.DONE: "D1E7DD",
    KeyTaskProgress.IN_PROGRESS: "FFF3CD",
    KeyTaskProgress.BLOCKED: "F8D7DA",
    KeyTaskProgress.NOT_STARTED: "E9ECEF",
}


@dataclass(frozen=True)
class TaskCounts:
    units: int = 0            # units that reported
    done: int = 0
    in_progress: int = 0
    blocked: int = 0
    not_started: int = 0
    average: float | None = None   # average percent over the units that reported

    @property
    def average_percent(self) -> int:
        return round(self.average) if self.average is not None else 0


EMPTY = TaskCounts()


def task_counts(statuses) -> dict[int, TaskCounts]:
    """{task id: counts} over ``statuses`` (a scoped KeyTaskStatus queryset), in one query."""
    rows = (statuses.order_by().values("task_id")
            .annotate(units=Count("id"),
                      done=Count("id", filter=Q(progress=KeyTaskProgress.DONE)),
                      in_progress=Count("id", filter=Q(progress=KeyTaskProgress.IN_PROGRESS)),
                      blocked=Count("id", filter=Q(progress=KeyTaskProgress.BLOCKED)),
                      not_started=Count("id", filter=Q(progress=KeyTaskProgress.NOT_STARTED)),
                      average=Avg("percent")))
    return {r.pop("task_id"): TaskCounts(**r) for r in rows}


@dataclass(frozen=True)
class Cell:
    progress: str
    percent: int

    @property
    def symbol(self) -> str:
        return SYMBOLS.get(self.progress, "")

    @property
    def css(self) -> str:
        return CSS.get(self.progress, "")

    @property
    def label(self) -> str:
        return KeyTaskProgress(self.progress).label


@dataclass
class MatrixRow:
    unit: Unit
    cells: list          # one Cell or None per task, in the order of the tasks


def matrix(statuses, tasks) -> list[MatrixRow]:
    """Units that reported on any of ``tasks`` (rows, in the order of the unit tree) × ``tasks``
    (columns): two queries."""
    found: dict[int, dict[int, Cell]] = {}
    for task_id, unit_id, progress, percent in statuses.order_by().values_list("task_id", "unit_id", "progress",
                                                                               "percent"):
        found.setdefault(unit_id, {})[task_id] = Cell(progress, percent)
    units = Unit.objects.filter(pk__in=list(found)).order_by("path").only("pk", "name", "short_name", "path")
    return [MatrixRow(u, [found[u.pk].get(t.pk) for t in tasks]) for u in units]


def matrix_xlsx(tasks, rows: list[MatrixRow], counts: dict[int, TaskCounts], subtitle: str) -> io.BytesIO:
    """The unit × task matrix as an Excel sheet: a row per unit (each cell "Hoàn thành (100%)" …)
    then a row of the units reported and of the average percent per task."""
    headers = ["Đơn vị"] + [f"{t.number}. {t.name[:60]}" for t in tasks]
    widths = [36] + [18] * len(tasks)
    wb, ws = open_list_sheet("Tiến độ Đề án 06", "Tình hình thực hiện nhiệm vụ trọng tâm Đề án 06",
                             subtitle, headers, widths, header_height=60)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        line = [WriteOnlyCell(ws, value=xml_safe(row.unit.name))]
        for cell in row.cells:
            c = WriteOnlyCell(ws, value=f"{cell.label} ({cell.percent}%)" if cell else "")
            c.alignment = wrap
            if cell:
                c.fill = PatternFill("solid", fgColor=FILLS[cell.progress])
            line.append(c)
        ws.append(line)
    bold = Font(bold=True)
    totals = [("Số đơn vị đã báo cáo", lambda n: n.units), ("Hoàn thành", lambda n: n.done),
              ("Vướng mắc", lambda n: n.blocked), ("Tỷ lệ hoàn thành bình quân (%)", lambda n: n.average_percent)]
    for label, value in totals:
        first = WriteOnlyCell(ws, value=label)
        first.font = bold
        ws.append([first] + [value(counts.get(t.pk, EMPTY)) for t in tasks])
    out = io.BytesIO()
    close_list_sheet(wb, ws, out, len(headers), len(rows) + len(totals))
    out.seek(0)
    return out
