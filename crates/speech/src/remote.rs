//! Any OpenAI-compatible `/v1/audio/transcriptions` server (OpenAI, speaches,
//! faster-whisper-server, LocalAI …) as the ASR backend, for users who run Whisper on a
//! GPU box. We upload 16 kHz mono FLAC (small, lossless) and ask for `verbose_json`
//! with word and segment timestamps. Servers return words without punctuation and the
//! punctuated text per segment; punctuation is put back onto its word by alignment.

use std::time::Duration;

use reelcut_media::probe::MediaInfo;
use reelcut_media::process::Invocation;
use serde::Deserialize;

use crate::request::TranscribeRequest;
use crate::transcript::{Transcript, Word};
use crate::SpeechError;

#[derive(Debug, Deserialize)]
pub struct VerboseJson {
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub duration: Option<f64>,
    #[serde(default)]
    pub segments: Vec<RemoteSegment>,
    #[serde(default)]
    pub words: Vec<RemoteWord>,
}

#[derive(Debug, Deserialize)]
pub struct RemoteSegment {
    pub start: f64,
    pub end: f64,
    pub text: String,
    #[serde(default)]
    pub avg_logprob: Option<f32>,
}

#[derive(Debug, Deserialize)]
pub struct RemoteWord {
    pub word: String,
    pub start: f64,
    pub end: f64,
    #[serde(default)]
    pub probability: Option<f32>,
}

pub async fn transcribe(request: &TranscribeRequest<'_>, info: &MediaInfo) -> Result<Transcript, SpeechError> {
    let settings = &request.settings.speech.remote;
    let url = format!("{}/v1/audio/transcriptions", settings.url.trim_end_matches('/'));
    let remote_err = |detail: String| SpeechError::Remote { url: url.clone(), detail };

    let flac = tempfile::Builder::new()
        .suffix(".flac")
        .tempfile()
        .map_err(|e| remote_err(e.to_string()))?
        .into_temp_path();
    let extract = Invocation::ffmpeg(&request.settings.media.ffmpeg)
        .args(["-i".as_ref(), request.input.as_os_str()])
        .args(["-map", "0:a:0", "-vn", "-ac", "1", "-ar", "16000", "-c:a", "flac"])
        .args([flac.as_os_str()])
        .media_seconds(info.duration_s)
        .cancel_on(request.cancel.clone());
    request.processes.output(extract).await.map_err(reelcut_media::MediaError::from)?;
    let bytes = tokio::fs::read(&flac).await.map_err(|e| remote_err(e.to_string()))?;

    let mut form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes)
                .file_name("audio.flac")
                .mime_str("audio/flac")
                .expect("static mime"),
        )
        .text("model", settings.model.clone())
        .text("response_format", "verbose_json")
        .text("timestamp_granularities[]", "word")
        .text("timestamp_granularities[]", "segment");
    if let Some(language) = &request.settings.speech.language {
        form = form.text("language", language.clone());
    }
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(settings.timeout_s))
        .build()
        .map_err(|e| remote_err(e.to_string()))?;
    let mut call = client.post(&url).multipart(form);
    if let Some(key) = &settings.api_key {
        call = call.bearer_auth(key);
    }
    let response = tokio::select! {
        r = call.send() => r.map_err(|e| remote_err(e.to_string()))?,
        _ = request.cancel.cancelled() => return Err(SpeechError::Cancelled),
    };
    let status = response.status();
    let body = response.text().await.map_err(|e| remote_err(e.to_string()))?;
    if !status.is_success() {
        let snippet: String = body.chars().take(200).collect();
        return Err(remote_err(format!("HTTP {status}: {snippet}")));
    }
    let parsed: VerboseJson = serde_json::from_str(&body).map_err(|e| remote_err(format!("not a verbose_json response: {e}")))?;
    if parsed.words.is_empty() && !parsed.segments.is_empty() {
        return Err(remote_err(
            "the server returned no word timestamps (does it support timestamp_granularities[]=word?)".into(),
        ));
    }
    Ok(to_transcript(parsed, info.duration_s, &settings.model))
}

