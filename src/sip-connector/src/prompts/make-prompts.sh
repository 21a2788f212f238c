#!/usr/bin/env bash
# Generates the Japanese speech prompts of the temporary-password IVR.
#
#   src/sip-connector/src/prompts/make-prompts.sh [KEY ...]
#
# Reads prompts.tsv (key<TAB>display text<TAB>spoken text) next to this script,
# synthesises the spoken text with Open JTalk and the HTS voice
# "NIT ATR503 M001", and writes one 8000 Hz / 16-bit / mono PCM WAVE file per
# prompt (lower-case key + .wav) into
#   src/sip-connector/src/main/resources/jp/callmail/sip/connector/ivr/prompts/
# normalised to -3 dBFS peak, with 150 ms of silence before and 300 ms after.
#
# Idempotent: missing Debian packages are installed once, the voice is fetched
# once into a cache outside the repository, and the output is deterministic, so
# a file is only rewritten when its content really changes.
#
# Environment overrides:
#   HTS_VOICE      path of an .htsvoice file to use instead of NIT ATR503 M001
#   OPENJTALK_DIC  Open JTalk dictionary dir (default: the Debian package's)
#   OUT_DIR        output directory
#   PROMPTS_CACHE  cache dir for the downloaded voice (default ~/.cache/callmail-prompts)
#   DEBIAN_MIRROR  Debian mirror used to fetch the voice (default http://deb.debian.org/debian)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TSV="$HERE/prompts.tsv"
OUT_DIR=${OUT_DIR:-"$HERE/../main/resources/jp/callmail/sip/connector/ivr/prompts"}
OPENJTALK_DIC=${OPENJTALK_DIC:-/var/lib/mecab/dic/open-jtalk/naist-jdic}
PROMPTS_CACHE=${PROMPTS_CACHE:-"${XDG_CACHE_HOME:-$HOME/.cache}/callmail-prompts"}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

VOICE_PKG=hts-voice-nitech-jp-atr503-m001
VOICE_REL=usr/share/hts-voice/nitech-jp-atr503-m001/nitech_jp_atr503_m001.htsvoice

# Audio parameters.
RATE=8000
PEAK_DB=-3          # normalise peak to this level (dBFS)
LEAD_S=0.15         # silence before speech
TAIL_S=0.30         # silence after speech
TRIM_DB=-48         # level below which the synthesiser's own leading/trailing silence is cut

log() { printf '%s\n' "$*" >&2; }
die() { log "make-prompts: $*"; exit 1; }

# Runs a command as root: directly when root, via sudo when it works without a
# password, otherwise directly (and lets it fail with its own message).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    "$@"
  fi
}

pkg_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

