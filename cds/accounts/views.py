from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm


class VietnameseAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường.",
        "inactive": "Tài khoản này đã bị vô hiệu hóa.",
    }


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = VietnameseAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["failure_limit"] = settings.AXES_FAILURE_LIMIT
        return ctx


class LogoutView(auth_views.LogoutView):
    pass
