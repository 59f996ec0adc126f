# Shared by scripts/test.sh and scripts/demo.sh: install what a fresh Debian machine lacks.

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_packages() {
  local need=()
  [ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql-15)
  command -v psql >/dev/null || need+=(postgresql-client-15)
  command -v runuser >/dev/null || need+=(util-linux)
  command -v script >/dev/null || need+=(bsdutils)
  [ -x /usr/sbin/chronyd ] || need+=(chrony)
  # pg_partman: template tables are a shape hospitals run (tests) and the bench's rival.
  [ -f /usr/share/postgresql/15/extension/pg_partman.control ] || need+=(postgresql-15-partman)
  if [ "${1:-}" = tests ]; then
    [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
    command -v mariadb >/dev/null || need+=(mariadb-client)
    command -v ssh >/dev/null || need+=(openssh-client)
    command -v openssl >/dev/null || need+=(openssl)
    # The HTML report is checked as a person sees it: headless Chromium at 390 px (tests/it/pages.rs).
    [ -x /usr/bin/chromium ] || need+=(chromium)
    # The report printed to PDF is read back (tests/it/pages.rs): pdftotext and pdfinfo.
    command -v pdftotext >/dev/null || need+=(poppler-utils)
    # A CJK font, so that the screenshots show Chinese rather than empty boxes.
    [ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
  fi
  if ((${#need[@]})); then
    echo "== installing ${need[*]} (Debian packages)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  if ! command -v cargo >/dev/null; then
    echo "cargo is not installed: install the Rust toolchain (rustup) first" >&2
    exit 2
  fi
}
