#!/usr/bin/env bash
# The store suite runs every repository test on SQLite and on PostgreSQL at
# 127.0.0.1:5432 with trust auth (or $REELCUT_TEST_POSTGRES). Uses the server that
# answers there; otherwise installs Debian's package and starts a trust-auth cluster.
set -euo pipefail
url="${REELCUT_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -d "$url/postgres"; then
  exit 0
fi
echo "==> postgresql (none answers at $url)"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! dpkg -s postgresql >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql
fi
conf=$(ls /etc/postgresql/*/main/pg_hba.conf | head -1)
# Test machines only: local connections without a password, like the CI machine's.
$SUDO sed -i -E 's/^(host\s+all\s+all\s+127\.0\.0\.1\/32\s+)\S+/\1trust/; s/^(local\s+all\s+all\s+)\S+/\1trust/' "$conf"
$SUDO service postgresql restart
for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done
echo "error: PostgreSQL did not start on 127.0.0.1:5432" >&2
exit 1
