#!/usr/bin/env python3
"""What memory never touched before costs this machine, in seconds a GB.

A process's first write to a page makes the kernel find and zero it (and,
on a virtual machine, may make the host back it too). A national plan
writes hundreds of megabytes of fresh memory, so this figure says how much
of its time is the machine's rather than the plan's:

    python3 benches/peers/fresh-memory.py [GB=1] [ROUNDS=3]

One byte is written to each 4 KiB page of an anonymous mapping, once with
4 KiB pages and once with transparent huge pages asked for (madvise), as
mimalloc asks. The Python loop itself costs about 0.05 s a GB.
"""
import mmap
import sys
import time

gb = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
size = int(gb * (1 << 30))
for huge in (False, True):
    times = []
    for _ in range(rounds):
        m = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
        if huge and hasattr(mmap, "MADV_HUGEPAGE"):
            m.madvise(mmap.MADV_HUGEPAGE)
        start = time.perf_counter()
        for offset in range(0, size, 4096):
            m[offset] = 1
        times.append((time.perf_counter() - start) / gb)
        m.close()
    times.sort()
    label = "huge pages asked" if huge else "4 KiB pages"
    print(f"{label:>16}: median {times[len(times) // 2]:.2f} s a GB (runs {', '.join(f'{t:.2f}' for t in times)})")
