"""Pages of the directives register (``/chi-dao/``), routed by ``cds/directives/urls.py``:
:mod:`.overview` (the tasks overdue first, the calendar, the results by unit),
:mod:`.directives` (the directives, their tasks and the extraction assistant) and :mod:`.tasks`
(a task's page with its progress reports and extension requests). Input is read with the forms
of :mod:`cds.directives.forms`; every write goes through :func:`cds.core.forms.run_form_service`."""
