//! The text-generation room. Everything reelcut writes in words — hook lines now;
//! titles, descriptions, tags, translations and the video agent's scripts as they move
//! here — goes through one [`Backend`]: any OpenAI-compatible chat server, or the
//! embedded SmolLM2 that needs none. Structured answers are JSON, checked, and asked
//! again when unusable; a caller always has an extractive answer to fall back to
//! (`hooks::write` needs no model at all), never garbage on screen.

pub mod embedded;
pub mod hooks;
pub mod remote;
pub mod tone;

use std::path::Path;
use std::sync::{Arc, Mutex};

use reelcut_core::settings::LlmSettings;
use reelcut_core::{Code, ErrorCode};
use serde::de::DeserializeOwned;

pub use hooks::{HookSource, HOOK_WORDS};
pub use tone::Tone;

#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    #[error("text model {0}")]
    Model(String),
    #[error("text generation: {0}")]
    Inference(String),
    #[error("LLM server at {url}: {detail}")]
    Remote { url: String, detail: String },
}

impl ErrorCode for LlmError {
    fn code(&self) -> Code {
        match self {
            LlmError::Model(_) => Code::ModelUnavailable,
            LlmError::Inference(_) => Code::Internal,
            LlmError::Remote { .. } => Code::UpstreamFailed,
        }
    }
}

/// One question to a model.
pub struct Ask<'a> {
    pub system: &'a str,
    pub user: &'a str,
    pub max_tokens: usize,
    pub temperature: f64,
    /// Ask for a JSON object (servers that support it are told so).
    pub json: bool,
}

#[derive(Clone)]
pub enum Backend {
    Remote(LlmSettings),
    /// The model runs one generation at a time.
    Embedded(Arc<Mutex<embedded::Embedded>>),
}

impl Backend {
    /// The configured server when `llm.url` is set, else the embedded model.
    pub fn from_settings(settings: &LlmSettings, models_dir: &Path) -> Result<Self, LlmError> {
        if settings.enabled() {
            Ok(Backend::Remote(settings.clone()))
        } else {
            Ok(Backend::Embedded(Arc::new(Mutex::new(embedded::Embedded::load(models_dir)?))))
        }
    }

    pub fn name(&self) -> String {
        match self {
            Backend::Remote(s) => format!("llm:{}", if s.model.is_empty() { &s.url } else { &s.model }),
            Backend::Embedded(_) => format!("embedded:{}", embedded::MODEL_DIR),
        }
    }

    pub async fn complete(&self, ask: &Ask<'_>) -> Result<String, LlmError> {
        match self {
            Backend::Remote(settings) => remote::chat(settings, ask).await,
            Backend::Embedded(model) => {
                let (model, system, user) = (model.clone(), ask.system.to_string(), ask.user.to_string());
                let (max_tokens, temperature) = (ask.max_tokens, ask.temperature);
                tokio::task::spawn_blocking(move || {
                    let mut model = model.lock().map_err(|_| LlmError::Inference("the model panicked earlier".into()))?;
                    model.chat(&system, &user, max_tokens, temperature, 7).map(|g| g.text)
                })
                .await
                .map_err(|e| LlmError::Inference(e.to_string()))?
            }
        }
    }

    /// A JSON answer that `check` accepts, asking up to `tries` times (hotter each time
    /// after the first); `None` when none passes.
    pub async fn structured<T: DeserializeOwned>(
        &self,
        ask: &Ask<'_>,
        tries: usize,
        check: impl Fn(&T) -> Result<(), String>,
    ) -> Option<T> {
        for attempt in 0..tries {
            let temperature = if attempt == 0 { ask.temperature } else { 0.7 };
            let reply = match self.complete(&Ask { temperature, ..*ask }).await {
                Ok(reply) => reply,
                Err(e) => {
                    tracing::warn!(error = %e, "text generation failed");
                    return None;
                }
            };
            match json_object::<T>(&reply).and_then(|v| check(&v).map(|()| v)) {
                Ok(value) => return Some(value),
                Err(why) => tracing::debug!(attempt, %why, reply, "unusable answer, asking again"),
            }
        }
        None
    }
}

/// The JSON object in a model's message; models sometimes wrap it in prose or a fence.
pub fn json_object<T: DeserializeOwned>(content: &str) -> Result<T, String> {
    let start = content.find('{').ok_or("the reply holds no JSON object")?;
    let end = content.rfind('}').ok_or("the reply holds no JSON object")?;
    if end < start {
        return Err("the reply holds no JSON object".into());
    }
    serde_json::from_str(&content[start..=end]).map_err(|e| format!("bad JSON from the model: {e}"))
}
