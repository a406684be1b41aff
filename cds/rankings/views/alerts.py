"""The follow-up items (alerts) and the projects' signals: the list of items (filters: state,
kind, unit with its subtree, the user's own, overdue), an item's page (the project, why it was
opened, the project's signals quarter by quarter as a table and a chart, the assign and close
forms), and the list of projects with their latest signal. Every list goes through
:mod:`cds.rankings.alert_selectors`, as the dashboard's tiles and the home page's items do."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cds.accounts.models import Role, User
from cds.catalog.models import FundingSource, Programme
from cds.core.forms import run_form_service
from cds.projects.models import State
from cds.projects.views.pages import unit_options
from cds.rules.models import LegalRegime
from cds.text.format import vndate

from .. import alert_selectors as sel
from .. import services_alerts as services
from ..alert_forms import AssignForm, CloseForm
from ..models import Alert, AlertKind, AlertState, Colour
from ..permissions import can_manage_alerts, get_alert_for
from ..signals import GREEN_BELOW, RED_FROM, variance_text

NAV = "rankings"


# --------------------------------------------------------------------- items ----

@login_required
def alerts(request):
    user = request.user
    f = sel.AlertFilter.from_params(request.GET)
    today = timezone.localdate()
    page = Paginator(sel.filter_alerts(user, f, today), sel.PAGE_SIZE).get_page(request.GET.get("page"))
    for alert in page.object_list:
        alert.late = alert.state == AlertState.OPEN and alert.due_on < today
    return render(request, "rankings/alerts/list.html", {
        "nav": NAV, "page": page, "f": f, "units": sel.alert_units(user), "states": AlertState.choices,
        "kinds": AlertKind.choices, "is_appraiser": user.role == Role.CDS_APPRAISER,
    })


def _appraisers(alert: Alert) -> list[User]:
    return list(User.objects.filter(role=Role.CDS_APPRAISER, is_active=True,
                                    unit__path__startswith=f"/{alert.root_unit_id}/")
                .select_related("unit").order_by("last_name", "pk"))


def _chart(signals) -> dict:
    def pct(v):
        return None if v is None else float(v) * 100

    return {"labels": [vndate(s.period_end) for s in signals],
            "cost": [pct(s.cost_variance) for s in signals], "schedule": [pct(s.schedule_variance) for s in signals],
            "recent_cost": [pct(s.recent_cost_variance) for s in signals],
            "recent_schedule": [pct(s.recent_schedule_variance) for s in signals],
            "green": float(GREEN_BELOW) * 100, "red": float(RED_FROM) * 100}


def _detail(request, alert: Alert, *, assign_form=None, close_form=None):
    user = request.user
    signals = sel.project_signals(alert.project_id)
    manage = can_manage_alerts(user) and alert.state == AlertState.OPEN
    closes = services.can_close(user, alert)
    if manage and assign_form is None:
        assign_form = AssignForm(initial={"owner": alert.owner_id, "due_on": alert.due_on, "version": alert.version})
    if closes and close_form is None:
        close_form = CloseForm(initial={"version": alert.version})
    return render(request, "rankings/alerts/detail.html", {
        "nav": NAV, "alert": alert, "project": alert.project, "signals": signals[::-1], "chart": _chart(signals),
        "assign_form": assign_form if manage else None, "appraisers": _appraisers(alert) if manage else [],
        "close_form": close_form if closes else None, "late": alert.state == AlertState.OPEN
        and alert.due_on < timezone.localdate(),
    })


@login_required
def alert_detail(request, pk):
    return _detail(request, get_alert_for(request.user, pk))


@login_required
@require_POST
def alert_assign(request, pk):
    user = request.user
    alert = get_alert_for(user, pk)
    form = AssignForm(request.POST)

    def call(cd):
        owner = User.objects.select_related("unit").filter(pk=cd["owner"]).first() if cd["owner"] else None
        return services.assign(user, alert, version=cd["version"], owner=owner, due_on=cd["due_on"])

    return run_form_service(
        request, form, call,
        success=lambda a: f"Đã giao việc theo dõi cho {a.owner.display_name}, hạn {vndate(a.due_on)}.",
        redirect_to=reverse("rankings:alert", args=[alert.pk]),
        render=lambda bound: _detail(request, alert, assign_form=bound))


@login_required
@require_POST
def alert_close(request, pk):
    user = request.user
    alert = get_alert_for(user, pk)
    form = CloseForm(request.POST)
    return run_form_service(
        request, form,
        lambda cd: services.close(user, alert, version=cd["version"], outcome=cd["outcome"],
                                  note=cd["outcome_note"]),
        success="Đã ghi kết luận việc theo dõi.", redirect_to=reverse("rankings:alert", args=[alert.pk]),
        render=lambda bound: _detail(request, alert, close_form=bound))


# ------------------------------------------------------------------- signals ----

@login_required
def signals(request):
    user = request.user
    f = sel.SignalFilter.from_params(request.GET)
    page = Paginator(sel.filter_signals(user, f), sel.PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.texts = {name: variance_text(getattr(row, name)) for name in (
            "cost_variance", "schedule_variance", "recent_cost_variance", "recent_schedule_variance")}
    return render(request, "rankings/alerts/signals.html", {
        "nav": NAV, "page": page, "f": f, "p": f.project or {}, "colours": Colour.choices,
        "states": State.choices, "unit_options": unit_options(user, (f.project or {}).get("unit")),
        "programmes": Programme.objects.all(), "sources": FundingSource.objects.all(),
        "regimes": LegalRegime.objects.all(), "years": range(2019, 2031),
    })
