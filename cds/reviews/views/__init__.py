"""Effectiveness review pages (:mod:`.pages`: campaigns, reports, issues, evidence, the steps
of a review, follow-up actions) and the consolidated report downloads (:mod:`.reports`); routes
in :mod:`cds.reviews.urls`."""