APT_UPDATED=
apt_install() {
  if [ -z "$APT_UPDATED" ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || true
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2
}

ensure_packages() {
  local missing=() p
  for p in open-jtalk open-jtalk-mecab-naist-jdic sox; do
    pkg_installed "$p" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing: ${missing[*]}"
    apt_install "${missing[@]}" || die "could not install ${missing[*]}"
  fi
  command -v open_jtalk >/dev/null || die "open_jtalk not found"
  command -v sox >/dev/null || die "sox not found"
  [ -f "$OPENJTALK_DIC/sys.dic" ] || die "Open JTalk dictionary not found in $OPENJTALK_DIC"
}

# Prints the path of the voice file, fetching it when needed.
# The voice package is in Debian's "contrib" area, which is often not enabled;
# rather than change the system's apt sources, it is then downloaded with a
# private apt configuration (signature-checked against Debian's keyring) and
# unpacked into the cache.
find_voice() {
  if [ -n "${HTS_VOICE:-}" ]; then
    [ -f "$HTS_VOICE" ] || die "HTS_VOICE=$HTS_VOICE does not exist"
    printf '%s\n' "$HTS_VOICE"; return
  fi
  local sys="/$VOICE_REL" cached="$PROMPTS_CACHE/voice/$VOICE_REL"
  if [ -f "$sys" ]; then printf '%s\n' "$sys"; return; fi
  if [ -f "$cached" ]; then printf '%s\n' "$cached"; return; fi

  # 1. Through the configured apt sources, if they include contrib.
  if apt-cache policy "$VOICE_PKG" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt_install "$VOICE_PKG" && [ -f "$sys" ] && { printf '%s\n' "$sys"; return; }
  fi

  # 2. Download the .deb from Debian's contrib area without touching the system.
  local suite apt_dir
  suite=$( . /etc/os-release 2>/dev/null; printf '%s' "${VERSION_CODENAME:-bookworm}")
  apt_dir="$PROMPTS_CACHE/apt"
  log "fetching $VOICE_PKG from $DEBIAN_MIRROR $suite contrib into $PROMPTS_CACHE"
  mkdir -p "$apt_dir/lists/partial" "$PROMPTS_CACHE/deb"
  printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s contrib\n' \
    "$DEBIAN_MIRROR" "$suite" > "$apt_dir/sources.list"
  local apt_opts=(
    -o "Dir::Etc::SourceList=$apt_dir/sources.list"
    -o "Dir::Etc::SourceParts=$apt_dir/none"
    -o "Dir::State::Lists=$apt_dir/lists"
    -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache="
    -o "APT::Sandbox::User=$(id -un)"
    -o "Debug::NoLocking=1"
  )
  apt-get -q "${apt_opts[@]}" update >&2 || die "apt-get update (contrib) failed"
  (cd "$PROMPTS_CACHE/deb" && rm -f ./*.deb && apt-get -q "${apt_opts[@]}" download "$VOICE_PKG" >&2) \
    || die "could not download $VOICE_PKG"
  rm -rf "$PROMPTS_CACHE/voice"
  dpkg-deb -x "$PROMPTS_CACHE"/deb/"$VOICE_PKG"_*.deb "$PROMPTS_CACHE/voice"
  [ -f "$cached" ] || die "voice file missing in $VOICE_PKG"
  printf '%s\n' "$cached"
}

main() {
  [ -f "$TSV" ] || die "$TSV not found"
  ensure_packages
  local voice
  voice=$(find_voice)
  log "voice: $voice (sha256 $(sha256sum "$voice" | cut -c1-16)...)"

  mkdir -p "$OUT_DIR"
  OUT_DIR=$(cd "$OUT_DIR" && pwd)
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
  local work=$WORK

  local want=" ${*:-} " key display spoken name n=0 changed=0
  while IFS=$'\t' read -r key display spoken || [ -n "$key" ]; do
    case "$key" in ''|'#'*|key) continue ;; esac
    [ -n "$spoken" ] || spoken=$display
    if [ "$want" != "  " ] && [[ "$want" != *" $key "* ]]; then continue; fi
    name=$(printf '%s' "$key" | tr '[:upper:]' '[:lower:]')
    printf '%s\n' "$spoken" > "$work/$name.txt"
    open_jtalk -x "$OPENJTALK_DIC" -m "$voice" -ow "$work/$name.raw.wav" "$work/$name.txt" \
      2> >(grep -v 'First mora should not be short pause' >&2 || true)
    # Resample to 8 kHz mono 16-bit, cut the synthesiser's own edge silence,
    # normalise the peak and add fixed silence. -D (no dither) keeps the
    # output byte-for-byte reproducible.
    sox -D "$work/$name.raw.wav" -r "$RATE" -c 1 -b 16 -e signed-integer "$work/$name.wav" \
      rate -v "$RATE" \
      silence 1 0.02 "${TRIM_DB}d" reverse silence 1 0.02 "${TRIM_DB}d" reverse \
      gain -n "$PEAK_DB" \
      pad "$LEAD_S" "$TAIL_S"
    local rms
    rms=$(sox "$work/$name.wav" -n stats 2>&1 | awk '/^RMS lev dB/ {print $4}')
    awk -v r="$rms" 'BEGIN { exit !(r > -35) }' || die "$name.wav looks silent (RMS $rms dB)"
    if cmp -s "$work/$name.wav" "$OUT_DIR/$name.wav"; then
      log "$(printf '%-28s unchanged' "$name.wav")"
    else
      cp "$work/$name.wav" "$OUT_DIR/$name.wav"
      changed=$((changed + 1))
      log "$(printf '%-28s %6.2f s %7d bytes  RMS %s dB' "$name.wav" \
        "$(soxi -D "$OUT_DIR/$name.wav")" "$(stat -c %s "$OUT_DIR/$name.wav")" "$rms")"
    fi
    n=$((n + 1))
  done < "$TSV"
  [ "$n" -gt 0 ] || die "no prompt matched"
  log "done: $n prompt(s), $changed written, in $OUT_DIR"
}

main "$@"
