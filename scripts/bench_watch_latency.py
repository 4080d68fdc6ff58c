#!/usr/bin/env python3
"""Time from the last write of a one-page text PDF into a watched folder to
its document being searchable, with the default stability delay of 3 s.
Goal: under the stability delay plus 1 s.

The clock stops at the `medvault watch` line, which the pipeline prints after
the document's `indexed` step (a search commits whatever is staged before
it runs, so the document is found from then on). After the rounds the
watcher is stopped and `medvault search` must find every file's own word.

    cargo build --release -p medvault-cli && python3 scripts/bench_watch_latency.py
"""
import os, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "medvault")
PW = "bench-password-1"


def one_page_pdf(text: str) -> bytes:
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offs = b"%PDF-1.4\n", []
    for n, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % n + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offs)
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory() as d:
        vault, inbox = os.path.join(d, "vault"), os.path.join(d, "inbox")
        os.mkdir(inbox)
        env = dict(os.environ, MEDVAULT_PASSWORD=PW, MEDVAULT_NEW_PASSWORD=PW)
        subprocess.run([BIN, "--vault", vault, "init", "--admin", "admin"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        p = subprocess.Popen([BIN, "--vault", vault, "--user", "admin", "watch", inbox], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
        time.sleep(2)
        lat = []
        for i in range(rounds):
            with open(os.path.join(inbox, f"lab{i}.pdf"), "wb") as f:
                f.write(one_page_pdf(f"Lab report {i} glucose 5.{i} mmol/L marker{i}zq"))
            t0 = time.time()
            p.stdout.readline()
            lat.append(time.time() - t0)
            time.sleep(0.3)
        p.send_signal(2)
        p.wait(timeout=30)
        for i in range(rounds):
            out = subprocess.run([BIN, "--vault", vault, "--user", "admin", "search", "--json", f"marker{i}zq"],
                                 env=env, check=True, capture_output=True, text=True).stdout
            assert f"lab{i}.pdf" in out, f"lab{i}.pdf not found by search: {out}"
        lat.sort()
        print(f"last write -> searchable, {rounds} files, stability 3 s: median {lat[len(lat)//2]:.2f} s, "
              f"max {lat[-1]:.2f} s (each then found by `medvault search`)")


if __name__ == "__main__":
    main()
