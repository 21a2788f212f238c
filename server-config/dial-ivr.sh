#!/usr/bin/env bash
# Dials the temporary-password IVR of a running callmail (server-config/run.sh) with sipp, as the
# subscriber's own phone would, and keys in the guide's dialogue (SPEC §6):
#   0# (着信お知らせメール), the line number #, the temporary password #, the password again #.
#
#   bash server-config/dial-ivr.sh [--info] [--from NUMBER] LINE TEMPORARY_PASSWORD
#
#   LINE                the service line whose password is set, e.g. 0312345678 (the dev seed's line)
#   TEMPORARY_PASSWORD  8 characters of digits and '*', with at least one '*', e.g. '12*45678'
#   --from NUMBER       call from another number (an authentication number of the line); default LINE
#   --info              send the keys as SIP INFO (application/dtmf-relay) instead of RFC 4733 RTP
#                       telephone-events (sipp plays the captures Debian's sip-tester ships)
#
# Environment: CALLMAIL_SIP_HOST (127.0.0.1), CALLMAIL_SIP_PORT (5060), CALLMAIL_IVR_NUMBER (0722427142).
# The IVR answers, speaks its prompts (RTP, G.711) and hangs up after 「仮パスワードの設定が完了しました。」;
# then log in at https://localhost:8181/portal/ with LINE and the temporary password.
set -euo pipefail

mode=rtp
from=""
while [[ $# -gt 0 && $1 == --* ]]; do
  case $1 in
    --info) mode=info; shift ;;
    --from) from=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ $# -ne 2 ]]; then
  sed -n '2,17p' "$0" >&2
  exit 2
fi
line=$1
password=$2
from=${from:-$line}
host=${CALLMAIL_SIP_HOST:-127.0.0.1}
port=${CALLMAIL_SIP_PORT:-5060}
ivr=${CALLMAIL_IVR_NUMBER:-0722427142}
captures=/usr/share/sip-tester

if ! command -v sipp >/dev/null; then
  echo "sipp is missing: apt-get install sip-tester (it/run-tests.sh installs it too)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
keys="0#${line}#${password}#${password}#"

dialogue=""
cseq=2
for ((i = 0; i < ${#keys}; i++)); do
  key=${keys:i:1}
  if [[ $mode == rtp ]]; then
    case $key in
      '*') name=star ;;
      '#') name=pound ;;
      *) name=$key ;;
    esac
    dialogue+="  <nop><action><exec play_pcap_audio=\"$captures/dtmf_2833_$name.pcap\" /></action></nop>
  <pause milliseconds=\"350\" />
"
  else
    dialogue+="  <send retrans=\"500\"><![CDATA[

      INFO [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:${from}@[local_ip]>;tag=[pid]ivr[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: $cseq INFO
      [routes]
      Max-Forwards: 70
      Content-Type: application/dtmf-relay
      Content-Length: [len]

      Signal=$key
      Duration=160

  ]]></send>
  <recv response=\"200\" timeout=\"5000\" />
  <pause milliseconds=\"150\" />
"
    cseq=$((cseq + 1))
  fi
done

cat >"$work/ivr.xml" <<EOF
<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="callmail dial-ivr">
  <send retrans="500"><![CDATA[

      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:${from}@[local_ip]>;tag=[pid]ivr[call_number]
      P-Asserted-Identity: <sip:${from}@[local_ip];user=phone>
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:${from}@[local_ip]:[local_port];transport=[transport]>
      Max-Forwards: 70
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=phone 1 1 IN IP4 [media_ip]
      s=-
      c=IN IP4 [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 0 101
      a=rtpmap:0 PCMU/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-15

  ]]></send>
  <recv response="100" optional="true" timeout="10000" />
  <recv response="180" optional="true" timeout="10000" />
  <recv response="200" rrs="true" timeout="10000" />
  <send><![CDATA[

      ACK [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:${from}@[local_ip]>;tag=[pid]ivr[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      [routes]
      Max-Forwards: 70
      Content-Length: 0

  ]]></send>
  <pause milliseconds="2000" />
$dialogue
  <recv request="BYE" timeout="60000" />
  <send><![CDATA[

      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0

  ]]></send>
</scenario>
EOF

echo "Dialling the IVR $ivr at $host:$port from $from (keys as $mode) ..."
if sipp -sf "$work/ivr.xml" -s "$ivr" -i 127.0.0.1 -m 1 -nostdin -timeout 90s -timeout_error \
    -trace_err -error_file "$work/errors.log" "$host:$port" >"$work/sipp.out" 2>&1; then
  echo "The IVR accepted the temporary password and hung up. Log in at https://localhost:8181/portal/"
  echo "with $line and the temporary password; you will be asked to choose your own password."
else
  status=$?
  echo "The call did not go through the dialogue (sipp exit $status):" >&2
  cat "$work/errors.log" 2>/dev/null | tail -20 >&2 || true
  echo "A 403 means the caller is neither the line nor one of its authentication numbers." >&2
  exit "$status"
fi
