#!/usr/bin/env bash
# Installs callmail on Payara Server 6 (the full distribution, with its admin console) and starts it:
#   install.sh [install] [options]   unpack Payara Server, create the domain "callmail" (secure admin,
#                                    an admin password), its resources and settings, deploy the
#                                    adapter (.rar) and then the application (.war), start the domain
#   install.sh start|stop|status     start, stop or show the domain that install made
#   install.sh install --recreate    delete that domain first and make it again
# Re-running install on an existing domain starts it and redeploys the two artifacts, and leaves its
# resources and settings as they are: what an operator changed in the admin console stays.
#
# Options (each also as the environment variable in brackets):
#   --dir DIR              where Payara Server is unpacked and its secrets kept [CALLMAIL_PAYARA_DIR,
#                          default ~/.callmail/payara-server]; never inside the repository
#   --domain NAME          domain name [CALLMAIL_PAYARA_DOMAIN, default callmail]
#   --portbase N           all Payara ports from N: admin N+48, HTTP N+80, HTTPS N+81, ... so that it
#                          can run beside other servers [CALLMAIL_PAYARA_PORTBASE; default: Payara's
#                          own ports, admin 4848, HTTP 8080, HTTPS 8181]
#   --bind ADDR            address of the admin, HTTP and HTTPS listeners [CALLMAIL_PAYARA_BIND,
#                          default 127.0.0.1; 0.0.0.0 for every interface]
#   --sip-address ADDR, --sip-port N, --peers LIST, --default-next-hop URI, --ivr-number N|off
#                          the SIP settings [CALLMAIL_SIP_LISTEN_ADDRESS (127.0.0.1), CALLMAIL_SIP_PORT
#                          (5060), CALLMAIL_SIP_PEERS (127.0.0.1, ::1), CALLMAIL_SIP_DEFAULT_NEXT_HOP,
#                          CALLMAIL_SIP_IVR_NUMBER (0722427142)]
#   --db-host H --db-port N --db-name D --db-user U   PostgreSQL [CALLMAIL_DB_HOST (127.0.0.1),
#                          CALLMAIL_DB_PORT (5432), CALLMAIL_DB_NAME (callmail), CALLMAIL_DB_USER
#                          (callmail)]; the password from CALLMAIL_DB_PASSWORD or --db-password-file F
#   --smtp-host H --smtp-port N --smtp-user U --mail-sender ADDR   the mail relay [CALLMAIL_SMTP_HOST
#                          (127.0.0.1), CALLMAIL_SMTP_PORT (3025: run.sh's mail sink), CALLMAIL_SMTP_USER
#                          (callmail), CALLMAIL_MAIL_SENDER (noreply@callmail.test)]; with a password
#                          (CALLMAIL_SMTP_PASSWORD or --smtp-password-file F) the session authenticates
#                          and requires STARTTLS, as production.asadmin.example does
#   --portal-url URL       the portal's address in mails [CALLMAIL_MAIL_PORTAL_URL]
#   --heap SIZE            the server's -Xmx [CALLMAIL_PAYARA_HEAP, default 1g]
#   --recreate             delete the domain and make it again
# Secrets are never on a command line or in the repository: the admin password is read from
# CALLMAIL_PAYARA_ADMIN_PASSWORD_FILE, else generated once into DIR/admin-password (mode 600); the first
# operator's from CALLMAIL_OPERATOR_PASSWORD_FILE, else generated into DIR/operator-password; the
# database and SMTP passwords are kept in the domain's password aliases (${ALIAS=...}), not in
# domain.xml.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)

action=install
case "${1:-}" in install | start | stop | status) action=$1; shift ;; esac