pub fn to_transcript(response: VerboseJson, fallback_duration: f64, model: &str) -> Transcript {
    let language = response.language.as_deref().map(language_code).unwrap_or_else(|| "en".into());
    let punctuated: Vec<&str> = response.segments.iter().flat_map(|s| s.text.split_whitespace()).collect();
    let words = attach_punctuation(&response.words, &punctuated, &response.segments);
    // One chunk per server segment keeps the segment structure the server chose.
    let mut chunks: Vec<Vec<Word>> = response.segments.iter().map(|_| Vec::new()).collect();
    if chunks.is_empty() {
        chunks.push(Vec::new());
    }
    for word in words {
        let index = response
            .segments
            .iter()
            .position(|s| word.start < s.end && word.start >= s.start - 0.05)
            .unwrap_or(chunks.len() - 1);
        let last = chunks.len() - 1;
        chunks[index.min(last)].push(word);
    }
    for chunk in &mut chunks {
        chunk.sort_by(|a, b| a.start.total_cmp(&b.start));
    }
    Transcript::assemble(
        language,
        1.0,
        response.duration.unwrap_or(fallback_duration),
        format!("remote:{model}"),
        chunks,
    )
}

fn normalise(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Walks the bare words and the punctuated text together, taking the punctuated form
/// where the letters agree (looking a few tokens ahead to skip what the server dropped).
fn attach_punctuation(words: &[RemoteWord], punctuated: &[&str], segments: &[RemoteSegment]) -> Vec<Word> {
    let mut cursor = 0usize;
    words
        .iter()
        .map(|w| {
            let bare = normalise(&w.word);
            let mut text = w.word.trim().to_string();
            if let Some(offset) = (cursor..(cursor + 4).min(punctuated.len())).find(|&i| normalise(punctuated[i]) == bare) {
                text = punctuated[offset].to_string();
                cursor = offset + 1;
            }
            let probability = w.probability.unwrap_or_else(|| {
                segments
                    .iter()
                    .find(|s| w.start >= s.start && w.start < s.end)
                    .and_then(|s| s.avg_logprob)
                    .map(f32::exp)
                    .unwrap_or(1.0)
            });
            Word {
                text,
                start: w.start,
                end: w.end.max(w.start),
                probability,
            }
        })
        .collect()
}

/// OpenAI answers with English language names; most self-hosted servers with codes.
fn language_code(language: &str) -> String {
    const NAMES: &[(&str, &str)] = &[
        ("english", "en"),
        ("german", "de"),
        ("french", "fr"),
        ("spanish", "es"),
        ("italian", "it"),
        ("portuguese", "pt"),
        ("dutch", "nl"),
        ("russian", "ru"),
        ("chinese", "zh"),
        ("japanese", "ja"),
        ("korean", "ko"),
        ("arabic", "ar"),
        ("hindi", "hi"),
        ("turkish", "tr"),
        ("polish", "pl"),
        ("ukrainian", "uk"),
        ("swedish", "sv"),
        ("indonesian", "id"),
    ];
    let lower = language.to_lowercase();
    NAMES
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, code)| code.to_string())
        .unwrap_or(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_returns_to_its_words() {
        let response: VerboseJson = serde_json::from_str(
            r#"{"language":"english","duration":3.0,"text":"Hello, world. Bye!",
                "segments":[{"start":0.0,"end":1.5,"text":" Hello, world."},{"start":1.6,"end":3.0,"text":" Bye!"}],
                "words":[{"word":"Hello","start":0.0,"end":0.5},{"word":"world","start":0.6,"end":1.2},{"word":"Bye","start":1.7,"end":2.0}]}"#,
        )
        .unwrap();
        let t = to_transcript(response, 0.0, "whisper-1");
        assert_eq!(t.language, "en");
        assert_eq!(t.text(), "Hello, world. Bye!");
        assert_eq!(t.sentences.len(), 2);
        assert_eq!(t.segments.len(), 2);
    }
}
