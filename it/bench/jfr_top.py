#!/usr/bin/env python3
"""Summarises CPU samples of a JFR recording (e.g. made with JAVA_OPTS=-XX:StartFlightRecording=...
during a benchmark run): top frames, and samples by package family anywhere in the stack.

    python3 it/bench/jfr_top.py recording.jfr [--top 25]
"""
import argparse
import collections
import re
import subprocess

FAMILIES = [
    ("java.util.logging / Payara log handlers", r"java\.util\.logging\.|com\.sun\.enterprise\.server\.logging\.|fish\.payara\.logging"),
    ("JAIN-SIP stack", r"gov\.nist\.|android\.gov\.nist"),
    ("callmail SIP connector", r"jp\.callmail\.sip\."),
    ("callmail application", r"jp\.callmail\.(application|infrastructure|domain|interfaces)"),
    ("EclipseLink (JPA)", r"org\.eclipse\.persistence\."),
    ("H2", r"org\.h2\."),
    ("PostgreSQL JDBC", r"org\.postgresql\."),
    ("JDBC pool / JTA (Payara)", r"com\.sun\.gjc\.|com\.sun\.enterprise\.resource\.|com\.sun\.enterprise\.transaction\.|com\.sun\.jts\."),
    ("EJB / MDB container, JCA WorkManager", r"com\.sun\.ejb\.|org\.glassfish\.ejb\.|com\.sun\.enterprise\.connectors\.work|com\.sun\.enterprise\.connectors\.inbound"),
    ("CDI (Weld) / interceptors", r"org\.jboss\.weld\.|org\.glassfish\.cdi\."),
    ("Jakarta Mail / Angus", r"jakarta\.mail\.|org\.eclipse\.angus\.|com\.sun\.mail\."),
    ("MicroProfile Metrics", r"fish\.payara\.microprofile\.metrics|io\.smallrye\.metrics"),
    ("socket I/O (NIO/net)", r"sun\.nio\.ch\.|java\.net\.|sun\.net\."),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("jfr")
    ap.add_argument("--top", type=int, default=25)
    a = ap.parse_args()
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", a.jfr],
                         capture_output=True, text=True, check=True).stdout
    stacks = []
    cur = None
    for line in out.splitlines():
        s = line.strip()
        if s.startswith("stackTrace = ["):
            cur = []
        elif cur is not None:
            if s == "]" or s.startswith("]"):
                stacks.append(cur)
                cur = None
            elif s and s != "...":
                cur.append(re.sub(r"\s+line:.*$", "", s))
    total = len(stacks)
    print(f"{total} execution samples")
    top = collections.Counter(st[0] for st in stacks if st)
    print(f"\nTop frames (self time):")
    for frame, n in top.most_common(a.top):
        print(f"  {100.0 * n / total:5.1f}%  {frame}")
    print(f"\nSamples with a frame of ... anywhere in the (64 deep) stack:")
    fam = collections.Counter()
    for st in stacks:
        text = "\n".join(st)
        for name, rx in FAMILIES:
            if re.search(rx, text):
                fam[name] += 1
    for name, n in fam.most_common():
        print(f"  {100.0 * n / total:5.1f}%  {name}")
    callers = collections.Counter()
    for st in stacks:
        app = next((f for f in st if f.startswith("jp.callmail.")), None)
        if app:
            callers[app] += 1
    print(f"\nInnermost callmail frame of the sample:")
    for frame, n in callers.most_common(15):
        print(f"  {100.0 * n / total:5.1f}%  {frame}")


if __name__ == "__main__":
    main()
