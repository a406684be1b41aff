"""The REST API (django-ninja) mounted at /api/v1/: the NinjaAPI instance, bearer-token
authentication, the token endpoint and the mapping of errors to one JSON shape::

    {"detail": "<câu tiếng Việt>", "errors": {"field": ["thông báo", …]}}   # errors optional
"""
from __future__ import annotations

import datetime as dt
import logging

from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI, Status, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer

from cds.accounts.models import ApiToken
from cds.audit.services import record_event
from cds.core.errors import ConflictError, MakerCheckerError, ServiceError
from cds.core.request_context import client_ip
from cds.text.chars import text_problem

from .estimates import OutOfRange
from .estimates import router as estimates_router
from .projects import router as projects_router
from .schemas import BAD_INPUT, ErrorOut, TokenIn, TokenOut, ValidationErrorOut

log = logging.getLogger("cds.api")

LAST_USED_RESOLUTION = dt.timedelta(minutes=1)

DESCRIPTION = """
API của CĐS Portfolio — danh mục nhiệm vụ, dự án CNTT/chuyển đổi số sử dụng ngân sách nhà nước.

**Xác thực.** Lấy mã truy cập bằng `POST /api/v1/auth/token` (tên đăng nhập, mật khẩu), rồi gửi
`Authorization: Bearer <token>` ở mọi yêu cầu khác. Mã có hạn 30 ngày. API không dùng cookie phiên
đăng nhập của giao diện web. Đăng nhập sai nhiều lần liên tiếp sẽ khóa tài khoản tạm thời (429).

**Phạm vi.** Mỗi người dùng chỉ thấy nhiệm vụ/dự án trong phạm vi đơn vị của mình; bản ghi ngoài
phạm vi được trả lời 404 như không tồn tại.

**Mã lỗi.** Thân lỗi luôn có dạng `{"detail": "...", "errors": {"trường": ["..."]}}` (`errors` có thể vắng):

* 400 — dữ liệu vi phạm quy tắc nghiệp vụ (tên trống, năm kết thúc trước năm bắt đầu, đơn vị không hợp lệ,
  thao tác không áp dụng cho trạng thái hiện tại, thiếu số/ngày quyết định …);
* 401 — thiếu mã truy cập, mã sai, hết hạn hoặc đã thu hồi; sai tên đăng nhập/mật khẩu;
* 403 — được xem nhưng không có quyền thao tác; **vi phạm nguyên tắc người lập ≠ người kiểm tra,
  phê duyệt cũng trả 403** (với thông báo riêng);
* 404 — không tồn tại hoặc ngoài phạm vi được xem;
* 409 — bản ghi đã bị người khác sửa (trường `version` gửi lên đã cũ); không có gì được ghi;
* 400 — cũng khi một chuỗi chứa ký tự không lưu được (ký tự điều khiển, ký tự không mã hóa được,
  ký tự đảo chiều văn bản) hoặc một ngày ngoài khoảng 01/01/1900–31/12/2100;
* 422 — sai kiểu dữ liệu (ví dụ năm là chữ, ngày không đúng định dạng YYYY-MM-DD);
  kèm `validation_errors` là danh sách lỗi gốc; cũng khi số liệu của một phép tính dự toán
  (`/estimates/…`) nằm ngoài khoảng cho phép;
* 429 — tài khoản tạm thời bị khóa do đăng nhập sai nhiều lần.

Số tiền là số nguyên, đơn vị đồng.
"""


