# Word agreement between faster-whisper (its stderr JSON) and reelcut (its JSON output):
# word error rate of reelcut against faster-whisper, and start-time differences of the
# words both produced. Levenshtein alignment (difflib's greedy matcher mis-pairs the
# repeated paragraphs of the bench input).
import json, re, sys

def norm(w):
    return re.sub(r"[^\w]", "", w.lower())

fw = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])["words"]
rc = json.load(open(sys.argv[2]))["words"]
a = [norm(w["word"]) for w in fw]
b = [norm(w["text"]) for w in rc]
n, m = len(a), len(b)
cost = [[0] * (m + 1) for _ in range(n + 1)]
for i in range(n + 1):
    cost[i][0] = i
for j in range(m + 1):
    cost[0][j] = j
for i in range(1, n + 1):
    for j in range(1, m + 1):
        cost[i][j] = min(cost[i - 1][j - 1] + (a[i - 1] != b[j - 1]), cost[i - 1][j] + 1, cost[i][j - 1] + 1)
i, j, deltas = n, m, []
while i > 0 and j > 0:
    if cost[i][j] == cost[i - 1][j - 1] + (a[i - 1] != b[j - 1]):
        if a[i - 1] == b[j - 1]:
            deltas.append(abs(fw[i - 1]["start"] - rc[j - 1]["start"]))
        i, j = i - 1, j - 1
    elif cost[i][j] == cost[i - 1][j] + 1:
        i -= 1
    else:
        j -= 1
deltas.sort()
p = lambda q: deltas[min(len(deltas) - 1, int(q * len(deltas)))] if deltas else float("nan")
print(f"words: faster-whisper {n}, reelcut {m}; word differences {cost[n][m]} ({cost[n][m] / max(1, n):.1%}); "
      f"start delta over matching words: median {p(0.5):.3f}s, p95 {p(0.95):.3f}s, max {deltas[-1] if deltas else 0:.3f}s")
