# Word agreement between faster-whisper (its stderr JSON) and reelcut (its JSON output):
# word error rate of reelcut against faster-whisper, and start-time differences of the
# words both produced, matched by sequence alignment.
import difflib, json, re, sys

def norm(w):
    return re.sub(r"[^\w]", "", w.lower())

fw = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])["words"]
rc = json.load(open(sys.argv[2]))["words"]
a = [norm(w["word"]) for w in fw]
b = [norm(w["text"]) for w in rc]
matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
deltas, errors = [], 0
for tag, i1, i2, j1, j2 in matcher.get_opcodes():
    if tag == "equal":
        deltas += [abs(fw[i]["start"] - rc[j]["start"]) for i, j in zip(range(i1, i2), range(j1, j2))]
    else:
        errors += max(i2 - i1, j2 - j1)
deltas.sort()
p = lambda q: deltas[min(len(deltas) - 1, int(q * len(deltas)))] if deltas else float("nan")
print(f"words: faster-whisper {len(a)}, reelcut {len(b)}; disagreement {errors / max(1, len(a)):.1%}; "
      f"start delta median {p(0.5):.3f}s p95 {p(0.95):.3f}s max {deltas[-1] if deltas else 0:.3f}s")
