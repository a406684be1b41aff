"""Forms of the systems pages.

They read what was typed — text checked like every text, money in whole đồng, dates dd/mm/yyyy,
rows picked in selects limited to what the user may read — with the services' wording; the
rules (who may change which system, the seal, the version a form was opened with, numbers in
range, one master per entity …) stay in :mod:`cds.systems.services` and come back through
:func:`cds.core.forms.run_form_service`. Whole numbers (users, year, quantity) are passed as
typed: the services say "… phải là số nguyên từ … đến …"."""
from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone

from cds.accounts import access
from cds.catalog.models import Capability, DataEntity
from cds.core.forms import IdField, MoneyField, VersionField, VNDateField, bootstrap, text_field
from cds.orgs.models import Unit
from cds.projects.permissions import scope_projects

from .models import (
    Category,
    Criticality,
    EquipmentStatus,
    Fit,
    HoldingRole,
    Hosting,
    InformationSystem,
    IntegrationStatus,
    Lifecycle,
    Mechanism,
    ProjectRole,
    SharingClass,
)
from .permissions import scope_systems

#: How many projects a project <select> offers (newest first); others are typed by code.
PROJECT_OPTIONS = 300
EM_SPACE = "\u2003"
DIRECTIONS = (("out", "Hệ thống này gửi sang hệ thống kia"), ("in", "Hệ thống kia gửi sang hệ thống này"),
              ("both", "Hai chiều"))


def day(value) -> str:
    """A date as the date inputs show it (dd/mm/yyyy)."""
    return value.strftime("%d/%m/%Y") if value else ""


def choice(noun: str, choices, *, required=True, label=None, blank="— không chọn —") -> forms.ChoiceField:
    message = f"Chưa chọn {noun} hợp lệ."
    options = list(choices) if required else [("", blank), *choices]
    return forms.ChoiceField(choices=options, required=required, label=label,
                             error_messages={"required": f"Chưa chọn {noun}.", "invalid_choice": message})


def pick(noun: str, queryset, *, required=True, label=None, empty_label="— chọn —") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(queryset=queryset, required=required, label=label, empty_label=empty_label,
                                  error_messages={"required": f"Chưa chọn {noun}.",
                                                  "invalid_choice": f"Không tìm thấy {noun} đã chọn."})


def pick_many(noun: str, queryset, *, label=None, size=6) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=queryset, required=False, label=label, widget=forms.SelectMultiple(attrs={"size": size}),
        error_messages={"invalid_choice": f"Không tìm thấy {noun} đã chọn.",
                        "invalid_pk_value": f"Không tìm thấy {noun} đã chọn."})


def number(noun: str, *, label: str, required=False):
    """A whole number as typed; the service checks its range in Vietnamese."""
    field = text_field(noun, limit=20, required=required, multiline=False, label=label)
    field.widget.attrs["inputmode"] = "numeric"
    return field


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return EM_SPACE * max(obj.depth, 0) + obj.display_name


class SystemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


def owner_units(user):
    """Units ``user`` may register a system for: their own units, or every unit of the tree for
    the CĐS authority and the administrator."""
    qs = access.scope_units(user, Unit.objects.all()).filter(valid_to__isnull=True)
    return qs.order_by("path")


def _tree(user):
    scope = access.scope_for(user)
    qs = Unit.objects.filter(valid_to__isnull=True)
    if not scope.everything and user.unit_id:
        qs = qs.filter(path__startswith=user.unit.tree_prefix)
    return qs.order_by("path")


def core_choices(user, system=None):
    qs = scope_systems(user).filter(category__in=(Category.CORE, Category.NATIONAL, Category.COMMON))
    if system is not None:
        qs = qs.exclude(pk=system.pk)
    return qs.order_by("category", "name")


def project_choices(user, system=None):
    """Projects ``user`` may read (of the system's tree), newest first, at most PROJECT_OPTIONS."""
    qs = scope_projects(user)
    if system is not None and system.root_unit_id:
        qs = qs.filter(investor_unit__path__startswith=f"/{system.root_unit_id}/")
    return list(qs.order_by("-id").only("pk", "code", "name")[:PROJECT_OPTIONS])


