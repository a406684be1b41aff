"""The audit log listens to authentication (logins, logouts, failed logins, lockouts) and to the
unit forest, which sits below it and cannot call it."""
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

from cds.core.request_context import client_ip
from cds.orgs.signals import unit_changed

from .services import record_event


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record_event(user, "auth.login", user, ip=client_ip(request) if request else None)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record_event(user, "auth.logout", user, ip=client_ip(request) if request else None)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    """A failed login names the account tried, when it exists, as its object: the inspectors of
    that account's tree then see it in their log."""
    username = str(credentials.get("username", ""))[:150]
    account = get_user_model().objects.filter(username=username).select_related("unit").first() if username else None
    record_event(None, "auth.login_failed", account, data={"username": username},
                 ip=client_ip(request) if request else None)


@receiver(user_locked_out)
def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    # scope: "user" — the user name from this address; "ip" — the address, whatever the name
    scope = getattr(request, "axes_lock_scope", "") or "user"
    record_event(None, "auth.locked", None, data={"username": str(username or "")[:150], "scope": scope},
                 ip=ip_address)


@receiver(unit_changed)
def _unit_changed(sender, actor, verb, unit, data, **kwargs):
    record_event(actor, verb, unit, data=data)
