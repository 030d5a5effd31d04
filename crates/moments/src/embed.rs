//! Sentence embeddings with all-MiniLM-L6-v2 (BERT, safetensors) through candle: mean
//! pooling over real tokens, then L2 normalisation — what sentence-transformers does for
//! this model (its `1_Pooling/config.json` says mean tokens), so cosine = dot product.

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

use crate::MomentsError;

/// The models-dir entry that `reelcut models fetch` installs.
pub const MODEL_NAME: &str = "minilm-l6-v2";
/// sentence-transformers' `max_seq_length` for this model.
const MAX_TOKENS: usize = 256;
/// Sentences per forward pass: padding waste stays small because batches are formed
/// from length-sorted sentences.
const BATCH: usize = 32;

pub struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
}

/// Unit-length embedding vectors (384 floats for MiniLM).
pub type Embedding = Vec<f32>;

impl Embedder {
    pub fn model_dir(models_dir: &Path) -> PathBuf {
        models_dir.join(MODEL_NAME)
    }

    pub fn load(models_dir: &Path) -> Result<Self, MomentsError> {
        let dir = Self::model_dir(models_dir);
        let missing = |what: &str| MomentsError::ModelUnavailable(format!("{what} in {} (run `reelcut models fetch`)", dir.display()));
        let weights = dir.join("model.safetensors");
        if !weights.is_file() {
            return Err(missing("no model.safetensors"));
        }
        let config_text = std::fs::read_to_string(dir.join("config.json")).map_err(|_| missing("no config.json"))?;
        let config: Config =
            serde_json::from_str(&config_text).map_err(|e| MomentsError::ModelUnavailable(format!("bad MiniLM config.json: {e}")))?;
        let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json")).map_err(|_| missing("no readable tokenizer.json"))?;
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..Default::default()
            }))
            .map_err(|e| MomentsError::ModelUnavailable(format!("tokenizer: {e}")))?;
        tokenizer.with_padding(Some(PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            ..Default::default()
        }));
        let device = Device::Cpu;
        // SAFETY: the file is memory-mapped read-only; the models dir is ours and is not
        // rewritten while a process runs (fetch writes temp files and renames).
        let vb = unsafe { VarBuilder::from_mmaped_safetensors(&[weights], DType::F32, &device) }.map_err(model_error)?;
        let model = BertModel::load(vb, &config).map_err(model_error)?;
        Ok(Embedder { model, tokenizer, device })
    }

    /// Embeds every text; the output order matches the input order.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Embedding>, MomentsError> {
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| texts[i].len());
        let mut out: Vec<Embedding> = vec![Vec::new(); texts.len()];
        for batch in order.chunks(BATCH) {
            let inputs: Vec<&str> = batch.iter().map(|&i| texts[i]).collect();
            for (slot, vector) in batch.iter().zip(self.embed_batch(&inputs)?) {
                out[*slot] = vector;
            }
        }
        Ok(out)
    }

    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Embedding>, MomentsError> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| MomentsError::Internal(format!("tokenize: {e}")))?;
        let rows = encodings.len();
        let cols = encodings.first().map_or(0, |e| e.get_ids().len());
        let flat = |f: &dyn Fn(&tokenizers::Encoding) -> &[u32]| encodings.iter().flat_map(|e| f(e).iter().copied()).collect::<Vec<u32>>();
        let ids = Tensor::from_vec(flat(&|e| e.get_ids()), (rows, cols), &self.device).map_err(model_error)?;
        let types = Tensor::from_vec(flat(&|e| e.get_type_ids()), (rows, cols), &self.device).map_err(model_error)?;
        let mask = Tensor::from_vec(flat(&|e| e.get_attention_mask()), (rows, cols), &self.device).map_err(model_error)?;
        let hidden = self.model.forward(&ids, &types, Some(&mask)).map_err(model_error)?;
        // Mean over real tokens only: padded positions are zeroed by the mask.
        let mask = mask.to_dtype(DType::F32).map_err(model_error)?.unsqueeze(2).map_err(model_error)?;
        let summed = hidden.broadcast_mul(&mask).and_then(|t| t.sum(1)).map_err(model_error)?;
        let counts = mask.sum(1).map_err(model_error)?;
        let mean = summed.broadcast_div(&counts).map_err(model_error)?;
        let vectors: Vec<Vec<f32>> = mean.to_vec2().map_err(model_error)?;
        Ok(vectors.into_iter().map(normalise).collect())
    }
}

fn model_error(e: candle_core::Error) -> MomentsError {
    MomentsError::Internal(format!("embedding model: {e}"))
}

pub fn normalise(mut v: Vec<f32>) -> Vec<f32> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
    v
}

pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The unit-length mean of several embeddings, each weighted (e.g. by word count).
pub fn centroid<'a>(vectors: impl Iterator<Item = (&'a Embedding, f32)>) -> Embedding {
    let mut sum: Vec<f32> = Vec::new();
    for (v, weight) in vectors {
        if sum.is_empty() {
            sum = vec![0.0; v.len()];
        }
        sum.iter_mut().zip(v).for_each(|(s, x)| *s += x * weight);
    }
    normalise(sum)
}
