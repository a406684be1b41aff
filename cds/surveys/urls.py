from django.urls import path

from .views import bottlenecks, forms, keytasks, results, rounds

app_name = "surveys"
urlpatterns = [
    # rounds and responses
    path("", rounds.index, name="index"),
    path("dot-moi/", rounds.round_create, name="round_create"),
    path("dot/<int:pk>/", rounds.round_detail, name="round"),
    path("dot/<int:pk>/sua/", rounds.round_edit, name="round_edit"),
    path("dot/<int:pk>/gui/", rounds.round_open, name="round_open"),
    path("dot/<int:pk>/ket-thuc/", rounds.round_close, name="round_close"),
    path("phieu/<int:pk>/", rounds.response_detail, name="response"),
    path("phieu/<int:pk>/gui/", rounds.response_submit, name="response_submit"),
    path("phieu/<int:pk>/tra-lai/", rounds.response_return, name="response_return"),
    path("phieu/<int:pk>/tep/<int:answer_pk>/", rounds.answer_file, name="answer_file"),
    # results and outputs
    path("dot/<int:pk>/ket-qua/", results.results, name="results"),
    path("dot/<int:pk>/ket-qua/tong-hop/<int:section_pk>/", results.summary, name="summary"),
    path("dot/<int:pk>/xuat.xlsx", results.export_xlsx, name="export_xlsx"),
    path("dot/<int:pk>/xuat.csv", results.export_csv, name="export_csv"),
    path("dot/<int:pk>/bao-cao.docx", results.report_docx, name="report_docx"),
    # questionnaires (XLSForm in and out)
    path("bo-cau-hoi/", forms.form_list, name="forms"),
    path("bo-cau-hoi/nhap/", forms.form_import, name="form_import"),
    path("bo-cau-hoi/moi/", forms.form_new, name="form_new"),
    path("bo-cau-hoi/<int:pk>/", forms.form_detail, name="form"),
    path("bo-cau-hoi/<int:pk>/xlsform.xlsx", forms.form_xlsform, name="form_xlsform"),
    path("bo-cau-hoi/<int:pk>/ban-hanh/", forms.form_publish, name="form_publish"),
    path("bo-cau-hoi/<int:pk>/phien-ban-moi/", forms.form_new_version, name="form_new_version"),
    path("bo-cau-hoi/<int:pk>/thay-the/", forms.form_replace, name="form_replace"),
    # bottlenecks and difficulties
    path("diem-nghen/", bottlenecks.index, name="bottlenecks"),
    path("diem-nghen/moi/", bottlenecks.create, name="bottleneck_create"),
    path("diem-nghen/<int:pk>/", bottlenecks.detail, name="bottleneck"),
    path("diem-nghen/<int:pk>/tra-loi/", bottlenecks.answer, name="bottleneck_answer"),
    path("diem-nghen/<int:pk>/de-xuat/", bottlenecks.propose, name="bottleneck_propose"),
    path("diem-nghen/<int:pk>/giao-nhiem-vu/", bottlenecks.assign, name="bottleneck_assign"),
    path("diem-nghen/<int:pk>/ket-thuc/", bottlenecks.resolve, name="bottleneck_resolve"),
    # Đề án 06 key tasks
    path("de-an-06/", keytasks.index, name="keytasks"),
    path("de-an-06/moi/", keytasks.create, name="keytask_create"),
    path("de-an-06/<int:pk>/", keytasks.detail, name="keytask"),
    path("de-an-06/<int:pk>/sua/", keytasks.edit, name="keytask_edit"),
    path("de-an-06/<int:pk>/don-vi/<int:unit_pk>/", keytasks.report, name="keytask_report"),
]
