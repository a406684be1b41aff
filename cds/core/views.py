"""The product's own error pages (config/urls.py's handler400/403/404/500 and
``CSRF_FAILURE_VIEW``): Vietnamese, in the site's layout, whatever the settings (demo or
production); a request to the API gets the API's JSON shape ``{"detail": "…"}`` instead.

The 500 page is rendered without the request's context processors (they read the session and
the database, which may be what failed) and falls back to a fixed page if even that fails."""
from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.html import escape

log = logging.getLogger("cds.core")

API_PREFIX = "/api/"

FORBIDDEN = "Bạn không có quyền truy cập trang này."
NOT_FOUND = "Trang hoặc bản ghi không tồn tại, hoặc bạn không có quyền xem."
BAD_REQUEST = "Yêu cầu không hợp lệ nên không được xử lý. Hãy quay lại trang trước và thử lại."
CSRF_FAILED = ("Biểu mẫu đã hết hạn hoặc phiên làm việc đã thay đổi (ví dụ sau khi đăng nhập lại ở thẻ khác), "
               "nên thao tác chưa được thực hiện. Hãy tải lại trang rồi làm lại.")
SERVER_ERROR = ("Hệ thống gặp lỗi khi xử lý yêu cầu; thao tác chưa được thực hiện. Vui lòng thử lại sau ít phút; "
                "nếu vẫn lỗi, hãy báo quản trị viên kèm thời điểm xảy ra.")

TITLES = {400: "Yêu cầu không hợp lệ", 403: "Không có quyền", 404: "Không tìm thấy",
          500: "Lỗi hệ thống"}


def _wants_json(request) -> bool:
    if request.path.startswith(API_PREFIX):
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def _error(request, code: int, message: str, title: str | None = None):
    title = title or TITLES[code]
    if _wants_json(request):
        return JsonResponse({"detail": message}, status=code, json_dumps_params={"ensure_ascii": False})
    return render(request, "error.html", {"code": code, "title": title, "message": message}, status=code)


def bad_request(request, exception=None):
    return _error(request, 400, BAD_REQUEST)


def forbidden(request, exception=None):
    message = str(exception) if exception and str(exception) else FORBIDDEN
    return _error(request, 403, message)


def not_found(request, exception=None):
    return _error(request, 404, NOT_FOUND)


def csrf_failure(request, reason=""):
    return _error(request, 403, CSRF_FAILED, title="Biểu mẫu đã hết hạn")


def server_error(request):
    if _wants_json(request):
        return JsonResponse({"detail": SERVER_ERROR}, status=500, json_dumps_params={"ensure_ascii": False})
    context = {"code": 500, "title": TITLES[500], "message": SERVER_ERROR, "SITE_NAME": settings.SITE_NAME}
    try:
        html = loader.render_to_string("error_500.html", context)
    except Exception:       # the page must answer even when templates or static files fail
        log.exception("the 500 page could not be rendered")
        html = (f'<!doctype html><html lang="vi"><meta charset="utf-8"><title>{TITLES[500]}</title>'
                f"<h1>500 — {TITLES[500]}</h1><p>{escape(SERVER_ERROR)}</p><p><a href=\"/\">Về trang chủ</a></p>")
    return HttpResponse(html, status=500)
