"""Placeholder replaced by the checks module (merge)."""


def refresh(proposal, actor):
    return []


def forget(proposal):
    return None
