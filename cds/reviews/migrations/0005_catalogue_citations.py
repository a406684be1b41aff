"""The catalogue's citations name the legal text (số/ký hiệu, Điều, khoản) and the problems' sources
name the provincial reviews; the scoring method says plainly that no law sets one. Rows an
administrator has rewritten are left alone: only the texts first loaded are replaced."""
import re

from django.db import migrations

FIRST_TEXT = re.compile(r"domain\.md|\[(?:V|V2|U|N)\]|cần xác nhận|^Bài 00\d")
PROPOSED = "NĐ 224/2026/NĐ-CP Điều 68.2 (báo cáo đánh giá hiệu quả hằng năm)"
INDICATORS = {
    "ONL_FULL": "NĐ 224/2026/NĐ-CP Điều 19 (chỉ số dịch vụ công trực tuyến)",
    "ONL_DOSSIERS": "NĐ 224/2026/NĐ-CP Điều 19 (chỉ số dịch vụ công trực tuyến)",
    "DATA_LGSP": "NĐ 47/2020/NĐ-CP Điều 27, 46",
    "CMP_SOURCE": "NĐ 73/2019/NĐ-CP Điều 35",
}
QN = "Báo cáo rà soát các đề án CNTT, UBND tỉnh Quảng Ninh (19/3/2022)"
PROVINCES = "Kết quả rà soát, chỉ đạo của UBND các tỉnh về đầu tư CNTT, chuyển đổi số"
PROBLEMS = {"DUPLICATE": PROVINCES, "NOT_INTEGRATED": "NĐ 47/2020/NĐ-CP; " + PROVINCES,
            "NO_OM_FUNDS": "NĐ 224/2026/NĐ-CP Điều 60"}
METHOD_OLD = "Phương pháp là đề xuất của hệ thống, cần cơ quan chuyên trách CĐS xác nhận."
METHOD_NEW = ("Pháp luật chưa quy định phương pháp chấm điểm; cơ quan chuyên trách CĐS của tỉnh điều chỉnh "
              "trọng số, ngưỡng bằng một phiên bản mới.")


def rewrite(apps, schema_editor):
    Indicator = apps.get_model("reviews", "Indicator")
    ProblemType = apps.get_model("reviews", "ProblemType")
    ScoringMethod = apps.get_model("reviews", "ScoringMethod")
    for row in Indicator.objects.all():
        citation = INDICATORS.get(row.code, PROPOSED)
        if FIRST_TEXT.search(row.citation or ""):
            Indicator.objects.filter(pk=row.pk).update(citation=citation)
        if FIRST_TEXT.search(row.confirmed_against or ""):
            Indicator.objects.filter(pk=row.pk).update(confirmed_against=citation)
    for row in ProblemType.objects.all():
        if FIRST_TEXT.search(row.citation or ""):
            ProblemType.objects.filter(pk=row.pk).update(citation=PROBLEMS.get(row.code, QN))
    for row in ScoringMethod.objects.all():
        fields = {}
        if METHOD_OLD in row.description:
            fields["description"] = row.description.replace(METHOD_OLD, METHOD_NEW)
        if FIRST_TEXT.search(row.citation or ""):
            fields["citation"] = PROPOSED
        if fields:
            ScoringMethod.objects.filter(pk=row.pk).update(**fields)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0004_confirmation")]
    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
