"""The systems map's part of the project page: the systems the project builds, upgrades,
integrates … (those the user may read) and the equipment it bought with its status counts — the
share bought but not serving — with the buttons to link a system or declare equipment for those
who may."""
from cds.accounts import access
from cds.projects.panels import Panel

from . import display
from .models import Equipment
from .permissions import EDITOR_ROLES, can_report_equipment, scope_systems
from .selectors import equipment_of_project, systems_of_project


def _systems(user, project, ctx, tab) -> None:
    if tab in ("budget", "trace", "documents", "timeline", "history"):
        return
    links = systems_of_project(user, project)
    equipment = equipment_of_project(user, project)
    if equipment:
        visible = set(scope_systems(user).filter(pk__in={e.system_id for e in equipment if e.system_id})
                      .values_list("pk", flat=True))
        for eq in equipment:
            eq.system_shown = eq.system_id in visible
            eq.highlight = eq.status in display.HIGHLIGHT
            eq.color = display.EQUIPMENT_COLORS[eq.status]
    ctx["project_systems"] = links
    ctx["project_equipment"] = equipment
    ctx["project_equipment_counts"] = display.equipment_counts(equipment)
    ctx["can_link_system"] = access.has_role(user, *EDITOR_ROLES)
    ctx["can_add_equipment"] = can_report_equipment(user, Equipment(project=project))


PANELS = (Panel("systems.project", "info", "systems/_project_systems.html", _systems, order=40),)
