//! Silero VAD (v6 ONNX, stock model): speech probability per 32 ms window of 16 kHz
//! audio. Each call takes the previous 64 samples as context plus 512 new ones and
//! carries a recurrent state, exactly as the reference implementation does.

use std::path::Path;

use ndarray::{Array, Array2, Array3};
use ort::session::Session;
use ort::value::Tensor;

use crate::SpeechError;

pub const WINDOW: usize = 512;
const CONTEXT: usize = 64;

pub struct Vad {
    session: Session,
    state: Array3<f32>,
    context: [f32; CONTEXT],
    input: Array2<f32>,
}

impl Vad {
    pub fn load(models_dir: &Path, model_path: &Path) -> Result<Self, SpeechError> {
        let environment = crate::runtime::environment(models_dir)?;
        let model_err = |detail: String| SpeechError::Model { path: model_path.to_path_buf(), detail };
        if !model_path.is_file() {
            return Err(model_err("missing".into()));
        }
        // One intra-op thread: the window is tiny, and a second thread only contends
        // with Whisper on a 2-core machine (see docs: 124 µs vs 130 µs per window).
        let session = Session::builder(environment)
            .and_then(|b| b.with_intra_threads(1))
            .and_then(|b| b.with_inter_threads(1))
            .map_err(|e| SpeechError::Runtime(e.to_string()))?
            .commit_from_file(model_path)
            .map_err(|e| model_err(e.to_string()))?;
        Ok(Vad { session, state: Array3::zeros((2, 1, 128)), context: [0.0; CONTEXT], input: Array2::zeros((1, CONTEXT + WINDOW)) })
    }

    pub fn reset(&mut self) {
        self.state.fill(0.0);
        self.context = [0.0; CONTEXT];
    }

    /// Probability that `window` (exactly 512 samples; shorter is zero-padded) is speech.
    pub fn probability(&mut self, window: &[f32]) -> Result<f32, SpeechError> {
        let infer = |e: ort::Error| SpeechError::Inference(format!("vad: {e}"));
        {
            let row = self.input.as_slice_mut().expect("contiguous");
            row[..CONTEXT].copy_from_slice(&self.context);
            let n = window.len().min(WINDOW);
            row[CONTEXT..CONTEXT + n].copy_from_slice(&window[..n]);
            row[CONTEXT + n..].fill(0.0);
            self.context.copy_from_slice(&row[WINDOW..]);
        }
        let input = Tensor::from_array(self.input.clone()).map_err(infer)?;
        let state = Tensor::from_array(self.state.clone()).map_err(infer)?;
        let sr = Tensor::from_array(Array::from_elem((), 16_000i64)).map_err(infer)?;
        let outputs = self.session.run(ort::inputs!["input" => input, "state" => state, "sr" => sr]).map_err(infer)?;
        let probability = outputs["output"].try_extract_array::<f32>().map_err(infer)?.iter().next().copied().unwrap_or(0.0);
        let new_state = outputs["stateN"].try_extract_array::<f32>().map_err(infer)?;
        self.state.as_slice_mut().expect("contiguous").copy_from_slice(new_state.as_slice().ok_or_else(|| SpeechError::Inference("vad state layout".into()))?);
        Ok(probability)
    }
}
