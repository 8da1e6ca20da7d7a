#!/usr/bin/env python3
"""What memory never touched before costs this machine, in seconds a GiB.

A process's first write to a page makes the kernel find and zero it (and,
on a virtual machine, may make the host back it too). A national plan
writes hundreds of megabytes of fresh memory, so this figure says how much
of its time is the machine's rather than the plan's:

    python3 benches/peers/fresh-memory.py [GIB=1] [ROUNDS=3]

One byte is written to each 4 KiB page of an anonymous mapping, once with
transparent huge pages refused (madvise MADV_NOHUGEPAGE: 4 KiB pages) and
once with them asked for (MADV_HUGEPAGE), as mimalloc asks. The Python
loop itself costs about 0.05 s a GiB.
"""
import mmap
import sys
import time

gib = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
size = int(gib * (1 << 30))
for label, advice in (("4 KiB pages", "MADV_NOHUGEPAGE"), ("huge pages asked", "MADV_HUGEPAGE")):
    if not hasattr(mmap, advice):
        print(f"{label:>16}: not measured (this Python has no mmap.{advice})")
        continue
    times = []
    for _ in range(rounds):
        m = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
        m.madvise(getattr(mmap, advice))
        start = time.perf_counter()
        for offset in range(0, size, 4096):
            m[offset] = 1
        times.append((time.perf_counter() - start) / gib)
        m.close()
    times.sort()
    runs = ", ".join(f"{t:.2f}" for t in times)
    print(f"{label:>16}: median {times[len(times) // 2]:.2f} s a GiB (runs {runs})")
