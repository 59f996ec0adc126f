#!/usr/bin/env bash
# All tests, as CI runs them: installs what they need from Debian, then fmt, clippy and every test
# (unit tests, and end-to-end tests that start real servers on loopback).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_packages tests
echo "== cargo fmt --check"; cargo fmt --check
echo "== cargo clippy"; cargo clippy --all-targets --quiet -- -D warnings
echo "== cargo check of the fuzz targets (they build against the library's paths: checked so they cannot rot)"
# The fuzz crate is a workspace of its own: it takes the main lock file, so its dependencies are
# the ones clippy has just checked (in the same target directory).
cp Cargo.lock fuzz/Cargo.lock
cargo check --quiet --manifest-path fuzz/Cargo.toml --target-dir target --bins
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
fi
# What needs something a clone may lack is #[ignore]d in plain `cargo test` and run here when it
# can run; when it cannot, the closing lines say it was NOT run, and why.
not_run=()
SHARED=${YEAREND_SHARED_DIR:-$PWD/../shared}
if [ -x "$SHARED/tools/oracle-syntax/check" ]; then
  echo "== every Oracle statement through the shared independent grammar ($SHARED/tools/oracle-syntax)"
  YEAREND_SHARED_DIR=$SHARED cargo test --test it oracle_offline::every_oracle_statement_parses_with_the_shared_grammar \
    -- --ignored --exact 2>&1 | tee -a target/test-output.txt
else
  not_run+=("the Oracle grammar check: $SHARED/tools/oracle-syntax/check is missing (set YEAREND_SHARED_DIR)")
fi
if [ "$(id -u)" = 0 ]; then
  echo "== as root: the demo script from a private (0700) copy of the repository, interrupted and resumed; a real full tmpfs"
  cargo test --test it -- --ignored demo_script:: disk::a_real_full_disk 2>&1 | tee -a target/test-output.txt
else
  not_run+=("the demo-script and real-full-disk tests: they need root (runuser, chown, chronyd, mount)")
fi
echo "== the offline release bundle (scripts/release.sh) and its test from a clean directory"
bash scripts/release.sh
bundle=$(ls -t dist/yearend-*-x86_64-linux-gnu217.tar.gz | head -1)
YEAREND_RELEASE_BUNDLE="$PWD/$bundle" cargo test --test it release:: -- --ignored 2>&1 | tee target/release-test-output.txt
# The closing lines: what did not run and why, then one count over every test binary (ignored
# tests that ran later, above, are counted once, as passed or failed; the release test too).
for what in "${not_run[@]}"; do echo "NOT run: $what"; done
[ -n "${YEAREND_ORACLE_URL:-}${YEAREND_ORACLE_DBA_URL:-}" ] ||
  echo "NOT run: the Oracle contract tests (YEAREND_ORACLE_URL is not set; no Oracle server here)"
awk '/^test result:/ { p += $4; f += $6 } END { printf "release bundle test: %d passed, %d failed\n", p, f; exit (f > 0 || p == 0) }' target/release-test-output.txt
awk '/^test result:/ { p += $4; f += $6 } END { printf "%d passed, %d failed\n", p, f; exit (f > 0) }' \
  target/test-output.txt target/release-test-output.txt
