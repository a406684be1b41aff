"""Demo data: a fictional province (tỉnh Sơn Lâm) and a ministry, loaded by ``manage.py load_demo``.

Data lives in plain modules (units, users, projects, documents); the code that turns it into
records through the real services is in :mod:`.builder`, and the rewriting of "now" timestamps
into a believable past in :mod:`.stamps`.
"""
from .units import ROOT_CODE  # noqa: F401
