"""The ASGI application, for an ASGI server; the deployment serves wsgi.py with gunicorn."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'pirs_portal.settings')

application = get_asgi_application()
