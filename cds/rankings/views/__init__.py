"""Pages of the ranking (methods, periods, results and their evidence), its Word and Excel
outputs, and the follow-up items with the projects' signals."""
from .alerts import alert_assign, alert_close, alert_detail, alerts, signals  # noqa: F401
from .methods import index, method_decide, method_detail, method_edit, method_new, method_submit, methods  # noqa: F401
from .outputs import period_docx, period_xlsx  # noqa: F401
from .periods import (  # noqa: F401
    evidence,
    period_compare,
    period_compute,
    period_detail,
    period_new,
    period_publish,
    result_detail,
)