# ------------------------------------------------------------------ the system

class SystemForm(forms.Form):
    code = text_field("mã hệ thống", limit=40, required=False, multiline=False, label="Mã hệ thống",
                      help_text="Để trống khi đăng ký: hệ thống tự cấp mã (HT00001 …).")
    name = text_field("tên hệ thống", limit=255, multiline=False, label="Tên hệ thống")
    aliases = text_field("tên gọi khác", limit=2000, required=False, rows=2, label="Tên gọi khác",
                         help_text="Mỗi dòng một tên (viết tắt, tên thường gọi).")
    description = text_field("mô tả, chức năng", limit=5000, required=False, rows=3, label="Mô tả, chức năng")
    category = choice("loại hệ thống", Category.choices, label="Loại hệ thống")
    is_hub = forms.BooleanField(label="Là nền tảng tích hợp, chia sẻ dữ liệu (LGSP, NDXP)", required=False)
    owner_unit = UnitChoiceField(label="Đơn vị chủ quản", queryset=Unit.objects.none(), required=False,
                                 empty_label="— chọn đơn vị —",
                                 error_messages={"invalid_choice": "Không tìm thấy đơn vị chủ quản đã chọn."})
    operating_unit = UnitChoiceField(label="Đơn vị vận hành", queryset=Unit.objects.none(), required=False,
                                     empty_label="— như đơn vị chủ quản —",
                                     error_messages={"invalid_choice": "Không tìm thấy đơn vị vận hành đã chọn."})
    operator = text_field("cơ quan chủ quản, vận hành", limit=255, required=False, multiline=False,
                          label="Cơ quan chủ quản, vận hành (ngoài tỉnh)")
    user_groups = text_field("nhóm người dùng", limit=500, required=False, multiline=False, label="Nhóm người dùng",
                             help_text="VD: cán bộ một cửa cấp xã; người dân, doanh nghiệp.")
    user_count = number("số người dùng", label="Số người dùng")
    core_system = SystemChoiceField(label="Phát triển từ hệ thống lõi", queryset=InformationSystem.objects.none(),
                                    required=False, empty_label="— không —",
                                    error_messages={"invalid_choice": "Không tìm thấy hệ thống lõi đã chọn."})
    lifecycle = choice("vòng đời", Lifecycle.choices, label="Vòng đời")
    planned_on = VNDateField(noun="ngày đưa vào kế hoạch", label="Ngày đưa vào kế hoạch", required=False)
    build_on = VNDateField(noun="ngày bắt đầu triển khai", label="Ngày bắt đầu triển khai", required=False)
    operate_on = VNDateField(noun="ngày đưa vào vận hành", label="Ngày đưa vào vận hành", required=False)
    phase_out_on = VNDateField(noun="ngày bắt đầu thu hẹp", label="Ngày bắt đầu thu hẹp", required=False)
    retired_on = VNDateField(noun="ngày ngừng", label="Ngày ngừng", required=False)
    criticality = choice("mức độ quan trọng", Criticality.choices, required=False, label="Mức độ quan trọng")
    functional_fit = choice("mức phù hợp nghiệp vụ", [(str(v), f"{v} — {lbl}") for v, lbl in Fit.choices],
                            required=False, label="Phù hợp nghiệp vụ (1–4)")
    technical_fit = choice("mức phù hợp kỹ thuật", [(str(v), f"{v} — {lbl}") for v, lbl in Fit.choices],
                           required=False, label="Phù hợp kỹ thuật (1–4)")
    hosting = choice("nơi đặt hệ thống", Hosting.choices, required=False, label="Nơi đặt hệ thống")
    security_level = choice("cấp độ an toàn thông tin", [(str(i), f"Cấp độ {i}") for i in range(1, 6)],
                            required=False, label="Cấp độ an toàn thông tin")
    security_decision = text_field("quyết định phê duyệt cấp độ", limit=120, required=False, multiline=False,
                                   label="Quyết định phê duyệt cấp độ", help_text="VD: 1234/QĐ-UBND")
    security_decision_on = VNDateField(noun="ngày phê duyệt cấp độ", label="Ngày phê duyệt cấp độ", required=False)
    vendor = text_field("nhà cung cấp", limit=255, required=False, multiline=False, label="Nhà cung cấp")
    contract = text_field("hợp đồng", limit=255, required=False, multiline=False, label="Hợp đồng")
    capabilities = pick_many("năng lực cung cấp", Capability.objects.filter(is_active=True),
                             label="Năng lực cung cấp")
    citation = text_field("căn cứ", limit=500, required=False, multiline=False, label="Căn cứ (văn bản)")
    version = VersionField()

    GROUPS = (
        ("Thông tin chung", ("code", "name", "aliases", "description", "category", "is_hub", "core_system")),
        ("Đơn vị, người dùng", ("owner_unit", "operating_unit", "operator", "user_groups", "user_count")),
        ("Vòng đời", ("lifecycle", "planned_on", "build_on", "operate_on", "phase_out_on", "retired_on")),
        ("Đánh giá, vận hành, an toàn thông tin", ("criticality", "functional_fit", "technical_fit", "hosting",
                                                   "security_level", "security_decision", "security_decision_on")),
        ("Nhà cung cấp, hợp đồng", ("vendor", "contract", "citation", "capabilities")),
    )
    WIDE = {"name", "description", "aliases", "user_groups", "capabilities", "core_system", "owner_unit",
            "operating_unit", "operator", "citation"}

    def __init__(self, *args, user, system=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = owner_units(user)
        chosen = [system.owner_unit_id] if system is not None and system.owner_unit_id else []
        self.fields["owner_unit"].queryset = (units | Unit.objects.filter(pk__in=chosen)).distinct().order_by("path")
        self.fields["operating_unit"].queryset = _tree(user)
        self.fields["core_system"].queryset = core_choices(user, system)
        bootstrap(self)

    def groups(self):
        return [(title, [(self[n], "col-md-6" if n in self.WIDE else "col-md-3") for n in names])
                for title, names in self.GROUPS]

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data

    @staticmethod
    def initial_for(system) -> dict:
        out = {f: getattr(system, f) for f in (
            "code", "name", "aliases", "description", "category", "is_hub", "owner_unit", "operating_unit",
            "operator", "user_groups", "core_system", "lifecycle", "planned_on", "build_on", "operate_on",
            "phase_out_on", "retired_on", "criticality", "hosting", "security_decision", "security_decision_on",
            "vendor", "contract", "citation")}
        for f in ("planned_on", "build_on", "operate_on", "phase_out_on", "retired_on", "security_decision_on"):
            out[f] = day(out[f])
        for f in ("user_count", "functional_fit", "technical_fit", "security_level"):
            value = getattr(system, f)
            out[f] = "" if value is None else str(value)
        out["capabilities"] = list(system.capabilities.all())
        out["version"] = system.version
        return out


class VersionForm(forms.Form):
    """A button that carries the version the page was opened with."""

    version = VersionField()


# ------------------------------------------------------------------ projects

class ProjectLinkForm(forms.Form):
    project = IdField(label="Nhiệm vụ/dự án")
    project_code = text_field("mã nhiệm vụ/dự án", limit=40, required=False, multiline=False,
                              label="hoặc gõ mã nhiệm vụ/dự án")
    role = choice("vai trò của dự án", ProjectRole.choices, label="Vai trò của dự án")
    note = text_field("ghi chú", limit=500, required=False, multiline=False, label="Ghi chú")

    def __init__(self, *args, user, system=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.options = project_choices(user, system)
        bootstrap(self)

    def chosen_project(self):
        """The project typed by code or picked, among those the user may read (None otherwise:
        the service then says it was not found)."""
        code = self.cleaned_data.get("project_code")
        projects = scope_projects(self.user)
        if code:
            return projects.filter(code__iexact=code.strip()).first()
        pk = self.cleaned_data.get("project")
        return projects.filter(pk=pk).first() if pk else None


class SystemLinkForm(forms.Form):
    """From the project page: a system the user may change, and the project's role."""

    system = SystemChoiceField(label="Hệ thống", queryset=InformationSystem.objects.none(), empty_label="— chọn —",
                               error_messages={"required": "Chưa chọn hệ thống.",
                                               "invalid_choice": "Không tìm thấy hệ thống đã chọn."})
    role = choice("vai trò của dự án", ProjectRole.choices, label="Vai trò của dự án")
    note = text_field("ghi chú", limit=500, required=False, multiline=False, label="Ghi chú")

    def __init__(self, *args, systems, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = systems
        bootstrap(self)


# ------------------------------------------------------------------ costs, data

class CostForm(forms.Form):
    year = number("năm", label="Năm", required=True)
    operating_cost = MoneyField(label="Chi phí vận hành (đồng)", required=False)
    development_cost = MoneyField(label="Chi phí phát triển, nâng cấp (đồng)", required=False)
    note = text_field("ghi chú", limit=500, required=False, multiline=False, label="Ghi chú")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"year": str(timezone.localdate().year)})
        super().__init__(*args, **kwargs)
        for f in ("operating_cost", "development_cost"):
            self.fields[f].widget.attrs.update({"inputmode": "numeric", "placeholder": "1.000.000"})
        bootstrap(self)


class HoldingForm(forms.Form):
    entity = pick("thực thể dữ liệu", DataEntity.objects.filter(is_active=True), label="Dữ liệu")
    role = choice("vai trò", HoldingRole.choices, label="Hệ thống nắm giữ dữ liệu này là")
    sharing = choice("phân loại chia sẻ", SharingClass.choices, required=False, label="Phân loại chia sẻ",
                     blank="— (chỉ với hệ thống chủ) —")
    database_name = text_field("tên cơ sở dữ liệu", limit=255, required=False, multiline=False,
                               label="Tên cơ sở dữ liệu")
    note = text_field("ghi chú", limit=500, required=False, multiline=False, label="Ghi chú")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


# ------------------------------------------------------------------ integrations

class IntegrationForm(forms.Form):
    other = SystemChoiceField(label="Hệ thống ở đầu kia", queryset=InformationSystem.objects.none(),
                              empty_label="— chọn hệ thống —",
                              error_messages={"required": "Chưa chọn hệ thống ở đầu kia của kết nối.",
                                              "invalid_choice": "Không tìm thấy hệ thống đã chọn."})
    direction = choice("chiều kết nối", DIRECTIONS, label="Chiều dữ liệu")
    mechanism = choice("phương thức kết nối", Mechanism.choices, label="Phương thức")
    status = choice("tình trạng kết nối", IntegrationStatus.choices, label="Tình trạng")
    since = VNDateField(noun="ngày bắt đầu kết nối", label="Từ ngày", required=False)
    entities = pick_many("dữ liệu trao đổi", DataEntity.objects.filter(is_active=True), label="Dữ liệu trao đổi",
                         size=4)
    note = text_field("ghi chú", limit=500, required=False, multiline=False, label="Ghi chú")
    version = VersionField()

    def __init__(self, *args, user, system, **kwargs):
        kwargs.setdefault("initial", {"status": IntegrationStatus.ACTIVE, "mechanism": Mechanism.HUB})
        super().__init__(*args, **kwargs)
        qs = scope_systems(user).exclude(pk=system.pk)
        if system.root_unit_id:
            qs = qs.filter(Q(root_unit__isnull=True) | Q(root_unit_id=system.root_unit_id))
        self.fields["other"].queryset = qs.order_by("-is_hub", "category", "name")
        bootstrap(self)

    def ends(self, system):
        other, direction = self.cleaned_data["other"], self.cleaned_data["direction"]
        source, target = (other, system) if direction == "in" else (system, other)
        return source, target, direction == "both"

    @staticmethod
    def initial_for(integration, system) -> dict:
        other = integration.target if integration.source_id == system.pk else integration.source
        direction = "both" if integration.both_ways else ("out" if integration.source_id == system.pk else "in")
        return {"other": other, "direction": direction, "mechanism": integration.mechanism,
                "status": integration.status, "since": day(integration.since), "note": integration.note,
                "entities": list(integration.entities.all()), "version": integration.version}


# ------------------------------------------------------------------ equipment

class EquipmentForm(forms.Form):
    project = IdField(label="Dự án mua sắm")
    system = IdField(label="Thuộc hệ thống")
    kind = text_field("loại thiết bị", limit=255, multiline=False, label="Loại thiết bị",
                      widget=forms.TextInput(attrs={"placeholder": "VD: camera giám sát, máy chủ"}))
    model = text_field("chủng loại, model", limit=255, required=False, multiline=False, label="Chủng loại, model")
    quantity = number("số lượng", label="Số lượng", required=True)
    location = text_field("nơi lắp đặt", limit=255, required=False, multiline=False, label="Nơi lắp đặt")
    accepted_on = VNDateField(noun="ngày nghiệm thu", label="Ngày nghiệm thu", required=False)
    warranty_until = VNDateField(noun="ngày hết bảo hành", label="Hết bảo hành", required=False)
    status = choice("tình trạng", EquipmentStatus.choices, label="Tình trạng")
    status_on = VNDateField(noun="ngày ghi nhận tình trạng", label="Ngày ghi nhận tình trạng", required=False)
    note = text_field("ghi chú", limit=500, required=False, multiline=False, label="Ghi chú")
    version = VersionField()

    def __init__(self, *args, projects=(), systems=(), editing=False, **kwargs):
        kwargs.setdefault("initial", {"quantity": "1", "status": EquipmentStatus.IN_USE})
        super().__init__(*args, **kwargs)
        self.project_options, self.system_options = list(projects), list(systems)
        if editing:   # the status has its own form (who reported it, when)
            for f in ("status", "status_on", "project"):
                del self.fields[f]
        bootstrap(self)

    def values(self) -> dict:
        cd = self.cleaned_data
        return {f: cd.get(f) for f in ("kind", "model", "quantity", "location", "accepted_on", "warranty_until",
                                       "status", "status_on", "note") if f in self.fields}

    @staticmethod
    def initial_for(eq) -> dict:
        return {"kind": eq.kind, "model": eq.model, "quantity": str(eq.quantity), "location": eq.location,
                "accepted_on": day(eq.accepted_on), "warranty_until": day(eq.warranty_until), "note": eq.note,
                "system": eq.system_id, "version": eq.version}


class EquipmentStatusForm(forms.Form):
    status = choice("tình trạng", EquipmentStatus.choices, label="Tình trạng")
    on = VNDateField(noun="ngày ghi nhận tình trạng", label="Ngày ghi nhận", required=False)
    note = text_field("ghi chú", limit=500, required=False, multiline=False, label="Ghi chú")
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


def _rule_choices():
    from .findings import RULES

    return [(code, title) for code, (title, _provider) in RULES.items()]


class FindingsFilterForm(forms.Form):
    """``?don_vi=<id>&phat_hien=<rule>`` of the findings page: the owner unit (with its subtree)
    and one rule; a value it cannot read is left out, as if it had not been sent."""

    don_vi = IdField(max_value=2**31 - 1)
    phat_hien = forms.ChoiceField(choices=_rule_choices, required=False)

    def unit_id(self) -> int | None:
        self.is_valid()
        return self.cleaned_data.get("don_vi") if "don_vi" not in self.errors else None

    def code(self) -> str:
        self.is_valid()
        return (self.cleaned_data.get("phat_hien") or "") if "phat_hien" not in self.errors else ""
