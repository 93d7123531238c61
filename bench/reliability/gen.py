#!/usr/bin/env python3
"""Inputs for bench/reliability.sh, written from our own templates (no
shared data): near-duplicate wire copies, an event-dense document, a
growing stream of distinct articles, deep HTML, and hostile files.

Usage: gen.py OUT_DIR [--dups N] [--dense-mb MB] [--stream N] [--depth N]
Deterministic: the same arguments give the same bytes.
"""
import argparse
import gzip
import json
import os
import random

STATES = ["Iran", "Venezuela", "Russia", "China", "Cuba", "Turkey", "Syria", "Israel",
          "Egypt", "Nigeria", "Brazil", "India", "Pakistan", "Japan", "France", "Germany"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
OFFICIALS = ["a spokesman", "the foreign ministry", "state media", "two diplomats", "a senior official"]


def sentence(rng):
    a, b = rng.sample(STATES, 2)
    month, day = rng.choice(MONTHS), rng.randint(1, 28)
    k = rng.randrange(8)
    if k == 0:
        return f"{a} sent {rng.randint(2, 9)} tankers carrying {rng.randint(1, 4)} million barrels of fuel to {b} on {month} {day}."
    if k == 1:
        return f"{a} imposed sanctions on {b} in {month}, {rng.choice(OFFICIALS)} said."
    if k == 2:
        return f"{a} condemned {b} on {month} {day}."
    if k == 3:
        return f"{a} and {b} signed an agreement on {month} {day}."
    if k == 4:
        return f"Officials said {a} criticized {b}."
    if k == 5:
        return f"{a} accused {b} of violating the ceasefire on {month} {day}."
    if k == 6:
        return f"{a} hosted talks with {b} in {month}."
    return f"{a} expelled diplomats from {b} on {month} {day}."


def near_duplicates(out, n, rng):
    """One wire story reprinted n times: other numbers, days, officials."""
    d = os.path.join(out, "dups")
    os.makedirs(d, exist_ok=True)
    for i in range(n):
        day = 1 + i % 28
        text = (
            f"date 2024-05-{day:02d}\n"
            f"Iran sent {3 + i % 4} tankers carrying 1.5 million barrels of fuel to Venezuela on May {day}, "
            f"{OFFICIALS[i % 5]} said. The United States imposed sanctions on Iran after the shipment. "
            "Venezuela has suffered months of fuel shortages as its refineries have all but stopped working, "
            "and the cargoes were welcomed by officials in Caracas, who said the trade was legitimate. "
            f"Reprint {i} of the Caribbean Wire report.\n"
        )
        with open(os.path.join(d, f"wire-{i:05d}.txt"), "w") as f:
            f.write(text)


def dense(out, mb, rng):
    """One document of event sentences, `mb` megabytes."""
    path = os.path.join(out, "dense.txt")
    limit = mb * 1_000_000
    with open(path, "w") as f:
        f.write("date 2024-12-31\n")
        size = 0
        while size < limit:
            para = " ".join(sentence(rng) for _ in range(5)) + "\n\n"
            f.write(para)
            size += len(para)


def stream(out, n, rng):
    """n distinct articles over ten years, JSONL, in date order."""
    path = os.path.join(out, "stream.jsonl")
    with open(path, "w") as f:
        for i in range(n):
            year, month, day = 2015 + i * 10 // n, rng.randint(1, 12), rng.randint(1, 28)
            text = " ".join(sentence(rng) for _ in range(rng.randint(3, 7)))
            text += f" The report was number {i} of the day's wire."
            f.write(json.dumps({"id": f"s{i}", "date": f"{year}-{month:02d}-{day:02d}", "text": text}) + "\n")


def deep_html(out, depth):
    with open(os.path.join(out, "deep.html"), "w") as f:
        f.write("<html><head><title>Deep</title></head><body>")
        f.write("<div>" * depth)
        f.write("<p>Iran sent fuel to Venezuela on Monday.</p>")
        f.write("</div>" * depth)
        f.write("</body></html>")


def warc_record(uri, body):
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{body}"
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{len(uri)}>\r\n"
            f"WARC-Date: 2024-05-26T00:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http.encode())}\r\n\r\n")
    return (head + http + "\r\n\r\n").encode()


def tanker_page(n):
    return (f"<html><body><article><p>Tanker {n}: Iran sent fuel to Venezuela on May {n}, "
            "officials said in Caracas.</p></article></body></html>")


def hostile(out, rng):
    d = os.path.join(out, "hostile")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "good.txt"), "w") as f:
        f.write("date 2024-05-02\nIran sent fuel to Venezuela on Monday.\n")
    open(os.path.join(d, "empty.txt"), "w").close()
    with open(os.path.join(d, "noise.bin"), "wb") as f:
        f.write(bytes(rng.randrange(128, 256) for _ in range(5_000_000)))
    with open(os.path.join(d, "nul.txt"), "wb") as f:
        f.write(b"Iran sent fuel\x00 to Venezuela.\n")
    with open(os.path.join(d, "big.txt"), "w") as f:
        f.write("Iran condemned Israel on Monday. " * 400_000)  # 13 MB
    fifo = os.path.join(d, "pipe")
    if not os.path.exists(fifo):
        os.mkfifo(fifo)
    members = []
    for n in range(1, 4):
        members.append(gzip.compress(warc_record(f"https://example.invalid/{n}", tanker_page(n))))
    bad = bytearray(members[1])
    for i in range(len(bad) // 2, len(bad) // 2 + 40):
        bad[i] ^= 0x5A
    with open(os.path.join(out, "crawl.warc.gz"), "wb") as f:
        f.write(members[0] + bytes(bad) + members[2])
    # The same three records uncompressed, the second cut off in the middle.
    plain = [warc_record(f"https://example.invalid/{n}", tanker_page(n)) for n in range(1, 4)]
    with open(os.path.join(out, "crawl.warc"), "wb") as f:
        f.write(plain[0] + plain[1][: len(plain[1]) // 2] + plain[2])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--dups", type=int, default=10_000)
    ap.add_argument("--dense-mb", type=int, default=50)
    ap.add_argument("--stream", type=int, default=100_000)
    ap.add_argument("--depth", type=int, default=100_000)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = random.Random(13)
    near_duplicates(a.out, a.dups, rng)
    dense(a.out, a.dense_mb, rng)
    stream(a.out, a.stream, rng)
    deep_html(a.out, a.depth)
    hostile(a.out, rng)


if __name__ == "__main__":
    main()
