"""Registry pages (:mod:`.pages`: list, detail, create, edit, transitions, ledger, documents,
supervision checks) and the Excel export and import (:mod:`.io`); routes in
:mod:`cds.projects.urls`."""
