#!/usr/bin/env python3
"""callmail benchmark driver (started by run-bench.sh, which installs and builds what it needs).

Four targets, the same sipp scenarios, the same machine, one run:
  (a) kamailio  Kamailio as a minimal stateful record-routing proxy (kamailio.cfg), with the shared
                memory it needs (--kamailio-shm): the anchor
  (j) jainsip   the smallest stateful record-routing proxy on the JAIN-SIP RI version callmail uses,
                with callmail's stack properties and no app server (jainsip/BareProxy.java): the
                ceiling of callmail's design
  (b) proxy     callmail, every call to a number that is not a service line (pure proxy path)
  (c) mail      callmail, every call to a started line with one recipient: one mail per call,
                delivered to smtp_sink.py (a real SMTP server on loopback)
Each target is ramped through stepped call rates (one sipp caller and one sipp callee per step);
the ramp stops at the first step with a failed call (or, for (c), a mail not accepted in time, or a
caller that could not offer the rate), and the report says why (limit_of). Then each target gets an
overload step (1.5x its highest clean rate), recovery probes and the highest clean rate again at once
(overload_and_recover). (b), its overload and (c) run against one callmail process. At half of
(c)'s highest clean rate, a latency step measures call end (as the caller saw it) -> SMTP
acceptance per call. The figures go to results/<date>-<db>.md and results/latest.json (written,
with nulls, even when the run fails).

Everything listens on 127.0.0.1; everything started here is stopped by its PID at the end.
"""
import argparse
import base64
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")

FULL_RATES = [10, 25, 50, 100, 200, 400, 700, 1000, 1500, 2000, 3000, 4000, 5000]
QUICK_RATES = [50, 100, 400, 1000]

# The call mix: behaviour (see sipp/uac.xml) and its share; withheld callers are a share of every
# behaviour.
MIX = [("answer", 45), ("cancel", 20), ("busy", 15), ("redirect", 10), ("fwd", 10)]
WITHHELD_SHARE = 0.10


def log(msg):
    try:
        print(f"[{datetime.now().strftime('%H:%M:%S')}] {msg}", flush=True)
    except OSError:  # stdout gone (a closed pipe): the run and its report files go on
        pass


# ---------------------------------------------------------------------------------------------
# processes


class Procs:
    """Every process this run started, stopped by PID (children of kamailio/postgres go with it)."""

    def __init__(self):
        self.started = []

    def start(self, name, args, **kw):
        p = subprocess.Popen(args, start_new_session=True, **kw)
        self.started.append((name, p))
        return p

    def stop(self, p, sig=signal.SIGTERM, wait=30):
        if p.poll() is not None:
            return p.returncode
        try:
            p.send_signal(sig)
        except ProcessLookupError:
            return None
        try:
            return p.wait(wait)
        except subprocess.TimeoutExpired:
            p.kill()
            return p.wait(10)

    def stop_all(self):
        for name, p in reversed(self.started):
            if p.poll() is None:
                log(f"stopping {name} (pid {p.pid})")
                self.stop(p)


def children_of(pid):
    kids = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    kids.append(int(d))
            except (OSError, IndexError):
                pass
    return kids


def proc_cpu_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except OSError:
        return None


def proc_rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def proc_pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        return proc_rss_kb(pid)
    return None


def udp_drops():
    """The kernel's UDP receive-buffer drops (RcvbufErrors), machine-wide."""
    try:
        with open("/proc/net/snmp") as f:
            rows = [l.split() for l in f if l.startswith("Udp:")]
        return int(rows[1][rows[0].index("RcvbufErrors")])
    except (OSError, IndexError, ValueError):
        return None


def svc_of(target):
    """The process group that is the service under test for a target."""
    return target if target in ("kamailio", "jainsip") else "callmail"


SHM_RE = re.compile(r"no more shm|not enough free shm|out of shm|shm_malloc.*fail|no more shared memory", re.I)
PKG_RE = re.compile(r"no more pkg|not enough free pkg|out of pkg|pkg_malloc.*fail", re.I)


TARGETS = ("kamailio", "jainsip", "proxy", "mail")
# (b) ramped again under the portal login load (--login-load): its steps, in report order
LOADED = "proxy+login"
STEP_ORDER = ("kamailio", "jainsip", "proxy", LOADED, "mail")
# server-config/run.sh's JAVA_OPTS default (keep the two equal)
RUN_SH_JAVA_OPTS = "-Xmx384m -XX:MaxMetaspaceSize=256m -XX:+ExitOnOutOfMemoryError"
LOGIN_LOAD_PROPERTIES = {"callmail.portal.failures-per-source": 1000000000,
                         "callmail.portal.failures-per-line": 1000000000}
NAMES = {"kamailio": "(a) Kamailio, stateful record-routing proxy",
         "jainsip": "(j) bare JAIN-SIP RI stateful record-routing proxy, no app server (jainsip/BareProxy.java)",
         "proxy": "(b) callmail, numbers not watched (pure proxy)",
         "mail": "(c) callmail, every call to a started line, 1 mail per call"}


def cpu_ms_per_call(s):
    """CPU milliseconds per completed call at a step: the service's processes, and for callmail on
    PostgreSQL the database's (its work per call); not sipp's, not the SMTP sink's."""
    if not s or s["completed"] <= 0:
        return None
    u = s["usage"]
    cpu = u[svc_of(s["target"])]["cpu_avg"] + (u.get("postgres", {}).get("cpu_avg", 0.0) if svc_of(s["target"]) == "callmail" else 0.0)
    return cpu / 100.0 / s["completed"] * 1000.0


def limit_of(s):
    """Why a failed step failed, from what the harness measured: the service's own memory (Kamailio
    logs it), the load generator (sipp could not offer the rate, or its caller used a whole core),
    or CPU (the box or the service saturated). Never a guess: 'undetermined' when nothing says."""
    if s is None:
        return None
    u = s["usage"]
    svc = svc_of(s["target"])
    cpu = u.get(svc, {}).get("cpu_avg", 0.0)
    busy = u.get("machine_busy", 0.0)
    caller = u.get("sipp-caller", {}).get("cpu_avg", 0.0)
    ncpu = os.cpu_count() or 1
    drops = s.get("udp_drops")
    tail = (f"; box {busy:.0f}% busy ({ncpu} CPUs), {svc} {cpu:.0f}% of one core, sipp caller {caller:.0f}%, "
            f"sipp both {u.get('sipp', {}).get('cpu_avg', 0.0):.0f}%"
            + (f"; {drops} UDP datagrams dropped by the kernel (receive buffers full)" if drops else ""))
    if s.get("died"):
        return f"the service died: {s['died']}" + tail
    if s.get("shm_errors"):
        return f"shared memory exhausted ({s['shm_errors']} shm allocation failures in kamailio's log)" + tail
    if s.get("pkg_errors"):
        return f"private (pkg) memory exhausted ({s['pkg_errors']} pkg allocation failures in kamailio's log)" + tail
    short = s["created"] < s["calls"] * 0.98 or s["offered"] < 0.9 * s["rate"]
    if busy >= 90 or cpu >= 90 * ncpu or (drops and drops >= 100 and busy >= 80):
        # sipp shares the CPUs: when they are saturated, a caller that falls behind is a symptom;
        # datagrams dropped by the kernel with the box mostly busy: the receivers could not keep up
        return ("CPU: the machine was saturated"
                + (f" (so sipp offered only {s['offered']:.0f}/s of {s['rate']}/s)" if short else "") + tail)
    if short:
        return f"load generator: sipp offered only {s['offered']:.0f}/s of {s['rate']}/s" + tail
    if caller >= 90:
        return "load generator: the sipp caller used a whole core" + tail
    return "undetermined: neither CPU nor the load generator saturated" + tail


def machine_ticks():
    with open("/proc/stat") as f:
        parts = [int(x) for x in f.readline().split()[1:]]
    idle = parts[3] + parts[4]
    return sum(parts[:8]), idle


class Group:
    """A set of processes measured together (a service and its worker processes)."""

    def __init__(self, name, pids, pss=False):
        self.name, self.pids, self.pss = name, list(pids), pss

    def ticks(self):
        """{pid: utime+stime}; a CPU delta counts only pids present in both samples."""
        out = {}
        for p in list(self.pids):
            t = proc_cpu_ticks(p)
            if t is not None:
                out[p] = t
        return out

    @staticmethod
    def delta(a, b):
        return sum(b[p] - a[p] for p in b if p in a)

    def mem_kb(self):
        f = proc_pss_kb if self.pss else proc_rss_kb
        return sum(v for v in (f(p) for p in self.pids) if v is not None)


class Sampler(threading.Thread):
    """Samples CPU (% of one core) and memory of each group, and the machine's busy share, each second."""

    def __init__(self, groups, interval=1.0):
        super().__init__(daemon=True)
        self.groups, self.interval = groups, interval
        self.samples = []  # (t, {name: (cpu%, mem_kb)}, machine_busy%)
        self.stop_ev = threading.Event()

    def run(self):
        last_t = time.time()
        last = {g.name: g.ticks() for g in self.groups}
        last_m = machine_ticks()
        while not self.stop_ev.wait(self.interval):
            now = time.time()
            cur = {g.name: g.ticks() for g in self.groups}
            cur_m = machine_ticks()
            dt = now - last_t
            row = {}
            for g in self.groups:
                row[g.name] = (100.0 * Group.delta(last[g.name], cur[g.name]) / CLK_TCK / dt, g.mem_kb())
            total, idle = cur_m[0] - last_m[0], cur_m[1] - last_m[1]
            busy = 100.0 * (total - idle) / total if total > 0 else 0.0
            self.samples.append((now, row, busy))
            last_t, last, last_m = now, cur, cur_m

    def stop(self):
        self.stop_ev.set()
        self.join()

    def summary(self, t0, t1):
        rows = [s for s in self.samples if t0 <= s[0] <= t1 + 0.5] or self.samples[-1:]
        out = {}
        for g in self.groups:
            cpus = [r[1][g.name][0] for r in rows]
            mems = [r[1][g.name][1] for r in rows]
            out[g.name] = {
                "cpu_avg": sum(cpus) / len(cpus) if cpus else 0.0,
                "cpu_max": max(cpus) if cpus else 0.0,
                "mem_max_mb": max(mems) / 1024.0 if mems else 0.0,
            }
        busy = [r[2] for r in rows]
        out["machine_busy"] = sum(busy) / len(busy) if busy else 0.0
        return out


# ---------------------------------------------------------------------------------------------
# call plans (sipp injection files)


