"""Writes of the difficulties and bottleneck register."""
__all__: list[str] = []
