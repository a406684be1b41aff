"""Response headers that tell the browser what a page may do, beside Django's own
(``SecurityMiddleware``, ``XFrameOptionsMiddleware``) and the Content-Security-Policy of
django-csp (``config/settings.py``)."""
from django.conf import settings


def permissions_policy_value(features: dict) -> str:
    """{"camera": [], "fullscreen": ["self"]} → 'camera=(), fullscreen=(self)'."""
    return ", ".join(f"{name}=({' '.join(allowed)})" for name, allowed in features.items())


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every response: the browser features a page may use
    (settings.PERMISSIONS_POLICY; none of camera, microphone, location … is needed here)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = permissions_policy_value(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.value and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.value
        return response