class BearerToken(HttpBearer):
    """``Authorization: Bearer <key>``: the key's SHA-256 digest names a live ApiToken.

    Never falls back to the session cookie, so CSRF does not arise: a browser cannot be
    tricked into sending a bearer header cross-site.
    """

    def authenticate(self, request, token):
        token = (token or "").strip()
        if not token or len(token) > 256:
            return None
        now = timezone.now()
        api_token = (
            ApiToken.objects.select_related("user", "user__unit")
            .filter(digest=ApiToken.hash(token), revoked=False, expires_at__gt=now, user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
            api_token.last_used_at = now
        user = api_token.user
        # The acting user for this request only (no session is created); handlers read request.auth.
        request.user = user
        request.api_token = api_token
        return user


def _refuse_unstorable(value, path: str = "") -> None:
    """Raise a ServiceError at the first string of a parsed request (keys included) holding a
    character no text may hold — a NUL, another control character (tab and line breaks pass),
    a lone surrogate ("\\udc80" is valid JSON), a bidirectional control — before any of it
    reaches a query or a schema."""
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            field = path or "__all__"
            raise ServiceError({field: [f"Trường “{field}” {problem}."]})
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_unstorable(key, path)
            _refuse_unstorable(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _refuse_unstorable(item, f"{path}.{i}" if path else str(i))


class StrictParser(Parser):
    """JSON bodies and query strings, refused at once when a string holds a character that
    cannot be stored (:func:`_refuse_unstorable`)."""

    def parse_body(self, request):
        data = super().parse_body(request)
        _refuse_unstorable(data)
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        _refuse_unstorable(result)
        return result


class VietnameseSwagger(Swagger):
    """The docs page: Swagger UI ("ninja" is an installed app, so from its local static files)
    under the site's header and a Vietnamese title (cds/api/templates/api/docs.html)."""

    template = "api/docs.html"


TITLE = "Giao diện lập trình (API) của CĐS Portfolio"

api = NinjaAPI(
    title=TITLE,
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=BearerToken(),
    parser=StrictParser(),
    docs=VietnameseSwagger(),
    docs_url="/docs",
)


# ----------------------------------------------------------------- errors ----

def error_response(request, status: int, detail: str, errors: dict | None = None, **extra):
    body = {"detail": detail}
    if errors:
        body["errors"] = errors
    body.update(extra)
    return api.create_response(request, body, status=status)


def validation_payload(exc: DjangoValidationError) -> tuple[str, dict | None]:
    """(detail, field errors) of a Django/Service ValidationError."""
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        detail = " ".join(m for msgs in errors.values() for m in msgs)
        return detail or "Dữ liệu không hợp lệ.", errors
    return " ".join(str(m) for m in exc.messages) or "Dữ liệu không hợp lệ.", None


@api.exception_handler(DjangoValidationError)
def _validation(request, exc):
    detail, errors = validation_payload(exc)
    return error_response(request, 400, detail, errors)


@api.exception_handler(OutOfRange)
def _out_of_range(request, exc):
    detail, errors = validation_payload(exc)
    return error_response(request, 422, detail, errors)


@api.exception_handler(ConflictError)
def _conflict(request, exc):
    detail, errors = validation_payload(exc)
    return error_response(request, 409, detail, errors)


@api.exception_handler(MakerCheckerError)
def _maker_checker(request, exc):
    detail, _ = validation_payload(exc)
    return error_response(request, 403, detail)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return error_response(request, 403, str(exc) or "Bạn không có quyền thực hiện thao tác này.")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response(request, 404, str(exc) or "Không tìm thấy.")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = error_response(
        request, 401, "Chưa xác thực: thiếu mã truy cập, hoặc mã không hợp lệ, đã hết hạn hoặc đã bị thu hồi.",
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc):
    if isinstance(exc.__cause__, DjangoValidationError):   # a body StrictParser refused
        return _validation(request, exc.__cause__)
    if exc.status_code == 400:
        return error_response(request, 400, "Không đọc được nội dung gửi lên (cần JSON hợp lệ).")
    return error_response(request, exc.status_code, str(exc))


TYPE_MESSAGES = {
    "missing": "Trường này là bắt buộc.",
    "int_parsing": "Phải là số nguyên.",
    "int_type": "Phải là số nguyên.",
    "int_from_float": "Phải là số nguyên.",
    "bool_parsing": "Phải là true hoặc false.",
    "bool_type": "Phải là true hoặc false.",
    "string_type": "Phải là chuỗi ký tự.",
    "list_type": "Phải là danh sách.",
    "date_parsing": "Ngày không hợp lệ, cần dạng YYYY-MM-DD.",
    "date_from_datetime_parsing": "Ngày không hợp lệ, cần dạng YYYY-MM-DD.",
    "date_type": "Ngày không hợp lệ, cần dạng YYYY-MM-DD.",
    "string_too_long": "Quá dài.",
    "model_attributes_type": "Cần một đối tượng JSON.",
    "dict_type": "Cần một đối tượng JSON.",
}


def _vietnamese(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("less_than_equal", "less_than"):
        return f"Giá trị phải không lớn hơn {ctx.get('le', ctx.get('lt'))}."
    if kind in ("greater_than_equal", "greater_than"):
        return f"Giá trị phải không nhỏ hơn {ctx.get('ge', ctx.get('gt'))}."
    if kind == "literal_error":
        return f"Giá trị không hợp lệ; chỉ nhận {str(ctx.get('expected', '')).replace(' or ', ' hoặc ')}."
    if kind.startswith("int_") or kind.startswith("union_tag") or kind == "union_tag_invalid":
        return TYPE_MESSAGES.get(kind, "Phải là số nguyên.")
    return TYPE_MESSAGES.get(kind, error.get("msg", "Giá trị không hợp lệ."))


def _field_of(loc) -> str:
    loc = [str(part) for part in loc]
    if loc and loc[0] == "body":
        loc = loc[2:] if len(loc) > 2 else loc[1:]  # ("body", "<param>", "field", …)
    elif loc:
        loc = loc[1:]
    return ".".join(loc) or "__all__"


@api.exception_handler(NinjaValidationError)
def _bad_types(request, exc):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field_of(error.get("loc", ())), []).append(_vietnamese(error))
    if all(error.get("type") == BAD_INPUT for error in exc.errors):
        # Right types, refused values (schemas.Text, schemas.Day): a 400 like the services' refusals.
        return error_response(request, 400, " ".join(m for msgs in errors.values() for m in msgs), errors)
    # What was sent is not echoed back (it may be long, or hold the very characters refused).
    details = [{k: v for k, v in error.items() if k != "input"} for error in exc.errors]
    return error_response(request, 422, "Dữ liệu gửi lên không hợp lệ.", errors, validation_errors=details)


@api.exception_handler(Exception)
def _unexpected(request, exc):
    log.exception("API error on %s %s", request.method, request.path)
    return error_response(request, 500, "Đã xảy ra lỗi hệ thống. Vui lòng thử lại sau hoặc báo quản trị viên.")


# ------------------------------------------------------------------ token ----

INVALID_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng."
LOCKED = ("Tài khoản tạm thời bị khóa do đăng nhập sai nhiều lần liên tiếp. "
          "Vui lòng thử lại sau {minutes} phút hoặc liên hệ quản trị viên.")
LOCKED_ADDRESS = ("Địa chỉ mạng này tạm thời bị chặn đăng nhập do đăng nhập sai quá nhiều lần. "
                  "Vui lòng thử lại sau {minutes} phút hoặc liên hệ quản trị viên.")


def _locked_response(request):
    # AxesMiddleware would replace our answer with its HTML lockout page; the API answers in JSON.
    request.axes_locked_out = False
    minutes = round(float(settings.AXES_COOLOFF_TIME or 0) * 60)
    message = LOCKED_ADDRESS if getattr(request, "axes_lock_scope", "") == "ip" else LOCKED
    return error_response(request, 429, message.format(minutes=minutes or 15))


@api.post(
    "/auth/token", auth=None,
    response={200: TokenOut, 400: ErrorOut, 401: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut},
    tags=["Xác thực"], summary="Cấp mã truy cập (Bearer token)",
    description="Đăng nhập bằng tên đăng nhập và mật khẩu; trả mã truy cập có hạn 30 ngày. "
                f"Sai {settings.AXES_FAILURE_LIMIT} lần liên tiếp thì tài khoản bị khóa tạm thời trên địa chỉ mạng đó; "
                f"sai {settings.AXES_IP_FAILURE_LIMIT} lần từ một địa chỉ (với bất kỳ tài khoản nào) thì địa chỉ bị "
                "chặn tạm thời (429).",
)
def issue_token(request, payload: TokenIn):
    username, password = payload.username.strip(), payload.password
    if not username or not password:
        errors = {}
        if not username:
            errors["username"] = ["Chưa nhập tên đăng nhập."]
        if not password:
            errors["password"] = ["Chưa nhập mật khẩu."]
        return error_response(request, 400, "Cần nhập tên đăng nhập và mật khẩu.", errors)
    # Through authenticate() so django-axes counts failures and refuses locked accounts.
    user = authenticate(request=request, username=username, password=password)
    if user is None:
        if getattr(request, "axes_locked_out", False) or not AxesProxyHandler.is_allowed(
            request, {"username": username},
        ):
            return _locked_response(request)
        return error_response(request, 401, INVALID_LOGIN)
    if settings.AXES_RESET_ON_SUCCESS:  # that name's failures from this address only
        axes_reset(ip=client_ip(request), username=user.get_username())
    with transaction.atomic():
        token, key = ApiToken.issue(user)
        record_event(user, "auth.token", user,
                     data={"prefix": token.prefix, "expires_at": token.expires_at.isoformat()})
    return Status(200, {"token": key, "expires_at": token.expires_at})


api.add_router("/projects", projects_router, tags=["Nhiệm vụ, dự án"])
api.add_router("/campaigns", "cds.api.campaigns.router", tags=["Đợt đánh giá hiệu quả"])
api.add_router("/overlap", "cds.api.overlap.router", tags=["Trùng lặp, tái sử dụng"])
api.add_router("/calendar", "cds.api.calendar.router", tags=["Lịch ngày làm việc"])
api.add_router("/directives", "cds.api.directives.router", tags=["Văn bản chỉ đạo"])
api.add_router("/estimates", estimates_router, tags=["Tính dự toán"])
api.add_router("/systems", "cds.api.systems.router", tags=["Hệ thống thông tin"])
api.add_router("/integrations", "cds.api.systems.integrations_router", tags=["Hệ thống thông tin"])
api.add_router("/plans", "cds.api.plans.router", tags=["Kế hoạch ứng dụng CNTT, chuyển đổi số"])
api.add_router("/packages", "cds.api.procurement.router", tags=["Đấu thầu"])
api.add_router("/projects", "cds.api.procurement.project_router", tags=["Đấu thầu"])
api.add_router("/surveys/forms", "cds.api.survey_forms.router", tags=["Khảo sát"])
api.add_router("/surveys/rounds", "cds.api.survey_rounds.router", tags=["Khảo sát"])
api.add_router("/rankings", "cds.api.rankings.router", tags=["Xếp hạng"])
