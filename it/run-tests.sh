#!/usr/bin/env bash
# Runs callmail's whole test suite: unit tests, in-JVM SIP protocol tests, the RFC 4475 torture
# corpus, and the Arquillian integration tests on Payara Micro (sipp as caller and callee, GreenMail
# as the mail server), first on H2 and then on PostgreSQL.
# First installs what the tests need and the machine lacks (Debian packages: sip-tester for sipp,
# postgresql, chromium and chromium-driver for the browser tests), starts PostgreSQL and creates a
# throwaway database for the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root=""
[ "$(id -u)" -eq 0 ] || as_root="sudo"

missing=()
command -v sipp >/dev/null 2>&1 || missing+=(sip-tester)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  $as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq "${missing[@]}"
fi

# PostgreSQL: the newest installed server's default cluster, started if it is not running.
pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1, $2}' | grep -qx "$pg_version main"; then
  $as_root pg_createcluster "$pg_version" main >/dev/null
fi
$as_root pg_ctlcluster "$pg_version" main start 2>/dev/null || true
pg_port=$(pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" {print $3}')
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  as_postgres psql -p "$pg_port" -qAtc 'SELECT 1' >/dev/null 2>&1 && break
  sleep 1
done
as_postgres psql -p "$pg_port" -q -v ON_ERROR_STOP=1 \
  -c "DROP DATABASE IF EXISTS callmail_it" \
  -c "DROP ROLE IF EXISTS callmail_it" \
  -c "CREATE ROLE callmail_it LOGIN PASSWORD 'callmail_it'" \
  -c "CREATE DATABASE callmail_it OWNER callmail_it"

mvn -B verify -Pit-postgresql -Dit.pg.port="$pg_port" -Dit.pg.cluster="$pg_version" "$@"
