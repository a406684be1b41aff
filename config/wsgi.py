import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Move what start-up allocated (modules, URL patterns, templates …) out of the garbage collector's
# reach: a full collection then walks only per-request objects — about 110 ms → 10–25 ms on the
# tracking page at 20,000 projects, which is what kept its p95 over 300 ms (bench/README.md,
# "Appraisal"). Each gunicorn worker imports this module, so each freezes its own start-up heap.
gc.freeze()
