"""Exported documents (Word/PDF) in the national administrative format.

``cds.reports.nd30`` builds .docx files laid out per Nghị định 30/2020/NĐ-CP (công tác văn
thư), shared by every report the system issues: báo cáo rà soát, đánh giá hiệu quả; báo cáo
thẩm định; dự thảo quyết định phê duyệt; báo cáo theo chỉ đạo.  No models, no migrations.
"""
