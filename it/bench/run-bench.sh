#!/usr/bin/env bash
# callmail benchmark: callmail against Kamailio and a bare JAIN-SIP proxy, same machine, same sipp
# scenarios, one run. See README.md, "Benchmark". Usage:
#   bash it/bench/run-bench.sh [--db h2|postgresql] [--quick] [--step-seconds N] [--rates 100,200,...]
#                              [--targets kamailio,jainsip,proxy,mail] [--no-build] [--max-minutes 45]
#                              [--kamailio-shm 4096] [--overload-factor 1.5] [--recovery-max 120]
#                              [--login-load 20 (with proxy: (b) again under portal logins/s)] ...
#   (python3 it/bench/bench.py --help lists every option)
# Installs what it lacks (Debian packages kamailio, sip-tester, postgresql), builds callmail (tests
# skipped) unless --no-build, then runs it/bench/bench.py. Results: it/bench/results/<date>-<db>.md.
# Set CALLMAIL_BENCH_LOCK=/tmp/callmail-heavy.lock to wait for, and hold, an exclusive lock on that
# file for the whole run (on a machine shared with other heavy runs). JAVA_OPTS reaches the JVM as
# with server-config/run.sh (e.g. -XX:StartFlightRecording=...).
set -euo pipefail
cd "$(dirname "$0")/../.."
command_line="bash it/bench/run-bench.sh $*"

build=yes
args=()
targets="kamailio,jainsip,proxy,mail"
prev=""
for a in "$@"; do
  case "$a" in
    --no-build) build=no ;;
    --targets=*) targets="${a#--targets=}"; args+=("$a") ;;
    *) [ "$prev" = "--targets" ] && targets="$a"; args+=("$a") ;;
  esac
  prev="$a"
done
# callmail (and Payara Micro) only when a callmail target runs
case ",$targets," in *,proxy,*|*,mail,*) callmail=yes ;; *) callmail=no; build=no ;; esac

bash it/bench/install-packages.sh

if [ "$callmail" = yes ] && { [ "$build" = yes ] || [ ! -f src/app/target/callmail.war ] || [ ! -f src/sip-connector/target/callmail-sip-connector.rar ]; }; then
  echo "Building callmail (tests skipped)..."
  mvn -B -q -DskipTests package
fi
PAYARA_VERSION=$(sed -n "s:.*<payara.version>\(.*\)</payara.version>.*:\1:p" pom.xml)
JAIN_SIP_VERSION=$(sed -n "s:.*<jain-sip.version>\(.*\)</jain-sip.version>.*:\1:p" pom.xml)
POSTGRESQL_VERSION=$(sed -n "s:.*<postgresql.version>\(.*\)</postgresql.version>.*:\1:p" pom.xml)
[ "$callmail" = no ] || [ -f target/payara-micro.jar ] || mvn -B -q dependency:copy -N -Dartifact="fish.payara.extras:payara-micro:${PAYARA_VERSION}" \
  -DoutputDirectory=target -Dmdep.stripVersion=true
# (j) is compiled and run against the jain-sip-ri the product uses (the root pom's version).
[ -f target/jain-sip-ri.jar ] && unzip -p target/jain-sip-ri.jar META-INF/MANIFEST.MF 2>/dev/null | grep -q "$JAIN_SIP_VERSION" \
  || mvn -B -q dependency:copy -N -Dartifact="javax.sip:jain-sip-ri:${JAIN_SIP_VERSION}" \
    -DoutputDirectory=target -Dmdep.stripVersion=true -Dmdep.overWriteReleases=true
[ "$callmail" = no ] || [ -f target/postgresql.jar ] || mvn -B -q dependency:copy -N -Dartifact="org.postgresql:postgresql:${POSTGRESQL_VERSION}" \
  -DoutputDirectory=target -Dmdep.stripVersion=true

if [ -n "${CALLMAIL_BENCH_LOCK:-}" ]; then
  exec 9>"$CALLMAIL_BENCH_LOCK"
  echo "Waiting for the lock $CALLMAIL_BENCH_LOCK ..."
  flock 9
  echo "Lock held."
fi
exec python3 it/bench/bench.py --command "$command_line" "${args[@]}"
