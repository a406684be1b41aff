"""Registry pages (:mod:`.pages`: list, detail, create, edit, transitions, ledger, documents,
supervision checks), the Excel export and import (:mod:`.io`) and the units directory
(:mod:`.units`); routes in :mod:`cds.projects.urls`."""
