"""Forms of the survey round pages: the round (with one lead/co-agency row per section of the
chosen version), opening confirmation, submission and return. A unit's answers are not a Django
form: their fields come from the version (``q_<name>``) and are read by
:func:`cds.surveys.views.rounds.raw_from_post` into the ``raw`` of :func:`cds.surveys.answers.clean`."""
from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone

from cds.core.forms import IdField, TextField, VersionField, VNDateField, bootstrap, text_field
from cds.orgs.models import Unit, UnitKind
from cds.projects.forms import UnitChoiceField, unit_queryset

from .models import FormVersion, GroupKind, Questionnaire, ResponseStatus, VersionStatus
from .permissions import scope_questionnaires


def published_versions(user):
    """The published versions of the questionnaires the user reads, newest first."""
    return (FormVersion.objects.filter(status=VersionStatus.PUBLISHED,
                                       questionnaire__in=scope_questionnaires(user, Questionnaire.objects.all()))
            .select_related("questionnaire").order_by("-published_at", "-pk"))


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} — phiên bản {obj.number}" + (f" ({obj.version_label})" if obj.version_label else "")


def _live_units(user):
    today = timezone.localdate()
    return unit_queryset(user).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))


class RoundForm(forms.Form):
    """A round's fields; ``sections`` (of the chosen version) add ``lead_<id>`` and ``co_<id>``."""

    name = TextField(label="Tên đợt khảo sát", max_length=300, multiline=False,
                     error_messages={"required": "Chưa nhập tên đợt khảo sát."})
    form = VersionChoiceField(label="Bộ câu hỏi (phiên bản đã ban hành)", queryset=FormVersion.objects.none(),
                              empty_label="— chọn bộ câu hỏi —",
                              error_messages={"required": "Chọn một phiên bản bộ câu hỏi đã ban hành.",
                                              "invalid_choice": "Chọn một phiên bản bộ câu hỏi đã ban hành."})
    basis_number = TextField(label="Số, ký hiệu văn bản", max_length=80, required=False, multiline=False,
                             widget=forms.TextInput(attrs={"placeholder": "VD: 1470/UBND-NC"}))
    basis_date = VNDateField(label="Ngày văn bản", required=False)
    basis_title = TextField(label="Trích yếu", max_length=500, required=False, multiline=False)
    deadline = VNDateField(noun="hạn gửi", label="Hạn gửi phiếu")
    coordinator = UnitChoiceField(label="Đơn vị tổng hợp chung", queryset=Unit.objects.none(),
                                  empty_label="— chọn đơn vị —",
                                  error_messages={"required": "Chưa chọn đơn vị tổng hợp chung.",
                                                  "invalid_choice": "Đơn vị không hợp lệ."})
    scope_unit = UnitChoiceField(label="Gửi tới các đơn vị thuộc", queryset=Unit.objects.none(), required=False,
                                 empty_label="— mọi đơn vị của tỉnh/bộ —",
                                 error_messages={"invalid_choice": "Đơn vị không hợp lệ."})
    version = VersionField()

    def __init__(self, *args, user, sections=(), lock_form=False, **kwargs):
        super().__init__(*args, **kwargs)
        units = _live_units(user)
        self.fields["form"].queryset = published_versions(user)
        self.fields["coordinator"].queryset = units
        self.fields["scope_unit"].queryset = units
        if lock_form:
            self.fields["form"].disabled = True
        self.sections = list(sections)
        self.section_rows = []
        for s in self.sections:
            self.fields[f"lead_{s.pk}"] = UnitChoiceField(
                label=f"Chủ trì nhóm “{s.label}”", queryset=units, required=False, empty_label="— chưa giao —",
                error_messages={"invalid_choice": "Đơn vị không hợp lệ."})
            self.fields[f"co_{s.pk}"] = UnitChoiceField(
                label=f"Phối hợp nhóm “{s.label}”", queryset=units, required=False, empty_label="— không —",
                error_messages={"invalid_choice": "Đơn vị không hợp lệ."})
        bootstrap(self)
        for s in self.sections:
            self.section_rows.append((s, self[f"lead_{s.pk}"], self[f"co_{s.pk}"]))

    def clean(self):
        data = super().clean()
        for s in self.sections:
            if data.get(f"co_{s.pk}") and not data.get(f"lead_{s.pk}"):
                self.add_error(f"lead_{s.pk}", "Chọn cơ quan chủ trì trước khi chọn cơ quan phối hợp.")
        return data

    def service_data(self) -> dict:
        cd = self.cleaned_data
        data = {k: cd.get(k) for k in ("name", "form", "basis_number", "basis_date", "basis_title", "deadline",
                                       "coordinator", "scope_unit")}
        data["leads"] = {s.pk: (cd.get(f"lead_{s.pk}"), cd.get(f"co_{s.pk}")) for s in self.sections}
        return data


def _find(units, *, kind=None, words=()):
    for u in units:
        text = f"{u.name} {u.short_name}".lower()
        if (kind is None or u.kind == kind) and all(w in text for w in words):
            return u
    return None


def default_leads(user, sections) -> dict:
    """Initial lead/co agencies after Công văn 1470/UBND-NC, where units of the tree match:
    Văn phòng UBND for the legal group; Sở KH&CN (formerly Sở TT&TT) for infrastructure, data and
    security; Sở Nội vụ with Sở Tài chính for resources; Công an tỉnh coordinates."""
    units = list(_live_units(user).filter(parent__isnull=False).only("pk", "name", "short_name", "kind", "path"))
    vp = _find(units, words=("văn phòng", "ubnd")) or _find(units, words=("văn phòng", "ủy ban"))
    khcn = _find(units, words=("khoa học và công nghệ",)) or _find(units, words=("thông tin và truyền thông",))
    noi_vu = _find(units, words=("nội vụ",))
    tai_chinh = _find(units, words=("tài chính",))
    by_group = {GroupKind.LEGAL: (vp, None), GroupKind.INFRASTRUCTURE: (khcn, None), GroupKind.DATA: (khcn, None),
                GroupKind.SECURITY: (khcn, None), GroupKind.RESOURCES: (noi_vu or tai_chinh, tai_chinh if noi_vu else None)}
    initial = {}
    for s in sections:
        lead, co = by_group.get(s.group, (None, None))
        if lead:
            initial[f"lead_{s.pk}"] = lead.pk
        if co:
            initial[f"co_{s.pk}"] = co.pk
    police = _find(units, kind=UnitKind.POLICE)
    if police:
        initial["coordinator"] = police.pk
    return initial


class SubmitForm(forms.Form):
    version = VersionField()


class ReturnForm(forms.Form):
    section = IdField()
    comment = text_field("ý kiến khi trả lại", limit=2000, rows=3)


STATUS_FILTERS = [("", "Mọi tình trạng"), *ResponseStatus.choices, ("late", "Trễ hạn")]


class ResponseFilter(forms.Form):
    status = forms.ChoiceField(choices=STATUS_FILTERS, required=False)

    def value(self) -> str:
        return self.cleaned_data.get("status", "") if self.is_valid() else ""
