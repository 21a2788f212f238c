#!/usr/bin/env bash
# Checks callmail in the Payara Server admin console with a real browser, from scratch:
#   1. a throwaway PostgreSQL database (callmail_console) on the local cluster, started if it is down;
#   2. a Payara Server domain made by install.sh in a temporary directory, on ports from
#      CALLMAIL_CONSOLE_CHECK_PORTBASE (default 14800: admin console 14848, HTTPS 14881, SIP 15060);
#   3. headless Chromium (it/.../PayaraServerConsoleCheck.java) logs in to the console, pings the JDBC
#      pool, finds the JDBC resource, the mail session, the resource adapter's configuration and both
#      applications;
#   4. writes it/cluster/results/console.json: {"payara_server_console_ok": true|false, "date": ...,
#      "checked": [...], "failed": [...]}, which it/cluster/run-failover.sh reads;
#   5. stops the domain (asadmin stop-domain), drops the database and deletes the directory.
# Everything listens on 127.0.0.1. Bounded: about 10 minutes at most. It boots a server and a
# browser, so on a shared machine run it under the heavy-work lock:
#   flock -o /tmp/callmail-heavy.lock bash server-config/payara-server/console-check.sh
# Options: --no-build (use the artifacts in src/*/target as they are), --keep (leave the domain
# running and its directory in place, for a look at the console; stop it with install.sh stop).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
cd "$REPO"
BUILD=true KEEP=false
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=false ;;
    --keep) KEEP=true ;;
    *) echo "console-check.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

PORTBASE=${CALLMAIL_CONSOLE_CHECK_PORTBASE:-14800}
RESULT="$REPO/it/cluster/results/console.json"
WORK=$(mktemp -d /tmp/callmail-console-check.XXXXXX)
DB=callmail_console
mkdir -p "$(dirname "$RESULT")"
rm -f "$RESULT"

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
install_sh() { bash "$REPO/server-config/payara-server/install.sh" "$@" --dir "$WORK/payara-server" --portbase "$PORTBASE"; }

fail_result() { # the JSON of a run that did not get as far as the browser's own result
  printf '{"payara_server_console_ok":false,"date":"%s","checked":[],"failed":["%s"]}\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" > "$RESULT"
}
cleanup() {
  [ -s "$RESULT" ] || fail_result "console check did not finish"
  if [ "$KEEP" = false ]; then
    install_sh stop || true
    as_postgres psql -p "$pg_port" -q -c "DROP DATABASE IF EXISTS $DB" -c "DROP ROLE IF EXISTS $DB" 2>/dev/null || true
    rm -rf "$WORK"
  else
    echo "Kept: domain in $WORK/payara-server (admin password in $WORK/payara-server/admin-password)"
  fi
  cat "$RESULT"
}
pg_port=5432
trap cleanup EXIT

# PostgreSQL: the newest installed server's cluster "main", as it/run-tests.sh uses it.
pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
pg_ctlcluster "$pg_version" main start 2>/dev/null || true
pg_port=$(pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" {print $3}')
(umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$WORK/db-password")
as_postgres psql -p "$pg_port" -q -v ON_ERROR_STOP=1 \
  -c "DROP DATABASE IF EXISTS $DB" -c "DROP ROLE IF EXISTS $DB" \
  -c "CREATE ROLE $DB LOGIN PASSWORD '$(cat "$WORK/db-password")'" -c "CREATE DATABASE $DB OWNER $DB"

if [ "$BUILD" = true ]; then
  mvn -B -q -DskipTests install -pl src/sip-connector,src/app -am
fi
if ! timeout 600 bash "$REPO/server-config/payara-server/install.sh" --dir "$WORK/payara-server" \
  --portbase "$PORTBASE" --sip-port $((PORTBASE + 260)) --db-port "$pg_port" --db-name "$DB" \
  --db-user "$DB" --db-password-file "$WORK/db-password" > "$WORK/install.log" 2>&1; then
  tail -n 30 "$WORK/install.log" >&2
  fail_result "install.sh failed"
  exit 1
fi

status=0
timeout 600 mvn -B -pl it verify -Dit.test=PayaraServerConsoleCheck -Dtest=none \
  -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
  -Dcallmail.console-check.url="https://127.0.0.1:$((PORTBASE + 48))" \
  -Dcallmail.console-check.password-file="$WORK/payara-server/admin-password" \
  -Dcallmail.console-check.result="$RESULT" || status=$?
grep -q '"payara_server_console_ok":true' "$RESULT" 2>/dev/null || status=1
exit "$status"
