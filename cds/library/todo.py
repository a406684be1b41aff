"""What the library hands out on the home page (:mod:`cds.core.todo`), each counted through the
list it links to (:func:`cds.library.selectors.practices_for` with the same status filter):

* the CĐS authority: entries of its tree submitted for checking — ``/thu-vien/?tinh_trang=submitted``;
* a unit: its entries returned for completion — ``/thu-vien/?tinh_trang=returned``."""
from cds.accounts.models import Role
from cds.core.todo import Todo

from . import selectors
from .models import Status

WORK_ITEMS = [
    Todo("library.to_check", "Mô hình chờ kiểm tra", frozenset({Role.CDS_APPRAISER}),
         lambda user, today: selectors.waiting_check(user).count(), "library:list",
         {"tinh_trang": Status.SUBMITTED.value}, fragment="practices",
         hint="Kiểm tra rồi công bố hoặc trả lại; người lập, người gửi không tự kiểm tra", order=80),
    Todo("library.returned", "Mô hình bị trả lại", frozenset({Role.UNIT_STAFF, Role.UNIT_HEAD}),
         lambda user, today: selectors.returned_to(user).count(), "library:list",
         {"tinh_trang": Status.RETURNED.value}, fragment="practices",
         hint="Hoàn thiện theo ý kiến của cơ quan chuyên trách CĐS rồi gửi kiểm tra lại", order=80),
]