DIR=${CALLMAIL_PAYARA_DIR:-$HOME/.callmail/payara-server}
DOMAIN=${CALLMAIL_PAYARA_DOMAIN:-callmail}
PORTBASE=${CALLMAIL_PAYARA_PORTBASE:-}
BIND=${CALLMAIL_PAYARA_BIND:-127.0.0.1}
HEAP=${CALLMAIL_PAYARA_HEAP:-1g}
SIP_ADDRESS=${CALLMAIL_SIP_LISTEN_ADDRESS:-127.0.0.1}
SIP_PORT=${CALLMAIL_SIP_PORT:-5060}
PEERS=${CALLMAIL_SIP_PEERS:-127.0.0.1, ::1}
NEXT_HOP=${CALLMAIL_SIP_DEFAULT_NEXT_HOP:-}
IVR_NUMBER=${CALLMAIL_SIP_IVR_NUMBER:-0722427142}
DB_HOST=${CALLMAIL_DB_HOST:-127.0.0.1}
DB_PORT=${CALLMAIL_DB_PORT:-5432}
DB_NAME=${CALLMAIL_DB_NAME:-callmail}
DB_USER=${CALLMAIL_DB_USER:-callmail}
DB_PASSWORD_FILE=""
SMTP_HOST=${CALLMAIL_SMTP_HOST:-127.0.0.1}
SMTP_PORT=${CALLMAIL_SMTP_PORT:-3025}
SMTP_USER=${CALLMAIL_SMTP_USER:-callmail}
SMTP_PASSWORD_FILE=""
MAIL_SENDER=${CALLMAIL_MAIL_SENDER:-noreply@callmail.test}
PORTAL_URL=${CALLMAIL_MAIL_PORTAL_URL:-}
RECREATE=false
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) DIR=$2; shift ;;
    --domain) DOMAIN=$2; shift ;;
    --portbase) PORTBASE=$2; shift ;;
    --bind) BIND=$2; shift ;;
    --heap) HEAP=$2; shift ;;
    --sip-address) SIP_ADDRESS=$2; shift ;;
    --sip-port) SIP_PORT=$2; shift ;;
    --peers) PEERS=$2; shift ;;
    --default-next-hop) NEXT_HOP=$2; shift ;;
    --ivr-number) IVR_NUMBER=$2; shift ;;
    --db-host) DB_HOST=$2; shift ;;
    --db-port) DB_PORT=$2; shift ;;
    --db-name) DB_NAME=$2; shift ;;
    --db-user) DB_USER=$2; shift ;;
    --db-password-file) DB_PASSWORD_FILE=$2; shift ;;
    --smtp-host) SMTP_HOST=$2; shift ;;
    --smtp-port) SMTP_PORT=$2; shift ;;
    --smtp-user) SMTP_USER=$2; shift ;;
    --smtp-password-file) SMTP_PASSWORD_FILE=$2; shift ;;
    --mail-sender) MAIL_SENDER=$2; shift ;;
    --portal-url) PORTAL_URL=$2; shift ;;
    --recreate) RECREATE=true ;;
    *) echo "install.sh: unknown option $1 (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
  shift