def write_csv(path, n, called_numbers, seed, caller_base):
    """n calls: caller numbers caller_base+i (unique within the file), called numbers round-robin."""
    rnd = random.Random(seed)
    behaviours = [b for b, w in MIX for _ in range(w)]
    counts = {}
    with open(path, "w") as f:
        f.write("SEQUENTIAL\n")
        for i in range(n):
            b = rnd.choice(behaviours)
            called = called_numbers[i % len(called_numbers)]
            if rnd.random() < WITHHELD_SHARE:
                frm, privacy, tag = '"Anonymous" <sip:anonymous@anonymous.invalid>', "id", f"w{i}"
                counts["withheld"] = counts.get("withheld", 0) + 1
            else:
                caller = f"0{caller_base + i:09d}"
                frm, privacy, tag = f"<sip:{caller}@127.0.0.1>", "none", caller
            counts[b] = counts.get(b, 0) + 1
            f.write(f"{frm};{called};{b};{privacy};{tag};\n")
    return counts


# ---------------------------------------------------------------------------------------------
# sipp


def parse_stat(path):
    """The rows of a sipp -trace_stat file as dicts; CurrentTime becomes an epoch float."""
    if not os.path.exists(path):
        return []
    with open(path, errors="replace") as f:
        lines = [l.rstrip("\n") for l in f if l.strip()]
    if len(lines) < 2:
        return []
    head = lines[0].split(";")
    rows = []
    for l in lines[1:]:
        vals = l.split(";")
        r = dict(zip(head, vals))
        try:
            r["_t"] = float(r["CurrentTime"].split("\t")[-1])
            r["_start"] = float(r["StartTime"].split("\t")[-1])
        except (KeyError, ValueError):
            continue
        rows.append(r)
    return rows


def ival(r, k):
    try:
        return int(float(r.get(k, 0) or 0))
    except ValueError:
        return 0


def ms_of(text):
    """sipp's HH:MM:SS:uuuuuu as milliseconds."""
    try:
        h, m, s, us = text.split(":")
        return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(us) / 1000.0
    except (ValueError, AttributeError):
        return None


def error_kinds(path, limit=4):
    """What went wrong, by kind, from a sipp -trace_err file: [(kind, count)], most frequent first."""
    if not os.path.exists(path):
        return []
    kinds = {}
    first = []
    with open(path, errors="replace") as f:
        for line in f:
            m = re.match(r"^\S+\t\S+\t[\d.]+: (.*)", line)
            if not m:
                continue
            text = m.group(1)
            if "Maximum number of open sockets" in text:  # sipp's -l warning, not an error
                continue
            text = re.sub(r"Call-I[dD] '?[^' ]+'?", "Call-Id …", text)
            text = re.sub(r"received 'SIP/2.0 (\d+).*", r"received \1", text)
            text = re.sub(r"received '(\w+) .*", r"received \1", text)
            text = re.sub(r"\d+", "N", text)[:140]
            if text not in kinds:
                first.append(text)
            kinds[text] = kinds.get(text, 0) + 1
    return sorted(kinds.items(), key=lambda kv: (-kv[1], first.index(kv[0])))[:limit]


