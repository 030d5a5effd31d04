//! A Piper voice (VITS exported to ONNX) run through ONNX Runtime.
//!
//! Piper's export returns only audio, but the graph computes how many frames each
//! phoneme lasts (the duration predictor's rounded output, `/Ceil_output_0`) before it
//! expands them. The graph is loaded with that tensor added to its outputs, so every
//! phoneme's start is known exactly — the word timings the captions need — with no
//! second model and no forced alignment.

use std::collections::HashMap;
use std::path::Path;

use onnx_protobuf::{Message, ModelProto, TypeProto, ValueInfoProto};
use ort::session::Session;
use ort::value::Tensor;
use serde::Deserialize;

use crate::VoiceError;

/// The duration predictor's per-phoneme frame counts inside Piper's graph.
const DURATIONS: &str = "/Ceil_output_0";
/// Audio samples per model frame (the VITS decoder's hop length for Piper voices).
const HOP: usize = 256;

#[derive(Debug, Deserialize)]
struct Config {
    audio: AudioConfig,
    espeak: EspeakConfig,
    phoneme_id_map: HashMap<String, Vec<i64>>,
}

#[derive(Debug, Deserialize)]
struct AudioConfig {
    sample_rate: u32,
}

#[derive(Debug, Deserialize)]
struct EspeakConfig {
    voice: String,
}

/// What the model made of one utterance: samples, and each input id's first sample.
pub struct Utterance {
    pub samples: Vec<f32>,
    /// `starts[i]` is the sample where input id `i` begins; one more entry marks the end.
    pub starts: Vec<usize>,
}

pub struct PiperModel {
    session: Session,
    ids: HashMap<char, i64>,
    pub sample_rate: u32,
    pub espeak_voice: String,
}

impl PiperModel {
    /// Loads `<dir>/<name>.onnx` and its `.onnx.json`.
    pub fn load(models_dir: &Path, dir: &str, name: &str) -> Result<PiperModel, VoiceError> {
        let path = models_dir.join(dir).join(format!("{name}.onnx"));
        let missing = |detail: String| VoiceError::Model(format!("{}: {detail} (run `reelcut models fetch`)", path.display()));
        let config: Config = std::fs::read(path.with_extension("onnx.json"))
            .map_err(|e| missing(e.to_string()))
            .and_then(|b| serde_json::from_slice(&b).map_err(|e| missing(format!("voice config: {e}"))))?;
        let bytes = std::fs::read(&path).map_err(|e| missing(e.to_string()))?;
        let bytes = with_durations_output(&bytes).map_err(missing)?;
        let environment = reelcut_models::runtime::environment(models_dir).map_err(|e| VoiceError::Model(e.to_string()))?;
        let runtime = |e: String| VoiceError::Model(e);
        let session = Session::builder(environment)
            .map_err(|e| runtime(e.to_string()))?
            .with_intra_threads(2)
            .map_err(|e| runtime(e.to_string()))?
            .commit_from_memory(&bytes)
            .map_err(|e| runtime(e.to_string()))?;
        let ids = config
            .phoneme_id_map
            .iter()
            .filter_map(|(k, v)| {
                let mut chars = k.chars();
                match (chars.next(), chars.next(), v.first()) {
                    (Some(c), None, Some(&id)) => Some((c, id)),
                    _ => None,
                }
            })
            .collect();
        Ok(PiperModel {
            session,
            ids,
            sample_rate: config.audio.sample_rate,
            espeak_voice: config.espeak.voice,
        })
    }

    /// The model's id for a phoneme character, if it has one (espeak-ng can print
    /// characters a voice was never trained on; those are skipped, as Piper does).
    pub fn id(&self, phoneme: char) -> Option<i64> {
        self.ids.get(&phoneme).copied()
    }

    /// Runs the model on ids (already framed with `^`, `_` pads and `$`).
    /// `length_scale` > 1 speaks slower. Noise is off, so the same text always gives
    /// the same samples (a stored plan re-renders to the same narration).
    pub fn infer(&mut self, ids: &[i64], length_scale: f32) -> Result<Utterance, VoiceError> {
        let infer = |e: ort::Error| VoiceError::Inference(e.to_string());
        let input = Tensor::from_array(([1usize, ids.len()], ids.to_vec())).map_err(infer)?;
        let lengths = Tensor::from_array(([1usize], vec![ids.len() as i64])).map_err(infer)?;
        let scales = Tensor::from_array(([3usize], vec![0.0f32, length_scale, 0.0])).map_err(infer)?;
        let outputs = self
            .session
            .run(ort::inputs!["input" => input, "input_lengths" => lengths, "scales" => scales])
            .map_err(infer)?;
        let (_, audio) = outputs["output"].try_extract_tensor::<f32>().map_err(infer)?;
        let (_, frames) = outputs[DURATIONS].try_extract_tensor::<f32>().map_err(infer)?;
        let mut starts = Vec::with_capacity(frames.len() + 1);
        let mut at = 0usize;
        for f in frames.iter() {
            starts.push(at);
            at += f.max(0.0) as usize * HOP;
        }
        starts.push(at);
        let samples = audio.to_vec();
        if samples.len().abs_diff(at) > HOP {
            return Err(VoiceError::Inference(format!(
                "durations cover {at} samples but the voice returned {}",
                samples.len()
            )));
        }
        Ok(Utterance { samples, starts })
    }
}

/// The model with the duration predictor's output added to the graph's outputs.
fn with_durations_output(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut model = ModelProto::parse_from_bytes(bytes).map_err(|e| format!("not an ONNX model: {e}"))?;
    let graph = model.graph.as_mut().ok_or("the model has no graph")?;
    if !graph.node.iter().any(|n| n.output.iter().any(|o| o == DURATIONS)) {
        return Err(format!("not a Piper VITS graph: no {DURATIONS} tensor"));
    }
    if !graph.output.iter().any(|o| o.name == DURATIONS) {
        let mut kind = TypeProto::new();
        kind.mut_tensor_type().elem_type = 1; // FLOAT
        let mut output = ValueInfoProto::new();
        output.name = DURATIONS.to_string();
        output.type_ = Some(kind).into();
        graph.output.push(output);
    }
    model.write_to_bytes().map_err(|e| e.to_string())
}
