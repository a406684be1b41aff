"""Loading the demo province: build it once, in one transaction, and give the demo accounts
their password again on every run (``manage.py load_demo`` reads its options, calls
:func:`load_demo` and prints the outcome and :func:`cds.demo.builder.account_table`)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from cds.orgs.models import Unit
from cds.projects.models import Project, State

from .builder import DemoBuilder, reset_passwords
from .units import ROOT_CODE


@dataclass
class Loaded:
    built: bool                      # False: the root unit was there already, nothing was built
    units: int = 0
    users: int = 0
    projects: int = 0
    states: list[tuple[str, int]] = field(default_factory=list)   # (state label, projects), most first
    skipped: int = 0                 # steps left out because they would be dated after today

    def summary(self) -> str:
        """The line announcing a build: units, accounts, projects by state."""
        states = ", ".join(f"{label.lower()}: {n}" for label, n in self.states)
        return (f"Đã tạo {self.units} đơn vị, {self.users} tài khoản, {self.projects} nhiệm vụ/dự án "
                f"({states}).")


def load_demo(on_build=None) -> Loaded:
    """Build tỉnh Sơn Lâm and the ministry unless the root unit exists, then reset the demo
    accounts' passwords; all in one transaction. ``on_build()`` is called just before building
    (building takes a while)."""
    with transaction.atomic():
        if Unit.objects.filter(code=ROOT_CODE).exists():
            loaded = Loaded(built=False)
        else:
            if on_build is not None:
                on_build()
            builder = DemoBuilder()
            projects = builder.build()
            states = Counter(Project.objects.filter(pk__in=[p.pk for p in projects]).values_list("state", flat=True))
            loaded = Loaded(built=True, units=len(builder.units), users=len(builder.users), projects=len(projects),
                            states=[(State(s).label, n) for s, n in states.most_common()], skipped=builder.skipped)
        reset_passwords()
    return loaded
