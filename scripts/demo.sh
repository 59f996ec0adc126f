#!/usr/bin/env bash
# The demo: a real local PostgreSQL with a demo hospital's e-invoice schema, then yearend's
# validate, plan (dry-run), run and status, as a December rehearsal of this year's rollover.
# Run it twice: the second run resumes and finds nothing left to do.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_packages demo

DEMO=${YEAREND_DEMO_DIR:-/tmp/yearend-demo}
PORT=54329
BIN=/usr/lib/postgresql/15/bin
YEAR=$(date +%Y)
export YEAREND_TODAY="$YEAR-12-14"   # rehearse the night of 12-14 of this year, before every due date
SITE=plans/sites/demo-hospital.yaml
PLAN=plans/example-old-year-usable.yaml
STATE="yearend-state/DEMO001/$((YEAR + 1))"

run_as_server_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

echo "== building yearend"
cargo build --release --quiet
YEAREND=target/release/yearend

mkdir -p "$DEMO"
[ "$(id -u)" = 0 ] && chown postgres "$DEMO"
if [ ! -f "$DEMO/password" ]; then
  (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$DEMO/password")
fi
export YEAREND_DB_PASSWORD
YEAREND_DB_PASSWORD=$(cat "$DEMO/password")
fresh=0
if [ ! -d "$DEMO/data" ]; then
  echo "== creating a PostgreSQL 15 cluster in $DEMO/data (port $PORT, loopback only)"
  run_as_server_user "$BIN/initdb" -D "$DEMO/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  fresh=1
fi
if ! run_as_server_user "$BIN/pg_ctl" -D "$DEMO/data" status >/dev/null 2>&1; then
  run_as_server_user "$BIN/pg_ctl" -D "$DEMO/data" -l "$DEMO/server.log" -w \
    -o "-p $PORT -k $DEMO -c listen_addresses=127.0.0.1 -c timezone=Asia/Shanghai" start >/dev/null
fi
psql_demo() { run_as_server_user psql -X -q -v ON_ERROR_STOP=1 -h "$DEMO" -p "$PORT" -U postgres "$@"; }
if [ "$fresh" = 1 ]; then
  echo "== loading the demo hospital (sql/demo/postgres/schema.sql, closing year $YEAR)"
  # The password goes through stdin, never on a command line.
  # This year's tablespace, and next year's empty directory beside it (the DBA's part).
  run_as_server_user mkdir -p "$DEMO/tablespaces/einv_data_$YEAR" "$DEMO/tablespaces/einv_data_$((YEAR + 1))"
  printf "CREATE ROLE yearend_demo LOGIN SUPERUSER PASSWORD '%s';\nCREATE DATABASE einvoice OWNER yearend_demo;\nCREATE TABLESPACE einv_data_%s LOCATION '%s';\n" \
    "$YEAREND_DB_PASSWORD" "$YEAR" "$DEMO/tablespaces/einv_data_$YEAR" | psql_demo -d postgres
  psql_demo -d einvoice -v year="$YEAR" -c "SET ROLE yearend_demo" -f sql/demo/postgres/schema.sql >/dev/null
fi

# A local NTP server for the clock step: chrony serving its own clock on port 11123 of loopback,
# with -x so it never touches this machine's clock.
cat > "$DEMO/chrony.conf" <<CONF
port 11123
bindaddress 127.0.0.1
allow 127.0.0.1
local stratum 8
cmdport 0
pidfile $DEMO/chronyd.pid
driftfile $DEMO/chrony.drift
CONF
if ! { [ -f "$DEMO/chronyd.pid" ] && kill -0 "$(cat "$DEMO/chronyd.pid")" 2>/dev/null; }; then
  as_root /usr/sbin/chronyd -x -f "$DEMO/chrony.conf" >/dev/null 2>&1
  sleep 1
fi

echo; echo "== yearend validate"
$YEAREND validate --plan "$PLAN" --site "$SITE"
echo; echo "== yearend plan (dry-run: reads only)"
$YEAREND plan --plan "$PLAN" --site "$SITE" || true
echo; echo "== yearend run"
set +e
$YEAREND run --plan "$PLAN" --site "$SITE" --yes --operator 演示工程师 \
  --confirm bill-carry-over --confirm recycled-bill-preissue
code=$?
set -e
echo "(run exit code $code)"
echo; echo "== yearend status"
$YEAREND status --site "$SITE" || true
echo; echo "== yearend report"
$YEAREND report --site "$SITE" --format html --out "$STATE/report.html"
$YEAREND report --site "$SITE" --format md --out "$STATE/report.md"
echo
echo "Journal: $STATE/journal.jsonl (hash-chained; run the demo again to see a resume with nothing to do)"
echo "HTML report (zh-CN, self-contained): $(pwd)/$STATE/report.html"
echo "Demo database (127.0.0.1:$PORT) and chrony (127.0.0.1:11123) left running; stop them with:"
echo "  runuser -u postgres -- $BIN/pg_ctl -D $DEMO/data stop    # (without runuser when not root)"
echo "  kill \$(cat $DEMO/chronyd.pid)"
