"""The directives app's block on the project page: tasks of directives that name the project."""
from cds.projects.panels import Panel

from .permissions import scope_tasks
from .selectors import task_queryset, with_status


def _tasks(user, project, ctx, tab) -> None:
    ctx["directive_tasks"] = with_status(scope_tasks(user, task_queryset().filter(projects=project))
                                         .order_by("due_on", "pk"))


PANELS = (Panel("directives.tasks", "top", "directives/_project_tasks.html", _tasks, order=30),)
