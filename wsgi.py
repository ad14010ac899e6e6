"""The app for a WSGI server, one gevent process each (deploy/README.md):

    gunicorn -k geventwebsocket.gunicorn.workers.GeventWebSocketWorker -w 1 wsgi:app

gevent patches the standard library before anything else is imported (ARCHITECTURE.md,
trap 1); migrations run at start-up under PostgreSQL's advisory lock, so several
processes may start together.
"""

from gevent import monkey

monkey.patch_all()

import os  # noqa: E402
import sys  # noqa: E402

from werkzeug.middleware.proxy_fix import ProxyFix  # noqa: E402

from cafe import create_app  # noqa: E402
from cafe.database import upgrade_database  # noqa: E402
from cafe.memory import settle_memory  # noqa: E402
from cafe.services.organisers import first_start_link  # noqa: E402

app = create_app()
with app.app_context():
    print(f"Café: organiser {upgrade_database(then=first_start_link)}", file=sys.stderr)
# Behind nginx every phone seems to come from 127.0.0.1: the per-address caps and limits
# need the address nginx saw (CAFE_PROXIES: how many proxies set X-Forwarded-For).
proxies = int(os.environ.get("CAFE_PROXIES", "1"))
if proxies:
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
settle_memory()
