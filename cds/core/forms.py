"""The one request dialect of the web pages: every app parses what a user typed with Django
forms built from these fields (Vietnamese messages, dates dd/mm/yyyy, money in whole đồng), and
every form POST runs through :func:`run_form_service`:

    validate the form → call the service → flash the success and redirect;
    a bad form or a refusal → the page again with what was typed, the Vietnamese message
    beside the form and status 400 (invalid), 403 (refused) or 409 (stale version).

Nothing is written when the form is invalid or the service refuses (services are atomic)."""
from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.shortcuts import redirect

from cds.text.normalize import search_terms

from .errors import ConflictError
from .redirects import safe_next
from .validation import (
    BadInput,
    check_day,
    check_text,
    date_format_message,
    missing_message,
    read_money,
    sentence,
    too_long_message,
)

DATE_HELP = "dd/mm/yyyy"
FORBIDDEN = "Bạn không có quyền thực hiện thao tác này."


# ------------------------------------------------------------------ fields ----

class VNDateField(forms.DateField):
    """A date typed dd/mm/yyyy (config/formats also accepts dd-mm-yyyy and yyyy-mm-dd) between
    01/01/1900 and 31/12/2100 (:func:`cds.core.validation.check_day`). With ``noun``
    ("thời hạn") the messages name it as the services do: "Thời hạn phải có dạng …"."""

    widget = forms.TextInput(attrs={"placeholder": DATE_HELP, "inputmode": "numeric", "autocomplete": "off"})
    default_error_messages = {"invalid": "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 05/01/2024)."}

    def __init__(self, *, noun: str | None = None, **kwargs):
        given = dict(kwargs.get("error_messages") or {})
        super().__init__(**kwargs)
        self.noun = noun
        if noun:
            self.error_messages["invalid"] = given.get("invalid", date_format_message(noun))
            self.error_messages["required"] = given.get("required", missing_message(noun))

    def to_python(self, value):
        if isinstance(value, str) and not value.isascii():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        day = super().to_python(value)
        if day is None:
            return None
        try:
            return check_day(day)
        except BadInput as exc:
            raise forms.ValidationError(sentence(self.noun or self.label or "ngày", exc), code="out_of_range") from None


class MoneyField(forms.CharField):
    """Integer VND typed as "1.250.000.000", "1250000000", "1,250,000,000" or "1 250 000 000"
    (ASCII digits only: :func:`cds.core.validation.read_money`)."""

    default_error_messages = {"invalid": "Số tiền phải là số nguyên đồng, ví dụ 1.250.000.000."}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return read_money(value)
        except BadInput as exc:
            if exc.out_of_range:
                raise forms.ValidationError(sentence("số tiền", exc), code="out_of_range") from None
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class TextField(forms.CharField):
    """Text as the services store it (:func:`cds.core.validation.check_text`): NFC, trimmed,
    a value of only spaces or invisible characters read as empty, and refused with a Vietnamese
    message when it holds a control character, a lone surrogate or a bidirectional control.
    Tab and line breaks are allowed unless ``multiline=False``. ``noun`` ("trích yếu") names
    the field in the messages; without it the label does. ``strip=False`` keeps the text as
    typed (still checked)."""

    def __init__(self, *, noun: str | None = None, multiline: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.noun = noun
        self.multiline = multiline
        # check_text refuses NUL with the other control characters, in Vietnamese.
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]

    def to_python(self, value):
        if value in self.empty_values:
            return self.empty_value
        text = str(value)
        try:
            checked = check_text(text, multiline=self.multiline)
        except BadInput as exc:
            raise forms.ValidationError(sentence(self.noun or self.label or "nội dung", exc),
                                        code="bad_text") from None
        if not self.strip:
            return text if checked else self.empty_value
        return checked or self.empty_value


class VersionField(forms.IntegerField):
    """The ``version`` a form was opened with (optimistic locking). Absent or garbled reads as
    None — the service then checks nothing, so a form without the field never blocks a save."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return int(str(value).strip() or 0) or None
        except (TypeError, ValueError):
            return None


class TextFilter(django_filters.CharFilter):
    """A list filter's text (a search box), read like every text: :class:`TextField`."""

    field_class = TextField


