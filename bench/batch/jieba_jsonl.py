"""Segment the "text" field of every JSONL record with jieba (default
mode, HMM on), one process, and report documents/s and MB/s of text.
Run with /usr/bin/python3 (where jieba is installed).
Usage: python3 jieba_jsonl.py IN.jsonl"""
import json
import sys
import time

import jieba

jieba.initialize()
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
n = sum(len(t.encode("utf-8")) for t in texts)
t0 = time.perf_counter()
for t in texts:
    jieba.lcut(t)
dt = time.perf_counter() - t0
print("jieba segmentation only, 1 core: %d docs, %.2f MB text in %.2fs = %.1f docs/s, %.3f MB/s"
      % (len(texts), n / 1e6, dt, len(texts) / dt, n / dt / 1e6))
