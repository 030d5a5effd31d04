# Word agreement between faster-whisper (its stderr JSON) and reelcut (its JSON output):
# word error rate of reelcut against faster-whisper, and start-time differences of the
# words both produced; with the spoken text (make_speech.py's OUT_WAV.txt) also each
# tool's word error rate against what was actually said. Levenshtein alignment
# (difflib's greedy matcher mis-pairs the repeated paragraphs of the bench input).
# usage: compare_words.py FASTER_WHISPER_ERR REELCUT_JSON [SPOKEN_TXT]
import json, re, sys

# The spoken text spells its numbers out; both tools write digits. Spell those the bench
# input holds, so a digit is not counted as an error.
NUMBERS = {"1962": "nineteen sixty two", "90": "ninety"}

def words(text_list):
    out = []
    for w in text_list:
        w = w.lower().replace("%", " percent")
        for part in w.split():
            part = re.sub(r"[^\w]", "", part)
            out += NUMBERS.get(part, part).split() if part else []
    return out

def align(a, b):
    """Edit distance and the index pairs of equal words on one best path."""
    n, m = len(a), len(b)
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        cost[i][0] = i
    for j in range(m + 1):
        cost[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost[i][j] = min(cost[i - 1][j - 1] + (a[i - 1] != b[j - 1]), cost[i - 1][j] + 1, cost[i][j - 1] + 1)
    i, j, pairs = n, m, []
    while i > 0 and j > 0:
        if cost[i][j] == cost[i - 1][j - 1] + (a[i - 1] != b[j - 1]):
            if a[i - 1] == b[j - 1]:
                pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif cost[i][j] == cost[i - 1][j] + 1:
            i -= 1
        else:
            j -= 1
    return cost[n][m], pairs

fw = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])["words"]
rc = json.load(open(sys.argv[2]))["words"]
# Timings are compared word by word, so here a word stays one token.
a = [re.sub(r"[^\w]", "", w["word"].lower()) for w in fw]
b = [re.sub(r"[^\w]", "", w["text"].lower()) for w in rc]
edits, pairs = align(a, b)
deltas = sorted(abs(fw[i]["start"] - rc[j]["start"]) for i, j in pairs)
p = lambda q: deltas[min(len(deltas) - 1, int(q * len(deltas)))] if deltas else float("nan")
print(f"words: faster-whisper {len(a)}, reelcut {len(b)}; word differences {edits} ({edits / max(1, len(a)):.1%}); "
      f"start delta over matching words: median {p(0.5):.3f}s, p95 {p(0.95):.3f}s, max {deltas[-1] if deltas else 0:.3f}s")
if len(sys.argv) > 3:
    spoken = words(open(sys.argv[3]).read().split())
    wer = lambda hyp: align(spoken, words(hyp))[0] / len(spoken)
    wer_fw, wer_rc = wer(w["word"] for w in fw), wer(w["text"] for w in rc)
    print(f"word error rate against the spoken text ({len(spoken)} words): faster-whisper {wer_fw:.1%}, reelcut {wer_rc:.1%}")
