"""Procurement's answers to the registry's signals."""
from django.dispatch import receiver

from cds.projects.signals import investor_changed

from . import signals
from .models import Package


@receiver(investor_changed, dispatch_uid="procurement.follow_investor")
def follow_investor(sender, project_id, old_unit_id, new_unit_id, **kwargs):
    """A project moved to another investor: its packages move with it (they are read by unit)
    and both units' warnings are rebuilt (splitting and repeat winners compare a unit's packages)."""
    if Package.objects.filter(project_id=project_id).update(unit_id=new_unit_id):
        signals.refresh_units({old_unit_id, new_unit_id})
