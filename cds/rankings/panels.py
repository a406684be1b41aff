"""The project page's panel of the project's signals and follow-up items: its latest cost and
schedule variance (cumulative and recent-weighted) with the trend, and the items opened on it
that the user may read. Two queries."""
from cds.projects.panels import Panel

from . import alert_selectors as sel

SKIPPED_TABS = ("budget", "trace", "documents", "timeline", "history")


def _signals(user, project, ctx, tab) -> None:
    if tab in SKIPPED_TABS:
        return
    signals = sel.project_signals(project.pk)
    alerts = sel.project_alerts(user, project)
    if not signals and not alerts:
        return
    ctx["signal_panel"] = {"latest": signals[-1] if signals else None, "alerts": alerts}


PANELS = (Panel("rankings.signals", "info", "rankings/alerts/_project_panel.html", _signals, order=60),)
