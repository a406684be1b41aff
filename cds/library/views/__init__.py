"""Pages of the library: the entries and their workflow (:mod:`.pages`), and reuse — the hint
under a new proposal's name, related entries, "Tái sử dụng mô hình" (:mod:`.reuse`)."""
