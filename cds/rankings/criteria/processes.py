"""Criteria of appraisal, surveys, the yearly plan, estimates and procurement."""
