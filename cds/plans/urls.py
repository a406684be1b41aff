"""Routes of the yearly plan, at /ke-hoach/ in the "plans" namespace."""
from django.urls import path

from .views import documents, imports, review, rounds

app_name = "plans"

urlpatterns = [
    path("", rounds.round_list, name="list"),
    path("moi/", rounds.round_create, name="round_create"),
    path("<int:pk>/", rounds.round_detail, name="round"),
    path("<int:pk>/sua/", rounds.round_edit, name="round_edit"),
    path("<int:pk>/han-muc/", rounds.round_envelopes, name="envelopes"),
    path("<int:pk>/mo/", rounds.round_open, name="round_open"),
    path("<int:pk>/tong-hop/", rounds.round_review, name="round_review"),
    path("<int:pk>/ket-thuc/", rounds.round_close, name="round_close"),
    path("<int:pk>/tong-hop-de-xuat/", review.consolidation, name="consolidation"),
    path("<int:pk>/bo-tri-kinh-phi/", review.recommend, name="recommend"),
    path("<int:pk>/de-xuat/moi/", rounds.proposal_create, name="proposal_create"),
    path("<int:pk>/de-xuat/chuyen-tiep/", rounds.carry_over, name="carry_over"),
    path("<int:pk>/du-thao/", review.plan_draft, name="plan_draft"),
    path("de-xuat/<int:pk>/", review.proposal_detail, name="proposal"),
    path("de-xuat/<int:pk>/sua/", rounds.proposal_edit, name="proposal_edit"),
    path("de-xuat/<int:pk>/gui/", review.proposal_submit, name="proposal_submit"),
    path("de-xuat/<int:pk>/tra-lai/", review.proposal_return, name="proposal_return"),
    path("de-xuat/<int:pk>/gop/", review.proposal_merge, name="proposal_merge"),
    path("de-xuat/<int:pk>/loai/", review.proposal_reject, name="proposal_reject"),
    path("de-xuat/<int:pk>/cham-diem/", review.proposal_score, name="proposal_score"),
    path("de-xuat/<int:pk>/kinh-phi/", review.proposal_funding, name="proposal_funding"),
    path("ban/<int:pk>/", review.plan_detail, name="plan"),
    path("ban/<int:pk>/muc/<int:item_id>/", review.plan_item, name="plan_item"),
    path("ban/<int:pk>/muc/<int:item_id>/bo/", review.plan_remove_item, name="plan_remove_item"),
    path("ban/<int:pk>/them/", review.plan_add_item, name="plan_add_item"),
    path("ban/<int:pk>/trinh/", review.plan_submit, name="plan_submit"),
    path("ban/<int:pk>/tra-lai/", review.plan_return, name="plan_return"),
    path("ban/<int:pk>/phe-duyet/", review.plan_approve, name="plan_approve"),
    path("ban/<int:pk>/dua-vao-danh-muc/", review.plan_register, name="plan_register"),
    path("ban/<int:pk>/so-sanh/", review.plan_diff, name="plan_diff"),
    path("ban/<int:pk>/ke-hoach.docx", documents.plan_docx, name="plan_docx"),
    path("ban/<int:pk>/phu-luc.xlsx", documents.plan_xlsx, name="plan_xlsx"),
    path("<int:pk>/de-xuat/nhap/", imports.import_proposals, name="import"),
    path("<int:pk>/de-xuat/mau.xlsx", imports.template, name="template"),
    path("tieu-chi/", review.rubrics, name="rubrics"),
    path("tieu-chi/moi/", review.rubric_create, name="rubric_create"),
    path("tieu-chi/<int:pk>/cong-bo/", review.rubric_publish, name="rubric_publish"),
]
