#!/usr/bin/env python3
"""callmail fail-over run (started by run-failover.sh, which installs and builds what it needs).

Two callmail instances (Payara Micro, as server-config/run.sh starts one) share one throwaway
PostgreSQL; Kamailio (server-config/kamailio/callmail-dispatcher.cfg) spreads the calls over them;
the benchmark's sipp caller and callee (it/bench/sipp) make the benchmark's call mix to started lines
with one recipient each (a mail per call) at a steady rate; the benchmark's SMTP sink
(it/bench/smtp_sink.py) accepts the mails. After --kill-after s one instance is killed with
kill -9; the load goes on for --after-kill s, then stops; the run waits for the outbox to drain
(the killed instance's claimed rows come due when their lease ends), counts calls and mails,
restarts the killed instance on its journal, waits for the journal's replay and counts again.

Results: it/cluster/results/latest.json and it/cluster/results/<date>-failover.md.
Everything listens on 127.0.0.1 (ports 5280-5299, 8280-8299, SMTP 2625) and everything started here
is stopped by its PID at the end.
"""
import argparse
import base64
import json
import math
import os
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "it", "bench"))
import bench as B  # noqa: E402  (the benchmark's processes, PostgreSQL, sink, sipp step, API)

log = B.log

PORTS = dict(lb=8284, kamailio=5282, uas=5283, uac=5284, uas_media=5290, uac_media=5294, uas_ctrl=8290,
             uac_ctrl=8291, smtp=2625, pg=5299)
INSTANCES = [
    dict(name="callmail-a", callmail_sip=5280, http=8280, https=8282, rtp=(5286, 5287)),
    dict(name="callmail-b", callmail_sip=5281, http=8281, https=8283, rtp=(5288, 5289)),
]