done
case "$DIR" in "$REPO" | "$REPO"/*) echo "install.sh: --dir must be outside the repository" >&2; exit 2 ;; esac

if [ -n "$PORTBASE" ]; then
  ADMIN_PORT=$((PORTBASE + 48)) HTTP_PORT=$((PORTBASE + 80)) HTTPS_PORT=$((PORTBASE + 81))
else
  ADMIN_PORT=4848 HTTP_PORT=8080 HTTPS_PORT=8181
fi
PAYARA_VERSION=$(sed -n "s:.*<payara.version>\(.*\)</payara.version>.*:\1:p" "$REPO/pom.xml")
POSTGRESQL_VERSION=$(sed -n "s:.*<postgresql.version>\(.*\)</postgresql.version>.*:\1:p" "$REPO/pom.xml")
HOME_DIR="$DIR/payara6"
ASADMIN="$HOME_DIR/bin/asadmin"
DOMAIN_DIR="$HOME_DIR/glassfish/domains/$DOMAIN"
PASSFILE="$DIR/asadmin-$DOMAIN.passwords" # AS_ADMIN_PASSWORD=... for asadmin's --passwordfile
RAR="$REPO/src/sip-connector/target/callmail-sip-connector.rar"
WAR="$REPO/src/app/target/callmail.war"

asadmin() {
  "$ASADMIN" --host 127.0.0.1 --port "$ADMIN_PORT" --user admin --passwordfile "$PASSFILE" \
    --interactive=false "$@"
}
running() { [ -f "$DOMAIN_DIR/config/pid" ] && kill -0 "$(cat "$DOMAIN_DIR/config/pid")" 2>/dev/null; }
# A value inside an asadmin --property list: ':' separates properties, so it is escaped.
prop() { printf '%s' "$1" | sed 's/[:\\]/\\&/g'; }

start_domain() {
  if running; then
    echo "Domain $DOMAIN is running (pid $(cat "$DOMAIN_DIR/config/pid"))."
    return
  fi
  # The SIP settings of the resource adapter's configuration are read through MicroProfile Config
  # first: the environment of this shell must not override what the console shows.
  env -u CALLMAIL_SIP_PEERS -u CALLMAIL_SIP_TRANSPORTS -u CALLMAIL_SIP_DEFAULT_NEXT_HOP \
    -u CALLMAIL_SIP_TIMER_C_SECONDS -u CALLMAIL_SIP_LINE_REFRESH_SECONDS \
    -u CALLMAIL_SIP_MAX_SERVER_TRANSACTIONS -u CALLMAIL_SIP_RTP_PORT_MIN -u CALLMAIL_SIP_RTP_PORT_MAX \
    -u CALLMAIL_SIP_LISTEN_ADDRESS -u CALLMAIL_SIP_PORT -u CALLMAIL_SIP_IVR_NUMBER \
    "$ASADMIN" start-domain "$DOMAIN"
}

case "$action" in
  stop)
    if running; then "$ASADMIN" stop-domain "$DOMAIN"; else echo "Domain $DOMAIN is not running."; fi
    exit 0 ;;
  status)
    running && echo "Domain $DOMAIN is running (pid $(cat "$DOMAIN_DIR/config/pid")), admin console https://127.0.0.1:$ADMIN_PORT/" \
      || echo "Domain $DOMAIN is not running."
    exit 0 ;;
  start)
    [ -d "$DOMAIN_DIR" ] || { echo "No domain $DOMAIN in $DIR: run install first." >&2; exit 1; }
    start_domain
    exit 0 ;;
esac

# --- install ---------------------------------------------------------------------------------------
[ -f "$RAR" ] && [ -f "$WAR" ] || {
  echo "Building callmail (tests skipped)..."
  (cd "$REPO" && mvn -B -q -DskipTests install -pl src/sip-connector,src/app -am)
}
mkdir -p "$DIR"
chmod 700 "$DIR"
DOWNLOADS="$REPO/target/payara-server"
if [ ! -x "$ASADMIN" ]; then
  echo "Fetching Payara Server $PAYARA_VERSION through Maven..."
  (cd "$REPO" && mvn -B -q dependency:copy -N -Dartifact="fish.payara.distributions:payara:$PAYARA_VERSION:zip" \
    -DoutputDirectory="$DOWNLOADS")
  unzip -q "$DOWNLOADS/payara-$PAYARA_VERSION.zip" -d "$DIR"
fi
(cd "$REPO" && mvn -B -q dependency:copy -N -Dartifact="org.postgresql:postgresql:$POSTGRESQL_VERSION" \
  -DoutputDirectory="$DOWNLOADS" -Dmdep.stripVersion=true)

if [ "$RECREATE" = true ] && [ -d "$DOMAIN_DIR" ]; then
  running && "$ASADMIN" stop-domain "$DOMAIN"
  "$ASADMIN" delete-domain "$DOMAIN"
fi

# Secrets: files of this user only, read by asadmin and the server, never on a command line.
umask 077
if [ -n "${CALLMAIL_PAYARA_ADMIN_PASSWORD_FILE:-}" ]; then
  ADMIN_PASSWORD_FILE=$CALLMAIL_PAYARA_ADMIN_PASSWORD_FILE
else
  ADMIN_PASSWORD_FILE="$DIR/admin-password"
  [ -s "$ADMIN_PASSWORD_FILE" ] || head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$ADMIN_PASSWORD_FILE"
fi
printf 'AS_ADMIN_PASSWORD=%s\n' "$(cat "$ADMIN_PASSWORD_FILE")" > "$PASSFILE"
if [ -n "${CALLMAIL_OPERATOR_PASSWORD_FILE:-}" ]; then
  OPERATOR_PASSWORD_FILE=$CALLMAIL_OPERATOR_PASSWORD_FILE
else
  OPERATOR_PASSWORD_FILE="$DIR/operator-password"
  [ -s "$OPERATOR_PASSWORD_FILE" ] || head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$OPERATOR_PASSWORD_FILE"
fi
secret() { # secret VARIABLE FILE: the value of the environment variable, else of the file
  if [ -n "${!1:-}" ]; then printf '%s' "${!1}"; elif [ -n "$2" ]; then tr -d '\n' < "$2"; fi
}
DB_PASSWORD=$(secret CALLMAIL_DB_PASSWORD "$DB_PASSWORD_FILE")
SMTP_PASSWORD=$(secret CALLMAIL_SMTP_PASSWORD "$SMTP_PASSWORD_FILE")
umask 022

if [ -d "$DOMAIN_DIR" ]; then
  echo "Domain $DOMAIN exists: starting it and redeploying (its settings stay; --recreate starts over)."
  start_domain
  asadmin deploy --force=true --deploymentorder 50 "$RAR"
  asadmin deploy --force=true "$WAR"
  echo "Admin console: https://127.0.0.1:$ADMIN_PORT/ (user admin, password in $ADMIN_PASSWORD_FILE)"
  exit 0
fi

[ -n "$DB_PASSWORD" ] || { echo "Give the database password: CALLMAIL_DB_PASSWORD or --db-password-file" >&2; exit 2; }
echo "Creating domain $DOMAIN in $HOME_DIR/glassfish/domains..."
if [ -n "$PORTBASE" ]; then ports=(--portbase "$PORTBASE"); else ports=(--adminport 4848 --instanceport 8080); fi
"$ASADMIN" --user admin --passwordfile "$PASSFILE" --interactive=false \
  create-domain --nopassword=false "${ports[@]}" "$DOMAIN"
# The PostgreSQL driver for the pool, in the domain's own library directory.
cp "$DOWNLOADS/postgresql.jar" "$DOMAIN_DIR/lib/"
start_domain

# The admin listener over HTTPS only, so that the console and remote asadmin can log in.
asadmin enable-secure-admin
asadmin set "configs.config.server-config.network-config.network-listeners.network-listener.admin-listener.address=$BIND"
asadmin set "configs.config.server-config.network-config.network-listeners.network-listener.http-listener-1.address=$BIND"
asadmin set "configs.config.server-config.network-config.network-listeners.network-listener.http-listener-2.address=$BIND"
# The data grid (Hazelcast) of the server: on the bind address, beside the admin port.
asadmin set-hazelcast-configuration --interfaces "$BIND" --dasbindaddress "$BIND" \
  --dasport $((ADMIN_PORT + 52)) --startport $((ADMIN_PORT + 1052))
asadmin delete-jvm-options -Xmx512m 2>/dev/null || true
asadmin create-jvm-options "-Xmx$HEAP:-XX\:+ExitOnOutOfMemoryError"

# Log levels, SameSite cookies and the managed executor: the commands Payara Micro runs before boot
# (../pre-boot-commands.asadmin), with Payara Server's names of the two HTTP listeners.
sed -e 's/protocol\.http-listener\.http/protocol.http-listener-1.http/' \
  -e 's/protocol\.https-listener\.http/protocol.http-listener-2.http/' \
  "$REPO/server-config/pre-boot-commands.asadmin" > "$DIR/pre-boot-commands.asadmin"
asadmin multimode --file "$DIR/pre-boot-commands.asadmin"

# jdbc/callmail on PostgreSQL, pool callmail-pool: the names and pool settings of
# production.asadmin.example; the password in a password alias (Payara's encrypted store).
(umask 077; printf 'AS_ADMIN_PASSWORD=%s\nAS_ADMIN_ALIASPASSWORD=%s\n' "$(cat "$ADMIN_PASSWORD_FILE")" "$DB_PASSWORD" > "$DIR/alias.tmp")
"$ASADMIN" --host 127.0.0.1 --port "$ADMIN_PORT" --user admin --passwordfile "$DIR/alias.tmp" \
  --interactive=false create-password-alias callmail-db-password
asadmin create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource \
  --restype javax.sql.DataSource --steadypoolsize 4 --maxpoolsize 32 --isconnectvalidatereq true \
  --validationmethod auto-commit \
  --property "serverName=$(prop "$DB_HOST"):portNumber=$DB_PORT:databaseName=$(prop "$DB_NAME"):user=$(prop "$DB_USER"):password=\${ALIAS=callmail-db-password}" \
  callmail-pool
asadmin create-jdbc-resource --connectionpoolid callmail-pool jdbc/callmail

# mail/callmail: with a password, the relay of production.asadmin.example (authenticated, STARTTLS
# required); without, a plain local SMTP server such as run.sh's mail sink.
mail_props="mail.smtp.port=$SMTP_PORT:mail.smtp.connectiontimeout=10000:mail.smtp.timeout=30000"
mail_auth=()
if [ -n "$SMTP_PASSWORD" ]; then
  (umask 077; printf 'AS_ADMIN_PASSWORD=%s\nAS_ADMIN_ALIASPASSWORD=%s\n' "$(cat "$ADMIN_PASSWORD_FILE")" "$SMTP_PASSWORD" > "$DIR/alias.tmp")
  "$ASADMIN" --host 127.0.0.1 --port "$ADMIN_PORT" --user admin --passwordfile "$DIR/alias.tmp" \
    --interactive=false create-password-alias callmail-smtp-password
  mail_props+=":mail.smtp.starttls.enable=true:mail.smtp.starttls.required=true:mail.smtp.auth=true:mail.smtp.password=\${ALIAS=callmail-smtp-password}"
  mail_auth=(--auth true)
fi
rm -f "$DIR/alias.tmp"
asadmin create-javamail-resource --mailhost "$SMTP_HOST" --mailuser "$SMTP_USER" \
  --fromaddress "$MAIL_SENDER" "${mail_auth[@]}" --property "$mail_props" mail/callmail

# The resource adapter's configuration (Resources > Resource Adapter Configs in the console): the
# adapter's own SIP settings. It must exist before the adapter deploys, which reads it at start.
ra_props="peers=$(prop "$PEERS"):transports=udp,tcp:timerCSeconds=180:maxServerTransactions=40000"
ra_props+=":lineRefreshSeconds=2:rtpPortMin=20000:rtpPortMax=20999"
[ -z "$NEXT_HOP" ] || ra_props+=":defaultNextHop=$(prop "$NEXT_HOP")"
asadmin create-resource-adapter-config --property "$ra_props" callmail-sip-connector

# System properties (Configurations > server-config > System Properties): settings that the
# application reads as well as the adapter (the listen address and port for the health check, the
# IVR number for the portal), and the application's own.
sysprops="callmail.db.platform=postgresql"
sysprops+=":callmail.sip.listen-address=$(prop "$SIP_ADDRESS"):callmail.sip.port=$SIP_PORT"
sysprops+=":callmail.sip.ivr-number=$IVR_NUMBER:callmail.mail.sender=$(prop "$MAIL_SENDER")"
sysprops+=":callmail.operator.password-file=$(prop "$OPERATOR_PASSWORD_FILE")"
[ -z "$PORTAL_URL" ] || sysprops+=":callmail.mail.portal-url=$(prop "$PORTAL_URL")"
asadmin create-system-properties "$sysprops"

# Restart for secure admin, the listener addresses and the heap; then the adapter, then the
# application (the adapter must be deployed first).
asadmin restart-domain "$DOMAIN"
asadmin deploy --deploymentorder 50 "$RAR"
asadmin deploy "$WAR"

cat <<INFO
callmail runs on Payara Server $PAYARA_VERSION, domain $DOMAIN in $HOME_DIR/glassfish/domains:
  Admin console:  https://127.0.0.1:$ADMIN_PORT/  user admin, password in $ADMIN_PASSWORD_FILE
  Portal:         https://127.0.0.1:$HTTPS_PORT/portal/
  Console:        https://127.0.0.1:$HTTPS_PORT/console/  user operator, password in $OPERATOR_PASSWORD_FILE
  SIP:            $SIP_ADDRESS:$SIP_PORT (udp, tcp)
  Server log:     $DOMAIN_DIR/logs/server.log
Stop it with: $0 stop${PORTBASE:+ --portbase $PORTBASE} --dir $DIR
INFO
