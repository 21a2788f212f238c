#!/usr/bin/env bash
# Builds callmail and starts it on Payara Micro with embedded defaults: H2 in $CALLMAIL_DATA_DIR,
# SIP on 127.0.0.1:5060 (UDP and TCP), HTTP on 8080. Stop it with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

PAYARA_VERSION=$(sed -n "s:.*<payara.version>\(.*\)</payara.version>.*:\1:p" pom.xml)
DATA_DIR=${CALLMAIL_DATA_DIR:-$HOME/.callmail}
HTTP_PORT=${CALLMAIL_HTTP_PORT:-8080}

echo "Building callmail (tests skipped; run it/run-tests.sh for those)..."
mvn -B -q -DskipTests install
mvn -B -q dependency:copy -N -Dartifact="fish.payara.extras:payara-micro:${PAYARA_VERSION}" \
  -DoutputDirectory=target -Dmdep.stripVersion=true

mkdir -p "$DATA_DIR"
echo "Starting callmail: data in $DATA_DIR, HTTP on $HTTP_PORT, SIP on ${CALLMAIL_SIP_LISTEN_ADDRESS:-127.0.0.1}:${CALLMAIL_SIP_PORT:-5060}"
# The resource adapter must deploy before the application: --deploy keeps command-line order.
exec java ${JAVA_OPTS:-} -jar target/payara-micro.jar \
  --nocluster \
  --rootDir "$DATA_DIR/payara" \
  --port "$HTTP_PORT" \
  --systemProperties server-config/embedded.properties \
  --postbootcommandfile server-config/post-boot-commands.asadmin \
  --deploy src/sip-connector/target/callmail-sip-connector.rar \
  --deploy src/app/target/callmail.war
