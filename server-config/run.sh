#!/usr/bin/env bash
# Builds callmail and starts it on Payara Micro with embedded defaults:
#   H2 database and Payara's root directory in $CALLMAIL_DATA_DIR (default ~/.callmail),
#   SIP proxy on 127.0.0.1:5060 (UDP and TCP), HTTP on 8080, HTTPS on 8181 (the subscriber portal,
#   with a self-signed certificate generated once into the data directory),
#   a local mail sink (GreenMail): SMTP 127.0.0.1:3025, IMAP 127.0.0.1:3143, web/API on 8025.
# Stop it with Ctrl-C; the mail sink stops with it.
set -euo pipefail
cd "$(dirname "$0")/.."

PAYARA_VERSION=$(sed -n "s:.*<payara.version>\(.*\)</payara.version>.*:\1:p" pom.xml)
GREENMAIL_VERSION=$(sed -n "s:.*<greenmail.version>\(.*\)</greenmail.version>.*:\1:p" pom.xml)
DATA_DIR=${CALLMAIL_DATA_DIR:-$HOME/.callmail}
HTTP_PORT=${CALLMAIL_HTTP_PORT:-8080}
HTTPS_PORT=${CALLMAIL_HTTPS_PORT:-8181}

echo "Building callmail (tests skipped; it/run-tests.sh runs them)..."
mvn -B -q -DskipTests install
for artifact in "fish.payara.extras:payara-micro:${PAYARA_VERSION}" "com.icegreen:greenmail-standalone:${GREENMAIL_VERSION}"; do
  mvn -B -q dependency:copy -N -Dartifact="$artifact" -DoutputDirectory=target -Dmdep.stripVersion=true
done

mkdir -p "$DATA_DIR"
chmod 700 "$DATA_DIR"
# The first operator account (admin "operator"), made once when the database has none: its password
# is CALLMAIL_OPERATOR_PASSWORD if set, else a file generated once for this data directory and read
# by the application (callmail.operator.password-file), never put on a command line. Later accounts
# are made in the console (オペレーター管理).
if [ -z "${CALLMAIL_OPERATOR_PASSWORD:-}" ]; then
  [ -s "$DATA_DIR/operator-password" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$DATA_DIR/operator-password")
  export CALLMAIL_OPERATOR_PASSWORD_FILE="$DATA_DIR/operator-password"
fi

# The portal's TLS certificate: self-signed for localhost, made once per data directory. Production
# passes its own keystore the same way (javax.net.ssl.keyStore + password, alias via --sslCert).
KEYSTORE="$DATA_DIR/portal-keystore.p12"
if [ ! -s "$KEYSTORE" ]; then
  (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$DATA_DIR/keystore-password")
  keytool -genkeypair -noprompt -alias callmail -keyalg RSA -keysize 3072 -validity 825 \
    -dname "CN=localhost, O=callmail development" -ext "SAN=dns:localhost,ip:127.0.0.1" \
    -storetype PKCS12 -keystore "$KEYSTORE" -storepass:file "$DATA_DIR/keystore-password"
  chmod 600 "$KEYSTORE"
fi
# The keystore's password reaches the JVM through an argument file (java @file, readable by this
# user only), so that it is not on the command line that ps shows to every user of the machine.
TLS_OPTIONS="$DATA_DIR/tls-jvm-options"
(umask 077; {
  printf -- '-Djavax.net.ssl.keyStore="%s"\n' "$KEYSTORE"
  printf -- '-Djavax.net.ssl.keyStoreType=PKCS12\n'
  printf -- '-Djavax.net.ssl.keyStorePassword="%s"\n' "$(cat "$DATA_DIR/keystore-password")"
} > "$TLS_OPTIONS")

sink_pid=""
if [ "${CALLMAIL_MAIL_SINK:-on}" = on ]; then
  java -Dgreenmail.setup.test.smtp -Dgreenmail.setup.test.imap -Dgreenmail.hostname=127.0.0.1 \
    -Dgreenmail.auth.disabled -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port=8025 \
    -jar target/greenmail-standalone.jar > "$DATA_DIR/mail-sink.log" 2>&1 &
  sink_pid=$!
  trap '[ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null' EXIT
fi

cat <<INFO
Starting callmail: data in $DATA_DIR, HTTP on $HTTP_PORT, SIP on ${CALLMAIL_SIP_LISTEN_ADDRESS:-127.0.0.1}:${CALLMAIL_SIP_PORT:-5060}
  Portal:         https://localhost:$HTTPS_PORT/portal/login.xhtml  (self-signed certificate; HTTP redirects there)
  Console:        https://localhost:$HTTPS_PORT/console/  user operator, password in $DATA_DIR/operator-password
  Operator API:   https://localhost:$HTTPS_PORT/api  (HTTPS only; the same accounts, HTTP Basic)
  Mail sink:      http://127.0.0.1:8025/api/user/office@callmail.test/messages/INBOX  (IMAP 127.0.0.1:3143)
INFO
# The resource adapter must deploy before the application: --deploy keeps command-line order.
# JAVA_OPTS replaces the defaults: heap and metaspace capped so that the process stays under 768 MB
# resident at the benchmark's highest mail rate (README, "Benchmark": about 650 MB when ready, the
# heap's 384 MB then fills under load) and, should the heap run out all the same, an exit for the
# supervisor to restart rather than a process whose SIP threads have died. Two malloc arenas instead
# of glibc's eight per core: Payara's hundred-odd threads otherwise each touch one.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
java ${JAVA_OPTS:--Xmx384m -XX:MaxMetaspaceSize=256m -XX:+ExitOnOutOfMemoryError} @"$TLS_OPTIONS" \
  -jar target/payara-micro.jar \
  --nocluster \
  --rootDir "$DATA_DIR/payara" \
  --port "$HTTP_PORT" \
  --sslPort "$HTTPS_PORT" --sslCert callmail \
  --systemProperties server-config/embedded.properties \
  --prebootcommandfile server-config/pre-boot-commands.asadmin \
  --postbootcommandfile server-config/post-boot-commands.asadmin \
  --deploy src/sip-connector/target/callmail-sip-connector.rar \
  --deploy src/app/target/callmail.war
