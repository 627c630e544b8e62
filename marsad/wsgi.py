import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marsad.settings")
application = get_wsgi_application()

# What the worker loaded to start (Django, the apps, their modules) lives as long as the
# worker: moved out of the collector's sight, so a full collection during a large
# request does not walk it again (the API's 500-row pages paused for it).
gc.freeze()
