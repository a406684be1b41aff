"""Audit verbs of the unit forest. Collected by ``cds.audit.registry``."""
VERBS = {
    "unit.created": "Tạo đơn vị",
    "unit.updated": "Sửa đơn vị",
    "unit.reorganised": "Sắp xếp lại đơn vị",
}