class Bench:
    def __init__(self, args):
        self.a = args
        self.procs = Procs()
        self.work = tempfile.mkdtemp(prefix="callmail-bench-")
        os.chmod(self.work, 0o711)
        self.results = {}  # target -> list of step dicts (the ramp)
        self.overloads = {}  # target -> overload step, recovery probes, the step after
        self.services = {}  # group name -> (Popen, its log): a step notices when the service died
        self.failure = None
        self.notes = []
        self.t_start = time.time()
        self.deadline = self.t_start + args.max_minutes * 60
        self.step_no = 0
        self.p = dict(callmail_sip=5190, kamailio=5192, uas=5193, uac=5194, uas_media=6190, uac_media=6194,
                      jainsip=5196, uas_ctrl=8193, uac_ctrl=8194, http=8190, https=8191, smtp=args.smtp_port, pg=5199)
        log(f"working directory {self.work}")

    # ---- one step -------------------------------------------------------------------------

    def quiesce(self, group, max_wait):
        """Waits until the service is idle (< 10% of a core for 2 s; under the portal login load,
        < 10% above what the login load alone costs it): a step must not inherit the previous step's
        backlog (queued SIP messages, retransmissions, pending mails)."""
        idle = 10 + getattr(self, "idle_base", 0.0)
        t0 = time.time()
        quiet, last = 0, group.ticks()
        while time.time() - t0 < max_wait:
            time.sleep(0.5)
            cur = group.ticks()
            cpu = 100.0 * Group.delta(last, cur) / CLK_TCK / 0.5
            last = cur
            quiet = quiet + 1 if cpu < idle else 0
            if quiet >= 4:
                break
        waited = time.time() - t0
        if waited > 3:
            log(f"  waited {waited:.0f} s for {group.name} to go idle" + ("" if quiet >= 4 else " (still busy)"))
        return waited

    def step(self, target, proxy_port, rate, csv, seconds, groups, trace_logs=False, mail_check=None,
             settle=True, hard_stop=None, log_watch=None, kind="ramp"):
        """One sipp caller and callee at a rate for some seconds. settle=False skips the cool-down
        and the wait for an idle service (probes right after an overload); hard_stop stops both
        sipps that many seconds after the start (the overload step: the load ends then, calls not
        completed by then are not goodput); log_watch is a log file whose new lines are searched for
        memory exhaustion (Kamailio's)."""
        if settle and getattr(self, "dirty", None) == groups[0].name:
            # The last step on this service failed: its transactions still retransmit (timers B/F,
            # 32 s) and its mails may be retried; let that pass before measuring again.
            log(f"  cooling down {self.a.cooldown} s after a failed step")
            time.sleep(self.a.cooldown)
            self.dirty = None
        if settle:
            self.quiesce(groups[0], self.a.settle_max)
        log_pos = os.path.getsize(log_watch) if log_watch and os.path.exists(log_watch) else 0
        drops0 = udp_drops()
        self.step_no += 1
        n = int(rate * seconds)
        d = os.path.join(self.work, f"step{self.step_no:02d}-{target}-{rate}")
        os.makedirs(d)
        limit_s = seconds + 45
        common = ["-i", "127.0.0.1", "-nostdin", "-trace_stat", "-fd", "1", "-trace_err",
                  "-buff_size", "4194304", "-timeout", f"{limit_s}s"]
        uas = self.procs.start("sipp callee", [
            "sipp", "-sf", os.path.join(HERE, "sipp", "uas.xml"), "-p", str(self.p["uas"]),
            "-mp", str(self.p["uas_media"]), "-cp", str(self.p["uas_ctrl"]), "-m", str(n),
            "-stf", os.path.join(d, "uas-stat.csv"), *common],
            cwd=d, stdout=subprocess.DEVNULL, stderr=open(os.path.join(d, "uas.stderr"), "w"))
        time.sleep(0.3)
        uac_args = ["sipp", "-sf", os.path.join(HERE, "sipp", "uac.xml"), "-inf", csv,
                    "-p", str(self.p["uac"]), "-mp", str(self.p["uac_media"]), "-cp", str(self.p["uac_ctrl"]),
                    f"127.0.0.1:{proxy_port}", "-r", str(rate), "-rp", "1000", "-m", str(n), "-l", "200000",
                    "-stf", os.path.join(d, "uac-stat.csv"), *common]
        if trace_logs:
            uac_args += ["-trace_logs", "-log_file", os.path.join(d, "calls.log")]
        sipp_group = Group("sipp", [uas.pid])
        caller_group = Group("sipp-caller", [])
        sampler = Sampler(groups + [sipp_group, caller_group])
        sampler.start()
        t0 = time.time()
        uac = self.procs.start("sipp caller", uac_args, cwd=d, stdout=subprocess.DEVNULL,
                               stderr=open(os.path.join(d, "uac.stderr"), "w"))
        sipp_group.pids.append(uac.pid)
        caller_group.pids.append(uac.pid)
        log(f"step {self.step_no}: {target}{'' if kind == 'ramp' else ' ' + kind} at {rate} calls/s for {seconds} s ({n} calls)")
        try:
            uac_rc = uac.wait((hard_stop - (time.time() - t0)) if hard_stop else limit_s + 15)
        except subprocess.TimeoutExpired:
            uac_rc = self.procs.stop(uac, signal.SIGTERM)
        t_uac_end = time.time()
        try:
            uas_rc = uas.wait(1 if hard_stop else 8)
        except subprocess.TimeoutExpired:
            uas_rc = self.procs.stop(uas, signal.SIGTERM)
        t_load_end = time.time()
        drops1 = udp_drops()
        mail = mail_check(n) if mail_check else None
        t1 = time.time()
        sampler.stop()

        ur, sr = parse_stat(os.path.join(d, "uac-stat.csv")), parse_stat(os.path.join(d, "uas-stat.csv"))
        last_u, last_s = (ur[-1] if ur else {}), (sr[-1] if sr else {})
        created = ival(last_u, "TotalCallCreated")
        ok = ival(last_u, "SuccessfulCall(C)")
        failed_uac = ival(last_u, "FailedCall(C)")
        failed_uas = ival(last_s, "FailedCall(C)")
        # The offering window: from sipp's start to the moment the last call was created
        # (interpolated between the 1 s stat rows).
        window = None
        if ur:
            start = ur[0]["_start"]
            prev_t, prev_c = start, 0
            for r in ur:
                c = ival(r, "TotalCallCreated")
                if c >= n:
                    frac = (n - prev_c) / max(1, c - prev_c)
                    window = (prev_t - start) + frac * (r["_t"] - prev_t)
                    break
                prev_t, prev_c = r["_t"], c
            if window is None:
                window = ur[-1]["_t"] - start
        window = max(window or seconds, 0.001)
        offered = created / window
        completed = ok / window
        failed = failed_uac + failed_uas + max(0, created - ok - failed_uac)
        res = dict(target=target, rate=rate, seconds=seconds, calls=n, created=created, successful=ok,
                   failed=failed, failed_caller=failed_uac, failed_callee=failed_uas,
                   unfinished=max(0, created - ok - failed_uac), not_created=max(0, n - created),
                   retrans=ival(last_u, "Retransmissions(C)") + ival(last_s, "Retransmissions(C)"),
                   offered=offered, completed=completed, window=window,
                   setup_ms=ms_of(last_u.get("ResponseTimesetup(C)")), uac_rc=uac_rc, uas_rc=uas_rc,
                   dir=d, mail=mail, kind=kind, t0=t0, t_load_end=t_load_end,
                   udp_drops=None if drops0 is None or drops1 is None else drops1 - drops0)
        if log_watch and os.path.exists(log_watch):
            with open(log_watch, errors="replace") as f:
                f.seek(log_pos)
                new = f.read()
            res["shm_errors"] = sum(1 for l in new.splitlines() if SHM_RE.search(l))
            res["pkg_errors"] = sum(1 for l in new.splitlines() if PKG_RE.search(l))
        res["usage"] = sampler.summary(t0, t0 + window + 3)
        res["errors_caller"] = error_kinds(self.find(d, "uac_", "_errors.log"))
        res["errors_callee"] = error_kinds(self.find(d, "uas_", "_errors.log"))
        reasons = []
        if failed:
            reasons.append(f"{failed} failed calls")
        if created < n:
            reasons.append(f"caller created {created} of {n} calls")
        if offered < 0.9 * rate:
            reasons.append(f"offered only {offered:.0f}/s (< 90% of {rate})")
        if mail is not None and not mail["complete"]:
            reasons.append(f"mails: {mail['accepted']} of {mail['expected']} accepted within {mail['waited']:.0f} s")
        died = self.died(groups[0].name)
        if died:
            res["died"] = died
            reasons.append(died)
        res["clean"] = not reasons
        if reasons:
            self.dirty = groups[0].name
        res["why"] = "; ".join(reasons)
        u = res["usage"]
        svc = [g.name for g in groups][0]
        log(f"  offered {offered:.0f}/s completed {completed:.0f}/s ok {ok} failed {failed} retrans {res['retrans']} "
            f"PDD {res['setup_ms'] or 0:.1f} ms | {svc} cpu {u[svc]['cpu_avg']:.0f}% mem {u[svc]['mem_max_mb']:.0f} MB | "
            f"sipp cpu {u['sipp']['cpu_avg']:.0f}% (caller {u['sipp-caller']['cpu_avg']:.0f}%) | machine {u['machine_busy']:.0f}%"
            + (f" | UDP drops {res['udp_drops']}" if res.get("udp_drops") else "")
            + (f" | kamailio shm failures {res['shm_errors']}" if res.get("shm_errors") else "")
            + (f" | mails {mail['accepted']}/{mail['expected']}" if mail else "")
            + ("" if res["clean"] else f"  -> NOT CLEAN: {res['why']}"))
        for kind, count in (res["errors_caller"] + res["errors_callee"])[:4]:
            log(f"    {count} x {kind}")
        time.sleep(2)
        return res

    def died(self, name):
        """'<name> exited (rc; why)' when the service under test is gone, else None."""
        proc, logfile = self.services.get(name, (None, None))
        if proc is None or proc.poll() is None:
            return None
        why = ""
        try:
            with open(logfile, errors="replace") as f:
                text = f.read()
            m = re.search(r".*(OutOfMemoryError[^\n]*)", text)
            why = f"; its log: {m.group(1).strip()}" if m else ""
        except OSError:
            pass
        return f"{name} exited (exit status {proc.returncode}{why})"

    @staticmethod
    def find(d, prefix, suffix):
        for f in os.listdir(d):
            if f.startswith(prefix) and f.endswith(suffix):
                return os.path.join(d, f)
        return os.path.join(d, "none")

    def ramp(self, target, proxy_port, csv, groups, rates, mail_check=None, log_watch=None):
        steps = self.results[target] = []
        for rate in rates:
            needed = self.a.step_seconds + 20
            if time.time() + needed > self.deadline - self.reserve:
                self.notes.append(f"{target}: ramp stopped before {rate}/s to keep the run within "
                                  f"{self.a.max_minutes} minutes")
                log(self.notes[-1])
                break
            r = self.step(target, proxy_port, rate, csv, self.a.step_seconds, groups, mail_check=mail_check,
                          log_watch=log_watch)
            steps.append(r)
            if not r["clean"]:
                break
        self.results[target] = steps
        return steps

    def overload_and_recover(self, target, port, csv, groups, rates, mail_check=None, log_watch=None):
        """After the ramp: offer overload-factor x the highest clean rate for a step, stop the load
        generator at the step's end (plus a short grace for calls in progress), then probe with short
        low-rate runs every few seconds until one passes clean (the recovery time, counted from the
        moment the overload's sipps were stopped), and run the highest clean rate again at once: is it clean again? groups is a callable giving the groups."""
        clean = [s for s in self.results.get(target, []) if s["clean"]]
        if not clean:
            self.notes.append(f"{target}: no clean step, so no overload step")
            return None
        best = clean[-1]["rate"]
        rate = int(round(best * self.a.overload_factor))
        if self.died(svc_of(target)):
            self.notes.append(f"{target}: no overload step, {self.died(svc_of(target))}")
            log(self.notes[-1])
            return None
        secs = self.a.step_seconds
        need = self.a.cooldown + secs + self.a.overload_grace + self.a.recovery_max + secs + 30
        if time.time() + need > self.deadline - self.reserve:
            self.notes.append(f"{target}: overload step at {rate}/s skipped to keep the run within "
                              f"{self.a.max_minutes} minutes")
            log(self.notes[-1])
            return None
        ov = self.step(target, port, rate, csv, secs, groups(), mail_check=mail_check,
                       hard_stop=secs + self.a.overload_grace, log_watch=log_watch, kind="overload")
        goodput = ov["successful"] / secs
        out = dict(best=best, rate=rate, step=ov, goodput=goodput, ratio=goodput / best, probes=[],
                   recovery_s=None, lower=None)
        log(f"  overload {target}: {rate}/s offered ({ov['offered']:.0f}/s created), goodput "
            f"{goodput:.0f}/s = {goodput / best:.2f} x the highest clean rate {best}/s, {ov['failed']} failed")
        self.overloads[target] = out
        t_end = ov["t_load_end"]
        while time.time() - t_end < self.a.recovery_max:
            t_probe = time.time()
            # a call not completed within 5 s of the probe's end fails the probe (sipp would wait 30 s)
            pr = self.step(target, port, self.a.probe_rate, csv, self.a.probe_seconds, groups(),
                           mail_check=mail_check, settle=False, hard_stop=self.a.probe_seconds + 5,
                           log_watch=log_watch, kind="probe")
            out["probes"].append(dict(at=t_probe - t_end, clean=pr["clean"], why=pr["why"]))
            if pr["clean"]:
                out["recovery_s"] = t_probe - t_end
                break
            if pr.get("died"):
                break
            time.sleep(max(0.0, self.a.probe_interval - 2))
        if out["recovery_s"] is None:
            self.notes.append(f"{target}: no clean probe within {self.a.recovery_max} s after the overload")
            log(self.notes[-1])
        else:
            log(f"  {target} recovered: first clean probe {out['recovery_s']:.1f} s after the overload's sipps stopped")
        if self.died(svc_of(target)):
            return out
        # The highest clean rate, as the docstring says: the ladder's step below the overload rate
        # can lie above it (700 clean, 1050 offered, 1000 next below), and a step that was not
        # clean on a fresh service says nothing about recovery.
        lower = best
        lo = self.step(target, port, lower, csv, secs, groups(), mail_check=mail_check, settle=False,
                       log_watch=log_watch, kind="after overload")
        out["lower"] = lo
        return out

    # ---- targets ----------------------------------------------------------------------------

    def run_kamailio(self, rates, csv):
        cfg = os.path.join(HERE, "kamailio.cfg")
        klog = open(os.path.join(self.work, "kamailio.log"), "w")
        shm = self.a.kamailio_shm
        with open("/proc/meminfo") as f:
            avail_mb = next(int(l.split()[1]) // 1024 for l in f if l.startswith("MemAvailable:"))
        if shm + 1024 > avail_mb:  # shared memory is touched as used, but keep the box out of swap
            shm = max(256, (avail_mb - 1024) // 2)
            self.notes.append(f"kamailio: only {avail_mb} MB available, shared memory lowered to {shm} MB "
                              f"(asked {self.a.kamailio_shm} MB)")
            log(self.notes[-1])
        self.kamailio_mem = (shm, self.a.kamailio_pkg)
        kam = self.procs.start("kamailio", [
            "kamailio", "-f", cfg, "-DD", "-E", "-m", str(shm), "-M", str(self.a.kamailio_pkg),
            "-A", f"LISTEN=udp:127.0.0.1:{self.p['kamailio']}",
            "-A", f'CALLEE="sip:127.0.0.1:{self.p["uas"]}"'], stdout=klog, stderr=klog)
        time.sleep(2)
        if kam.poll() is not None:
            raise RuntimeError(f"kamailio did not start, see {klog.name}")
        self.services["kamailio"] = (kam, klog.name)
        pids = [kam.pid] + children_of(kam.pid)
        log(f"kamailio {kam.pid} with {len(pids) - 1} worker processes on 127.0.0.1:{self.p['kamailio']}, "
            f"shared memory {shm} MB, private memory {self.a.kamailio_pkg} MB per process")
        groups = lambda: [Group("kamailio", pids, pss=True)]
        try:
            self.ramp("kamailio", self.p["kamailio"], csv, groups(), rates, log_watch=klog.name)
            self.overload_and_recover("kamailio", self.p["kamailio"], csv, groups, rates, log_watch=klog.name)
        finally:
            self.procs.stop(kam)

    def run_jainsip(self, rates, csv):
        """(j) BareProxy.java on jain-sip-ri of the root pom's version, callmail's stack properties."""
        classes = os.path.join(self.work, "jainsip-classes")
        os.makedirs(classes)
        jar = self.a.jainsip_jar
        subprocess.run(["javac", "-nowarn", "-d", classes, "-cp", jar, os.path.join(HERE, "jainsip", "BareProxy.java")],
                       check=True)
        plog = os.path.join(self.work, "jainsip.log")
        java_opts = os.environ.get("JAINSIP_JAVA_OPTS", "-Xmx512m -XX:+ExitOnOutOfMemoryError").split()
        cmd = ["java", *java_opts, "-cp", f"{jar}:{classes}", "BareProxy", "127.0.0.1", str(self.p["jainsip"]),
               f"sip:127.0.0.1:{self.p['uas']}", os.path.join(ROOT, "server-config", "sip-stack.properties")]
        self.jainsip_cmd = " ".join(cmd)
        t0 = time.time()
        bp = self.procs.start("jain-sip bare proxy", cmd, stdout=open(plog, "w"), stderr=subprocess.STDOUT)
        self.services["jainsip"] = (bp, plog)
        while time.time() - t0 < 60:
            if bp.poll() is not None:
                raise RuntimeError(f"the bare JAIN-SIP proxy exited ({bp.returncode}), see {plog}")
            with open(plog, errors="replace") as f:
                if "BareProxy listening" in f.read():
                    break
            time.sleep(0.1)
        else:
            raise RuntimeError(f"the bare JAIN-SIP proxy did not start in 60 s, see {plog}")
        log(f"bare JAIN-SIP proxy {bp.pid} on 127.0.0.1:{self.p['jainsip']} ready in {time.time() - t0:.1f} s")
        groups = lambda: [Group("jainsip", [bp.pid])]
        try:
            self.step("warm-up", self.p["jainsip"], 50, csv, 5 if self.a.quick else 10, groups())
            self.ramp("jainsip", self.p["jainsip"], csv, groups(), rates)
            self.overload_and_recover("jainsip", self.p["jainsip"], csv, groups, rates)
        finally:
            self.procs.stop(bp)

    def start_sink(self):
        self.mails_file = os.path.join(self.work, "mails.tsv")
        self.sink = self.procs.start("smtp sink", [sys.executable, os.path.join(HERE, "smtp_sink.py"),
                                                   "--port", str(self.p["smtp"]), "--out", self.mails_file],
                                     stdout=open(os.path.join(self.work, "sink.log"), "w"), stderr=subprocess.STDOUT)
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", self.p["smtp"]), 0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("smtp sink did not start")

    def mails_accepted(self):
        try:
            with open(self.mails_file, "rb") as f:
                return sum(1 for _ in f)
        except OSError:
            return 0

    def start_postgres(self):
        ver = sorted(os.listdir("/usr/lib/postgresql"), key=lambda v: [int(x) for x in v.split(".")])[-1]
        bin_ = f"/usr/lib/postgresql/{ver}/bin"
        pgdir = os.path.join(self.work, "pg")
        os.makedirs(pgdir)
        shutil.chown(pgdir, "postgres", "postgres")

        def as_pg(*cmd, **kw):
            return subprocess.run(list(cmd), check=True, user="postgres", group="postgres", **kw)

        as_pg(f"{bin_}/initdb", "-D", f"{pgdir}/data", "-A", "trust", "-U", "postgres", "-E", "UTF8",
              "--locale=C.UTF-8", stdout=subprocess.DEVNULL)
        # Started in the foreground of its own session, so that this script holds its PID.
        self.pg = self.procs.start("postgres", [f"{bin_}/postgres",
                                                "-D", f"{pgdir}/data", "-p", str(self.p["pg"]), "-k", pgdir,
                                                "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=100"],
                                   user="postgres", group="postgres",
                                   stdout=open(os.path.join(self.work, "postgres.log"), "w"), stderr=subprocess.STDOUT)
        for _ in range(100):
            r = subprocess.run([f"{bin_}/psql", "-h", pgdir, "-p", str(self.p["pg"]), "-U", "postgres",
                                "-qAtc", "SELECT 1"], capture_output=True, user="postgres", group="postgres")
            if r.returncode == 0:
                break
            time.sleep(0.2)
        as_pg(f"{bin_}/psql", "-h", pgdir, "-p", str(self.p["pg"]), "-U", "postgres", "-q", "-v", "ON_ERROR_STOP=1",
              "-c", "CREATE ROLE callmail LOGIN PASSWORD 'callmail'", "-c", "CREATE DATABASE callmail OWNER callmail")
        self.pg_version = subprocess.run([f"{bin_}/postgres", "--version"], capture_output=True, text=True).stdout.strip()
        log(f"PostgreSQL ({self.pg_version}) on 127.0.0.1:{self.p['pg']}, data in {pgdir}")

    def pg_group(self):
        # the postmaster and its backends; the set changes as the pool connects, so take it at each step.
        pids = []
        frontier = [self.pg.pid]
        while frontier:
            pid = frontier.pop()
            pids.append(pid)
            frontier.extend(children_of(pid))
        return Group("postgres", pids, pss=True)

    def start_callmail(self, name="callmail", work=None, ports=None, extra_env=None):
        """Starts callmail on Payara Micro as run.sh does, with its data directory, post-boot
        commands and log under work (default: the run's directory) and the ports of ports (default:
        self.p; keys callmail_sip, http, https, smtp, pg, uas); extra_env adds settings. The first
        start draws the operator password; later starts (other instances) reuse it. it/cluster's
        fail-over run starts several instances this way."""
        work = work or self.work
        p = ports or self.p
        data = os.path.join(work, "callmail-data")
        os.makedirs(data, mode=0o700)
        password = getattr(self, "password", None) or \
            base64.b64encode(os.urandom(12)).decode().replace("/", "a").replace("+", "b").rstrip("=")
        with open(os.path.join(data, "operator-password"), "w") as f:
            f.write(password)
        ks, kspw = os.path.join(data, "portal-keystore.p12"), base64.b64encode(os.urandom(12)).decode()
        subprocess.run(["keytool", "-genkeypair", "-noprompt", "-alias", "callmail", "-keyalg", "RSA", "-keysize", "3072",
                        "-validity", "30", "-dname", "CN=localhost, O=callmail benchmark",
                        "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", ks,
                        "-storepass", kspw], check=True, capture_output=True)
        # Post-boot commands: the repository's own, with the mail session pointed at the sink;
        # on PostgreSQL the pool of production.asadmin.example (its production-like pool settings).
        with open(os.path.join(ROOT, "server-config", "post-boot-commands.asadmin")) as f:
            embedded = [l for l in f.read().splitlines() if l.strip() and not l.startswith("#")]
        mail_cmd = [l for l in embedded if l.startswith("create-javamail-resource")][0]
        mail_cmd = re.sub(r"mail\.smtp\.port=\d+", f"mail.smtp.port={p['smtp']}", mail_cmd)
        if self.a.db == "postgresql":
            with open(os.path.join(ROOT, "server-config", "production.asadmin.example")) as f:
                prod = [l for l in f.read().splitlines() if l.strip() and not l.startswith("#")]
            db_cmds = [l for l in prod if l.startswith("create-jdbc-")]
        else:
            db_cmds = [l for l in embedded if l.startswith("create-jdbc-")]
        postboot = os.path.join(work, "post-boot-bench.asadmin")
        with open(postboot, "w") as f:
            f.write("\n".join(db_cmds + [mail_cmd]) + "\n")
        props = os.path.join(work, "bench.properties")
        with open(props, "w") as f:
            f.write("callmail.db.dev-seed=false\n")
            if self.a.login_load:
                # The worst case for the SIP path: neither per-source nor per-line throttling ever
                # answers, so every login the concurrency gate admits derives PBKDF2.
                for k, v in LOGIN_LOAD_PROPERTIES.items():
                    f.write(f"{k}={v}\n")
        env = dict(os.environ)
        env.update({
            "CALLMAIL_OPERATOR_PASSWORD": password,
            "CALLMAIL_SIP_LISTEN_ADDRESS": "127.0.0.1",
            "CALLMAIL_SIP_PORT": str(p["callmail_sip"]),
            "CALLMAIL_SIP_DEFAULT_NEXT_HOP": f"sip:127.0.0.1:{p['uas']}",
            "CALLMAIL_SIP_RTP_PORT_MIN": "6300", "CALLMAIL_SIP_RTP_PORT_MAX": "6399",
        })
        env.update(extra_env or {})
        if self.a.db == "postgresql":
            env.update({"CALLMAIL_DB_HOST": "127.0.0.1", "CALLMAIL_DB_PORT": str(p["pg"]),
                        "CALLMAIL_DB_NAME": "callmail", "CALLMAIL_DB_USER": "callmail", "CALLMAIL_DB_PASSWORD": "callmail"})
        java_opts = os.environ.get("JAVA_OPTS", RUN_SH_JAVA_OPTS).split()
        env.setdefault("MALLOC_ARENA_MAX", "2")  # as run.sh
        # As run.sh: the keystore password in an argument file, not on the command line.
        tls_options = os.path.join(data, "tls-jvm-options")
        with open(os.open(tls_options, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            f.write(f'-Djavax.net.ssl.keyStore="{ks}"\n-Djavax.net.ssl.keyStoreType=PKCS12\n'
                    f'-Djavax.net.ssl.keyStorePassword="{kspw}"\n')
        cmd = ["java", *java_opts, "@" + tls_options,
               "-jar", os.path.join(ROOT, "target", "payara-micro.jar"),
               "--nocluster", "--rootDir", os.path.join(data, "payara"),
               "--port", str(p["http"]), "--sslPort", str(p["https"]), "--sslCert", "callmail",
               "--systemProperties", props,
               "--prebootcommandfile", os.path.join(ROOT, "server-config", "pre-boot-commands.asadmin"),
               "--postbootcommandfile", postboot]
        if self.a.db == "postgresql":
            cmd += ["--addLibs", os.path.join(ROOT, "target", "postgresql.jar")]
        cmd += ["--deploy", os.path.join(ROOT, "src", "sip-connector", "target", "callmail-sip-connector.rar"),
                "--deploy", os.path.join(ROOT, "src", "app", "target", "callmail.war")]
        server_log = os.path.join(work, "callmail-server.log")
        t0 = time.time()
        cm = self.procs.start(f"{name} (Payara Micro)", cmd, env=env, cwd=ROOT,
                              stdout=open(server_log, "w"), stderr=subprocess.STDOUT)
        self.services[name] = (cm, server_log)
        if name == "callmail":
            self.cm = cm
            self.callmail_cmd = " ".join(cmd).replace(kspw, "***")
        self.password = password
        sip_ready = portal_ready = None
        ctx = ssl.create_default_context()
        ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
        while time.time() - t0 < 180:
            if cm.poll() is not None:
                raise RuntimeError(f"callmail exited ({cm.returncode}), see {server_log}")
            if sip_ready is None:
                with open(server_log, errors="replace") as f:
                    if "SIP proxy listening on" in f.read():
                        sip_ready = time.time() - t0
            if portal_ready is None:
                try:
                    with urllib.request.urlopen(f"https://127.0.0.1:{p['https']}/portal/login.xhtml",
                                                context=ctx, timeout=2) as r:
                        if r.status == 200:
                            portal_ready = time.time() - t0
                except (urllib.error.URLError, OSError, ssl.SSLError):
                    pass
            if sip_ready is not None and portal_ready is not None:
                break
            time.sleep(0.1)
        else:
            raise RuntimeError(f"callmail did not get ready in 180 s, see {server_log}")
        startup = dict(sip=sip_ready, portal=portal_ready, ready=max(sip_ready, portal_ready),
                       rss_mb=proc_rss_kb(cm.pid) / 1024.0)
        if name == "callmail":
            self.startup = startup
        log(f"{name} ready in {startup['ready']:.1f} s (SIP listener {sip_ready:.1f} s, portal {portal_ready:.1f} s), "
            f"RSS {startup['rss_mb']:.0f} MB")
        return cm, startup

    def api(self, method, path, body=None, ctype="application/json", https_port=None):
        # The API answers over HTTPS only (the run's self-signed certificate), changes as JSON, and
        # a CSV import with the X-Requested-By header.
        url = f"https://127.0.0.1:{https_port or self.p['https']}/api{path}"
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        req = urllib.request.Request(url, data=data, method=method)
        req.add_header("Authorization", "Basic " + base64.b64encode(f"operator:{self.password}".encode()).decode())
        req.add_header("Content-Type", ctype)
        if ctype == "text/csv":
            req.add_header("X-Requested-By", "bench")
        with urllib.request.urlopen(req, timeout=60, context=ssl._create_unverified_context()) as r:
            return json.loads(r.read() or b"null")

    def provision(self, numbers):
        t0 = time.time()
        self.api("POST", "/contracts", {"code": "BENCH-1", "name": "ベンチマーク株式会社"})
        rows = ["number,contract,downstreamRoute,callMail,faxMail,authenticationNumbers,orderedWithPhoneService"]
        rows += [f"{n},BENCH-1,sip:127.0.0.1:{self.p['uas']},true,false,,false" for n in numbers]
        self.api("POST", "/lines/import", ("\r\n".join(rows) + "\r\n").encode(), "text/csv")
        for i, n in enumerate(numbers):
            self.api("PUT", f"/lines/{n}/settings", {
                "active": True,
                "recipients": [{"address": f"line{i:04d}@callmail.test", "send": True, "form": "PC", "charset": "UTF-8"}],
                "conditions": {"designatedCallersOnly": False, "unansweredOnly": False}})
        log(f"provisioned {len(numbers)} started lines, one recipient each, in {time.time() - t0:.1f} s")

    def mail_checker(self, wait_s):
        def check(n):
            start = self.mail_base
            expected = n
            t0 = time.time()
            while True:
                got = self.mails_accepted() - start
                if got >= expected or time.time() - t0 > wait_s:
                    break
                time.sleep(0.25)
            # let stragglers (and any duplicates) land before the next step counts
            self.mail_base = self.mails_accepted()
            return dict(expected=expected, accepted=got, complete=got >= expected, waited=time.time() - t0)
        return check

    # ---- latency ----------------------------------------------------------------------------

    def latency_step(self, rate, csv, groups):
        self.mail_base = self.mails_accepted()
        before = self.mail_base
        r = self.step("latency", self.p["callmail_sip"], rate, csv, self.a.step_seconds, groups, trace_logs=True,
                      mail_check=self.mail_checker(self.a.mail_wait))
        ends = {}
        with open(os.path.join(r["dir"], "calls.log"), errors="replace") as f:
            for line in f:
                p = line.split()
                if len(p) >= 6 and p[0] in ("F", "E"):
                    t = float(p[4]) * 1000.0 + float(p[5]) / 1000.0
                    e = ends.setdefault(p[1], {})
                    e[p[0]] = t
                    if p[0] == "F":
                        e["code"] = p[3]
        lat_end, lat_final, lat_unans = [], [], []
        matched = unmatched = withheld = 0
        with open(self.mails_file, errors="replace") as f:
            for i, line in enumerate(f):
                if i < before:
                    continue
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 3:
                    continue
                accepted = float(parts[0])
                try:
                    body = base64.b64decode(parts[2]).decode("utf-8", "replace")
                except (ValueError, UnicodeDecodeError):
                    body = ""
                m = re.search(r"発信者通知番号:(\d*)", body)
                caller = m.group(1) if m else ""
                if not caller:
                    withheld += 1
                    continue
                e = ends.get(caller)
                if not e or "F" not in e:
                    unmatched += 1
                    continue
                matched += 1
                answered = e.get("code") == "200"
                end = e.get("E", e["F"]) if answered else e["F"]
                lat_end.append(accepted - end)
                lat_final.append(accepted - e["F"])
                if not answered:
                    lat_unans.append(accepted - e["F"])
        r["latency"] = dict(rate=rate, matched=matched, unmatched=unmatched, withheld=withheld,
                            end=pcts(lat_end), final=pcts(lat_final), unanswered=pcts(lat_unans))
        L = r["latency"]
        log(f"  latency call end -> SMTP accepted over {matched} mails: p50 {L['end']['p50']:.0f} ms, "
            f"p95 {L['end']['p95']:.0f} ms, p99 {L['end']['p99']:.0f} ms; unanswered calls only p99 "
            f"{L['unanswered']['p99']:.0f} ms; from the final response p99 {L['final']['p99']:.0f} ms")
        return r

    # ---- the run ----------------------------------------------------------------------------

    def run(self):
        a = self.a
        rates = QUICK_RATES if a.quick else FULL_RATES
        if a.rates:
            rates = [int(x) for x in a.rates.split(",")]
        self.reserve = 60 + a.step_seconds + a.mail_wait  # kept for the latency step and shutdown
        n_max = int(math.ceil(max(rates) * a.overload_factor) * a.step_seconds)
        unwatched = [f"047{i:07d}" for i in range(1000)]
        lines = [f"045{i:07d}" for i in range(a.lines)]
        csv_unwatched = os.path.join(self.work, "calls-unwatched.csv")
        csv_lines = os.path.join(self.work, "calls-lines.csv")
        self.mix = write_csv(csv_unwatched, n_max, unwatched, 1, 610000000)
        write_csv(csv_lines, n_max, lines, 2, 620000000)
        targets = a.targets.split(",")
        try:
            if "kamailio" in targets:
                self.run_kamailio(rates, csv_unwatched)
            if "jainsip" in targets:
                self.run_jainsip(rates, csv_unwatched)
            if "proxy" in targets or "mail" in targets:
                self.start_sink()
                if a.db == "postgresql":
                    self.start_postgres()
                self.start_callmail()
                self.provision(lines)
                groups = lambda: [Group("callmail", [self.cm.pid])] + (
                    [self.pg_group()] if a.db == "postgresql" else []) + [Group("smtp-sink", [self.sink.pid])]
                # warm-up (JIT, pools, caches), not reported
                self.step("warm-up", self.p["callmail_sip"], 50, csv_lines, 5 if a.quick else 10, groups())
                if not a.quick:  # the JIT still compiles through the first: a ramp's first steps measured it
                    self.step("warm-up", self.p["callmail_sip"], 200, csv_unwatched, 10, groups())
                self.mail_base = self.mails_accepted()
                # One callmail process for (b), its overload and recovery, and (c): never restarted.
                if "proxy" in targets:
                    self.ramp_dynamic("proxy", csv_unwatched, groups, rates)
                    if a.login_load:
                        self.login_load_ramp(csv_unwatched, groups, rates)
                    self.overload_and_recover("proxy", self.p["callmail_sip"], csv_unwatched, groups, rates)
                if "mail" in targets:
                    self.mail_base = self.mails_accepted()
                    check = self.mail_checker(a.mail_wait)
                    self.ramp_dynamic("mail", csv_lines, groups, rates, mail_check=check)
                    clean = [s for s in self.results.get("mail", []) if s["clean"]]
                    if clean:
                        half = max(1, clean[-1]["rate"] // 2)
                        csv_lat = os.path.join(self.work, "calls-latency.csv")
                        write_csv(csv_lat, int(half * a.step_seconds), lines, 3, 630000000)
                        self.latency = self.latency_step(half, csv_lat, groups())
                        self.mail_base = self.mails_accepted()
                        self.overload_and_recover("mail", self.p["callmail_sip"], csv_lines, groups, rates,
                                                  mail_check=check)
                self.final_rss_mb = (proc_rss_kb(self.cm.pid) or 0) / 1024.0
                t = time.time()
                self.procs.stop(self.cm, signal.SIGTERM, wait=60)
                log(f"callmail stopped in {time.time() - t:.1f} s")
        except Exception as e:  # still report what was measured, and a latest.json with nulls
            self.failure = f"{type(e).__name__}: {e}"
            self.notes.append(f"run FAILED: {self.failure}")
            log(self.notes[-1])
        finally:
            self.procs.stop_all()
        self.report()
        if self.failure:
            sys.exit(1)

    # ---- (b) under the portal login load ---------------------------------------------------------

    def login_load_ramp(self, csv, groups, rates):
        """(b)'s ramp once more on the same callmail process while login_load.py sends --login-load
        wrong-password portal logins per second; first the login load alone for a step's length
        (what it costs callmail with no call), then the ramp. The load runs from before the first
        step to after the last; its attempts are counted per step by answer time."""
        a = self.a
        if getattr(self, "dirty", None) == "callmail":  # the unloaded ramp's failed step: let it pass first
            log(f"  cooling down {a.cooldown} s after a failed step")
            time.sleep(a.cooldown)
            self.dirty = None
        self.quiesce(groups()[0], a.settle_max)
        self.login_file = os.path.join(self.work, "login-attempts.tsv")
        url = f"https://127.0.0.1:{self.p['https']}/portal/login.xhtml?option=call"
        cmd = [sys.executable, os.path.join(HERE, "login_load.py"), "--url", url, "--rate", f"{a.login_load:g}",
               "--workers", str(a.login_workers), "--sources", str(a.login_sources), "--out", self.login_file]
        self.login_cmd = " ".join(cmd)
        lp = self.procs.start("portal login load", cmd, stdout=open(os.path.join(self.work, "login-load.log"), "w"),
                              stderr=subprocess.STDOUT)
        lgroups = lambda: groups() + [Group("login-load", [lp.pid])]
        t_start = time.time()
        log(f"portal login load {lp.pid}: {a.login_load:g} wrong-password logins/s, {a.login_workers} clients")
        try:
            time.sleep(5)  # sessions opened, the gate's queue in its steady state
            if lp.poll() is not None:
                raise RuntimeError(f"the login load exited ({lp.returncode}), see {self.work}/login-load.log")
            sampler = Sampler(lgroups())
            sampler.start()
            t0 = time.time()
            time.sleep(a.step_seconds)
            t1 = time.time()
            sampler.stop()
            u = sampler.summary(t0, t1)
            self.login_alone = dict(usage=u, login=self.login_summary(t0, t1))
            L = self.login_alone["login"]
            log(f"  login load alone: callmail cpu {u['callmail']['cpu_avg']:.0f}%, login driver "
                f"{u['login-load']['cpu_avg']:.0f}%, machine {u['machine_busy']:.0f}% | answered {L['answered']:.1f}/s: "
                f"refused {L['refused']:.1f}/s, try later {L['later']:.1f}/s, errors {L['errors']:.1f}/s, "
                f"not sent {L['not_sent']:.1f}/s")
            # a step waits for callmail to be as idle as the login load lets it be
            self.idle_base = u["callmail"]["cpu_avg"] + 5
            self.ramp_dynamic(LOADED, csv, lgroups, rates)
        finally:
            self.idle_base = 0.0
            self.procs.stop(lp, signal.SIGTERM, wait=40)
            t_end = time.time()
        for st in self.results.get(LOADED, []):
            st["login"] = self.login_summary(st["t0"], st["t0"] + st["window"])
            L = st["login"]
            log(f"  login answers during {LOADED} at {st['rate']}/s: refused {L['refused']:.1f}/s, try later "
                f"{L['later']:.1f}/s, errors {L['errors']:.1f}/s, not sent {L['not_sent']:.1f}/s")
        steps = self.results.get(LOADED, [])
        # the figure for latest.json: over every loaded step's offering window
        self.login_total = self.login_summary(t_start, t_end)
        self.login_during = self.login_summary_over([(st["t0"], st["t0"] + st["window"]) for st in steps]) if steps else None

    def login_attempts(self):
        """(due, sent, answered, kind, status, source) of every login attempt so far."""
        rows = []
        try:
            with open(self.login_file, errors="replace") as f:
                for line in f:
                    p = line.rstrip("\n").split("\t")
                    if len(p) >= 6:
                        rows.append((float(p[0]), float(p[1]), float(p[2]), p[3], p[4], p[5]))
        except (OSError, ValueError):
            pass
        return rows

    def login_summary(self, t0, t1):
        return self.login_summary_over([(t0, t1)])

    def login_summary_over(self, windows):
        """Login attempts answered within the windows (by answer time), per second by kind: refused
        (admitted, derived, wrong), later (429, try again later), errors (anything else), not sent
        (the driver fell behind); latencies POST sent → answer."""
        secs = max(sum(t1 - t0 for t0, t1 in windows), 0.001)
        kinds, lat, sources = {}, {"refused": [], "later": []}, set()
        for due, sent, done, kind, status, source in self.login_attempts():
            if not any(t0 <= done < t1 for t0, t1 in windows):
                continue
            kinds[kind] = kinds.get(kind, 0) + 1
            sources.add(source)
            if kind in lat:
                lat[kind].append((done - sent) * 1000.0)
        errors = {k: n for k, n in kinds.items() if k.startswith("error")}
        n_err = sum(errors.values())
        out = dict(seconds=secs, counts=kinds, error_kinds=errors, sources=len(sources),
                   refused=kinds.get("refused", 0) / secs, later=kinds.get("later", 0) / secs, errors=n_err / secs,
                   not_sent=kinds.get("not-sent", 0) / secs,
                   refused_ms=pcts(lat["refused"]), later_ms=pcts(lat["later"]))
        out["answered"] = out["refused"] + out["later"] + out["errors"]
        return out

    def ramp_dynamic(self, target, csv, groups, rates, mail_check=None):
        steps = self.results[target] = []
        for rate in rates:
            if time.time() + self.a.step_seconds + 20 > self.deadline - self.reserve:
                self.notes.append(f"{target}: ramp stopped before {rate}/s to keep the run within "
                                  f"{self.a.max_minutes} minutes")
                log(self.notes[-1])
                break
            r = self.step(target, self.p["callmail_sip"], rate, csv, self.a.step_seconds, groups(), mail_check=mail_check)
            steps.append(r)
            if not r["clean"]:
                break
        self.results[target] = steps

    # ---- report -----------------------------------------------------------------------------

    def report(self):
        """The Markdown report and latest.json; the JSON is written even when the report fails."""
        try:
            self.report_markdown()
        finally:
            self.write_json(datetime.now())

    def best(self):
        return {t: ([s for s in steps if s["clean"]] or [None])[-1] for t, steps in self.results.items()}

    def report_markdown(self):
        a = self.a
        best = {}
        for t, steps in self.results.items():
            clean = [s for s in steps if s["clean"]]
            best[t] = clean[-1] if clean else None
        lines = []
        P = lines.append
        now = datetime.now()
        P(f"# callmail benchmark, {now.strftime('%Y-%m-%d %H:%M')}, database {a.db}")
        P("")
        P("## Highest rate with 0 failed calls")
        P("")
        P("| target | highest clean step (calls/s) | offered | completed | service CPU (% of one core) | CPU per call | service memory | next step failed with | why (limit) |")
        P("|---|---:|---:|---:|---:|---:|---:|---|---|")
        for t in TARGETS:
            if t not in self.results:
                continue
            b = best[t]
            steps = self.results[t]
            nxt = next((s for s in steps if not s["clean"]), None)
            why = f"{nxt['rate']}/s: {nxt['why']}" if nxt else "(no failing step: top of the ladder or time budget)"
            svc = svc_of(t)
            if b:
                u = b["usage"][svc]
                P(f"| {NAMES[t]} | {b['rate']} | {b['offered']:.0f}/s | {b['completed']:.0f}/s | {u['cpu_avg']:.0f}% "
                  f"| {cpu_ms_per_call(b):.2f} ms | {u['mem_max_mb']:.0f} MB {'PSS' if t == 'kamailio' else 'RSS'} | {why} "
                  f"| {limit_of(nxt) or ''} |")
            else:
                P(f"| {NAMES[t]} | none | | | | | | {why} | {limit_of(nxt) or ''} |")
        P("")
        P("CPU per call = the service's CPU (its processes; for (c) on PostgreSQL the database's too) ÷ calls "
          "completed per second, at the highest clean step. The limit is read from what was measured at the failing "
          "step: memory failures in Kamailio's log, sipp not offering the rate or its caller using a whole core "
          "(the load generator), the box (≥ 90% busy, or ≥ 80% with the kernel dropping UDP datagrams) or the service "
          "saturating the CPUs.")
        if "kamailio" in self.results and hasattr(self, "kamailio_mem"):
            P("")
            P(f"Kamailio ran with {self.kamailio_mem[0]} MB shared memory (-m) and {self.kamailio_mem[1]} MB private "
              f"memory per process (-M); shared-memory allocation failures in its log over the whole run: "
              f"{sum(s.get('shm_errors') or 0 for s in self.all_target_steps('kamailio'))}.")
        P("")
        for anchor in ("jainsip", "kamailio"):
            an = best.get(anchor)
            if not an:
                continue
            short = "(j)" if anchor == "jainsip" else "(a)"
            for t, label in (("proxy", "(b)"), ("mail", "(c)")):
                if best.get(t):
                    P(f"- {label}/{short} = {best[t]['rate']} / {an['rate']} = **{best[t]['rate'] / an['rate']:.2f}**; "
                      f"CPU per call {cpu_ms_per_call(best[t]):.2f} / {cpu_ms_per_call(an):.2f} ms = "
                      f"**{cpu_ms_per_call(best[t]) / cpu_ms_per_call(an):.2f}**")
        if a.login_load and ("proxy" in self.results or LOADED in self.results):
            self.report_login_load(P, best)
        if self.overloads:
            P("")
            P(f"## Overload ({self.a.overload_factor}× the highest clean rate) and recovery")
            P("")
            P(f"The overload step offers {self.a.overload_factor}× the target's highest clean rate for {self.a.step_seconds} s; "
              f"both sipps are stopped {self.a.overload_grace} s after its end, so calls not completed by then count as "
              f"failed. Goodput = the caller's successful calls ÷ {self.a.step_seconds} s. Then short probes "
              f"({self.a.probe_rate} calls/s for {self.a.probe_seconds} s, about every {self.a.probe_interval} s, no wait for "
              f"the service to go idle) until one is clean: recovery = from the moment the overload's sipps were stopped to "
              f"the start of that probe (a probe's call not completed 5 s after the probe's end fails it). Then the "
              f"highest clean rate again, at once. For (c), the mails of the overload still being sent count towards the "
              f"probes' and that step's mails."
              + (" For (c), callmail was not restarted after (b)'s overload: the same process ran (b), its overload, and (c)."
                 if "proxy" in self.results and "mail" in self.results else ""))
            P("")
            P("| target | highest clean | offered | goodput | goodput ÷ highest clean | calls not completed (caller's count) | failed (both sipps) | retrans | service CPU | box busy | recovery | probes (s after: clean?) | highest clean again | clean? |")
            P("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|")
            for t in TARGETS:
                o = self.overloads.get(t)
                if not o:
                    continue
                st, lo = o["step"], o["lower"]
                u = st["usage"]
                probes = ", ".join(f"{p['at']:.0f}: {'yes' if p['clean'] else 'no'}" for p in o["probes"])
                rec = "none within " + str(self.a.recovery_max) + " s" if o["recovery_s"] is None else f"{o['recovery_s']:.1f} s"
                P(f"| {NAMES[t]} | {o['best']}/s | {o['rate']}/s ({st['offered']:.0f}/s created) | {o['goodput']:.0f}/s | "
                  f"**{o['ratio']:.2f}** | {st['created'] - st['successful']} of {st['created']} | {st['failed']} | {st['retrans']} | {u[svc_of(t)]['cpu_avg']:.0f}% | "
                  f"{u['machine_busy']:.0f}% | {rec} | {probes} | "
                  + (f"{lo['rate']}/s | {'yes' if lo['clean'] else 'no: ' + lo['why']} |" if lo else " | |"))
        lat = getattr(self, "latency", None)
        if lat:
            L = lat["latency"]
            P("")
            P(f"## (c) latency, call end → SMTP accepted, at {L['rate']} calls/s (half of (c)'s highest clean rate)")
            P("")
            P(f"{L['matched']} mails matched to their calls by the caller number (unique per call; the notice's 発信者通知番号); "
              f"{L['withheld']} mails of withheld calls carry no number and are left out; {L['unmatched']} unmatched (mails of earlier steps' calls, still being delivered). "
              f"Latency step: {lat['successful']} calls successful, {lat['failed']} failed; mails "
              f"{lat['mail']['accepted']}/{lat['mail']['expected']}.")
            P("")
            P("| measured from | n | p50 | p95 | p99 | max |")
            P("|---|---:|---:|---:|---:|---:|")
            for key, label in (("end", "call end as the caller saw it: final response, or the 200 to the BYE for answered calls"),
                               ("unanswered", "unanswered calls only (busy, redirected, caller gave up): final response"),
                               ("final", "final response to the INVITE, every call (callmail reports answered calls at the answer)")):
                x = L[key]
                P(f"| {label} | {x['n']} | {x['p50']:.0f} ms | {x['p95']:.0f} ms | {x['p99']:.0f} ms | {x['max']:.0f} ms |")
            P("")
            if not lat["clean"]:
                P(f"**The latency step was not clean** ({lat['why']}): the figures are of the calls that completed.")
                P("")
            P("Negative values: callmail reports an answered call as soon as it is answered, so its mail can be "
              "accepted before the caller hangs up (talk time here is 1 s).")
        if hasattr(self, "startup"):
            s = self.startup
            P("")
            P(f"## Start-up and memory")
            P("")
            P(f"- start-up (java launched → SIP listener logged and portal answering 200): **{s['ready']:.1f} s** "
              f"(SIP listener {s['sip']:.1f} s, portal {s['portal']:.1f} s); RSS when ready {s['rss_mb']:.0f} MB")
            peak = max([st["usage"]["callmail"]["mem_max_mb"] for t in ("proxy", "mail") for st in self.results.get(t, [])] or [0])
            P(f"- callmail RSS: highest during the ramps {peak:.0f} MB; at the end {getattr(self, 'final_rss_mb', 0):.0f} MB")
        P("")
        P("## Every step")
        P("")
        P("Offered = calls created ÷ the time it took to create them; completed = successful calls ÷ the same time. "
          "CPU in % of one core (the machine has " + str(os.cpu_count()) + "), averaged over the offering window; "
          "memory is the highest sample (RSS of the JVM; PSS summed over Kamailio's or PostgreSQL's processes). "
          "Retransmissions are sipp's (caller and callee). PDD = post-dial delay, INVITE sent → the callee's first "
          "answer (180/181/302) at the caller, sipp's average.")
        P("")
        P("| target | rate | calls | offered/s | completed/s | failed | retrans | PDD avg | service CPU | service mem | DB CPU | sink CPU | sipp CPU | machine busy | mails | clean |")
        P("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
        all_steps = [s for t in STEP_ORDER for s in self.all_target_steps(t)] + ([lat] if lat else [])
        for s in all_steps:
            u = s["usage"]
            svc = svc_of(s["target"])
            db = u.get("postgres", {}).get("cpu_avg")
            sink = u.get("smtp-sink", {}).get("cpu_avg")
            mail = f"{s['mail']['accepted']}/{s['mail']['expected']}" if s.get("mail") else ""
            kind = "" if s.get("kind", "ramp") == "ramp" else f" ({s['kind']})"
            P(f"| {s['target']}{kind} | {s['rate']} | {s['calls']} | {s['offered']:.0f} | {s['completed']:.0f} | {s['failed']} | "
              f"{s['retrans']} | {s['setup_ms'] or 0:.1f} ms | {u[svc]['cpu_avg']:.0f}% | {u[svc]['mem_max_mb']:.0f} MB | "
              f"{'' if db is None else f'{db:.0f}%'} | {'' if sink is None else f'{sink:.0f}%'} | {u['sipp']['cpu_avg']:.0f}% | "
              f"{u['machine_busy']:.0f}% | {mail} | {'yes' if s['clean'] else 'no: ' + s['why']} |")
        failing = [s for s in all_steps if s["errors_caller"] or s["errors_callee"]]
        if failing:
            P("")
            P("## What sipp reported at the failing steps")
            P("")
            for s in failing:
                P(f"- {s['target']} at {s['rate']}/s:")
                for side in ("caller", "callee"):
                    for kind, count in s[f"errors_{side}"]:
                        P(f"  - {side}: {count} × `{kind}`")
        if self.notes:
            P("")
            P("## Notes")
            P("")
            for n in self.notes:
                P(f"- {n}")
        P("")
        P("## Set-up")
        P("")
        P(f"- command: `{self.command}`")
        P(f"- machine: {os.cpu_count()} CPUs, {cpu_model()}, {mem_total_gb():.1f} GiB RAM, {os.uname().sysname} {os.uname().release}")
        P(f"- versions: {versions(a.db, getattr(self, 'pg_version', None))}")
        P(f"- JAVA_OPTS: `{os.environ.get('JAVA_OPTS', RUN_SH_JAVA_OPTS)}` (run.sh's default, and it passes JAVA_OPTS the same way), MALLOC_ARENA_MAX=2 as run.sh sets it")
        mix = ", ".join(f"{b} {w}%" for b, w in MIX)
        P(f"- call mix: {mix}; withheld callers (Privacy: id, anonymous From) {WITHHELD_SHARE:.0%} of each; "
          f"ringing 500 ms before an answer, talk 1 s, busy after 200 ms, caller gives up after 1 s of ringing; "
          f"1000 distinct unwatched called numbers for (a) and (b), {a.lines} started lines for (c); a distinct caller number per call; UDP")
        P(f"- steps of {a.step_seconds} s; one sipp caller and one sipp callee per step, all on 127.0.0.1; "
          f"{'(c) waits up to ' + str(a.mail_wait) + ' s after each step for every mail to be accepted by the sink' }")
        if hasattr(self, "callmail_cmd"):
            P(f"- callmail started like server-config/run.sh, with its own ports (SIP {self.p['callmail_sip']}, HTTP {self.p['http']}, "
              f"HTTPS {self.p['https']}), data directory and post-boot commands (mail session → sink on {self.p['smtp']}"
              f"{', pool from production.asadmin.example' if a.db == 'postgresql' else ''}): `{self.callmail_cmd}`")
        if hasattr(self, "login_cmd"):
            P(f"- login load started as `{self.login_cmd}`; callmail's system properties for it: "
              + ", ".join(f"`{k}={v}`" for k, v in LOGIN_LOAD_PROPERTIES.items()))
        if hasattr(self, "jainsip_cmd"):
            P(f"- (j) started as `{self.jainsip_cmd}` (stack properties: callmail's file; the stack's stock message "
              f"processors, parser and no message log, where callmail plugs in its own)")
        P(f"- run took {(time.time() - self.t_start) / 60:.1f} minutes; working files in `{self.work}`")
        text = "\n".join(lines) + "\n"
        os.makedirs(a.results_dir, exist_ok=True)
        out = os.path.join(a.results_dir, f"{now.strftime('%Y-%m-%d')}-{a.db}{'-login-load' if a.login_load else ''}"
                                          f"{'-quick' if a.quick else ''}.md")
        with open(out, "w") as f:
            f.write(text)
        try:
            print()
            print(text)
        except OSError:
            pass
        log(f"results written to {out}")

    def login_json(self):
        """The login load as latest.json gives it: offered, and answered per second by kind over the
        loaded ramp's offering windows; null when there was none."""
        L = getattr(self, "login_during", None)
        if not L:
            return None
        return {"offered": self.a.login_load, "answered": round(L["answered"], 2), "refused": round(L["refused"], 2),
                "try_later": round(L["later"], 2), "errors": round(L["errors"], 2), "not_sent": round(L["not_sent"], 2)}

    def report_login_load(self, P, best):
        """The section on (b) under the portal login load."""
        a = self.a
        plain, loaded = best.get("proxy"), best.get(LOADED)
        steps = self.results.get(LOADED, [])
        alone = getattr(self, "login_alone", None)
        P("")
        P(f"## (b) under a portal login load of {a.login_load:g} wrong-password logins per second")
        P("")
        P(f"After (b)'s ramp, the same callmail process was ramped again while `it/bench/login_load.py` sent "
          f"{a.login_load:g} portal login attempts per second (open loop) with wrong passwords for random 10-digit numbers "
          f"(no line: the service derives twice, 600,000 iterations each, as for a wrong password): {a.login_workers} clients, "
          f"each with its own source address (127.0.0.2 onwards, {a.login_sources} addresses, bound with http.client's "
          f"source_address), keep-alive HTTPS connection and portal session; a client GETs the login page once for the "
          f"form and its ViewState, then POSTs it, taking the next ViewState from each answer. callmail ran with "
          + " and ".join(f"`{k}={v}`" for k, v in LOGIN_LOAD_PROPERTIES.items())
          + " (system properties), so neither throttle ever answered and every attempt the gate admitted derived "
          "PBKDF2: the worst case, where only the concurrency gate (`callmail.portal.login-concurrency`, default one per "
          "two cores; `login-wait-millis`, default 3000) stands between the logins and the SIP threads. Before each "
          "loaded step the run waits for callmail's CPU to come within 15% of one core of what the login load alone "
          "costs it (instead of under 10%).")
        P("")
        P("| (b) | highest clean step (calls/s) | completed | callmail CPU | CPU per call | box busy | next step failed with | why (limit) |")
        P("|---|---:|---:|---:|---:|---:|---|---|")
        for t, label in (("proxy", "without login load"), (LOADED, f"with {a.login_load:g} logins/s")):
            b = best.get(t)
            nxt = next((x for x in self.results.get(t, []) if not x["clean"]), None)
            why = f"{nxt['rate']}/s: {nxt['why']}" if nxt else "(no failing step: top of the ladder or time budget)"
            if b:
                u = b["usage"]
                P(f"| {label} | {b['rate']} | {b['completed']:.0f}/s | {u['callmail']['cpu_avg']:.0f}% | "
                  f"{cpu_ms_per_call(b):.2f} ms | {u['machine_busy']:.0f}% | {why} | {limit_of(nxt) or ''} |")
            else:
                P(f"| {label} | none | | | | | {why} | {limit_of(nxt) or ''} |")
        P("")
        if plain and loaded:
            verdict = ("did not drop" if loaded["rate"] >= plain["rate"] else "DROPPED")
            P(f"**The proxy path's highest clean rate {verdict} under the login load: {plain['rate']}/s without, "
              f"{loaded['rate']}/s with.**")
            P("")
        elif steps:
            P("**No clean step under the login load.**" if not loaded else "(b) without login load has no clean step.")
            P("")
        if alone:
            u, L = alone["usage"], alone["login"]
            P(f"The login load alone ({a.step_seconds} s, no calls) cost callmail {u['callmail']['cpu_avg']:.0f}% of one "
              f"core (the login driver {u['login-load']['cpu_avg']:.0f}%, box {u['machine_busy']:.0f}% busy). CPU per call "
              f"under the load counts all of callmail's CPU, the derivations included"
              + (f"; less what the login load alone costs, it is "
                 f"{(loaded['usage']['callmail']['cpu_avg'] - u['callmail']['cpu_avg']) / 100.0 / loaded['completed'] * 1000.0:.2f} ms"
                 if loaded and loaded["completed"] > 0 and loaded["usage"]["callmail"]["cpu_avg"] > u["callmail"]["cpu_avg"]
                 else "; callmail used no more CPU with the calls than with the login load alone (the logins got less "
                      "of the saturated box), so the calls' own share cannot be told apart") + ".")
            P("")
        L = getattr(self, "login_during", None)
        if L:
            errs = ", ".join(f"{k[6:]} {n}" for k, n in sorted(L["error_kinds"].items())) or "none"
            P(f"Login attempts answered while the loaded steps offered calls ({L['seconds']:.0f} s in all; "
              f"{a.login_load:g}/s offered): **{L['answered']:.1f}/s answered**: refused (admitted, derived, wrong "
              f"password) **{L['refused']:.1f}/s** (POST → answer p50 {L['refused_ms']['p50']:.0f} ms, p95 "
              f"{L['refused_ms']['p95']:.0f} ms), “try again later” (429) **{L['later']:.1f}/s** (p50 "
              f"{L['later_ms']['p50']:.0f} ms, p95 {L['later_ms']['p95']:.0f} ms), errors {L['errors']:.1f}/s ({errs}); "
              f"not sent (the driver behind by more than 1 s) {L['not_sent']:.1f}/s; from {L['sources']} source addresses.")
            P("")
        T = getattr(self, "login_total", None)
        if T:
            P(f"Over the whole login load ({T['seconds']:.0f} s, with the waits between steps): "
              + ", ".join(f"{k} {n}" for k, n in sorted(T["counts"].items())) + ".")
            P("")
        P("| step | clean | completed/s | callmail CPU | login driver CPU | box busy | refused/s | try later/s | errors/s | not sent/s |")
        P("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        rows = ([("login load alone, no calls", None, alone["usage"], alone["login"])] if alone else [])
        rows += [(f"{st['rate']} calls/s", st, st["usage"], st.get("login")) for st in steps]
        for label, st, u, L in rows:
            clean = "" if st is None else ("yes" if st["clean"] else "no: " + st["why"])
            done = "" if st is None else f"{st['completed']:.0f}"
            lg = (f"{L['refused']:.1f} | {L['later']:.1f} | {L['errors']:.1f} | {L['not_sent']:.1f}" if L
                  else " | | | ")
            P(f"| {label} | {clean} | {done} | {u['callmail']['cpu_avg']:.0f}% | "
              f"{u.get('login-load', {}).get('cpu_avg', 0.0):.0f}% | {u['machine_busy']:.0f}% | {lg} |")

    def all_target_steps(self, t):
        o = self.overloads.get(t) or {}
        return list(self.results.get(t, [])) + [x for x in (o.get("step"), o.get("lower")) if x]

    def write_json(self, now):
        """latest.json beside the Markdown report (latest-quick.json for --quick: a smoke run never
        replaces the figures of a real run). Keys are always all there; null = not measured."""
        best = self.best()
        lat = getattr(self, "latency", None)

        def rate(t):
            return best.get(t)["rate"] if best.get(t) else None

        def cpu(t):
            v = cpu_ms_per_call(best.get(t))
            return None if v is None else round(v, 3)

        nxt = next((s for s in self.results.get("kamailio", []) if not s["clean"]), None)
        ko = self.overloads.get("kamailio")
        if nxt:
            klimit = f"{nxt['rate']}/s failed: {limit_of(nxt)}"
        elif ko and not ko["step"]["clean"]:
            klimit = f"no ramp step failed; the overload step at {ko['rate']}/s: {limit_of(ko['step'])}"
        elif "kamailio" in self.results and self.results["kamailio"]:
            klimit = "no step failed (top of the ladder or time budget)"
        else:
            klimit = None
        po = self.overloads.get("proxy")
        mail_best = best.get("mail")
        p99 = None
        if lat and lat["latency"]["end"]["n"]:
            p99 = round(lat["latency"]["end"]["p99"], 1)
        data = {
            "date": now.isoformat(timespec="seconds"),
            "db": self.a.db,
            "machine": f"{os.cpu_count()} CPUs, {cpu_model()}, {mem_total_gb():.1f} GiB RAM",
            "kamailio_max": rate("kamailio"),
            "kamailio_limit": klimit,
            "jainsip_max": rate("jainsip"),
            "jainsip_cpu_ms_per_call": cpu("jainsip"),
            "proxy_max": rate("proxy"),
            "proxy_cpu_ms_per_call": cpu("proxy"),
            "mail_max": rate("mail"),
            "mail_cpu_ms_per_call": cpu("mail"),
            "overload_goodput_ratio": round(po["ratio"], 3) if po else None,
            "recovery_clean": po["lower"]["clean"] if po and po.get("lower") else None,
            "p99_ms": p99,
            "startup_s": round(self.startup["ready"], 1) if hasattr(self, "startup") else None,
            "rss_mb_at_mail_max": round(mail_best["usage"]["callmail"]["mem_max_mb"]) if mail_best else None,
            "proxy_max_under_login_load": rate(LOADED),
            "login_attempts_per_s": self.login_json(),
        }
        os.makedirs(self.a.results_dir, exist_ok=True)
        out = os.path.join(self.a.results_dir, "latest-quick.json" if self.a.quick else "latest.json")
        with open(out, "w") as f:
            json.dump(data, f, indent=2, ensure_ascii=False)
            f.write("\n")
        log(f"figures written to {out}")


def pcts(values):
    if not values:
        return dict(n=0, p50=float("nan"), p95=float("nan"), p99=float("nan"), max=float("nan"))
    v = sorted(values)

    def q(p):
        return v[min(len(v) - 1, max(0, math.ceil(p * len(v)) - 1))]

    return dict(n=len(v), p50=q(0.50), p95=q(0.95), p99=q(0.99), max=v[-1])


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "?"


def mem_total_gb():
    with open("/proc/meminfo") as f:
        return int(f.readline().split()[1]) / 1024 / 1024


def versions(db, pg):
    def first_line(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0].strip()
        except (OSError, IndexError):
            return "?"
    sipp = first_line(["sh", "-c", "sipp -v 2>&1 | grep -m1 -i 'sipp v'"])
    kam = first_line(["kamailio", "-v"])
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    out = f"{sipp}; {kam}; {java}; Payara Micro {payara_version()}; Python {sys.version.split()[0]} (sink)"
    if pg:
        out += f"; {pg}"
    return out


def payara_version():
    with open(os.path.join(ROOT, "pom.xml")) as f:
        m = re.search(r"<payara.version>(.*?)</payara.version>", f.read())
    return m.group(1) if m else "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", choices=["h2", "postgresql"], default="h2")
    ap.add_argument("--quick", action="store_true", help="smoke run: 5 s steps, rates 100, 400, 1000")
    ap.add_argument("--step-seconds", type=int, default=None)
    ap.add_argument("--rates", help="comma-separated call rates, the same ladder for every target")
    ap.add_argument("--targets", default="kamailio,jainsip,proxy,mail", help="any of kamailio,jainsip,proxy,mail")
    ap.add_argument("--kamailio-shm", type=int, default=4096, help="Kamailio's shared memory, MB (-m)")
    ap.add_argument("--kamailio-pkg", type=int, default=64, help="Kamailio's private memory per process, MB (-M)")
    ap.add_argument("--jainsip-jar", default=None, help="jain-sip-ri jar for (j); default: the root pom's version, "
                    "target/jain-sip-ri.jar or the local Maven repository")
    ap.add_argument("--overload-factor", type=float, default=1.5, help="overload step = this x the highest clean rate")
    ap.add_argument("--overload-grace", type=int, default=10, help="seconds after the overload step's end before its sipps are stopped")
    ap.add_argument("--probe-rate", type=int, default=20, help="calls/s of a recovery probe")
    ap.add_argument("--probe-seconds", type=int, default=3, help="length of a recovery probe")
    ap.add_argument("--probe-interval", type=int, default=3, help="pause between recovery probes, s")
    ap.add_argument("--recovery-max", type=int, default=120, help="longest time to probe for recovery after an overload, s")
    ap.add_argument("--lines", type=int, default=100, help="started lines for target (c)")
    ap.add_argument("--mail-wait", type=int, default=15, help="seconds (c) waits for a step's mails")
    ap.add_argument("--cooldown", type=int, default=35, help="seconds to wait after a failed step before the next one")
    ap.add_argument("--settle-max", type=int, default=30, help="longest wait for the service to go idle before a step")
    ap.add_argument("--max-minutes", type=float, default=45, help="stop ramping when the run would take longer (4 targets with overload and recovery: about 30 minutes)")
    ap.add_argument("--login-load", type=float, default=0, help="with (b): ramp (b) a second time on the same callmail "
                    "while this many wrong-password portal logins per second arrive (login_load.py); callmail then runs "
                    "with the per-source and per-line login throttles raised out of reach")
    ap.add_argument("--login-workers", type=int, default=100, help="clients of the login load (each its own "
                    "connection and session; enough to keep the rate while the gate holds attempts up to 3 s)")
    ap.add_argument("--login-sources", type=int, default=100, help="source addresses of the login load, 127.0.0.2 …")
    ap.add_argument("--smtp-port", type=int, default=2525)
    ap.add_argument("--results-dir", default=os.path.join(HERE, "results"))
    ap.add_argument("--command", default=" ".join(sys.argv))
    a = ap.parse_args()
    if a.jainsip_jar is None:
        with open(os.path.join(ROOT, "pom.xml")) as f:
            ver = re.search(r"<jain-sip.version>(.*?)</jain-sip.version>", f.read()).group(1)
        a.jainsip_jar = os.path.join(ROOT, "target", "jain-sip-ri.jar")
        if not os.path.exists(a.jainsip_jar):
            a.jainsip_jar = os.path.expanduser(f"~/.m2/repository/javax/sip/jain-sip-ri/{ver}/jain-sip-ri-{ver}.jar")
    if a.step_seconds is None:
        a.step_seconds = 5 if a.quick else 20
    b = Bench(a)
    b.command = a.command

    def on_signal(sig, frame):
        raise KeyboardInterrupt()

    signal.signal(signal.SIGTERM, on_signal)
    try:
        b.run()
    except KeyboardInterrupt:
        log("interrupted; stopping everything this run started")
        b.procs.stop_all()
        b.notes.append("run INTERRUPTED: the figures are partial")
        try:
            b.report()
        except Exception as e:  # the partial report is a courtesy; the interrupt stands
            log(f"no report: {e}")
        sys.exit(130)


if __name__ == "__main__":
    main()
