//! Silero VAD (v6 ONNX, stock model): speech probability per 32 ms window of 16 kHz
//! audio. Each call takes the previous 64 samples as context plus 512 new ones and
//! carries a recurrent state, exactly as the reference implementation does.

use std::path::Path;

use ort::session::Session;
use ort::value::Tensor;

use crate::SpeechError;

pub const WINDOW: usize = 512;
const CONTEXT: usize = 64;
const STATE_LEN: usize = 2 * 128;

pub struct Vad {
    session: Session,
    /// Recurrent state, shape [2, 1, 128].
    state: Vec<f32>,
    context: [f32; CONTEXT],
    /// One row of context + window, shape [1, 576].
    input: Vec<f32>,
}

impl Vad {
    pub fn load(models_dir: &Path, model_path: &Path) -> Result<Self, SpeechError> {
        let environment = reelcut_models::runtime::environment(models_dir).map_err(|e| SpeechError::Model {
            path: models_dir.join("onnxruntime"),
            detail: e.to_string(),
        })?;
        let model_err = |detail: String| SpeechError::Model {
            path: model_path.to_path_buf(),
            detail,
        };
        if !model_path.is_file() {
            return Err(model_err("missing".into()));
        }
        // One intra-op thread: the window is tiny, and a second thread only contends
        // with Whisper on a 2-core machine (see docs: 124 µs vs 130 µs per window).
        let session = Session::builder(environment)
            .map_err(|e| SpeechError::Runtime(e.to_string()))?
            .with_intra_threads(1)
            .map_err(|e| SpeechError::Runtime(e.to_string()))?
            .with_inter_threads(1)
            .map_err(|e| SpeechError::Runtime(e.to_string()))?
            .commit_from_file(model_path)
            .map_err(|e| model_err(e.to_string()))?;
        Ok(Vad {
            session,
            state: vec![0.0; STATE_LEN],
            context: [0.0; CONTEXT],
            input: vec![0.0; CONTEXT + WINDOW],
        })
    }

    /// Probability that `window` (exactly 512 samples; shorter is zero-padded) is speech.
    pub fn probability(&mut self, window: &[f32]) -> Result<f32, SpeechError> {
        let infer = |e: ort::Error| SpeechError::Inference(format!("vad: {e}"));
        {
            let row = &mut self.input;
            row[..CONTEXT].copy_from_slice(&self.context);
            let n = window.len().min(WINDOW);
            row[CONTEXT..CONTEXT + n].copy_from_slice(&window[..n]);
            row[CONTEXT + n..].fill(0.0);
            self.context.copy_from_slice(&row[WINDOW..]);
        }
        let input = Tensor::from_array(([1usize, CONTEXT + WINDOW], self.input.clone())).map_err(infer)?;
        let state = Tensor::from_array(([2usize, 1, 128], self.state.clone())).map_err(infer)?;
        let sr = Tensor::from_array((Vec::<usize>::new(), vec![16_000i64])).map_err(infer)?;
        let outputs = self
            .session
            .run(ort::inputs!["input" => input, "state" => state, "sr" => sr])
            .map_err(infer)?;
        let probability = outputs["output"]
            .try_extract_tensor::<f32>()
            .map_err(infer)?
            .1
            .first()
            .copied()
            .unwrap_or(0.0);
        let (_, new_state) = outputs["stateN"].try_extract_tensor::<f32>().map_err(infer)?;
        if new_state.len() != STATE_LEN {
            return Err(SpeechError::Inference(format!(
                "vad state has {} values, expected {STATE_LEN}",
                new_state.len()
            )));
        }
        self.state.copy_from_slice(new_state);
        Ok(probability)
    }
}