MAX_FILTER_ID = 2**31 - 1
MAX_SEARCH = 200


def choice_error(label, choices) -> str:
    """A list filter's message for a value outside its choices, naming the values it takes."""
    return f"{label} không hợp lệ; dùng một trong: {', '.join(v for v, _ in choices)}."


class IdFilter(django_filters.NumberFilter):
    """A list filter on a row's id: a positive integer a database column can hold."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_FILTER_ID)
        super().__init__(*args, **kwargs)


def search_text_filter(qs, value: str):
    """Rows whose folded ``search_text`` holds every term of ``value`` as a whole word, without
    diacritics ("dat dai" finds "đất đai")."""
    for term in search_terms(value.strip()[:MAX_SEARCH]):
        qs = qs.filter(search_text__contains=f" {term} ")
    return qs


def text_field(noun: str, *, limit: int, required: bool = True, rows: int | None = None, **kwargs) -> TextField:
    """A text input whose messages are the services' ("Chưa nhập trích yếu.", "Trích yếu quá dài …",
    "Trích yếu chứa ký tự điều khiển …")."""
    if rows:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
    return TextField(noun=noun, required=required, max_length=limit, error_messages={
        "required": missing_message(noun), "max_length": too_long_message(noun, limit)}, **kwargs)


class IdField(forms.IntegerField):
    """The id of a row picked in a <select>; empty or garbled reads as None (the service, or the
    view's scoped lookup, then says what is missing)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = str(value or "").strip()
        return int(value) if value.isdigit() else None


class IdListField(forms.Field):
    """Ids picked in a multiple <select>; the non-numeric ones are dropped."""

    widget = forms.SelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        return [int(v) for v in (value or []) if str(v).strip().isdigit()]


def bootstrap(form) -> None:
    """Bootstrap classes on every widget (checkbox/radio lists are styled in the templates)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect, forms.HiddenInput)):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


# ---------------------------------------------------------------- refusals ----

def error_list(form) -> list[str]:
    """Every message of a form's errors, the form's own first — for a page that shows a form's
    errors in one box rather than beside each field."""
    out = list(form.errors.get(NON_FIELD_ERRORS, []))
    for name, errors in form.errors.items():
        if name != NON_FIELD_ERRORS:
            out.extend(errors)
    return out


def add_refusal(form, exc: ValidationError | PermissionDenied, field_for=None) -> int:
    """Put a service's refusal on ``form`` (field errors where a field matches, through
    ``field_for(key)`` when the service's keys are not the form's names) and return the status
    the page is shown with: 403 refused, 409 stale version (``form.conflict`` set), 400 otherwise."""
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc) or FORBIDDEN)
        return 403
    if isinstance(exc, ConflictError):
        form.add_error(None, exc.messages)
        form.conflict = True
        return 409
    if hasattr(exc, "error_dict"):
        for key, errors in exc.message_dict.items():
            name = field_for(key) if field_for else key
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
    return 400


def run_form_service(request, form, call, *, success, redirect_to, render):
    """Run one form POST of a page.

    ``call(cleaned_data)`` is the service call; its result goes to ``success`` (the flash text,
    or a function of the result) and ``redirect_to`` (a URL, or a function of the result).
    A bad form or a refusal (``ValidationError`` → 400, ``PermissionDenied`` → 403,
    ``ConflictError`` → 409) returns ``render(form)`` — the page with the bound form, so what was
    typed is kept and the message shows beside it — with that status."""
    form.conflict = getattr(form, "conflict", False)
    status = 400
    if form.is_valid():
        try:
            result = call(form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            status = add_refusal(form, exc, getattr(form, "field_for_error", None))
        else:
            messages.success(request, success(result) if callable(success) else success)
            # Only ever to this site, whatever URL the page passed on (a "next" it was given).
            return redirect(safe_next(request, redirect_to(result) if callable(redirect_to) else redirect_to))
    response = render(form)
    response.status_code = status
    return response
