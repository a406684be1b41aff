"""The working-day calendar page: a year's days off and worked Saturdays, and a period
calculator (what an appraiser asks when a notice says "trong 15 ngày làm việc")."""
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from cds.core.errors import ServiceError

from .calendar import MAX_DAYS, days_off, due_date


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
def year_view(request):
    today = timezone.localdate()
    year = min(max(_int(request.GET.get("year"), today.year), 1990), 2099)
    result, error = None, ""
    start_text = request.GET.get("start", "")
    if start_text:
        try:
            start = dt.datetime.strptime(start_text, "%d/%m/%Y").date()
            days = _int(request.GET.get("days"), 0)
            unit = request.GET.get("unit", "working")
            result = {"start": start, "days": days, "unit": unit, "due": due_date(start, days, unit)}
        except ValueError:
            error = "Ngày bắt đầu phải có dạng dd/mm/yyyy."
        except ServiceError as exc:
            error = " ".join(exc.messages)
    return render(request, "workdays/year.html", {
        "year": year, "rows": days_off(year), "result": result, "error": error, "max_days": MAX_DAYS,
        "start": start_text, "days": request.GET.get("days", ""), "unit": request.GET.get("unit", "working"),
        "can_admin": request.user.is_staff,
    })
