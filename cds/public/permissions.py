"""Who may prepare, approve and read publications, withhold projects and set the masking policy.

* The public page and the open-data feeds need no account: they read the published snapshots
  only (:mod:`.selectors`).
* The CĐS authority (and the administrator) of a tree prepares a snapshot, records which projects
  are withheld and why, and sets which maskable fields are hidden; a leader of the tree approves
  or rejects a prepared snapshot — never the one who prepared it (maker ≠ checker, in the
  services). A leader may also withhold a project.
* The management pages (drafts, withheld projects with their reasons, the policy) are read by the
  province-wide roles of the tree: CĐS authority, leaders, supervisors, inspectors, administrator.
  Unit roles have no business there.
"""
from cds.accounts import access
from cds.accounts.models import Role

PREPARERS = (Role.CDS_APPRAISER, Role.ADMIN)
APPROVERS = (Role.LEADER,)
WITHHOLDERS = (Role.CDS_APPRAISER, Role.ADMIN, Role.LEADER)
READERS = tuple(access.WIDE_ROLES)


def can_manage_view(user) -> bool:
    return access.has_role(user, *READERS)


def can_prepare(user) -> bool:
    return access.has_role(user, *PREPARERS)


def can_approve(user) -> bool:
    return access.has_role(user, *APPROVERS)


def can_withhold(user) -> bool:
    return access.has_role(user, *WITHHOLDERS)


def can_set_policy(user) -> bool:
    return access.has_role(user, *PREPARERS)


def in_tree(user, unit) -> bool:
    """``unit`` (a root or any unit) lies in the user's tree (national users: everywhere)."""
    return access.scope_for(user).contains(unit)
