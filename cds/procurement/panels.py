"""The procurement part of the project page."""

PANELS = ()
