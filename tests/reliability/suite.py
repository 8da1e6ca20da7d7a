#!/usr/bin/env python3
"""The reliability suite: `ssj` and `ssj serve` where a hostile or unlucky
client, or an unlucky file, meets them. Loopback only, bounded in time.

    python3 tests/reliability/suite.py [--ssj target/release/ssj] [--quick]

Each case prints one row: what was done, what happened, the time and the
peak memory (the process's high-water mark), and whether that is what
docs/robustness.md promises. Exit 1 if any case breaks its promise.
`--quick` (CI) uses smaller inputs; the figures in docs/robustness.md are
from a full run. Run it against an older build (`--ssj /path/to/old/ssj`)
to see the "before" column; cases that hang there are cut at their
deadline and reported as such.
"""

import argparse
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests/data/registry/valid"
RESULTS = []


def record(case, what, ok, seconds=None, peak_mib=None):
    RESULTS.append({"case": case, "what": what, "ok": ok, "seconds": seconds, "peak_mib": peak_mib})
    secs = "" if seconds is None else f"{seconds:.2f} s"
    peak = "" if peak_mib is None else f"{peak_mib:,.0f} MiB"
    print(f"| {case} | {what} | {secs} | {peak} | {'yes' if ok else 'NO'} |", flush=True)


def run_cli(ssj, args, cwd, timeout=120):
    """Runs ssj: (exit code or "killed at deadline", seconds, peak MiB,
    bytes of stderr, its first line). The peak is GNU time's: a child's own
    high-water mark would include this script's memory, inherited at fork."""
    err_path, time_path = Path(cwd) / ".stderr", Path(cwd) / ".time"
    start = time.monotonic()
    with open(err_path, "wb") as err:
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", str(time_path), ssj, *args], cwd=cwd,
                                stdout=subprocess.DEVNULL, stderr=err)
        try:
            proc.wait(timeout)
            code = proc.returncode
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            code = "killed at deadline"
    took = time.monotonic() - start
    lines = time_path.read_text().split() if time_path.exists() else []
    peak = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else None
    first = err_path.read_bytes()[:300].decode(errors="replace").split("\n")[0]
    return code, took, peak, err_path.stat().st_size, first


# ------------------------------------------------------------------ service

class Unsupported(Exception):
    """The build does not take a flag the case needs (an older `ssj`)."""


