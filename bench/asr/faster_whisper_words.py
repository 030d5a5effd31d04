# Reference word timings from faster-whisper, for the speech tests and bench/asr.
# usage: python faster_whisper_words.py MODEL_DIR AUDIO > words.json
import json, sys
from faster_whisper import WhisperModel
m = WhisperModel(sys.argv[1], device="cpu", compute_type="int8", cpu_threads=2, local_files_only=True)
segs, info = m.transcribe(sys.argv[2], beam_size=5, word_timestamps=True, vad_filter=True)
words = [dict(word=w.word.strip(), start=round(w.start,3), end=round(w.end,3), probability=round(w.probability,3)) for s in segs for w in s.words]
print(json.dumps(dict(language=info.language, words=words), indent=1))
