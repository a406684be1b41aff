from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Q

from cds.accounts import access
from cds.core.forms import TextField
from cds.orgs.models import Unit

from .models import PairStatus
from .services import CLUSTER_MAX, DECISIONS

MAX_ID = 2**31 - 1


class DecisionForm(forms.Form):
    status = forms.ChoiceField(label="Kết luận", choices=[(s, PairStatus(s).label) for s in DECISIONS],
                               widget=forms.RadioSelect, error_messages={"required": "Hãy chọn kết luận."})
    reason = TextField(label="Lý do", max_length=4000, widget=forms.Textarea(attrs={"rows": 2}),
                       error_messages={"required": "Hãy ghi lý do của kết luận."})
    version = forms.IntegerField(widget=forms.HiddenInput)


class PairVersionsField(forms.Field):
    """The ticked pairs of a cluster, each sent as ``"<pair id>:<version it was shown at>"``."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value):
        out = {}
        for item in value or []:
            pk, _, version = str(item).partition(":")
            if not (pk.isascii() and pk.isdigit() and version.isascii() and version.isdigit()) \
                    or not 0 < int(pk) <= MAX_ID or int(version) > MAX_ID:
                raise forms.ValidationError("Danh sách cặp không hợp lệ; hãy tải lại trang.")
            out[int(pk)] = int(version)
        if not out:
            raise forms.ValidationError("Hãy đánh dấu ít nhất một cặp trong cụm.")
        if len(out) > CLUSTER_MAX:
            raise forms.ValidationError(f"Mỗi lần kết luận tối đa {CLUSTER_MAX} cặp.")
        return out


class ClusterDecisionForm(forms.Form):
    """One conclusion, with one reason, for the ticked pairs of a cluster."""

    status = forms.ChoiceField(label="Kết luận", choices=[(s, PairStatus(s).label) for s in DECISIONS],
                               widget=forms.RadioSelect, error_messages={"required": "Hãy chọn kết luận."})
    reason = TextField(label="Lý do", max_length=4000, widget=forms.Textarea(attrs={"rows": 2}),
                       error_messages={"required": "Hãy ghi lý do của kết luận."})
    pairs = PairVersionsField(label="Các cặp")


# ------------------------------------------------------------------ the queue's filters ----

BANDS = {"high": (0.8, None), "mid": (0.65, 0.8), "low": (None, 0.65)}
BAND_CHOICES = [("high", "Rất giống (từ 80%)"), ("mid", "Giống (65–80%)"), ("low", "Cần xem kỹ (dưới 65%)")]
KIND_CHOICES = [("project", "Dự án – dự án"), ("system", "Dự án – hệ thống đã có")]
SORT_CHOICES = [("-score", "Giống nhất trước"), ("score", "Ít giống trước"), ("-found", "Mới phát hiện trước"),
                ("found", "Phát hiện sớm trước"), ("unit", "Theo đơn vị")]
PAIR_ORDER = {"-score": ("-score", "id"), "score": ("score", "id"), "-found": ("-found_at", "-id"),
              "found": ("found_at", "id"), "unit": ("project__investor_unit__name", "-score", "id")}
VIEW_CHOICES = [("clusters", "Theo cụm"), ("pairs", "Từng cặp")]
STATUS_CHOICES = list(PairStatus.choices) + [("all", "Tất cả")]


@dataclass
class QueueFilter:
    """The queue's filters in force (defaults filled in)."""

    status: str = PairStatus.PENDING
    unit: int | None = None
    band: str = ""
    kind: str = ""
    sort: str = "-score"
    view: str = "clusters"

    @property
    def clusters(self) -> bool:
        """Pending pairs are grouped into clusters unless the user asked for single pairs."""
        return self.status == PairStatus.PENDING and self.view == "clusters"


class QueueFilterSet(django_filters.FilterSet):
    """``?status=`` (a conclusion or "all"; pending by default), ``unit`` (of either project,
    with its subtree, within the user's scope), ``band`` (score band), ``kind`` (project –
    project or project – system), ``sort``, ``view`` (clusters or single pairs). A value that
    is not one of the choices is ignored, as on the project list."""

    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES, method="keep")
    unit = django_filters.NumberFilter(method="filter_unit", min_value=1, max_value=MAX_ID)
    band = django_filters.ChoiceFilter(choices=BAND_CHOICES, method="filter_band")
    kind = django_filters.ChoiceFilter(choices=KIND_CHOICES, method="filter_kind")
    sort = django_filters.ChoiceFilter(choices=SORT_CHOICES, method="keep")
    view = django_filters.ChoiceFilter(choices=VIEW_CHOICES, method="keep")

    def __init__(self, data, *, queryset, user):
        super().__init__(data if data is not None else {}, queryset=queryset)
        self.user = user

    def keep(self, qs, name, value):
        return qs  # applied in filter_queryset

    def filter_unit(self, qs, name, value):
        unit = access.scope_units(self.user, Unit.objects.filter(pk=int(value))).only("path").first()
        if unit is None:
            return qs.none()
        return qs.filter(Q(project__investor_unit__path__startswith=unit.path)
                         | Q(other_project__investor_unit__path__startswith=unit.path))

    def filter_band(self, qs, name, value):
        low, high = BANDS[value]
        if low is not None:
            qs = qs.filter(score__gte=low)
        return qs.filter(score__lt=high) if high is not None else qs

    def filter_kind(self, qs, name, value):
        return qs.filter(system__isnull=value == "project")

    def filter_queryset(self, queryset):
        qs = super().filter_queryset(queryset)
        flt = self.values
        if flt.status != "all":
            qs = qs.filter(status=flt.status)
        return qs.order_by(*PAIR_ORDER[flt.sort])

    @property
    def values(self) -> QueueFilter:
        self.errors  # noqa: B018 — validates the form
        cd = self.form.cleaned_data
        unit = cd.get("unit")
        return QueueFilter(status=cd.get("status") or PairStatus.PENDING, unit=int(unit) if unit else None,
                           band=cd.get("band") or "", kind=cd.get("kind") or "", sort=cd.get("sort") or "-score",
                           view=cd.get("view") or "clusters")
