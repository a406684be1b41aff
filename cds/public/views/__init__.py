"""Pages of publication: the public pages (:mod:`.pages`), the open-data feeds (:mod:`.feeds`),
the staff's management of snapshots, withholding and masking (:mod:`.manage`)."""
