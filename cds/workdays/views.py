"""The working-day calendar page: a year's days off and worked Saturdays, and a period
calculator (what an appraiser asks when a notice says "trong 15 ngày làm việc")."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cds.core.errors import ServiceError

from .calendar import MAX_DAYS, days_off, due_date
from .forms import PeriodForm, YearForm


@login_required
def year_view(request):
    year = YearForm(request.GET).year_or_current()
    result, error = None, ""
    period = PeriodForm(request.GET) if request.GET.get("start") else None
    if period is not None:
        if period.is_valid():
            start, days, unit = (period.cleaned_data[k] for k in ("start", "days", "unit"))
            try:
                result = {"start": start, "days": days, "unit": unit, "due": due_date(start, days, unit)}
            except ServiceError as exc:
                error = " ".join(exc.messages)
        else:
            error = period.first_error()
    return render(request, "workdays/year.html", {
        "year": year, "rows": days_off(year), "result": result, "error": error, "max_days": MAX_DAYS,
        "start": request.GET.get("start", ""), "days": request.GET.get("days", ""),
        "unit": request.GET.get("unit", "working"), "can_admin": request.user.is_staff,
    })
