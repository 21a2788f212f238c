#!/usr/bin/env bash
# Installs what the benchmark (run-bench.sh) and the fail-over run (it/cluster/run-failover.sh) need
# and the machine lacks: Debian packages sip-tester, kamailio, postgresql, python3, and the
# "command=package" pairs given as arguments (e.g. haproxy=haproxy).
set -euo pipefail
as_root=""
[ "$(id -u)" -eq 0 ] || as_root="sudo"
missing=()
for pair in sipp=sip-tester kamailio=kamailio python3=python3 "$@"; do
  command -v "${pair%%=*}" >/dev/null 2>&1 || missing+=("${pair#*=}")
done
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  $as_root apt-get update -qq
  # Debian would start the packages' own services (kamailio on 5060, a PostgreSQL cluster); the
  # runs start their own instances, so keep the package scripts from starting anything.
  policy_added=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $as_root tee /usr/sbin/policy-rc.d >/dev/null
    $as_root chmod +x /usr/sbin/policy-rc.d
    policy_added=yes
  fi
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq "${missing[@]}"
  [ -n "$policy_added" ] && $as_root rm -f /usr/sbin/policy-rc.d
fi
