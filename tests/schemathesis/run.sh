#!/usr/bin/env bash
# Fuzz the API with schemathesis (issue 8, SPEC §13.1) as a director and as a rep: no 5xx, no status
# the schema does not document, no response that breaks its documented shape.
#
# A throwaway SQLite database gets the small demo; gunicorn serves it on a loopback port; each role
# gets a DRF token (`drf_create_token`). Bounded: FUZZ_MAX_EXAMPLES cases per operation and phase.
#   tests/schemathesis/run.sh            (or `make fuzz`)
#   FUZZ_MAX_EXAMPLES=50 FUZZ_SEED=7 FUZZ_ROLES="rep01" tests/schemathesis/run.sh
# Exits non-zero when schemathesis found a failure; reports (JUnit, NDJSON) and the server's log
# land in artifacts/schemathesis/.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=$(realpath "${VENV:-.venv}")
PY="$VENV/bin/python"
MAX_EXAMPLES=${FUZZ_MAX_EXAMPLES:-8}
SEED=${FUZZ_SEED:-2026}
ROLES=${FUZZ_ROLES:-"director rep01"}
REPORT_DIR=${FUZZ_REPORT_DIR:-"$(pwd)/artifacts/schemathesis"}
PHASES=${FUZZ_PHASES:-examples,coverage,fuzzing}

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then stop_server; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 143" TERM INT

# Embedded defaults, own database, in-process tasks, no debug pages (a 500 is a 500).
export DJANGO_SETTINGS_MODULE=salesops.settings.local DEBUG=false \
  DATABASE_URL="sqlite:///$work/fuzz.sqlite3" REDIS_URL="" CELERY_BROKER_URL="" \
  MEDIA_ROOT="$work/media" LOG_LEVEL=WARNING TRUSTED_PROXY_COUNT=0
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py seed_demo --size small --seed "$SEED" >"$work/seed.log"

cp "$work/fuzz.sqlite3" "$work/seeded.sqlite3"
PORT=${FUZZ_PORT:-$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
mkdir -p "$REPORT_DIR"
: >"$REPORT_DIR/server.log"

# No request-line limit: a 414 from gunicorn for a 5 KB query string is the server's, not the API's.
start_server() {
  "$VENV/bin/gunicorn" salesops.wsgi:application --bind "127.0.0.1:$PORT" --workers 1 --threads 1 \
    --timeout 120 --log-level warning --limit-request-line 0 >>"$REPORT_DIR/server.log" 2>&1 &
  server=$!
  for _ in $(seq 60); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && return 0
    sleep 0.5
  done
  echo "the server did not start" >&2
  return 1
}
stop_server() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=""
}

status=0
for user in $ROLES; do
  # Each role fuzzes the freshly seeded demo: the director's run renames, deactivates and closes
  # things that the next role's run would otherwise inherit.
  cp "$work/seeded.sqlite3" "$work/fuzz.sqlite3"
  start_server
  token=$("$PY" manage.py drf_create_token "$user" | awk '{print $3}')
  printf '\n--- schemathesis as %s ---\n' "$user"
  # From the throwaway directory: schemathesis keeps its crash cache in ./.schemathesis.
  (cd "$work" && "$VENV/bin/schemathesis" run "http://127.0.0.1:$PORT/api/schema/" \
    --header "Authorization: Token $token" \
    --checks not_a_server_error,status_code_conformance,response_schema_conformance \
    --phases "$PHASES" --max-examples "$MAX_EXAMPLES" --seed "$SEED" --workers 1 \
    --generation-database none --request-timeout 60 --no-color --output-truncate true \
    --suppress-health-check all \
    --report junit,ndjson --report-dir "$REPORT_DIR" \
    --report-junit-path "$REPORT_DIR/$user.xml" --report-ndjson-path "$REPORT_DIR/$user.ndjson") \
    || status=$?
  stop_server
done
errors=$(grep -c '^Traceback' "$REPORT_DIR/server.log" || true)
printf '\n%s server tracebacks logged (%s)\n' "$errors" "$REPORT_DIR/server.log"
exit $status
