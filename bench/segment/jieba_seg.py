"""Run with /usr/bin/python3 (where jieba is installed). Segment a raw text file with jieba (default mode, HMM on) into the SIGHAN
two-space format and report throughput; for comparison with winnow's
segmenter (see main.go). Usage: python3 jieba_seg.py IN OUT"""
import sys, time
import jieba

jieba.initialize()
src, dst = sys.argv[1], sys.argv[2]
lines = open(src, encoding="utf-8").read().splitlines()
t0 = time.perf_counter()
out = ["  ".join(w for w in jieba.cut(l) if w.strip()) for l in lines]
dt = time.perf_counter() - t0
with open(dst, "w", encoding="utf-8") as f:
    f.write("\n".join(out) + "\n")
n = sum(len(l.encode("utf-8")) for l in lines)
print("jieba: %d bytes in %.2fs = %.2f MB/s" % (n, dt, n / dt / 1e6))
