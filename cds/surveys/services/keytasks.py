"""Writes of the Đề án 06 key-task catalogue and of each unit's status."""
__all__: list[str] = []
