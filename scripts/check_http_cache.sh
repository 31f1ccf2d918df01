#!/usr/bin/env bash
# Serve the portal as the README's deployment does, nginx (deploy/nginx.conf) in front of gunicorn,
# on loopback, and check its HTTP caching: a public page's second request is a cache hit at nginx;
# the portal answers 304 to a matching If-None-Match; an edit shows once the page's max-age is over.
# .ci/run calls it after the tests; it needs nginx (apt-get install nginx) and the .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

APP_PORT=${APP_PORT:-18011}
NGINX_PORT=${NGINX_PORT:-18080}
MAX_AGE=3
work="$(mktemp -d /tmp/pirs-http-cache.XXXXXX)"
say() { printf '==> %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*"; exit 1; }
stop() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [ -f "$work/gunicorn.pid" ] && kill "$(cat "$work/gunicorn.pid")" 2>/dev/null || true
  sleep 1
  rm -rf "$work"
}
trap stop EXIT

export DATABASE_URL="spatialite:///$work/db.sqlite3" DEBUG=false ALLOWED_HOSTS=127.0.0.1 \
  SECRET_KEY="http-cache-check-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')" \
  CACHE_URL="" CACHE_DIR="$work/cache" PUBLIC_MAX_AGE=$MAX_AGE BEHIND_PROXY=true TWO_FACTOR_REQUIRED=false \
  STATIC_ROOT="$work/static"
say "A seeded database in $work"
.venv/bin/python manage.py migrate -v0 --no-input >/dev/null
.venv/bin/python manage.py load_seed -v0 >/dev/null
.venv/bin/python manage.py collectstatic -v0 --no-input >/dev/null

say "gunicorn on 127.0.0.1:$APP_PORT, nginx on 127.0.0.1:$NGINX_PORT"
.venv/bin/gunicorn pirs_portal.wsgi -b "127.0.0.1:$APP_PORT" -w 2 \
  --daemon --pid "$work/gunicorn.pid" --log-file "$work/gunicorn.log"
sed -e "s#/var/cache/nginx/pirs#$work/nginx-cache#" \
    -e "s#server 127.0.0.1:8000;#server 127.0.0.1:$APP_PORT;#" \
    -e "s#listen 80; #listen 127.0.0.1:$NGINX_PORT; #" \
    -e "s#server_name portal.example;#server_name 127.0.0.1;#" deploy/nginx.conf >"$work/pirs.conf"
grep -q "listen 127.0.0.1:$NGINX_PORT" "$work/pirs.conf" || fail "deploy/nginx.conf no longer has the lines this script edits"
mkdir -p "$work/nginx-cache" "$work/temp"
cat >"$work/nginx.conf" <<EOF
user root;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events {}
http {
    access_log $work/nginx-access.log;
    client_body_temp_path $work/temp/body;
    proxy_temp_path $work/temp/proxy;
    fastcgi_temp_path $work/temp/fastcgi;
    uwsgi_temp_path $work/temp/uwsgi;
    scgi_temp_path $work/temp/scgi;
    include $work/pirs.conf;
}
EOF
nginx -c "$work/nginx.conf" -p "$work" -t -q
nginx -c "$work/nginx.conf" -p "$work"
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$APP_PORT/accessibility/" && break; sleep 0.2; done

header() { grep -i "^$1:" | head -1 | cut -d' ' -f2- | tr -d '\r'; }

say "curl -I twice through nginx: the second is a cache hit"
first=$(curl -sI "http://127.0.0.1:$NGINX_PORT/gap/")
second=$(curl -sI "http://127.0.0.1:$NGINX_PORT/gap/")
printf '%s\n' "$first" | grep -iE '^(HTTP|cache-control|etag|x-cache-status)'
printf '%s\n' "$second" | grep -iE '^(HTTP|x-cache-status)'
[ "$(printf '%s\n' "$second" | header X-Cache-Status)" = "HIT" ] || fail "the second request was not a cache hit"

say "the portal answers 304 to If-None-Match with the page's ETag"
etag=$(curl -sI "http://127.0.0.1:$APP_PORT/gap/" | header ETag)
status=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "http://127.0.0.1:$APP_PORT/gap/")
echo "If-None-Match: $etag -> $status"
[ "$status" = "304" ] || fail "expected 304, got $status"

say "an edit shows through nginx once the page's max-age ($MAX_AGE s) is over"
page="http://127.0.0.1:$NGINX_PORT/services/g-pimhs/"
curl -s "$page" >/dev/null
.venv/bin/python manage.py shell -c "
from services.models import Service
service = Service.objects.get(slug='g-pimhs')
service.summary_en = 'Edited while nginx held the page.'
service.save()" >/dev/null
sleep $((MAX_AGE + 1))
after=$(curl -s -D "$work/after.headers" "$page")
echo "after $((MAX_AGE + 1)) s: X-Cache-Status $(header X-Cache-Status <"$work/after.headers")"
printf '%s' "$after" | grep -q "Edited while nginx held the page." || fail "the edit did not show after max-age"
say "HTTP caching through nginx: every check passed"
