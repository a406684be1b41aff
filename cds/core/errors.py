"""Errors raised by services. Messages are Vietnamese and shown to users as they are."""
from django.core.exceptions import ValidationError


class ServiceError(ValidationError):
    """A rule of the domain refused the change; nothing was written."""


class ConflictError(ServiceError):
    """Someone else saved the record since it was opened (optimistic version check)."""

    def __init__(self, message="Bản ghi đã được người khác cập nhật trong lúc bạn sửa. "
                               "Hãy tải lại trang để xem nội dung mới nhất rồi sửa lại."):
        super().__init__(message, code="conflict")


def check_version(obj, expected) -> None:
    """Optimistic lock of an edit: ``expected`` is the ``version`` the editor opened (None = not
    checked). A value that is not a whole number (an emptied or tampered form field) reads as a
    stale page."""
    if expected is None:
        return
    try:
        same = int(expected) == obj.version
    except (TypeError, ValueError):
        same = False
    if not same:
        raise ConflictError()


class MakerCheckerError(ServiceError):
    def __init__(self, message="Người lập không được đồng thời là người kiểm tra, phê duyệt "
                               "(nguyên tắc có người làm, có người giám sát độc lập)."):
        super().__init__(message, code="maker_checker")


def error_messages(exc: ServiceError) -> list[str]:
    """Every message of a refusal, field errors included, for display beside a form."""
    if hasattr(exc, "error_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return exc.messages

