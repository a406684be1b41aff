"""Reads for the dossier page, scoped by the access helper and fetched in a fixed number of
queries whatever the number of documents, opinions or events."""
from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from cds.accounts import access
from cds.rules.models import ChecklistItem, ItemKind, Step

from . import findings as findings_mod
from . import services
from .models import Dossier, DossierDocument, DossierEvent, Opinion
from .permissions import can_answer_opinion


def dossier_queryset():
    return Dossier.objects.select_related(
        "project__investor_unit", "project__regime", "project__programme", "procedure__regime",
        "created_by", "submitted_by", "concluded_by", "countersigned_by", "decided_by",
    ).prefetch_related(
        "procedure__time_limits",
        Prefetch("procedure__checklist", queryset=ChecklistItem.objects.order_by("kind", "order", "id")),
        Prefetch("documents", queryset=DossierDocument.objects.select_related("uploaded_by").order_by("kind", "-version")),
        Prefetch("opinions", queryset=Opinion.objects.select_related("unit", "requested_by", "answered_by")),
        Prefetch("events", queryset=DossierEvent.objects.select_related("actor")),
        "pauses", "results",
    )


def dossier_page(user, dossier) -> dict:
    today = timezone.localdate()
    checklist = list(dossier.procedure.checklist.all())
    current = services.current_documents(dossier)
    missing = {i.pk for i in services.missing_documents(dossier)}
    doc_items = []
    for item in checklist:
        if item.kind != ItemKind.DOCUMENT:
            continue
        kinds = [k for k in item.document_kind.split("|") if k]
        doc_items.append({"item": item, "doc": next((current[k] for k in kinds if k in current), None),
                          "missing": item.pk in missing})
    results = {r.item_id: r for r in dossier.results.all()}
    show_findings = access.has_role(user, *access.WIDE_ROLES)
    found = findings_mod.findings(user, dossier) if show_findings and dossier.status != "draft" else {}
    content = [{"item": i, "result": results.get(i.pk), "findings": found.get(i.auto_check, [])}
               for i in checklist if i.kind == ItemKind.CONTENT]
    opinions = list(dossier.opinions.all())
    for o in opinions:
        o.late = o.is_late(today)
        o.answerable = not o.answered_on and can_answer_opinion(user, o)
    versions = {}
    for doc in dossier.documents.all():
        versions.setdefault(doc.kind, []).append(doc)
    pauses = [p for p in dossier.pauses.all() if p.round == dossier.round]
    return {
        "d": dossier, "p": dossier.project, "today": today,
        "clock": services.clock_state(dossier, today),
        "limits": {step: services.limit_of(dossier, step) for step in Step.values},
        "doc_items": doc_items, "missing": [d["item"] for d in doc_items if d["missing"]],
        "versions": versions, "content": content, "findings": found,
        "checked": sum(1 for c in content if c["result"] and c["result"].result),
        "opinions": opinions, "pauses": pauses, "open_pause": next((p for p in pauses if p.ended_on is None), None),
        "events": list(dossier.events.all()),
    }
