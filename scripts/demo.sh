#!/usr/bin/env bash
# The demo: a real local PostgreSQL with a demo hospital's e-invoice schema, then yearend's
# validate, plan (dry-run), run, status and report, as a December rehearsal of this year's rollover.
# Run it twice: the second run resumes and finds nothing left to do.
#
# Works from any checkout, as root or not: no process running as another user (postgres) opens a
# file of the checkout — SQL goes through standard input. Every command has an expected exit code;
# anything else stops the demo with a non-zero exit naming the command.
#
# Settings (environment): YEAREND_DEMO_DIR (default /tmp/yearend-demo), YEAREND_DEMO_PORT (54329),
# YEAREND_DEMO_NTP_PORT (11123), YEAREND_BIN (a built yearend instead of `cargo build --release`),
# YEAREND_DEMO_STOP_AFTER=initdb (stop right after initdb, as an interrupted first run would).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
source scripts/lib.sh
ensure_packages demo

DEMO=${YEAREND_DEMO_DIR:-/tmp/yearend-demo}
PORT=${YEAREND_DEMO_PORT:-54329}
NTP_PORT=${YEAREND_DEMO_NTP_PORT:-11123}
BIN=/usr/lib/postgresql/15/bin
YEAR=$(date +%Y)
export YEAREND_TODAY="$YEAR-12-14"   # rehearse the night of 12-14 of this year, before every due date
PLAN=$REPO/plans/example-old-year-usable.yaml
SITE=$DEMO/demo-hospital.yaml
STATE=$DEMO/yearend-state/DEMO001/$((YEAR + 1))
MARKER=$DEMO/loaded-$YEAR

fail() {
  echo "演示失败 / demo failed: $*" >&2
  exit 1
}

# The server's user runs from the demo directory: the checkout may be one it cannot enter.
run_as_server_user() {
  if [ "$(id -u)" = 0 ]; then (cd "$DEMO" && runuser -u postgres -- "$@"); else "$@"; fi
}

port_holder() {
  # What listens on a TCP or UDP port of this machine, where `ss` can tell (root sees every process).
  command -v ss >/dev/null || return 0
  ss -Hlnp "( sport = :$1 )" 2>/dev/null | head -3
}

