"""The project page's history: the project, its budget ledger and its documents, as diffs."""
from __future__ import annotations

from cds.audit.history import HistoryRow, build_history

from .models import BudgetEntry, Project, ProjectDocument, Stage


def project_history(project: Project) -> list[HistoryRow]:
    stage_labels = dict(Stage.choices)
    return build_history([
        (Project, project.history.select_related("history_user").all(), lambda r: "Thông tin nhiệm vụ/dự án"),
        (BudgetEntry, BudgetEntry.history.filter(project_id=project.pk).select_related("history_user"),
         lambda r: f"Sổ ngân sách: {stage_labels.get(r.stage, r.stage)} {r.year}"),
        (ProjectDocument, ProjectDocument.history.filter(project_id=project.pk).select_related("history_user"),
         lambda r: f"Văn bản số {r.number}"),
    ])
