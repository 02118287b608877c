"""Make a JSONL corpus for the batch benchmark from plain text files:
documents of LINES consecutive lines, repeated until the output reaches
SIZE bytes. Usage: python3 gen.py OUT.jsonl SIZE_BYTES LINES FILE..."""
import json
import sys

out, size, per, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
lines = []
for f in files:
    lines += [l for l in open(f, encoding="utf-8").read().splitlines() if l.strip()]
docs = ["\n".join(lines[i:i + per]) for i in range(0, len(lines), per)]
written, n = 0, 0
with open(out, "w", encoding="utf-8") as o:
    while written < size:
        for d in docs:
            line = json.dumps({"id": "d%d" % n, "text": d}, ensure_ascii=False) + "\n"
            o.write(line)
            written += len(line.encode("utf-8"))
            n += 1
            if written >= size:
                break
print("%s: %d documents, %d bytes" % (out, n, written))
