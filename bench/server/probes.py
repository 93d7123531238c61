#!/usr/bin/env python3
"""Probes of `dyad serve` from issue 13, as a new user and as an attacker on
loopback would try them. Prints one Markdown table row per probe (probe,
expected, observed), for bench/results/.

    bench/server/probes.py [--dyad target/release/dyad] [--db STORE] [--corpus FILE]
    PROBES=wal,search_cost bench/server/probes.py ...    (only these)

STORE is built from CORPUS (default: $DYAD_SHARED/corpus/reuters21578.jsonl)
when it does not exist. Needs only Python 3 (sockets, threads, sqlite3).
"""
import argparse
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dyad", default="target/release/dyad")
    ap.add_argument("--db", default="/tmp/dyad-probe/reuters.db")
    shared = os.environ.get("DYAD_SHARED", "../shared")
    ap.add_argument("--corpus", default=os.path.join(shared, "corpus/reuters21578.jsonl"))
    ap.add_argument("--writer-corpus", nargs="+",
                    default=[os.path.join(shared, "corpus", f) for f in ("guardian_sdf.jsonl", "sotu.jsonl")])
    a = ap.parse_args()
    if not os.path.exists(a.db):
        os.makedirs(os.path.dirname(a.db) or ".", exist_ok=True)
        run([a.dyad, "ingest", "-q", "--db", a.db, a.corpus])
    print("| probe | expected | observed |")
    print("| --- | --- | --- |")
    probes = [host_and_methods, half_sent, connection_cap, search_cost, concurrent_searches, wal, demo_busy_port]
    only = os.environ.get("PROBES")
    for p in probes:
        if not only or p.__name__ in only.split(","):
            p(a)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def row(probe, expected, observed):
    print(f"| {probe} | {expected} | {observed} |", flush=True)


