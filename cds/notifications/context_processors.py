"""``{{ unread_notifications }}`` for the bell in the navigation bar (one COUNT query per page)."""
from .selectors import unread_count


def unread(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": unread_count(user)}
