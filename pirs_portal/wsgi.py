"""The WSGI application gunicorn serves (deploy/nginx.conf; WSGI_APPLICATION in settings)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'pirs_portal.settings')

application = get_wsgi_application()
