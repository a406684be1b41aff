"""Criteria of the registry, reviews, money, directives and candour."""
