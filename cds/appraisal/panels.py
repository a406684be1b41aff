"""The appraisal app's part of the project page: its dossiers, the button to open one, and the
lifecycle steps that are taken on a dossier instead of the bare buttons."""
from cds.projects import lifecycle
from cds.projects.panels import Panel

from .models import OPEN_STATUSES
from .permissions import can_prepare_dossier, scope_dossiers
from .services import PREPARABLE_STATES, open_dossier_of


def _dossiers(user, project, ctx, tab) -> None:
    """While a dossier is in progress, submitting, returning, approving and rejecting go
    through the dossier page, not the bare lifecycle buttons."""
    ctx["dossiers"] = list(scope_dossiers(user, project.dossiers.select_related("procedure")).order_by("-id"))
    current = open_dossier_of(ctx["dossiers"])
    ctx["current_dossier"] = current
    if current is not None:
        ctx["rules"] = [r for r in ctx["rules"] if r.action not in lifecycle.DOSSIER_ACTIONS]
    else:
        ctx["rules"] = [r for r in ctx["rules"] if r.action != "submit_appraisal"]
    ctx["can_create_dossier"] = (current is None and project.state in PREPARABLE_STATES
                                 and can_prepare_dossier(user, project))


def dossier_step_guard(project, rule) -> str | None:
    """Submitting goes through a dossier; while one is open, its steps are taken on it."""
    if rule.action == "submit_appraisal" or (rule.action in lifecycle.DOSSIER_ACTIONS and project.dossiers.filter(
            status__in=OPEN_STATUSES).exists()):
        return "Bước này thực hiện trên hồ sơ thẩm định của nhiệm vụ/dự án."
    return None


PANELS = (Panel("appraisal.dossiers", "top", "appraisal/_project_dossiers.html", _dossiers, order=20),)
