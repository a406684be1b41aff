"""Routes of the yearly plan, at /ke-hoach/ in the "plans" namespace."""
from django.urls import path

from .views import pages

app_name = "plans"

urlpatterns = [
    path("", pages.round_list, name="list"),
    path("moi/", pages.round_create, name="round_create"),
    path("<int:pk>/", pages.round_detail, name="round"),
    path("<int:pk>/sua/", pages.round_edit, name="round_edit"),
    path("<int:pk>/han-muc/", pages.round_envelopes, name="envelopes"),
    path("<int:pk>/mo/", pages.round_open, name="round_open"),
    path("<int:pk>/tong-hop/", pages.round_review, name="round_review"),
    path("<int:pk>/ket-thuc/", pages.round_close, name="round_close"),
    path("<int:pk>/tong-hop-de-xuat/", pages.consolidation, name="consolidation"),
    path("<int:pk>/bo-tri-kinh-phi/", pages.recommend, name="recommend"),
    path("<int:pk>/de-xuat/moi/", pages.proposal_create, name="proposal_create"),
    path("<int:pk>/de-xuat/chuyen-tiep/", pages.carry_over, name="carry_over"),
    path("<int:pk>/du-thao/", pages.plan_draft, name="plan_draft"),
    path("de-xuat/<int:pk>/", pages.proposal_detail, name="proposal"),
    path("de-xuat/<int:pk>/sua/", pages.proposal_edit, name="proposal_edit"),
    path("de-xuat/<int:pk>/gui/", pages.proposal_submit, name="proposal_submit"),
    path("de-xuat/<int:pk>/tra-lai/", pages.proposal_return, name="proposal_return"),
    path("de-xuat/<int:pk>/gop/", pages.proposal_merge, name="proposal_merge"),
    path("de-xuat/<int:pk>/loai/", pages.proposal_reject, name="proposal_reject"),
    path("de-xuat/<int:pk>/cham-diem/", pages.proposal_score, name="proposal_score"),
    path("de-xuat/<int:pk>/kinh-phi/", pages.proposal_funding, name="proposal_funding"),
    path("ban/<int:pk>/", pages.plan_detail, name="plan"),
    path("ban/<int:pk>/muc/<int:item_id>/", pages.plan_item, name="plan_item"),
    path("ban/<int:pk>/muc/<int:item_id>/bo/", pages.plan_remove_item, name="plan_remove_item"),
    path("ban/<int:pk>/them/", pages.plan_add_item, name="plan_add_item"),
    path("ban/<int:pk>/trinh/", pages.plan_submit, name="plan_submit"),
    path("ban/<int:pk>/tra-lai/", pages.plan_return, name="plan_return"),
    path("ban/<int:pk>/phe-duyet/", pages.plan_approve, name="plan_approve"),
    path("ban/<int:pk>/dua-vao-danh-muc/", pages.plan_register, name="plan_register"),
    path("ban/<int:pk>/so-sanh/", pages.plan_diff, name="plan_diff"),
]