class Service:
    def __init__(self, ssj, *flags):
        self.proc = subprocess.Popen(
            [ssj, "serve", "--addr", "127.0.0.1:0", *flags],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        line = self.proc.stdout.readline()
        if "http://" not in line:
            self.proc.wait()
            raise Unsupported(" ".join(flags))
        self.port = int(line.split("http://")[1].split()[0].rsplit(":", 1)[1])

    def peak_mib(self):
        for line in open(f"/proc/{self.proc.pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return None

    def connect(self):
        return socket.create_connection(("127.0.0.1", self.port), timeout=30)

    def stop(self, deadline=30):
        """SIGTERM; seconds until it exited, or None at the deadline (then killed)."""
        start = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(deadline)
            return time.monotonic() - start
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None


def exchange(sock, data, half_close=False, timeout=60):
    sock.settimeout(timeout)
    try:
        sock.sendall(data)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    chunks = []
    try:
        while True:
            c = sock.recv(1 << 16)
            if not c:
                break
            chunks.append(c)
            answer = b"".join(chunks)
            head, _, body = answer.partition(b"\r\n\r\n")
            length = [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
            if length and len(body) >= int(length[0].split(b":")[1]):
                break
    except (socket.timeout, OSError):
        pass
    answer = b"".join(chunks)
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head[9:12]) if head.startswith(b"HTTP/1.1 ") else None
    return status, body


def post(path, body, content_type="application/json", extra=""):
    return (f"POST {path} HTTP/1.1\r\nhost: x\r\ncontent-type: {content_type}\r\n"
            f"content-length: {len(body)}\r\n{extra}\r\n").encode() + body


def is_problem(body):
    try:
        return isinstance(json.loads(body)["message"], str)
    except Exception:
        return False


def demo_request(ssj, tmp):
    subprocess.run([ssj, "plan", "--demo", "--units", "changji/hutubi", "--seed", "7",
                    "--save-request", "request.json", "--out", "plan.json"],
                   cwd=tmp, check=True, stdout=subprocess.DEVNULL)
    return (Path(tmp) / "request.json").read_bytes()


def big_invalid_body(mib):
    """A body of `mib` MiB: a request whose registry holds many small
    objects, the last of them of the wrong type: valid JSON, invalid shape."""
    one = b'{"id":"O%07d","name":"n","jurisdiction":"changji/hutubi","category":"general"},'
    n = mib * (1 << 20) // len(one % 0)
    objects = b"".join(one % i for i in range(n))
    return (b'{"request":{"registry":{"jurisdictions":[],"inspectors":[],"objects":[' + objects +
            b'{"id":"X","name":"n","jurisdiction":"changji/hutubi","category":7}]},'
            b'"policy":"changji-county","units":["changji/hutubi"],"quarter":"2023Q1","seed":"1"}}')


# What docs/robustness.md promises for a body: its bytes, and the records
# read from it (about 4 x the JSON of small records).
PEAK_PER_BODY_MIB = 6


def case_invalid_body(ssj, quick):
    mib = 20 if quick else 100
    body = big_invalid_body(mib)
    svc = Service(ssj, "--max-body-mb", "400")
    start = time.monotonic()
    status, answer = exchange(svc.connect(), post("/v2/plan", body))
    took = time.monotonic() - start
    peak = svc.peak_mib()
    svc.stop()
    # The body once, and the records read before the fault (what a valid
    # body of the size needs anyway); never a tree of JSON values besides.
    ok = status == 400 and is_problem(answer) and peak is not None and peak <= PEAK_PER_BODY_MIB * mib + 64
    record("invalid body", f"{len(body) >> 20} MiB, valid JSON of the wrong shape at its end → {status}", ok, took, peak)


def case_malformed(ssj, quick, request):
    svc = Service(ssj)
    cases = [
        ("the body as a list (`[request]`, which serde would read as the object)", post("/v2/plan", b"[" + request + b"]"), 400),
        ("a Content-Length that is not a number", b"POST /v2/plan HTTP/1.1\r\nhost: x\r\ncontent-length: ten\r\n\r\n", 400),
        ("1 MiB of headers", b"GET /health HTTP/1.1\r\nhost: x\r\nx-big: " + b"a" * (1 << 20) + b"\r\n\r\n", 431),
        ("a TLS hello", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400),
    ]
    for what, data, want in cases:
        status, body = exchange(svc.connect(), data)
        record("malformed", f"{what} → {status}, JSON body: {is_problem(body)}", status == want and is_problem(body))
    svc.stop()


def case_slow_clients(ssj, quick):
    cap, extra = 100, 50
    svc = Service(ssj, "--read-timeout-secs", "2", "--max-connections", str(cap))
    silent = [svc.connect() for _ in range(cap)]
    time.sleep(0.3)
    turned = 0
    for _ in range(extra):
        status, body = exchange(svc.connect(), b"GET /health HTTP/1.1\r\nhost: x\r\n\r\n", timeout=5)
        turned += status == 503 and is_problem(body)
    record("connection cap", f"{cap} silent connections open, {extra} more: {turned} answered 503 (JSON)", turned == extra)
    start = time.monotonic()
    closed = 0
    for s in silent:
        s.settimeout(10)
        try:
            closed += s.recv(1) == b""
        except OSError:
            closed += 1
    took = time.monotonic() - start
    record("silent clients", f"{closed} of {cap} closed by the service (read timeout 2 s)", closed == cap, took)
    slow = svc.connect()
    start = time.monotonic()
    cut = False
    for b in b"POST /v2/plan HTTP/1.1\r\nhost: x\r\nx-drip: " + b"a" * 200:
        try:
            slow.sendall(bytes([b]))
        except OSError:
            cut = True
            break
        time.sleep(0.1)
        try:
            slow.settimeout(0.001)
            if slow.recv(1) == b"":
                cut = True
                break
        except socket.timeout:
            pass
        except OSError:
            cut = True
            break
    record("slowloris", f"a byte of headers every 0.1 s: cut after {time.monotonic() - start:.1f} s", cut,
           time.monotonic() - start)
    status, _ = exchange(svc.connect(), b"GET /health HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
    record("after them", f"GET /health → {status}", status == 200)
    svc.stop()


def case_sigterm(ssj, quick):
    svc = Service(ssj)
    held = []
    for data in [b"POST /v2/plan HTTP/1.1\r\nhost: x\r\ncontent-ty",
                 b"POST /v2/plan HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"req",
                 b""]:
        s = svc.connect()
        s.sendall(data)
        held.append(s)
    time.sleep(0.5)
    took = svc.stop(deadline=60)
    ok = took is not None and took <= 15
    what = "SIGTERM with half a header, half a body and a silent client held: "
    record("SIGTERM", what + (f"exited in {took:.1f} s" if took is not None else "still running after 60 s"), ok, took)


def case_load(ssj, quick, request):
    n, conns = (40, 8) if quick else (400, 16)
    svc = Service(ssj)
    body = b'{"request": ' + request + b"}"
    times, errors = [], 0

    def worker(k):
        nonlocal errors
        s = svc.connect()
        for _ in range(k):
            start = time.monotonic()
            status, answer = exchange(s, post("/v2/plan", body))
            times.append(time.monotonic() - start)
            if status != 200:
                errors += 1
                s = svc.connect()
        s.close()

    start = time.monotonic()
    with ThreadPoolExecutor(conns) as pool:
        list(pool.map(worker, [n // conns] * conns))
    took = time.monotonic() - start
    times.sort()
    p99 = times[int(len(times) * 0.99) - 1]
    peak = svc.peak_mib()
    svc.stop()
    record("load", f"{len(times)} demo plans on {conns} kept-alive connections: {errors} errors, "
           f"p50 {times[len(times) // 2] * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms", errors == 0, took, peak)


# ------------------------------------------------------------------ files

WORKBOOK_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="objects" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>',
}


def write_bomb(path, inflated_mib, lie=False):
    """A workbook whose one shared string inflates to `inflated_mib` MiB;
    with `lie`, its zip directory declares the string part 1 KiB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, text in WORKBOOK_PARTS.items():
            z.writestr(name, text)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=False) as f:
            f.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>')
            chunk = b"a" * (1 << 20)
            for _ in range(inflated_mib):
                f.write(chunk)
            f.write(b"</t></si></sst>")
    if lie:
        data = bytearray(Path(path).read_bytes())
        for sig, at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            i = data.find(sig)
            while i >= 0:
                name_len = struct.unpack_from("<H", data, i + (26 if sig == b"PK\x03\x04" else 28))[0]
                start = i + (30 if sig == b"PK\x03\x04" else 46)
                if data[start:start + name_len] == b"xl/sharedStrings.xml":
                    struct.pack_into("<I", data, i + at, 1024)
                i = data.find(sig, i + 4)
        Path(path).write_bytes(bytes(data))


def registry_dir(tmp, name):
    """A registry folder with the valid test jurisdictions and inspectors,
    for the case to add its objects."""
    d = Path(tmp) / name
    d.mkdir()
    for f in ("jurisdictions.csv", "inspectors.csv"):
        (d / f).write_bytes((VALID / f).read_bytes())
    return d


def plan_args(registry):
    return ["plan", "--registry", str(registry), "--policy", "changji-county", "--units", "changji/hutubi",
            "--quarter", "2023Q1", "--seed", "1"]


def case_xlsx_bombs(ssj, quick, tmp):
    mib = 300 if quick else 1024
    for lie in (False, True):
        d = registry_dir(tmp, "bomb-lie" if lie else "bomb")
        write_bomb(d / "objects.xlsx", mib, lie)
        size = (d / "objects.xlsx").stat().st_size
        code, took, peak, err, says = run_cli(ssj, plan_args(d), tmp)
        how = "its directory lying (1 KiB declared)" if lie else "declared honestly"
        ok = code == 2 and peak is not None and peak < 600 and took < 5 and err < 64 << 10
        record("xlsx bomb", f"{size >> 10} KiB workbook, one shared string of {mib} MiB, {how} → exit {code}: "
               f"`{says[-120:]}`", ok, took, peak)


def case_long_line(ssj, quick, tmp):
    mib = 100 if quick else 1000
    d = registry_dir(tmp, "long-line")
    with open(d / "objects.csv", "wb") as f:
        f.write("统一社会信用代码,单位名称,所属区域,监管类别,状态\n".encode())
        chunk = b"a" * (1 << 20)
        for _ in range(mib):
            f.write(chunk)
    code, took, peak, err, says = run_cli(ssj, plan_args(d), tmp)
    ok = code == 2 and peak is not None and peak <= 1.5 * mib + 100 and err < 64 << 10
    record("CSV line", f"one line of {mib} MiB without a line end → exit {code}: `{says[-100:]}`", ok, took, peak)


def case_every_row_wrong(ssj, quick, tmp):
    rows = 100_000 if quick else 1_000_000
    d = registry_dir(tmp, "every-row")
    with open(d / "objects.csv", "w") as f:
        f.write("统一社会信用代码,单位名称,所属区域,监管类别,状态\n")
        for i in range(rows):
            f.write(f"O{i},厂{i},changji/hutubi,重要,正常\n")
    code, took, peak, err, says = run_cli(ssj, plan_args(d), tmp)
    ok = code == 2 and err < 64 << 10 and "category" in (Path(tmp) / ".stderr").read_text(errors="replace")
    record("a fault on every row", f"{rows:,} rows, each with a bad category → exit {code}, {err:,} bytes of stderr",
           ok, took, peak)


def case_dev_zero(ssj, quick, tmp):
    code, took, peak, err, says = run_cli(ssj, ["plan", "--request", "/dev/zero"], tmp, timeout=60)
    ok = code == 2 and peak is not None and peak <= 100 and took < 1
    record("/dev/zero", f"`--request /dev/zero` → exit {code}: `{says[-100:]}`", ok, took, peak)


def case_stderr_gone(ssj, quick, tmp):
    (Path(tmp) / "nj.json").write_text("{ not json")
    r, w = os.pipe()
    os.close(r)
    p = subprocess.run([ssj, "plan", "--request", "nj.json"], cwd=tmp, stdout=subprocess.DEVNULL, stderr=w)
    os.close(w)
    record("stderr gone", f"bad input with stderr a closed pipe → exit {p.returncode}", p.returncode == 2)


def case_kill_at_every_rename(ssj, quick, tmp):
    if subprocess.run(["strace", "-V"], capture_output=True).returncode != 0:
        record("kill at every rename", "strace missing: not run", False)
        return
    outs = ["plan.json", "request.json", "report.html"]

    def plan(d, seed):
        return [ssj, "plan", "--demo", "--seed", seed, "--out", "plan.json", "--save-request", "request.json",
                "--report", "report.html"]

    ref = Path(tmp) / "ref"
    ref.mkdir()
    subprocess.run(plan(ref, "7"), cwd=ref, check=True, stdout=subprocess.DEVNULL)
    old = [(ref / o).read_bytes() for o in outs]
    subprocess.run(plan(ref, "8"), cwd=ref, check=True, stdout=subprocess.DEVNULL)
    new = [(ref / o).read_bytes() for o in outs]
    tried = mixed = 0
    for syscall in ("rename", "link"):
        for n in range(1, 7):
            d = Path(tmp) / f"kill-{syscall}-{n}"
            d.mkdir()
            subprocess.run(plan(d, "7"), cwd=d, check=True, stdout=subprocess.DEVNULL)
            subprocess.run(["strace", "-f", "-o", "/dev/null", "-e", f"inject={syscall}:signal=SIGKILL:when={n}",
                            *plan(d, "8")], cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            # The next ssj that reads the folder settles it.
            subprocess.run([ssj, "check", "--plan", "plan.json", "--request", "request.json"], cwd=d,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            got = [(d / o).read_bytes() if (d / o).exists() else b"" for o in outs]
            tried += 1
            mixed += got not in (old, new)
    record("kill at every rename", f"SIGKILL at each of the first 6 renames and links: {mixed} of {tried} "
           "left a mix of old and new outputs", mixed == 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ssj", default=str(ROOT / "target/release/ssj"))
    parser.add_argument("--quick", action="store_true", help="smaller inputs (CI)")
    parser.add_argument("--json", help="also write the rows here")
    args = parser.parse_args()
    ssj = str(Path(args.ssj).resolve())
    print("| case | what happened | time | peak memory | as promised |")
    print("|---|---|---:|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        request = demo_request(ssj, tmp)
        for case in (lambda: case_malformed(ssj, args.quick, request), lambda: case_invalid_body(ssj, args.quick),
                     lambda: case_slow_clients(ssj, args.quick), lambda: case_sigterm(ssj, args.quick),
                     lambda: case_load(ssj, args.quick, request)):
            try:
                case()
            except Unsupported as e:
                record("service", f"this build does not take `{e}`", False)
        case_xlsx_bombs(ssj, args.quick, tmp)
        case_long_line(ssj, args.quick, tmp)
        case_every_row_wrong(ssj, args.quick, tmp)
        case_dev_zero(ssj, args.quick, tmp)
        case_stderr_gone(ssj, args.quick, tmp)
        case_kill_at_every_rename(ssj, args.quick, tmp)
    if args.json:
        Path(args.json).write_text(json.dumps(RESULTS, indent=1))
    broken = [r for r in RESULTS if not r["ok"]]
    if broken:
        print(f"\n{len(broken)} case(s) broke their promise", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