class Failover:
    def __init__(self, a):
        self.a = a
        ns = argparse.Namespace(max_minutes=a.max_minutes, smtp_port=PORTS["smtp"], db="postgresql",
                                login_load=None, settle_max=5, cooldown=0)
        self.b = B.Bench(ns)
        self.b.p = dict(PORTS, https=INSTANCES[0]["https"])
        self.work = self.b.work
        self.t_start = time.time()
        self.deadline = self.t_start + a.max_minutes * 60
        self.secret = base64.b64encode(os.urandom(24)).decode()
        self.inst = {}
        self.notes = []
        self.r = dict(instances=len(INSTANCES), killed_mid_load=False, rate=a.rate, calls_offered=None,
                      calls_failed=None, calls_failed_after_failover_s=None, mails_expected=None,
                      mails_lost=None, mails_duplicated=None, payara_server_console_ok=None, date=None)

    # ---- processes ----------------------------------------------------------------------------

    def ports_of(self, i):
        return dict(PORTS, callmail_sip=i["callmail_sip"], http=i["http"], https=i["https"])

    def start_instance(self, i, run=1):
        work = os.path.join(self.work, f"{i['name']}-{run}")
        os.makedirs(work)
        journal = os.path.join(self.work, f"{i['name']}-journal")  # survives the restart
        env = {
            "CALLMAIL_SIP_ROUTE_SECRET": self.secret,  # the same on every instance
            "CALLMAIL_SIP_JOURNAL_DIR": journal,
            "CALLMAIL_SIP_RTP_PORT_MIN": str(i["rtp"][0]), "CALLMAIL_SIP_RTP_PORT_MAX": str(i["rtp"][1]),
            "CALLMAIL_MAIL_DISPATCH_LEASE_SECONDS": str(self.a.lease),
            "CALLMAIL_DB_PLATFORM": "postgresql",
        }
        proc, startup = self.b.start_callmail(i["name"], work, self.ports_of(i), env)
        self.inst[i["name"]] = dict(proc=proc, startup=startup, log=os.path.join(work, "callmail-server.log"))
        return proc, startup

    def start_kamailio(self):
        dslist = os.path.join(self.work, "dispatcher.list")
        with open(dslist, "w") as f:
            for i in INSTANCES:
                f.write(f"1 sip:127.0.0.1:{i['callmail_sip']} 0 0\n")
        self.ctl = os.path.join(self.work, "kamailio.ctl")
        self.klog = os.path.join(self.work, "kamailio.log")
        self.kam = self.b.procs.start("kamailio", [
            "kamailio", "-f", os.path.join(ROOT, "server-config", "kamailio", "callmail-dispatcher.cfg"),
            "-DD", "-E", "-m", "256", "-M", "16", "-P", os.path.join(self.work, "kamailio.pid"),
            "-A", f"LISTEN=udp:127.0.0.1:{PORTS['kamailio']}", "-A", f'DSLIST="{dslist}"',
            "-A", f'CTL="unix:{self.ctl}"', "-A", f"PING_INTERVAL={self.a.ping_interval}"],
            stdout=open(self.klog, "w"), stderr=subprocess.STDOUT)
        t0 = time.time()
        while time.time() - t0 < 20:
            if self.kam.poll() is not None:
                raise RuntimeError(f"kamailio exited, see {self.klog}")
            st = self.ds_states()
            if st and all("A" in v and "P" not in v for v in st.values()):
                log(f"kamailio {self.kam.pid} on 127.0.0.1:{PORTS['kamailio']}: both instances up ({st})")
                return
            time.sleep(0.5)
        raise RuntimeError(f"kamailio did not see both instances up in 20 s: {self.ds_states()}")

    def ds_states(self):
        """{uri: dispatcher flags} from kamcmd, e.g. AP (active, probing), IP (inactive, probing)."""
        try:
            out = subprocess.run(["kamcmd", "-s", f"unix:{self.ctl}", "dispatcher.list"],
                                 capture_output=True, text=True, timeout=5).stdout
        except (OSError, subprocess.TimeoutExpired):
            return {}
        return dict(re.findall(r"URI:\s*(\S+)\s+FLAGS:\s*(\S+)", out))

    def start_haproxy(self):
        """HAProxy (server-config/haproxy/callmail-portal.cfg) in front of both instances' HTTPS."""
        pem = os.path.join(self.work, "lb.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                        "/CN=localhost", "-keyout", pem + ".key", "-out", pem + ".crt"], check=True, capture_output=True)
        with open(pem, "w") as f:
            f.write(open(pem + ".crt").read() + open(pem + ".key").read())
        env = dict(os.environ, CALLMAIL_LB_BIND=f"127.0.0.1:{PORTS['lb']}", CALLMAIL_LB_PEM=pem,
                   CALLMAIL_LB_SOCKET=os.path.join(self.work, "haproxy.sock"),
                   CALLMAIL_A=f"127.0.0.1:{INSTANCES[0]['https']}", CALLMAIL_B=f"127.0.0.1:{INSTANCES[1]['https']}")
        self.hlog = os.path.join(self.work, "haproxy.log")
        self.lb = self.b.procs.start("haproxy", ["haproxy", "-db", "-f", os.path.join(ROOT, "server-config", "haproxy",
                                                                                  "callmail-portal.cfg")],
                                     env=env, stdout=open(self.hlog, "w"), stderr=subprocess.STDOUT)
        time.sleep(5)  # its health checks (every 2 s, up after 2) see both instances
        if self.lb.poll() is not None:
            raise RuntimeError(f"haproxy exited, see {self.hlog}")
        log(f"haproxy {self.lb.pid} on 127.0.0.1:{PORTS['lb']} (HTTPS) in front of both instances")

    def portal_get(self, cookies):
        """GET the portal's login page through HAProxy with the browser's cookies; returns the status
        and the cookies the answer set (and updates the browser's)."""
        import ssl
        import urllib.request
        req = urllib.request.Request(f"https://127.0.0.1:{PORTS['lb']}/portal/login.xhtml")
        if cookies:
            req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
        with urllib.request.urlopen(req, timeout=10, context=ssl._create_unverified_context()) as r:
            new = {}
            for h in r.headers.get_all("Set-Cookie") or []:
                k, _, v = h.split(";")[0].partition("=")
                new[k.strip()] = v.strip()
            cookies.update(new)
            return r.status, new

    def sticky_check(self):
        """A browser's session stays on the instance that made it; a new browser goes to the next one."""
        one, two = {}, {}
        sets = []
        for _ in range(6):
            status, new = self.portal_get(one)
            sets.append(new)
        self.portal_get(two)
        sessions_made = sum(1 for n in sets if "JSESSIONID" in n)
        ok = (sessions_made == 1 and "CALLMAIL_NODE" in one and "CALLMAIL_NODE" in two
              and one["CALLMAIL_NODE"] != two["CALLMAIL_NODE"])
        self.sticky = dict(ok=ok, requests=len(sets), sessions_made=sessions_made, node_first=one.get("CALLMAIL_NODE"),
                           node_second_browser=two.get("CALLMAIL_NODE"))
        self.browsers = (one, two)
        log(f"sticky sessions through haproxy: {self.sticky}")

    def sticky_after_kill(self, victim_cookie):
        """The browser whose instance died: HAProxy sends it to a survivor, which makes a new session."""
        browser = next((b for b in self.browsers if b.get("CALLMAIL_NODE") == victim_cookie), None)
        if browser is None:
            return
        old = browser.get("JSESSIONID")
        try:
            status, new = self.portal_get(browser)
        except OSError as e:
            self.sticky["after_kill"] = f"error {e}"
            return
        self.sticky["after_kill"] = dict(status=status, node=browser.get("CALLMAIL_NODE"),
                                         new_session=browser.get("JSESSIONID") != old)
        log(f"  the browser that was on the killed instance: {self.sticky['after_kill']}")

    # ---- database -----------------------------------------------------------------------------

    def sql(self, query):
        ver = sorted(os.listdir("/usr/lib/postgresql"), key=lambda v: [int(x) for x in v.split(".")])[-1]
        out = subprocess.run([f"/usr/lib/postgresql/{ver}/bin/psql", "-h", os.path.join(self.work, "pg"),
                              "-p", str(PORTS["pg"]), "-U", "postgres", "-d", "callmail", "-qAtF", "\t",
                              "-v", "ON_ERROR_STOP=1", "-c", query],
                             capture_output=True, text=True, user="postgres", group="postgres", check=True)
        return [l.split("\t") for l in out.stdout.splitlines() if l]

    def waiting_mails(self):
        return int(self.sql("SELECT count(*) FROM outbox_mail WHERE status IN ('PENDING','RETRYING')")[0][0])

    def drain(self, limit_s, what):
        """Waits until no outbox row waits (bounded by limit_s and the run's deadline)."""
        t0 = time.time()
        end = min(t0 + limit_s, self.deadline - 60)
        n = self.waiting_mails()
        while n and time.time() < end:
            time.sleep(2)
            n = self.waiting_mails()
        log(f"{what}: outbox {'drained' if n == 0 else f'NOT drained ({n} rows wait)'} after {time.time() - t0:.0f} s")
        return n

    # ---- the run ------------------------------------------------------------------------------

    def run(self):
        a = self.a
        self.b.start_postgres()
        self.b.start_sink()
        for i in INSTANCES:
            self.start_instance(i)
        numbers = [f"045{i:07d}" for i in range(a.lines)]
        self.b.provision(numbers)  # through instance A's API; B learns the lines by its refresh
        self.start_kamailio()
        self.start_haproxy()
        self.sticky_check()
        time.sleep(1)  # > callmail.sip.line-refresh-seconds (2): B has read the lines A made

        seconds = a.kill_after + a.after_kill
        csv = os.path.join(self.work, "calls.csv")
        self.mix = B.write_csv(csv, int(a.rate * seconds) + 10, numbers, 3, 630000000)
        victim = INSTANCES[1]
        vproc = self.inst[victim["name"]]["proc"]
        kill = {}

        def killer():
            time.sleep(a.kill_after + 0.3)  # step() starts the caller 0.3 s after the callee
            kill["states_before"] = self.ds_states()
            kill["t"] = time.time()
            os.kill(vproc.pid, signal.SIGKILL)
            log(f"kill -9 {victim['name']} (pid {vproc.pid})")
            self.r["killed_mid_load"] = True
            t_end = time.time() + 20
            while time.time() < t_end:
                st = self.ds_states().get(f"sip:127.0.0.1:{victim['callmail_sip']}", "")
                if "I" in st:
                    kill["marked_down_s"] = time.time() - kill["t"]
                    kill["states_after"] = self.ds_states()
                    log(f"  kamailio marked {victim['name']} down {kill['marked_down_s']:.1f} s after the kill ({st})")
                    break
                time.sleep(0.2)

        th = threading.Thread(target=killer, daemon=True)
        th.start()
        groups = [B.Group("callmail", [p["proc"].pid for p in self.inst.values()]),
                  B.Group("kamailio", [self.kam.pid] + B.children_of(self.kam.pid), pss=True)]
        self.step = self.b.step("failover", PORTS["kamailio"], a.rate, csv, seconds, groups, trace_logs=True,
                                settle=False)
        th.join(25)
        self.kill = kill
        t_load_end = time.time()
        self.r["calls_offered"] = self.step["created"]
        # as the caller saw them: failed, or never finished (the callee's view counts the same calls again)
        self.r["calls_failed"] = self.step["failed_caller"] + self.step["unfinished"]
        self.failures = self.failure_seconds(self.step, kill.get("t"))
        self.r["calls_failed_after_failover_s"] = self.failures["by_second"]

        self.sticky_after_kill("b")
        # The survivor sends its own mails at once and the victim's once their lease ends.
        self.waiting_before_restart = self.drain(a.lease + 60, "before the restart")
        self.count("before_restart")

        # The killed instance comes back on its journal: its calls not yet recorded are replayed.
        before = int(self.sql("SELECT count(*) FROM call_log")[0][0])
        t_restart = time.time()
        proc, startup = self.start_instance(victim, run=2)
        self.restart = dict(startup=startup, pending=None, replayed=None)
        rlog = self.inst[victim["name"]]["log"]
        t_wait = time.time() + 60
        while time.time() < t_wait:
            with open(rlog, errors="replace") as f:
                text = f.read()
            m = re.search(r"Call record journal \S+: (\d+) records pending", text)
            if m:
                self.restart["pending"] = int(m.group(1))
            ended = re.findall(r"Replay of (\d+) call records ended: (\d+) delivered, (\d+) failed; (\d+) pending", text)
            if m and (self.restart["pending"] == 0 or (ended and ended[-1][3] == "0")):
                self.restart["replays"] = ended
                break
            time.sleep(1)
        time.sleep(3)
        self.restart["replayed"] = int(self.sql("SELECT count(*) FROM call_log")[0][0]) - before
        log(f"{victim['name']} restarted in {startup['ready']:.1f} s: {self.restart['pending']} journal records pending, "
            f"{self.restart['replayed']} new call log rows")
        self.waiting_after_restart = self.drain(60, "after the restart")
        self.count("after_restart")
        self.t_restart = t_restart - kill.get("t", t_restart)
        self.t_load_end = t_load_end - kill.get("t", t_load_end)

    # ---- counting -----------------------------------------------------------------------------

    def failure_seconds(self, step, t_kill):
        """Failed calls by the second (after the kill) in which their INVITE was sent: sipp names each
        failed call by its Call-ID (<call number>-<pid>@...), and the caller makes call n at
        t0 + (n - 1) / rate. Also the seconds (after the kill) in which sipp saw the failures."""
        path = self.b.find(step["dir"], "uac_", "_errors.log")
        calls, seen = {}, {}
        if os.path.exists(path):
            with open(path, errors="replace") as f:
                for line in f:
                    m = re.match(r"^\S+\t\S+\t([\d.]+): .*?(\d+)-\d+@", line)
                    if m and m.group(2) not in calls:
                        calls[m.group(2)] = float(m.group(1))
        by_second, detected = {}, {}
        t0 = step["t0"]
        if t_kill:
            for num, t_err in calls.items():
                s = math.floor(t0 + (int(num) - 1) / self.a.rate - t_kill)
                by_second[s] = by_second.get(s, 0) + 1
                d = math.floor(t_err - t_kill)
                detected[d] = detected.get(d, 0) + 1
        return dict(by_second={str(k): v for k, v in sorted(by_second.items())},
                    detected={str(k): v for k, v in sorted(detected.items())}, named=len(calls))

    def sink_mails(self):
        out = []
        with open(self.b.mails_file, errors="replace") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 2:
                    out.append(parts[1].strip("<>"))
        return out

    def completed_calls(self):
        """Call-IDs whose final response reached the caller (sipp's F lines)."""
        ids = set()
        path = os.path.join(self.step["dir"], "calls.log")
        if os.path.exists(path):
            with open(path, errors="replace") as f:
                for line in f:
                    p = line.split()
                    if len(p) >= 4 and p[0] == "F":
                        ids.add(p[2])
        return ids

    def count(self, when):
        rows = self.sql("SELECT o.message_id, o.status, c.call_id FROM outbox_mail o "
                        "JOIN call_log c ON c.id = o.call_log_id WHERE o.kind = 'CALL'")
        expected = {r[0].strip("<>"): (r[1], r[2]) for r in rows}
        call_rows = int(self.sql("SELECT count(*) FROM call_log")[0][0])
        dup_calls = int(self.sql("SELECT count(*) FROM (SELECT call_id FROM call_log GROUP BY call_id "
                                 "HAVING count(*) > 1) d")[0][0])
        sink = self.sink_mails()
        per_id = {}
        for mid in sink:
            per_id[mid] = per_id.get(mid, 0) + 1
        lost = [m for m in expected if m not in per_id]
        dup_mid = sum(n - 1 for n in per_id.values() if n > 1)
        per_call = {}
        for mid, n in per_id.items():
            if mid in expected:
                per_call[expected[mid][1]] = per_call.get(expected[mid][1], 0) + n
        dup_call = sum(n - 1 for n in per_call.values() if n > 1)
        unknown = sum(n for mid, n in per_id.items() if mid not in expected)
        statuses = {}
        for st, _ in expected.values():
            statuses[st] = statuses.get(st, 0) + 1
        completed = self.completed_calls()
        logged = {r[0] for r in self.sql("SELECT call_id FROM call_log")}
        c = dict(call_log_rows=call_rows, call_log_duplicate_call_ids=dup_calls, mails_expected=len(expected),
                 mails_accepted=len(sink), mails_lost=len(lost), mails_duplicated_by_message_id=dup_mid,
                 mails_duplicated_by_call=dup_call, mails_unknown=unknown, outbox_status=statuses,
                 calls_completed_at_caller=len(completed),
                 completed_calls_not_logged=len(completed - logged), lost_sample=lost[:5])
        setattr(self, when, c)
        log(f"{when}: call log {call_rows} rows ({dup_calls} Call-IDs twice), mails expected {len(expected)}, "
            f"accepted {len(sink)}, lost {len(lost)}, duplicated {dup_mid} by Message-ID / {dup_call} by call; "
            f"calls completed at the caller {len(completed)}, of which not in the call log {c['completed_calls_not_logged']}; "
            f"outbox {statuses}")
        return c

    # ---- report -------------------------------------------------------------------------------

    def finish(self, failure=None):
        now = datetime.now(timezone.utc)
        final = getattr(self, "after_restart", None) or getattr(self, "before_restart", None)
        if final:
            self.r["mails_expected"] = final["mails_expected"]
            self.r["mails_lost"] = final["mails_lost"]
            # a mail sent twice counts once: by call covers by Message-ID (one mail per call here)
            self.r["mails_duplicated"] = max(final["mails_duplicated_by_message_id"], final["mails_duplicated_by_call"])
        console = os.path.join(HERE, "results", "console.json")
        if os.path.exists(console):
            with open(console) as f:
                self.r["payara_server_console_ok"] = json.load(f).get("payara_server_console_ok")
        else:
            self.r["payara_server_console_ok"] = False
            self.notes.append("it/cluster/results/console.json (the Payara Server admin console check) not "
                              "found: payara_server_console_ok is false")
        self.r["date"] = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        s = getattr(self, "step", None)
        details = dict(
            command=self.a.command, failure=failure, duration_s=round(time.time() - self.t_start),
            seconds=dict(kill_after=self.a.kill_after, after_kill=self.a.after_kill, lease=self.a.lease,
                         ping_interval=self.a.ping_interval),
            calls_failed_callee=s and s["failed_callee"],
            kill=getattr(self, "kill", None), portal_sessions=getattr(self, "sticky", None), calls_successful=s and s["successful"],
            calls_offered_per_s=s and round(s["offered"], 1), calls_not_created=s and s["not_created"],
            failures_detected_after_kill_s=getattr(self, "failures", {}).get("detected"),
            failures_named=getattr(self, "failures", {}).get("named"),
            errors_caller=s and s["errors_caller"], errors_callee=s and s["errors_callee"],
            usage=s and {k: (round(v["cpu_avg"]), round(v["mem_max_mb"])) if isinstance(v, dict) else round(v)
                         for k, v in s["usage"].items()},
            before_restart=getattr(self, "before_restart", None), after_restart=getattr(self, "after_restart", None),
            restart=getattr(self, "restart", None),
            startup={k: round(v["startup"]["ready"], 1) for k, v in self.inst.items()},
            mix=getattr(self, "mix", None), notes=self.notes)
        out = dict(self.r, details=details)
        os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
        with open(os.path.join(HERE, "results", "latest.json"), "w") as f:
            json.dump(out, f, indent=2, ensure_ascii=False)
            f.write("\n")
        md = os.path.join(HERE, "results", f"{now.strftime('%Y-%m-%d')}-failover.md")
        with open(md, "w") as f:
            f.write(self.markdown(out))
        log(f"results: {os.path.relpath(md, ROOT)} and it/cluster/results/latest.json")

    def markdown(self, out):
        d = out["details"]
        L = [f"# callmail fail-over run, {out['date']}", "",
             f"Command: `{d['command']}` ({d['duration_s']} s in all). Two callmail instances (Payara Micro, "
             f"`--nocluster`) on one PostgreSQL, Kamailio's dispatcher in front "
             f"(`server-config/kamailio/callmail-dispatcher.cfg`, OPTIONS every {d['seconds']['ping_interval']} s, "
             f"INVITE fail-over after 2 s without an answer), the benchmark's call mix at {out['rate']} calls/s to "
             f"started lines with one recipient each, the benchmark's SMTP sink. `kill -9` of one instance "
             f"{d['seconds']['kill_after']} s into the load, {d['seconds']['after_kill']} s more load; outbox lease "
             f"{d['seconds']['lease']} s (`callmail.mail.dispatch.lease-seconds`).", ""]
        if d["failure"]:
            L += [f"**The run failed:** {d['failure']}", ""]
        L += ["| | |", "|---|---:|"]
        for k in ("instances", "killed_mid_load", "rate", "calls_offered", "calls_failed", "mails_expected",
                  "mails_lost", "mails_duplicated", "payara_server_console_ok"):
            L.append(f"| `{k}` | {out[k]} |")
        L.append(f"| calls successful | {d['calls_successful']} |")
        L.append(f"| offered rate | {d['calls_offered_per_s']}/s |")
        k = d.get("kill") or {}
        if k.get("marked_down_s") is not None:
            L.append(f"| Kamailio marked the instance down after | {k['marked_down_s']:.1f} s |")
        L += ["", "Failed calls by the second after the kill in which their INVITE was sent "
              "(`calls_failed_after_failover_s`; negative: before the kill): "
              f"`{json.dumps(out['calls_failed_after_failover_s'])}`; by the second sipp saw them fail: "
              f"`{json.dumps(d['failures_detected_after_kill_s'])}` ({d['failures_named']} failed calls named "
              "in sipp's error log).", ""]
        for when in ("before_restart", "after_restart"):
            c = d.get(when)
            if not c:
                continue
            L += [f"**{'Before the killed instance came back' if when == 'before_restart' else 'After it came back on its journal'}:** "
                  f"call log {c['call_log_rows']} rows ({c['call_log_duplicate_call_ids']} Call-IDs twice); mails expected "
                  f"{c['mails_expected']}, accepted by the sink {c['mails_accepted']}, lost {c['mails_lost']}, duplicated "
                  f"{c['mails_duplicated_by_message_id']} by Message-ID and {c['mails_duplicated_by_call']} by call; "
                  f"outbox states {c['outbox_status']}; calls whose final response reached the caller "
                  f"{c['calls_completed_at_caller']}, of them not in the call log {c['completed_calls_not_logged']}.", ""]
        if d.get("portal_sessions"):
            L += ["Portal sessions through HAProxy (`server-config/haproxy/callmail-portal.cfg`, sticky by cookie): "
                  f"`{json.dumps(d['portal_sessions'])}`.", ""]
        r = d.get("restart")
        if r:
            L += [f"Restart: ready in {r['startup']['ready']:.1f} s; its journal had {r['pending']} records pending; "
                  f"{r['replayed']} call log rows were added by the replay.", ""]
        if d["errors_caller"] or d["errors_callee"]:
            L += ["sipp's errors (caller, callee): " + "; ".join(f"{n} × {k}" for k, n in
                                                                  (d["errors_caller"] or []) + (d["errors_callee"] or [])), ""]
        if d["usage"]:
            L += ["CPU (% of one core) and memory (MB) during the load: " + ", ".join(
                f"{k} {v[0]}%/{v[1]} MB" if isinstance(v, tuple) or isinstance(v, list) else f"{k} {v}%"
                for k, v in d["usage"].items()), ""]
        for n in d["notes"]:
            L.append(f"- {n}")
        return "\n".join(L) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rate", type=int, default=15, help="calls/s offered (default 15)")
    ap.add_argument("--lines", type=int, default=50, help="started lines the calls go to")
    ap.add_argument("--kill-after", type=int, default=30)
    ap.add_argument("--after-kill", type=int, default=60)
    ap.add_argument("--lease", type=int, default=60, help="callmail.mail.dispatch.lease-seconds of the run")
    ap.add_argument("--ping-interval", type=int, default=2, help="Kamailio's OPTIONS probe interval, s")
    ap.add_argument("--max-minutes", type=float, default=10)
    ap.add_argument("--command", default="bash it/cluster/run-failover.sh")
    a = ap.parse_args()
    f = Failover(a)

    def on_signal(sig, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    failure = None
    try:
        f.run()
    except KeyboardInterrupt:
        failure = "interrupted"
    except Exception as e:  # the report is written all the same
        failure = f"{type(e).__name__}: {e}"
        log(f"FAILED: {failure}")
    finally:
        f.b.procs.stop_all()
        f.finish(failure)
        log(f"logs in {f.work}")
    ok = failure is None and f.r["mails_lost"] == 0 and f.r["mails_duplicated"] == 0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
