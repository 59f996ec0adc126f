#!/usr/bin/env bash
# Fuzz the parsers briefly with cargo fuzz (libFuzzer) on the stable toolchain: the plan and site
# files, Oracle HIGH_VALUE text and the allow-list guard. Prints runs per target; a crash stops the
# script with the input saved under fuzz/artifacts/<target>/.
#   FUZZ_SECONDS=60 bash scripts/fuzz.sh      (default 60 s per target)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --version 0.13.2
seconds="${FUZZ_SECONDS:-60}"
# Seeds: the shipped plans and sites, and HIGH_VALUE forms.
mkdir -p fuzz/corpus/config_files fuzz/corpus/high_value fuzz/corpus/guard
for f in plans/*.yaml plans/sites/*.yaml; do cp "$f" "fuzz/corpus/config_files/$(echo "$f" | tr / _)"; done
printf "%s" "TO_DATE(' 2027-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')" > fuzz/corpus/high_value/to_date
printf "%s" "TIMESTAMP' 2027-01-01 00:00:00'" > fuzz/corpus/high_value/timestamp
printf "%s" "MAXVALUE" > fuzz/corpus/high_value/maxvalue
head -3 tests/golden/example-oracle-hospital.sql | tail -1 > fuzz/corpus/guard/create_tablespace
sed -n 100p tests/golden/example-oracle-hospital.sql > fuzz/corpus/guard/split
for target in config_files high_value guard; do
  log="fuzz/$target.log"
  cargo fuzz run "$target" --sanitizer none -- -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1 || {
    echo "FUZZ $target: CRASH — see $log and fuzz/artifacts/$target/"; tail -30 "$log"; exit 1; }
  runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
  echo "fuzz $target: $runs runs in ${seconds} s, no crash"
done
