"""The catalogues the rows are matched against (kinds, groups, states, legal regimes,
programmes, funding sources, units in the user's scope), loaded once per file."""
from __future__ import annotations

from cds.accounts import access
from cds.catalog.models import FundingSource, Programme
from cds.orgs.models import Unit
from cds.orgs.selectors import UnitMatcher
from cds.rules.models import LegalRegime
from cds.text.normalize import fold

from .. import services
from ..models import Group, Kind, State
from ..permissions import can_create_project_for
from .cells import CellError, cell_text
from .columns import KIND_SHORT_LABELS, header_key


class Lookups:
    """Every catalogue the rows are matched against, loaded once per file."""

    def __init__(self, user):
        self.user = user
        self.kinds: dict[str, str] = {}
        for code, label in Kind.choices:
            for text in (code, label, header_key(label), KIND_SHORT_LABELS[code],
                         services.KIND_CODE_PREFIX[code]):
                self.kinds[fold(text)] = code
        self.groups: dict[str, str] = {"": Group.NONE}
        for code, label in Group.choices:
            self.groups[fold(code)] = code
            self.groups[fold(label)] = code
            self.groups[fold(f"Nhóm {code}")] = code
        self.states: dict[str, str] = {}
        self.all_states: dict[str, str] = {}
        for code, label in State.choices:
            self.all_states[fold(code)] = code
            self.all_states[fold(label)] = code
        self.regimes: dict[str, int] = {}
        for pk, code, short, name in LegalRegime.objects.values_list("pk", "code", "short_name", "name"):
            for text in (name, code, short):
                self.regimes[fold(text)] = pk
        self.programmes: dict[str, int] = {}
        self.programme_names: dict[int, str] = {}
        for pk, code, name in Programme.objects.filter(is_active=True).values_list("pk", "code", "name"):
            self.programmes[fold(name)] = pk
            self.programmes[fold(code)] = pk
            self.programme_names[pk] = name
        self.sources: dict[str, int] = {}
        for pk, code, name in FundingSource.objects.filter(is_active=True).values_list("pk", "code", "name"):
            self.sources[fold(name)] = pk
            self.sources[fold(code)] = pk
        self.scope_matcher = UnitMatcher(access.scope_units(user, Unit.objects.all()))
        self._tree_matcher = None
        self._units: dict[str, Unit | str] = {}  # cell text → unit, or the error message

    def tree_matcher(self) -> UnitMatcher:
        """Units of the user's own tree(s): to tell "not yours" apart from "does not exist"
        without revealing units of other provinces or ministries."""
        if self._tree_matcher is None:
            scope = access.scope_for(self.user)
            if scope.everything or not getattr(self.user, "unit_id", None):
                qs = access.scope_units(self.user, Unit.objects.all())
            else:
                roots = {"/" + p.strip("/").split("/")[0] + "/" for p in scope.paths if p.strip("/")}
                roots.add(self.user.unit.tree_prefix)
                qs = Unit.objects.none()
                for root in roots:
                    qs = qs | Unit.objects.filter(path__startswith=root)
            self._tree_matcher = UnitMatcher(qs)
        return self._tree_matcher

    def unit(self, value) -> Unit:
        """The unit a cell names (cached per distinct text: a file names few units many times)."""
        text = cell_text(value)
        found = self._units.get(text)
        if found is None:
            try:
                found = self._match_unit(text)
            except CellError as exc:
                found = str(exc)
            self._units[text] = found
        if isinstance(found, str):
            raise CellError(found)
        return found

    def _match_unit(self, text: str) -> Unit:
        unit, reason = self.scope_matcher.match(text)
        if unit is None:
            if self.scope_matcher.by_key.get(fold(text)):  # several units answer to this name
                raise CellError(reason)
            other, _ = self.tree_matcher().match(text)
            if other is not None:
                raise CellError(f"Bạn không được đăng ký cho đơn vị “{other.name}” (ngoài phạm vi đơn vị bạn quản lý)")
            raise CellError(f"không tìm thấy đơn vị “{text}” (nhập mã, tên đầy đủ, tên viết tắt hoặc tên gọi khác)")
        if not can_create_project_for(self.user, unit):
            raise CellError(f"Bạn không được đăng ký cho đơn vị “{unit.name}”")
        return unit
