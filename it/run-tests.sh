#!/usr/bin/env bash
# Runs callmail's whole test suite: unit tests, in-JVM SIP protocol tests, the RFC 4475 torture
# corpus, and the Arquillian integration tests on Payara Micro with sipp as caller and callee.
# First installs what the tests need and the machine lacks (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v sipp >/dev/null 2>&1 || missing+=(sip-tester)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  as_root=""
  [ "$(id -u)" -eq 0 ] || as_root="sudo"
  $as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq "${missing[@]}"
fi

mvn -B verify "$@"
