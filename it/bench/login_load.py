#!/usr/bin/env python3
"""Portal login load for the benchmark (bench.py --login-load N): N login attempts per second,
open loop, with wrong passwords for random numbers, against callmail's subscriber portal over HTTPS
(the run's self-signed certificate), until SIGTERM.

Each worker is one client as a script would be: its own source address (127.0.0.x, bound with
http.client's source_address), its own keep-alive connection and portal session. It GETs the login
page once for the session cookie, the form's field names and the ViewState, then POSTs the form;
every answer renders the login page again, whose ViewState (and PrimeFaces' CSP nonce, which its script would put into the form) the next
attempt posts. Attempts are due
at a fixed rate; one that no worker could start within a second of its due time is counted as not
sent (the driver, not callmail, fell behind). Every attempt is one line of --out:

    due<TAB>sent<TAB>answered<TAB>kind<TAB>HTTP status<TAB>source address

kind: refused (the login page with the wrong-number-or-password message: the gate admitted the
attempt and the password was derived), later (HTTP 429, "try again later": the gate did not admit
it), error:<what> (anything else, including a login that succeeded), not-sent.
"""
import argparse
import html
import http.client
import queue
import random
import re
import signal
import ssl
import threading
import time
import urllib.parse

REFUSED = ("電話番号またはパスワードが正しくない", "The phone number or password is not correct")
LATER = ("ただいまログインを受け付けられません", "Logins cannot be accepted right now")
FORM_RE = re.compile(r'<form\b([^>]*\bid="login"[^>]*)>(.*?)</form>', re.S)
TAG_RE = re.compile(r"<(input|button)\b([^>]*)>", re.S)
ATTR_RE = re.compile(r'([\w:.-]+)="([^"]*)"')
# PrimeFaces' CSP: its script puts the response's nonce into every form as primefaces.nonce, and a
# postback without it fails (CspException, HTTP 500) when the answer is rendered
NONCE_RE = re.compile(r"PrimeFaces\.csp\.init\(\s*['\"]([^'\"]+)['\"]|\bnonce=\"([^\"]+)\"")


