"""Pages of the appraisal app: :mod:`.dossiers` (creating and working a dossier), :mod:`.tracking`
(the tracking page) and :mod:`.rules` (the procedures of each legal regime); routed by
``cds/appraisal/urls.py``."""
