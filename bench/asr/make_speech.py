# Builds a speech file of at least N seconds from espeak-ng paragraphs (several voices
# and rates), the real JFK recording, and pauses of varied length.
# usage: make_speech.py WORK_DIR JFK_WAV SECONDS OUT_WAV
# Also writes OUT_WAV.txt, the words spoken (the reference the bench scores both tools on).
import os, subprocess, sys

work, jfk, seconds, out = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
os.makedirs(work, exist_ok=True)
PARAGRAPHS = [
    "The river rose slowly through the night, and by morning the bridge was under water. Nobody in the village had seen a flood like it since nineteen sixty two.",
    "Here is the surprising part: most of the extra heat went into the deep ocean. If you remember one number from this talk, remember this one: ninety percent.",
    "Our first product failed. We spent two years building something nobody wanted, and the lesson was simple. Talk to your customers before you write a single line of code.",
    "What makes a good teacher? It is not knowledge alone. It is patience, curiosity, and the courage to say I do not know, let us find out together.",
    "The market opened lower on Monday as investors weighed new data on inflation. Energy stocks led the decline, while technology shares held steady.",
    "Sleep is the most underrated performance tool we have. Seven hours a night improves memory, mood, and reaction time, and it costs nothing.",
]
VOICES = ["en-us", "en", "en-us+m3", "en+f3", "en-gb-x-rp"]
PAUSES = [0.4, 1.2, 2.5, 0.7, 3.0, 0.5]

def run(*cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def duration(path):
    return float(subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path], check=True, capture_output=True, text=True).stdout)

JFK_TEXT = "And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country."
entries, spoken, total, i = [], [], 0.0, 0
while total < seconds:
    piece = os.path.join(work, f"piece{i:03}.wav")
    if i % 6 == 5:
        run("ffmpeg", "-y", "-i", jfk, "-ac", "1", "-ar", "16000", piece)
        spoken.append(JFK_TEXT)
    else:
        raw = piece + ".raw.wav"
        run("espeak-ng", "-v", VOICES[i % len(VOICES)], "-s", str(150 + (i % 4) * 15), "-w", raw, PARAGRAPHS[i % len(PARAGRAPHS)])
        run("ffmpeg", "-y", "-i", raw, "-ac", "1", "-ar", "16000", piece)
        os.remove(raw)
        spoken.append(PARAGRAPHS[i % len(PARAGRAPHS)])
    gap = os.path.join(work, f"gap{i:03}.wav")
    pause = PAUSES[i % len(PAUSES)]
    run("ffmpeg", "-y", "-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", str(pause), gap)
    entries += [piece, gap]
    total += duration(piece) + pause
    i += 1
listing = os.path.join(work, "list.txt")
with open(listing, "w") as f:
    f.writelines(f"file '{e}'\n" for e in entries)
run("ffmpeg", "-y", "-f", "concat", "-safe", "0", "-i", listing, "-c", "copy", out)
with open(out + ".txt", "w") as f:
    f.write("\n".join(spoken) + "\n")
print(f"{out}: {total:.1f}s from {i} pieces")
