from django.shortcuts import render


def forbidden(request, exception=None):
    message = str(exception) if exception and str(exception) else "Bạn không có quyền truy cập trang này."
    return render(request, "error.html", {"code": 403, "title": "Không có quyền", "message": message}, status=403)


def not_found(request, exception=None):
    return render(request, "error.html", {"code": 404, "title": "Không tìm thấy",
                                          "message": "Trang hoặc bản ghi không tồn tại, hoặc bạn không có quyền xem."},
                  status=404)
