#!/usr/bin/env bash
# callmail fail-over run: two callmail instances on one PostgreSQL behind Kamailio's dispatcher, the
# benchmark's call mix with a mail per call, one instance killed with kill -9 mid-load, then
# restarted on its journal. See README.md, "Production" / "Fail-over run". Usage:
#   bash it/cluster/run-failover.sh [--no-build] [--rate 15] [--kill-after 30] [--after-kill 60]
#                                   [--lease 60] [--lines 50] [--max-minutes 10]
# Installs what it lacks (Debian packages kamailio, haproxy, sip-tester, postgresql), builds callmail once
# (tests skipped) unless --no-build, then runs it/cluster/failover.py. Results:
# it/cluster/results/latest.json and it/cluster/results/<date>-failover.md. Loopback only: ports
# 5280-5299, 8280-8299, SMTP 2625. On a shared machine run it under the heavy-run lock:
#   flock -o /tmp/callmail-heavy.lock bash it/cluster/run-failover.sh
# or set CALLMAIL_BENCH_LOCK=/tmp/callmail-heavy.lock to have it wait for, and hold, that lock after
# the build (as run-bench.sh does).
# Exit status 0 only when the run completed with no mail lost and none duplicated.
set -euo pipefail
cd "$(dirname "$0")/../.."
command_line="bash it/cluster/run-failover.sh $*"

build=yes
args=()
for a in "$@"; do
  case "$a" in
    --no-build) build=no ;;
    *) args+=("$a") ;;
  esac
done

bash it/bench/install-packages.sh haproxy=haproxy

if [ "$build" = yes ] || [ ! -f src/app/target/callmail.war ] || [ ! -f src/sip-connector/target/callmail-sip-connector.rar ]; then
  echo "Building callmail (tests skipped)..."
  mvn -B -q -DskipTests package
fi
PAYARA_VERSION=$(sed -n "s:.*<payara.version>\(.*\)</payara.version>.*:\1:p" pom.xml)
POSTGRESQL_VERSION=$(sed -n "s:.*<postgresql.version>\(.*\)</postgresql.version>.*:\1:p" pom.xml)
[ -f target/payara-micro.jar ] || mvn -B -q dependency:copy -N -Dartifact="fish.payara.extras:payara-micro:${PAYARA_VERSION}" \
  -DoutputDirectory=target -Dmdep.stripVersion=true
[ -f target/postgresql.jar ] || mvn -B -q dependency:copy -N -Dartifact="org.postgresql:postgresql:${POSTGRESQL_VERSION}" \
  -DoutputDirectory=target -Dmdep.stripVersion=true

lock=${CALLMAIL_BENCH_LOCK:-}
if [ -n "$lock" ]; then
  exec 9>"$lock"
  echo "Waiting for the lock $lock ..."
  flock 9
  echo "Lock held."
fi
# failover.py stops everything it started, by PID, on its way out (also on SIGTERM/Ctrl-C)
exec python3 it/cluster/failover.py --command "$command_line" "${args[@]}"
