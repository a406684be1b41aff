"""The rules page ("Quy tắc thẩm định"): the procedures of a legal regime with their time
limits and checklists, each cited to its legal text; administrators also see whether each row
has been checked against that text (who, when, against what)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cds.rules.models import ItemKind, LegalRegime, Step
from cds.rules.selectors import procedures

from ..forms import RulesFilterForm

DEFAULT_REGIME = "ND224_2026"


@login_required
def rules(request):
    regimes = list(LegalRegime.objects.all())
    chosen = RulesFilterForm(request.GET).chosen()
    regime = next((r for r in regimes if r.pk == chosen), None) or next(
        (r for r in regimes if r.code == DEFAULT_REGIME), regimes[0] if regimes else None)
    rows = list(procedures(regime.pk)) if regime else []
    for proc in rows:
        proc.limits = sorted(proc.time_limits.all(), key=lambda t: (list(Step.values).index(t.step), t.group))
        proc.documents = [i for i in proc.checklist.all() if i.kind == ItemKind.DOCUMENT]
        proc.contents = [i for i in proc.checklist.all() if i.kind == ItemKind.CONTENT]
    rows_checked = [r for proc in rows for r in (proc, *proc.time_limits.all(), *proc.checklist.all())]
    checked = {"done": sum(r.is_confirmed for r in rows_checked), "total": len(rows_checked)}
    return render(request, "appraisal/rules.html", {
        "regimes": regimes, "regime": regime, "procedures": rows, "can_admin": request.user.is_staff,
        "checked": checked,
    })
