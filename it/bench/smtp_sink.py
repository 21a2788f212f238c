#!/usr/bin/env python3
"""A fast SMTP sink for the callmail benchmark.

Accepts every mail (no authentication, no TLS) and records, per mail, the time it answered the
final "250" to the DATA (the moment the mail is accepted), the Message-ID and the raw body, one
line per mail in the output file:

    <accepted_at_ms>\t<message-id>\t<body with CR/LF removed>

The body is what callmail sent (base64 of UTF-8 for PC-form mails); run-bench.sh's analysis
decodes it and reads 発信者通知番号. The file is flushed every 200 ms, so its line count is the
number of mails accepted so far. Stops on SIGTERM or SIGINT.

    python3 smtp_sink.py --port 2525 --out mails.tsv
"""
import argparse
import asyncio
import re
import signal
import time

MESSAGE_ID = re.compile(rb"^Message-ID:\s*<?([^>\r\n]*)>?", re.IGNORECASE | re.MULTILINE)


class Sink:
    def __init__(self, out):
        self.out = out
        self.count = 0

    def accepted(self, data: bytes):
        now_ms = time.time() * 1000.0
        head, _, body = data.partition(b"\r\n\r\n")
        m = MESSAGE_ID.search(head)
        mid = m.group(1).decode("ascii", "replace") if m else ""
        body = body.replace(b"\r", b"").replace(b"\n", b"").replace(b"\t", b" ")
        self.out.write(f"{now_ms:.3f}\t{mid}\t{body.decode('ascii', 'replace')}\n")
        self.count += 1


class SmtpProtocol(asyncio.Protocol):
    def __init__(self, sink: Sink):
        self.sink = sink
        self.buf = b""
        self.in_data = False

    def connection_made(self, transport):
        self.transport = transport
        transport.write(b"220 bench-sink ESMTP\r\n")

    def data_received(self, data):
        self.buf += data
        while True:
            if self.in_data:
                end = self.buf.find(b"\r\n.\r\n")
                if end < 0:
                    if self.buf.startswith(b".\r\n"):  # empty body
                        end, skip = -2, 3
                    else:
                        return
                else:
                    skip = end + 5
                message = self.buf[:end + 2] if end >= 0 else b""
                self.buf = self.buf[skip:]
                self.in_data = False
                self.sink.accepted(message)
                self.transport.write(b"250 2.0.0 Ok: queued\r\n")
                continue
            nl = self.buf.find(b"\r\n")
            if nl < 0:
                return
            line = self.buf[:nl]
            self.buf = self.buf[nl + 2:]
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.transport.write(b"250-bench-sink\r\n250-8BITMIME\r\n250 SIZE 10240000\r\n")
            elif verb in (b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                self.transport.write(b"250 2.0.0 Ok\r\n")
            elif verb == b"DATA":
                self.in_data = True
                self.transport.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
            elif verb == b"QUIT":
                self.transport.write(b"221 2.0.0 Bye\r\n")
                self.transport.close()
                return
            else:
                self.transport.write(b"502 5.5.2 Command not recognized\r\n")


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=2525)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    out = open(args.out, "w", buffering=1 << 20)
    sink = Sink(out)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SmtpProtocol(sink), args.host, args.port, backlog=1024, reuse_address=True)
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))

    def flush():
        out.flush()
        loop.call_later(0.2, flush)

    flush()
    print(f"smtp sink listening on {args.host}:{args.port}", flush=True)
    await stop
    server.close()
    out.flush()
    out.close()
    print(f"smtp sink stopped after {sink.count} mails", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