class Server:
    def __init__(self, dyad, db, *args):
        self.p = subprocess.Popen([dyad, "serve", "--db", db, "--addr", "127.0.0.1:0", *args],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for line in self.p.stderr:
            if "http://" in line:
                self.addr = line.split("http://")[1].split("/")[0]
                break
        else:
            sys.exit("dyad serve did not start")
        threading.Thread(target=lambda: [None for _ in self.p.stderr], daemon=True).start()
        host, port = self.addr.rsplit(":", 1)
        self.hostport = (host, int(port))

    def stop(self):
        self.p.terminate()
        self.p.wait()

    def raw(self, request, timeout=60):
        """Sends `request`, returns (status, body, seconds until closed)."""
        t = time.perf_counter()
        s = socket.create_connection(self.hostport)
        s.settimeout(timeout)
        s.sendall(request.encode())
        data = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        except (ConnectionResetError, socket.timeout):
            pass
        s.close()
        head, _, body = data.partition(b"\r\n\r\n")
        parts = head.split(b" ")
        status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
        return status, head.decode(errors="replace"), body.decode(errors="replace"), time.perf_counter() - t

    def get(self, path, host=None):
        return self.raw(f"GET {path} HTTP/1.1\r\nHost: {host or self.addr}\r\nConnection: close\r\n\r\n")


def host_and_methods(a):
    srv = Server(a.dyad, a.db)
    try:
        port = srv.addr.rsplit(":", 1)[1]
        st, _, body, _ = srv.get("/api/health", host=f"rebind.evil.example:{port}")
        row("GET /api/health, `Host: rebind.evil.example:PORT` (DNS rebinding)", "421, JSON error",
            f"{st}, `{body[:90]}…`")
        st, _, _, _ = srv.get("/api/health", host=f"localhost:{port}")
        row("GET /api/health, `Host: localhost:PORT`", "200", str(st))
        st, head, body, _ = srv.raw(f"POST / HTTP/1.1\r\nHost: {srv.addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        allow = [l for l in head.split("\r\n") if l.lower().startswith("allow:")]
        row("POST / (the dashboard's path)", "405, JSON error, `Allow`", f"{st}, `{body}`, `{allow[0] if allow else 'no Allow'}`")
        st, _, body, _ = srv.get("/api/search?q=%FF")
        row("GET /api/search?q=%FF (not UTF-8)", "400, JSON error", f"{st}, `{body[:80]}`")
    finally:
        srv.stop()


def half_sent(a):
    srv = Server(a.dyad, a.db)
    try:
        st, _, _, secs = srv.raw(f"GET /api/health HTTP/1.1\r\nHost: {srv.addr}\r\n", timeout=120)
        row("half-sent request head (no blank line), default settings", "closed after the 10 s header timeout",
            f"closed after {secs:.1f} s, no answer" if st == 0 else f"status {st} after {secs:.1f} s")
    finally:
        srv.stop()


def connection_cap(a, idle=3000):
    srv = Server(a.dyad, a.db)
    try:
        socks, refused, worst = [], 0, 0.0
        for _ in range(idle):
            s = socket.create_connection(srv.hostport)
            socks.append(s)
        # The connections past the cap were answered 503 without a request.
        for s in socks[512:]:
            t = time.perf_counter()
            s.settimeout(10)
            try:
                if b" 503 " in s.recv(4096):
                    refused += 1
            except (socket.timeout, ConnectionResetError):
                pass
            worst = max(worst, time.perf_counter() - t)
        st, _, _, secs = srv.get("/api/health")
        row(f"{idle} idle connections (cap 512)", "the excess refused at once with a JSON 503; the server answers",
            f"{refused} of {idle - 512} got 503 (slowest read {worst * 1000:.0f} ms); "
            f"GET /api/health meanwhile: {st} in {secs * 1000:.0f} ms")
        for s in socks:
            s.close()
        t = time.perf_counter()
        while srv.get("/api/health")[0] != 200:
            time.sleep(0.05)
        row("… then the idle connections close", "200 again", f"200 after {time.perf_counter() - t:.2f} s")
    finally:
        srv.stop()


def search_cost(a):
    srv = Server(a.dyad, a.db, "--cache", "0")
    try:
        for q, what in [(("the " * 50)[:200], "200 characters of `the `"),
                        (("oil " * 50)[:200], "200 characters of `oil `"),
                        ("one1 two2 three3 four4 five5 six6 seven7 eight8 nine9", "9 distinct rare words")]:
            st, _, body, secs = srv.get("/api/search?q=" + urllib.parse.quote(q))
            shown = body[:110] if st != 200 else "%d documents" % body.count('"ext_id"')
            row(f"GET /api/search, {what}", "bounded: 400 saying why, or collapsed", f"{st} in {secs * 1000:.0f} ms: `{shown}`")
    finally:
        srv.stop()
    # The SQL the server ran before, timed on the same store.
    con = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
    for words, what in [(['"the"'] * 50, "50 × `the` (before)"), (['"oil"'] * 50, "50 × `oil` (before)"), (['"oil"'], "`oil` once (now)")]:
        t = time.perf_counter()
        try:
            con.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank LIMIT 20", (" ".join(words),)).fetchall()
            row(f"the FTS query of {what}, timed in sqlite3", "—", f"{(time.perf_counter() - t) * 1000:.0f} ms")
        except sqlite3.OperationalError as e:
            row(f"the FTS query of {what}", "—", f"sqlite3 here cannot run it: {e}")
    con.close()


def latency(srv, path, n):
    out = []
    for _ in range(n):
        out.append(srv.get(path)[3])
    out.sort()
    return out[len(out) // 2] * 1000, out[-1] * 1000


def concurrent_searches(a):
    srv = Server(a.dyad, a.db, "--cache", "0")
    try:
        quiet = latency(srv, "/api/events?limit=5", 20)
        stop = time.time() + 8
        counts = []

        def hammer():
            n = 0
            while time.time() < stop:
                srv.get("/api/search?q=" + urllib.parse.quote("said company shares year"))
                n += 1
            counts.append(n)

        ts = [threading.Thread(target=hammer) for _ in range(16)]
        for t in ts:
            t.start()
        time.sleep(1)
        busy = latency(srv, "/api/events?limit=5", 20)
        for t in ts:
            t.join()
        row("GET /api/events?limit=5 while 16 clients search without pause",
            "unrelated requests keep their latency (searches hold at most half the pool)",
            f"p50/max {busy[0]:.0f}/{busy[1]:.0f} ms (quiet: {quiet[0]:.0f}/{quiet[1]:.0f} ms); {sum(counts)} searches in 8 s")
    finally:
        srv.stop()


def wal(a):
    for args, what in [(["--checkpoint-interval-ms", "0"], "checkpoints off (before)"),
                       (["--checkpoint-interval-ms", "1000", "--wal-limit-mb", "8"],
                        "checkpoints every 1 s, truncated past 8 MiB (defaults: 10 s, 64 MiB)")]:
        work = tempfile.mkdtemp()
        db = os.path.join(work, "s.db")
        shutil.copy(a.db, db)
        srv = Server(a.dyad, db, "--cache", "0", *args)
        stop = [False]

        def read():
            while not stop[0]:
                srv.get("/api/events?limit=50")
                srv.get("/api/network?limit=60")

        readers = [threading.Thread(target=read) for _ in range(6)]
        for t in readers:
            t.start()
        writer = subprocess.Popen([a.dyad, "ingest", "-q", "--db", db, *a.writer_corpus],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = 0
        while writer.poll() is None:
            try:
                peak = max(peak, os.path.getsize(db + "-wal"))
            except OSError:
                pass
            time.sleep(0.2)
        stop[0] = True
        for t in readers:
            t.join()
        time.sleep(3)
        try:
            after = os.path.getsize(db + "-wal")
        except OSError:
            after = 0
        row(f"WAL while ingest writes and 6 clients read, {what}", "bounded; shrinks while serving",
            f"store {os.path.getsize(db) / 1e6:.0f} MB, WAL peak {peak / 1e6:.0f} MB, 3 s after the ingest {after / 1e6:.1f} MB")
        srv.stop()
        shutil.rmtree(work)


def demo_busy_port(a):
    work = tempfile.mkdtemp()
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    db = os.path.join(work, "dyad-demo.db")
    with open(db, "wb") as f:
        f.write(b"the running demo's store")
    r = subprocess.run([a.dyad, "demo", "--db", db, "--addr", "127.0.0.1:%d" % busy.getsockname()[1]],
                       capture_output=True, text=True)
    same = open(db, "rb").read() == b"the running demo's store"
    row("`dyad demo` with its port busy", "exit 2 before touching the store",
        f"exit {r.returncode}, store {'untouched' if same else 'REBUILT'}: `{r.stderr.strip()[:80]}`")
    busy.close()
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
