"""Difficulties written inside effectiveness reviews join the bottleneck register
(:func:`cds.surveys.services.bottlenecks.from_review_issue`)."""
