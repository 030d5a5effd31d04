# The faster-whisper side of bench/asr: transcribe with word timestamps and VAD, and
# print the words to stderr (the bench compares them with reelcut's).
import json, sys
from faster_whisper import WhisperModel

model_dir, audio, beam = sys.argv[1], sys.argv[2], int(sys.argv[3])
model = WhisperModel(model_dir, device="cpu", compute_type="int8", cpu_threads=2, local_files_only=True)
segments, info = model.transcribe(audio, beam_size=beam, word_timestamps=True, vad_filter=True)
words = [dict(word=w.word.strip(), start=w.start) for s in segments for w in s.words]
print(json.dumps(dict(language=info.language, words=words)), file=sys.stderr)
