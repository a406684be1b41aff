"""Carries the client IP of the current request to the audit log without threading it
through every service signature (simple-history does the same for the acting user)."""
import contextvars

_ip = contextvars.ContextVar("cds_client_ip", default=None)


def current_ip():
    return _ip.get()


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _ip.reset(token)


def client_ip(request):
    # Behind a reverse proxy set TRUST_X_FORWARDED_FOR; otherwise never trust the header.
    from django.conf import settings

    if settings.TRUST_X_FORWARDED_FOR:
        fwd = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if fwd:
            return fwd.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None