class Client:
    """One attacker: a source address, a connection, a session and the last page's form."""

    def __init__(self, host, port, path, source, ctx, timeout):
        self.host, self.port, self.path, self.source, self.ctx, self.timeout = host, port, path, source, ctx, timeout
        self.conn = None
        self.cookies = {}
        self.form = None  # (action, [(name, value)], number field, password field)

    def _connect(self):
        if self.conn is not None:
            self.conn.close()
        self.conn = http.client.HTTPSConnection(self.host, self.port, context=self.ctx, timeout=self.timeout,
                                                source_address=(self.source, 0))

    def _request(self, method, url, body=None):
        headers = {"Accept-Language": "ja", "User-Agent": "callmail-bench-login-load"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            fresh = self.conn is None
            if fresh:
                self._connect()
            try:
                self.conn.request(method, url, body=body, headers=headers)
                r = self.conn.getresponse()
                data = r.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError, ssl.SSLEOFError):
                # a keep-alive connection the server had closed: once more on a new one
                self.conn.close()
                self.conn = None
                if fresh or attempt == 2:
                    raise
        for c in r.msg.get_all("Set-Cookie") or []:
            name, _, rest = c.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if (r.getheader("Connection") or "").lower() == "close":
            self.conn.close()
            self.conn = None
        return r.status, data.decode("utf-8", "replace")

    def _read_form(self, page):
        m = FORM_RE.search(page)
        if not m:
            self.form = None
            return
        action = html.unescape(dict(ATTR_RE.findall(m.group(1))).get("action", self.path))
        fields, number, password = [], None, None
        for tag, attrs in TAG_RE.findall(m.group(2)):
            a = {k: html.unescape(v) for k, v in ATTR_RE.findall(attrs)}
            name = a.get("name")
            if not name:
                continue
            if tag == "button" and a.get("type", "submit") != "submit":
                continue
            if name.endswith(":number"):
                number = name
            elif name.endswith(":password"):
                password = name
            else:
                fields.append((name, a.get("value", "")))
        n = NONCE_RE.search(page)
        if n and not any(name == "primefaces.nonce" for name, _ in fields):
            fields.append(("primefaces.nonce", html.unescape(n.group(1) or n.group(2))))
        self.form = (action, fields, number, password) if number and password else None

    def attempt(self, number, password):
        """One login attempt: (kind, HTTP status)."""
        if self.form is None:
            status, page = self._request("GET", self.path)
            if status != 200:
                return f"error:GET {status}", status
            self._read_form(page)
            if self.form is None:
                return "error:no login form", status
        action, fields, fnum, fpw = self.form
        body = urllib.parse.urlencode(fields + [(fnum, number), (fpw, password)])
        status, page = self._request("POST", action, body)
        self._read_form(page)
        if status == 429:
            return ("later" if any(t in page for t in LATER) else "error:429 without the message"), status
        if status == 200 and any(t in page for t in REFUSED):
            return "refused", status
        if status in (301, 302, 303):
            self.form = None
            self.cookies.clear()  # a login that succeeded (it must not), or a session that ended
            return f"error:redirect {status}", status
        return f"error:HTTP {status}", status


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", required=True, help="the login page, e.g. https://127.0.0.1:8191/portal/login.xhtml?option=call")
    ap.add_argument("--rate", type=float, required=True, help="login attempts per second")
    ap.add_argument("--workers", type=int, default=100, help="clients (each its own source address, connection, session)")
    ap.add_argument("--sources", type=int, default=100, help="distinct source addresses 127.0.0.2 …")
    ap.add_argument("--timeout", type=float, default=30)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    u = urllib.parse.urlsplit(a.url)
    path = u.path + ("?" + u.query if u.query else "")
    ctx = ssl.create_default_context()
    ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda s, f: stop.set())
    signal.signal(signal.SIGINT, lambda s, f: stop.set())
    due_q = queue.Queue()
    out = open(a.out, "w", buffering=1)
    out_lock = threading.Lock()
    counts = {}

    def record(due, sent, done, kind, status, source):
        with out_lock:
            out.write(f"{due:.3f}\t{sent:.3f}\t{done:.3f}\t{kind}\t{status}\t{source}\n")
            counts[kind] = counts.get(kind, 0) + 1

    def worker(i):
        source = f"127.0.0.{2 + i % min(a.sources, 250)}"
        client = Client(u.hostname, u.port or 443, path, source, ctx, a.timeout)
        rnd = random.Random(i * 7919 + int(time.time()))
        while not stop.is_set():
            try:
                due = due_q.get(timeout=0.2)
            except queue.Empty:
                continue
            sent = time.time()
            if sent - due > 1.0:
                record(due, sent, sent, "not-sent", 0, source)
                continue
            number = "0" + "".join(rnd.choice("0123456789") for _ in range(9))
            password = "".join(rnd.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(8))
            try:
                kind, status = client.attempt(number, password)
            except Exception as e:  # a refused, reset or timed-out connection is an answer too
                kind, status = f"error:{type(e).__name__}", 0
                client.form, client.cookies = None, {}
                if client.conn is not None:
                    client.conn.close()
                    client.conn = None
            record(due, sent, time.time(), kind, status, source)

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(a.workers)]
    for t in threads:
        t.start()
    t0 = time.time()
    k = 0
    while not stop.is_set():
        due = t0 + k / a.rate
        delay = due - time.time()
        if delay > 0 and stop.wait(delay):
            break
        due_q.put(due)
        k += 1
    # attempts in flight are answered (or time out) within the timeout; the caller waits for us
    for t in threads:
        t.join(a.timeout + 1)
    with out_lock:
        summary = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items()))
    print(f"login load: {k} attempts due over {time.time() - t0:.0f} s at {a.rate}/s: {summary}", flush=True)
    out.close()


if __name__ == "__main__":
    main()
