#!/usr/bin/env bash
# All tests, as CI runs them: installs what they need from Debian, then fmt, clippy and every test
# (unit tests, and end-to-end tests that start real servers on loopback).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_packages tests
echo "== cargo fmt --check"; cargo fmt --check
echo "== cargo clippy"; cargo clippy --all-targets --quiet -- -D warnings
echo "== cargo test"
# Ignored by plain `cargo test`: the Oracle contract tests (tests/it/oracle_contract.rs) and the
# release-bundle test (tests/it/release.rs), which runs below once the bundle is built.
mkdir -p target
cargo test --lib --bins --tests 2>&1 | tee target/test-output.txt
if [ -n "${YEAREND_ORACLE_URL:-}${YEAREND_ORACLE_DBA_URL:-}" ]; then
  # Only the Oracle contract tests (the release test has its own run below). With
  # YEAREND_ORACLE_DBA_URL, yearend runs as a least-privilege user made from README's grant list.
  echo "== the Oracle contract tests, against ${YEAREND_ORACLE_DBA_URL:-$YEAREND_ORACLE_URL}"
  cargo test --test it oracle_contract:: -- --include-ignored 2>&1 | tee -a target/test-output.txt
else
  echo "YEAREND_ORACLE_URL / YEAREND_ORACLE_DBA_URL are not set: the Oracle contract tests are reported as ignored (NOT run)"
fi
echo "== the offline release bundle (scripts/release.sh) and its test from a clean directory"
bash scripts/release.sh
bundle=$(ls -t dist/yearend-*-x86_64-linux-gnu217.tar.gz | head -1)
YEAREND_RELEASE_BUNDLE="$PWD/$bundle" cargo test --test it release:: -- --ignored 2>&1 | tee target/release-test-output.txt
# One closing line over all test binaries (the release test ran separately, above).
awk '/^test result:/ { p += $4; f += $6; i += $8 } END { printf "%d passed, %d failed, %d skipped (ignored: the Oracle contract tests unless YEAREND_ORACLE_URL is set, and the release test, run on its own)\n", p, f, i }' target/test-output.txt
awk '/^test result:/ { p += $4; f += $6 } END { printf "release bundle: %d passed, %d failed\n", p, f; exit (f > 0 || p == 0) }' target/release-test-output.txt
