//! Any OpenAI-compatible chat server (`llm.url`): Ollama, llama.cpp's server, vLLM,
//! OpenAI. One call: `POST {url}/v1/chat/completions`, the first choice's content back.

use std::time::Duration;

use reelcut_core::settings::LlmSettings;
use serde_json::json;

use crate::{Ask, LlmError};

pub async fn chat(settings: &LlmSettings, ask: &Ask<'_>) -> Result<String, LlmError> {
    let url = format!("{}/v1/chat/completions", settings.url.trim_end_matches('/'));
    let mut body = json!({
        "model": settings.model,
        "temperature": ask.temperature,
        "max_tokens": ask.max_tokens,
        "messages": [
            {"role": "system", "content": ask.system},
            {"role": "user", "content": ask.user},
        ],
    });
    if ask.json {
        body["response_format"] = json!({"type": "json_object"});
    }
    let remote = |detail: String| LlmError::Remote {
        url: settings.url.clone(),
        detail,
    };
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(settings.timeout_s))
        .build()
        .map_err(|e| remote(e.to_string()))?;
    let mut call = client.post(&url).json(&body);
    if let Some(key) = &settings.api_key {
        call = call.bearer_auth(key);
    }
    let response = call.send().await.map_err(|e| {
        remote(if e.is_timeout() {
            "timed out".to_string()
        } else {
            format!("unreachable: {e}")
        })
    })?;
    let status = response.status();
    let value: serde_json::Value = response
        .json()
        .await
        .map_err(|e| remote(format!("HTTP {status}, body is not JSON: {e}")))?;
    if !status.is_success() {
        return Err(remote(format!(
            "HTTP {status}: {}",
            value["error"]["message"].as_str().unwrap_or("")
        )));
    }
    value["choices"][0]["message"]["content"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| remote("no message content in the reply".into()))
}
