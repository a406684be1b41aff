"""The home page's "Việc cần làm": what waits on a user, contributed by the apps that own the work.

An app that hands out work has a ``todo.py`` with ``WORK_ITEMS``, a list of :class:`Todo`. Each names
the roles it is for, what it counts and the page that lists exactly those records — a URL name
with its query parameters. Its ``count(user, today)`` must go through the very selector that page
lists its rows with, called with the same parameters: the number on the home page is then the
number of rows on the page it links to, by construction (tests/dashboard checks it for every
item). :func:`autodiscover` collects the modules when Django starts (as the audit log collects
``events.py``), so the home page knows no app by name and a new app adds its work by adding a
``todo.py``.

A count is one query (a ``COUNT`` over the selector's queryset): a home page costs as many
queries as the user's role has items, whatever the number of records.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from urllib.parse import urlencode

from django.apps import apps
from django.urls import reverse
from django.utils.module_loading import module_has_submodule

ACT = "act"        # waits for the user to do something
WATCH = "watch"    # something the user follows (late, behind, recent)
KINDS = (ACT, WATCH)


@dataclass(frozen=True)
class Todo:
    key: str                    # "<app>.<name>", unique; the item's data-todo attribute
    label: str                  # what is counted, as a heading ("Hồ sơ chờ bổ sung")
    roles: frozenset            # role codes (cds.accounts.models.Role) the item is shown to
    count: Callable             # count(user, today) -> int, through the target page's selector
    url_name: str               # the page listing exactly those records
    params: dict | Callable = field(default_factory=dict)  # its query (or params(today) -> dict)
    fragment: str = ""          # id of the list on that page
    hint: str | Callable = ""   # one line under the label (or hint(today) -> str)
    kind: str = ACT
    danger: bool = False        # a non-zero count is a lateness (shown in red)
    order: int = 100

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"todo {self.key!r}: kind must be one of {KINDS}")

    def url(self, today: dt.date) -> str:
        params = self.params(today) if callable(self.params) else self.params
        query = f"?{urlencode(params)}" if params else ""
        return reverse(self.url_name) + query + (f"#{self.fragment}" if self.fragment else "")


@dataclass(frozen=True)
class Entry:
    """One item as the home page shows it."""

    todo: Todo
    n: int
    url: str
    hint: str

    @property
    def key(self) -> str:
        return self.todo.key


_todos: dict[str, Todo] = {}


def register(todo: Todo) -> None:
    if _todos.get(todo.key, todo) != todo:
        raise ValueError(f"todo {todo.key!r} registered twice")
    _todos[todo.key] = todo


def autodiscover() -> None:
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "todo"):
            # (this module is core's own todo.py: it has no WORK_ITEMS)
            for todo in getattr(import_module(f"{config.name}.todo"), "WORK_ITEMS", ()):
                register(todo)


def registered() -> list[Todo]:
    return sorted(_todos.values(), key=lambda t: (t.order, t.key))


def for_role(role: str) -> list[Todo]:
    return [t for t in registered() if role in t.roles]


def for_user(user, today: dt.date) -> list[Entry]:
    """The user's items in order, each counted (one query each)."""
    return [Entry(t, t.count(user, today), t.url(today), t.hint(today) if callable(t.hint) else t.hint)
            for t in for_role(user.role)]