port_is_busy() {
  if command -v ss >/dev/null; then
    [ -n "$(ss -Hln "( sport = :$1 )" 2>/dev/null)" ]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

if [ -n "${YEAREND_BIN:-}" ]; then
  YEAREND=$YEAREND_BIN
  [ -x "$YEAREND" ] || fail "YEAREND_BIN=$YEAREND is not an executable file"
else
  echo "== building yearend"
  cargo build --release --quiet
  YEAREND=$REPO/target/release/yearend
fi

mkdir -p "$DEMO"
[ "$(id -u)" = 0 ] && chown postgres "$DEMO"
if [ ! -f "$DEMO/password" ]; then
  (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$DEMO/password")
fi
export YEAREND_DB_PASSWORD
YEAREND_DB_PASSWORD=$(cat "$DEMO/password")

running=0
if [ -d "$DEMO/data" ] && run_as_server_user "$BIN/pg_ctl" -D "$DEMO/data" status >/dev/null 2>&1; then
  running=1
fi
# A cluster without the marker was left by an interrupted first run (or loaded for another year):
# it is a demo, so it is built again rather than used half-made.
if [ -d "$DEMO/data" ] && [ ! -f "$MARKER" ]; then
  echo "== $DEMO/data was not loaded completely for $YEAR (no $(basename "$MARKER")): building it again"
  if [ "$running" = 1 ]; then
    run_as_server_user "$BIN/pg_ctl" -D "$DEMO/data" -m fast -w stop >/dev/null
    running=0
  fi
  rm -rf "$DEMO/data" "$DEMO/tablespaces" "$DEMO/yearend-state" "$DEMO"/loaded-*
fi
if [ "$running" = 0 ] && port_is_busy "$PORT"; then
  fail "port $PORT is already in use (set YEAREND_DEMO_PORT to another port): $(port_holder "$PORT")"
fi

fresh=0
if [ ! -d "$DEMO/data" ]; then
  echo "== creating a PostgreSQL 15 cluster in $DEMO/data (port $PORT, loopback only)"
  run_as_server_user "$BIN/initdb" -D "$DEMO/data" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  fresh=1
  if [ "${YEAREND_DEMO_STOP_AFTER:-}" = initdb ]; then
    echo "== stopping after initdb (YEAREND_DEMO_STOP_AFTER=initdb): run the demo again to recover"
    exit 3
  fi
fi
if [ "$running" = 0 ]; then
  run_as_server_user "$BIN/pg_ctl" -D "$DEMO/data" -l "$DEMO/server.log" -w \
    -o "-p $PORT -k $DEMO -c listen_addresses=127.0.0.1 -c timezone=Asia/Shanghai" start >/dev/null ||
    fail "PostgreSQL did not start on port $PORT; its log, $DEMO/server.log, ends with:
$(tail -5 "$DEMO/server.log" 2>/dev/null)"
fi
psql_demo() { run_as_server_user psql -X -q -v ON_ERROR_STOP=1 -h "$DEMO" -p "$PORT" -U postgres "$@"; }
if [ "$fresh" = 1 ] || [ ! -f "$MARKER" ]; then
  echo "== loading the demo hospital (sql/demo/postgres/schema.sql, closing year $YEAR)"
  # The password goes through stdin, never on a command line.
  # This year's tablespace, and next year's empty directory beside it (the DBA's part).
  run_as_server_user mkdir -p "$DEMO/tablespaces/einv_data_$YEAR" "$DEMO/tablespaces/einv_data_$((YEAR + 1))"
  printf "CREATE ROLE yearend_demo LOGIN SUPERUSER PASSWORD '%s';\nCREATE DATABASE einvoice OWNER yearend_demo;\nCREATE TABLESPACE einv_data_%s LOCATION '%s';\n" \
    "$YEAREND_DB_PASSWORD" "$YEAR" "$DEMO/tablespaces/einv_data_$YEAR" | psql_demo -d postgres
  # Read by this shell and sent on stdin: the postgres user may not be able to open the checkout.
  { echo "SET ROLE yearend_demo;"; cat "$REPO/sql/demo/postgres/schema.sql"; } |
    psql_demo -d einvoice -v year="$YEAR" >/dev/null
  echo "$YEAR" > "$MARKER"
fi

# The demo's own site file, with the ports it chose (the repository's example stays as it is).
sed -e "s|127.0.0.1:54329/|127.0.0.1:$PORT/|" -e "s|127.0.0.1:11123|127.0.0.1:$NTP_PORT|" \
  "$REPO/plans/sites/demo-hospital.yaml" > "$SITE"
grep -q "127.0.0.1:$PORT/" "$SITE" && grep -q "127.0.0.1:$NTP_PORT" "$SITE" ||
  fail "could not write the ports into $SITE"

# A local NTP server for the clock step: chrony serving its own clock on loopback, with -x so it
# never touches this machine's clock.
cat > "$DEMO/chrony.conf" <<CONF
port $NTP_PORT
bindaddress 127.0.0.1
allow 127.0.0.1
local stratum 8
cmdport 0
pidfile $DEMO/chronyd.pid
driftfile $DEMO/chrony.drift
CONF
if ! { [ -f "$DEMO/chronyd.pid" ] && kill -0 "$(cat "$DEMO/chronyd.pid")" 2>/dev/null; }; then
  if port_is_busy "$NTP_PORT"; then
    fail "port $NTP_PORT is already in use (set YEAREND_DEMO_NTP_PORT to another port): $(port_holder "$NTP_PORT")"
  fi
  as_root /usr/sbin/chronyd -x -f "$DEMO/chrony.conf" >/dev/null 2>&1 || fail "chronyd did not start on port $NTP_PORT"
  sleep 1
fi

# Each command with the exit code the README's outcome table gives it here.
expect() {
  local want=$1 title=$2
  shift 2
  echo; echo "== yearend $title"
  set +e
  "$YEAREND" "$@"
  local code=$?
  set -e
  [ "$code" = "$want" ] || fail "\`yearend $title\` exited $code, expected $want (README: Outcomes, words and exit codes)"
}

done_count() { grep -c '"event":"statement_done"' "$STATE/journal.jsonl" 2>/dev/null || true; }
resumed=0
[ -f "$STATE/journal.jsonl" ] && resumed=1
before=$(done_count)
# The state directory is found from the site file: $DEMO/yearend-state/DEMO001/<year> beside it.
S=(--site "$SITE")
expect 0 validate validate --plan "$PLAN" --site "$SITE"
expect 0 "plan (dry-run: reads only)" plan --plan "$PLAN" "${S[@]}"
expect 0 run run --plan "$PLAN" "${S[@]}" --yes --operator 演示工程师 \
  --confirm bill-carry-over --confirm recycled-bill-preissue
expect 0 status status "${S[@]}"
expect 0 "report (HTML)" report "${S[@]}" --format html --out "$STATE/report.html"
expect 0 "report (Markdown)" report "${S[@]}" --format md --out "$STATE/report.md"

# The end state, read back rather than assumed: the statements are in the journal, the reports exist.
done_statements=$(done_count)
[ "${done_statements:-0}" -gt 0 ] || fail "the journal $STATE/journal.jsonl records no statement done"
if [ "$resumed" = 1 ] && [ "$done_statements" != "${before:-0}" ]; then
  fail "the resumed run sent $((done_statements - ${before:-0})) statements; a resume of a finished rollover sends none"
fi
for f in report.html report.md; do
  [ -s "$STATE/$f" ] || fail "the report $STATE/$f was not written"
done
grep -q '演示市第一人民医院' "$STATE/report.html" || fail "$STATE/report.html does not name the demo hospital"

echo
if [ "$resumed" = 1 ]; then
  echo "This was a resume: the run above found nothing left to do (已满足)."
fi
echo "Journal: $STATE/journal.jsonl (hash-chained; $done_statements statements done; run the demo again to see a resume with nothing to do)"
echo "HTML report (zh-CN, self-contained): $STATE/report.html"
echo "Demo database (127.0.0.1:$PORT) and chrony (127.0.0.1:$NTP_PORT) left running; stop them with:"
echo "  runuser -u postgres -- $BIN/pg_ctl -D $DEMO/data stop    # (without runuser when not root)"
echo "  kill \$(cat $DEMO/chronyd.pid)"
