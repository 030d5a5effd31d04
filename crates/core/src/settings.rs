//! One typed configuration, layered: defaults → TOML file → `REELCUT_*` environment →
//! command-line flags. The loader takes the environment as an argument so tests can pass
//! their own. Nested keys use `__` in the environment: `REELCUT_SPEECH__BEAM_SIZE=1`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

const ENV_PREFIX: &str = "REELCUT_";
/// `REELCUT_CONFIG` names the file layer; it is not itself a setting.
const CONFIG_FILE_VAR: &str = "REELCUT_CONFIG";
/// Kept for compatibility with the documented `$REELCUT_MODELS` shortcut.
const MODELS_DIR_VAR: &str = "REELCUT_MODELS";
/// `REELCUT_*` variables that are not settings: the two above, the log filter, and
/// where the test suite keeps fixture media.
/// The shared vendor directory the scripts fill (scripts/vendor.sh); sets `render.vendor_dir`.
const VENDOR_DIR_VAR: &str = "REELCUT_VENDOR";
const NOT_SETTINGS: &[&str] = &[CONFIG_FILE_VAR, MODELS_DIR_VAR, VENDOR_DIR_VAR, "REELCUT_LOG", "REELCUT_FIXTURES"];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Where `reelcut models fetch` lays out the model set.
    pub models_dir: PathBuf,
    /// Stage artifacts (transcripts, moments, camera paths) keyed by content hash, so a
    /// re-export with new render options does not transcribe again.
    pub cache_dir: PathBuf,
    pub media: MediaSettings,
    pub speech: SpeechSettings,
    pub llm: LlmSettings,
    pub service: ServiceSettings,
    pub render: RenderSettings,
}

/// HyperFrames rendering (`reelcut render`, `/v3/hyperframes/renders`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RenderSettings {
    /// A Chromium that supports `HeadlessExperimental.beginFrame` (Debian's
    /// chromium-headless-shell; the full `chromium` binary does not).
    pub chromium: PathBuf,
    /// Browser libraries served for CDN URLs (`gsap/` inside); `REELCUT_VENDOR`.
    pub vendor_dir: PathBuf,
    /// Browser processes capturing one render in parallel.
    pub workers: usize,
    /// Largest project zip accepted, in bytes (unpacked).
    pub max_project_bytes: u64,
}

impl Default for RenderSettings {
    fn default() -> Self {
        RenderSettings {
            chromium: PathBuf::from("/usr/lib/chromium/chromium-headless-shell"),
            vendor_dir: dirs::data_dir()
                .unwrap_or_else(|| PathBuf::from("."))
                .join("reelcut")
                .join("vendor"),
            workers: 2,
            max_project_bytes: 2 * 1024 * 1024 * 1024,
        }
    }
}

impl RenderSettings {
    /// The vendored GSAP `dist/` files, when `scripts/vendor.sh` has put them there.
    pub fn gsap_dir(&self) -> Option<PathBuf> {
        let dir = self.vendor_dir.join("gsap");
        dir.join("gsap.min.js").is_file().then_some(dir)
    }
}

/// `reelcut serve` / `reelcut worker`: where state lives and how the API behaves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServiceSettings {
    /// Address the HTTP API listens on.
    pub listen: String,
    /// Base URL clients reach the API at; presigned blob URLs start with it.
    pub public_url: String,
    /// `sqlite://PATH` (embedded default) or `postgres://…` (scale-out). Empty: a
    /// SQLite file in `data_dir`.
    pub database_url: String,
    /// `file:///DIR` (default: `data_dir/blobs`) or `s3://bucket/prefix`.
    pub blob_url: String,
    /// Home of the SQLite file, local blobs and the generated signing secret.
    pub data_dir: PathBuf,
    /// HMAC key for presigned URLs and page tokens. Empty: generated once and kept in
    /// `data_dir/secret.key`, so every process sharing the data dir agrees.
    pub secret: Option<String>,
    /// Jobs one process runs at a time (0 = API only, no in-process workers).
    pub workers: usize,
    /// A claimed job's lease; a worker that stops heartbeating loses it after this.
    pub lease_s: u64,
    /// Requests per minute per API key (token bucket; bursts up to the same number).
    pub rate_limit_per_minute: u32,
    /// How long presigned blob and upload URLs stay valid.
    pub url_ttl_s: u64,
    /// Largest upload (multipart or direct PUT).
    pub max_upload_bytes: u64,
    /// Longest source video a job accepts.
    pub max_video_seconds: f64,
    /// IP addresses that remote fetches may reach even though they are private (an
    /// internal object store, a test server). Loopback, private, link-local and
    /// metadata addresses are refused otherwise.
    pub fetch_allow: Vec<String>,
    /// How long webhook deliveries keep retrying before they are marked failed.
    pub webhook_retry_hours: u64,
    /// First webhook retry delay; each further failure doubles it (capped at 1 h).
    pub webhook_backoff_s: f64,
    /// Output size of API clipping jobs (the HeyGen request has no resolution field).
    pub clip_resolution: String,
}

impl Default for ServiceSettings {
    fn default() -> Self {
        ServiceSettings {
            listen: "127.0.0.1:8080".into(),
            public_url: "http://127.0.0.1:8080".into(),
            database_url: String::new(),
            blob_url: String::new(),
            data_dir: dirs::data_dir()
                .unwrap_or_else(|| PathBuf::from("."))
                .join("reelcut")
                .join("service"),
            secret: None,
            workers: 1,
            lease_s: 60,
            rate_limit_per_minute: 600,
            url_ttl_s: 3600,
            max_upload_bytes: 2 * 1024 * 1024 * 1024,
            max_video_seconds: 4.0 * 3600.0,
            fetch_allow: Vec::new(),
            webhook_retry_hours: 25,
            webhook_backoff_s: 5.0,
            clip_resolution: "1080p".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MediaSettings {
    pub ffmpeg: String,
    pub ffprobe: String,
    /// Upper bound on concurrently running media processes.
    pub max_processes: usize,
    /// Per-process wall-clock limit for probes.
    pub probe_timeout_s: u64,
    /// Largest remote input accepted, in bytes.
    pub max_download_bytes: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AsrBackend {
    /// Whisper through CTranslate2 in-process.
    Local,
    /// Any OpenAI-compatible `/v1/audio/transcriptions` server.
    Remote,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SpeechSettings {
    pub backend: AsrBackend,
    /// A bundled model name (`base`, `tiny.en`) or a CTranslate2 model directory.
    pub model: String,
    /// CTranslate2 compute type: int8, int8_float32, float32 …
    pub compute_type: String,
    /// Inference threads (CTranslate2 intra-op and ONNX Runtime).
    pub threads: usize,
    pub beam_size: usize,
    /// ISO-639-1 code; `None` detects it from the first speech.
    pub language: Option<String>,
    /// Use Silero VAD to skip silence and to place chunk cuts in pauses.
    pub vad: bool,
    pub vad_threshold: f32,
    /// Longest chunk handed to Whisper (its window is 30 s).
    pub max_chunk_s: f32,
    pub remote: RemoteAsrSettings,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RemoteAsrSettings {
    /// Base URL, e.g. `http://gpu-box:8000` (the `/v1/audio/transcriptions` path is added).
    pub url: String,
    pub api_key: Option<String>,
    pub model: String,
    pub timeout_s: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            models_dir: default_models_dir(),
            cache_dir: dirs::cache_dir()
                .unwrap_or_else(|| PathBuf::from(".cache"))
                .join("reelcut")
                .join("stages"),
            media: MediaSettings::default(),
            speech: SpeechSettings::default(),
            llm: LlmSettings::default(),
            service: ServiceSettings::default(),
            render: RenderSettings::default(),
        }
    }
}

impl Default for MediaSettings {
    fn default() -> Self {
        MediaSettings {
            ffmpeg: "ffmpeg".into(),
            ffprobe: "ffprobe".into(),
            max_processes: 4,
            probe_timeout_s: 60,
            max_download_bytes: 4 * 1024 * 1024 * 1024,
        }
    }
}

impl Default for SpeechSettings {
    fn default() -> Self {
        SpeechSettings {
            backend: AsrBackend::Local,
            model: "base".into(),
            compute_type: "int8".into(),
            threads: 2,
            beam_size: 5,
            language: None,
            vad: true,
            vad_threshold: 0.5,
            max_chunk_s: 30.0,
            remote: RemoteAsrSettings::default(),
        }
    }
}

impl Default for RemoteAsrSettings {
    fn default() -> Self {
        RemoteAsrSettings {
            url: "http://127.0.0.1:8000".into(),
            api_key: None,
            model: "whisper-1".into(),
            timeout_s: 1800,
        }
    }
}

/// An optional OpenAI-compatible chat endpoint (`/v1/chat/completions`) for the
/// moments room's second pass. Empty `url` = off: everything works without it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LlmSettings {
    /// Base URL, e.g. `http://127.0.0.1:8080` (the `/v1/chat/completions` path is added).
    pub url: String,
    pub model: String,
    pub api_key: Option<String>,
    pub timeout_s: u64,
    /// How many of the best candidates the LLM sees.
    pub candidates: usize,
}

impl Default for LlmSettings {
    fn default() -> Self {
        LlmSettings {
            url: String::new(),
            model: String::new(),
            api_key: None,
            timeout_s: 60,
            candidates: 12,
        }
    }
}

impl LlmSettings {
    pub fn enabled(&self) -> bool {
        !self.url.trim().is_empty()
    }
}

fn default_models_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("reelcut")
        .join("models")
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read config file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("config file {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("setting {key}: {message}")]
    Invalid { key: String, message: String },
}

impl crate::ErrorCode for SettingsError {
    fn code(&self) -> crate::Code {
        crate::Code::InvalidParameter
    }
    fn param(&self) -> Option<&str> {
        match self {
            SettingsError::Invalid { key, .. } => Some(key),
            _ => Some("config"),
        }
    }
}

impl Settings {
    /// Resolves the layers. `file` wins over `REELCUT_CONFIG`; `overrides` are the flags,
    /// as dotted keys (`speech.beam_size`) with TOML literal values.
    pub fn load(file: Option<&Path>, env: &BTreeMap<String, String>, overrides: &[(String, String)]) -> Result<Settings, SettingsError> {
        let mut tree = toml::Value::try_from(Settings::default()).expect("defaults serialise");

        let file = file.map(Path::to_path_buf).or_else(|| env.get(CONFIG_FILE_VAR).map(PathBuf::from));
        if let Some(path) = file {
            let text = std::fs::read_to_string(&path).map_err(|source| SettingsError::Read {
                path: path.clone(),
                source,
            })?;
            let layer: toml::Value = toml::from_str(&text).map_err(|e| SettingsError::Parse {
                path: path.clone(),
                message: e.message().to_string(),
            })?;
            merge(&mut tree, layer);
        }

        if let Some(dir) = env.get(MODELS_DIR_VAR) {
            set_dotted(&mut tree, "models_dir", dir)?;
        }
        if let Some(dir) = env.get(VENDOR_DIR_VAR) {
            set_dotted(&mut tree, "render.vendor_dir", dir)?;
        }
        for (name, value) in env {
            let Some(rest) = name.strip_prefix(ENV_PREFIX) else { continue };
            if NOT_SETTINGS.contains(&name.as_str()) {
                continue;
            }
            let key = rest.to_ascii_lowercase().replace("__", ".");
            set_dotted(&mut tree, &key, value)?;
        }
        for (key, value) in overrides {
            set_dotted(&mut tree, key, value)?;
        }

        let settings: Settings = tree.try_into().map_err(|e: toml::de::Error| SettingsError::Invalid {
            key: "config".into(),
            message: e.message().to_string(),
        })?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), SettingsError> {
        let invalid = |key: &str, message: &str| {
            Err(SettingsError::Invalid {
                key: key.into(),
                message: message.into(),
            })
        };
        if !(1..=8).contains(&self.render.workers) {
            return invalid("render.workers", "must be between 1 and 8");
        }
        if self.speech.threads == 0 {
            return invalid("speech.threads", "must be at least 1");
        }
        if !(1..=16).contains(&self.speech.beam_size) {
            return invalid("speech.beam_size", "must be between 1 and 16");
        }
        if !(5.0..=30.0).contains(&self.speech.max_chunk_s) {
            return invalid("speech.max_chunk_s", "must be between 5 and 30 seconds");
        }
        if !(0.05..=0.95).contains(&self.speech.vad_threshold) {
            return invalid("speech.vad_threshold", "must be between 0.05 and 0.95");
        }
        if self.llm.enabled() && self.llm.model.trim().is_empty() {
            return invalid("llm.model", "must name a model when llm.url is set");
        }
        if !(1..=50).contains(&self.llm.candidates) {
            return invalid("llm.candidates", "must be between 1 and 50");
        }
        if let Some(lang) = &self.speech.language {
            if lang.len() != 2 || !lang.chars().all(|c| c.is_ascii_lowercase()) {
                return invalid("speech.language", "must be a two-letter ISO-639-1 code such as `en`");
            }
        }
        if self.service.lease_s < 2 {
            return invalid("service.lease_s", "must be at least 2 seconds");
        }
        if self.service.rate_limit_per_minute == 0 {
            return invalid("service.rate_limit_per_minute", "must be at least 1");
        }
        if let Some(bad) = self.service.fetch_allow.iter().find(|a| a.parse::<std::net::IpAddr>().is_err()) {
            return Err(SettingsError::Invalid {
                key: "service.fetch_allow".into(),
                message: format!("`{bad}` is not an IP address"),
            });
        }
        if self.media.max_processes == 0 {
            return invalid("media.max_processes", "must be at least 1");
        }
        Ok(())
    }

    /// The resolved settings as TOML, for `reelcut config show`.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).expect("settings serialise")
    }
}

fn merge(base: &mut toml::Value, layer: toml::Value) {
    match (base, layer) {
        (toml::Value::Table(base), toml::Value::Table(layer)) => {
            for (key, value) in layer {
                match base.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (base, layer) => *base = layer,
    }
}

/// Sets `a.b.c` to `raw`, read as a TOML literal when it parses as one (numbers,
/// booleans) and as a string otherwise. Unknown keys are refused here, with the key named.
fn set_dotted(tree: &mut toml::Value, key: &str, raw: &str) -> Result<(), SettingsError> {
    let unknown = || SettingsError::Invalid {
        key: key.into(),
        message: "unknown setting".into(),
    };
    let mut node = tree;
    let parts: Vec<&str> = key.split('.').collect();
    for part in &parts[..parts.len() - 1] {
        node = node.get_mut(*part).filter(|n| n.is_table()).ok_or_else(unknown)?;
    }
    let table = node.as_table_mut().ok_or_else(unknown)?;
    let leaf = parts[parts.len() - 1];
    let value = parse_literal(raw);
    match table.get(leaf) {
        Some(existing) if existing.is_table() => return Err(unknown()),
        Some(_) => {}
        // Optional settings are absent from the serialised defaults.
        None if OPTIONAL_KEYS.contains(&key) => {}
        None => return Err(unknown()),
    }
    table.insert(leaf.to_string(), value);
    Ok(())
}

const OPTIONAL_KEYS: &[&str] = &["speech.language", "speech.remote.api_key", "llm.api_key", "service.secret"];

fn parse_literal(raw: &str) -> toml::Value {
    if let Ok(toml::Value::Table(t)) = toml::from_str::<toml::Value>(&format!("v = {raw}")) {
        if let Some(v) = t.get("v") {
            return v.clone();
        }
    }
    toml::Value::String(raw.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn layers_apply_in_order() {
        let dir = std::env::temp_dir().join(format!("reelcut-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("reelcut.toml");
        std::fs::write(&file, "[speech]\nbeam_size = 3\nmodel = \"tiny.en\"\n").unwrap();
        let e = env(&[
            ("REELCUT_SPEECH__BEAM_SIZE", "2"),
            ("REELCUT_SPEECH__LANGUAGE", "de"),
            ("PATH", "/bin"),
        ]);
        let s = Settings::load(Some(&file), &e, &[("speech.beam_size".into(), "1".into())]).unwrap();
        assert_eq!(s.speech.beam_size, 1, "flag beats env");
        assert_eq!(s.speech.model, "tiny.en", "file beats default");
        assert_eq!(s.speech.language.as_deref(), Some("de"), "env sets an optional key");
        let s = Settings::load(Some(&file), &e, &[]).unwrap();
        assert_eq!(s.speech.beam_size, 2, "env beats file");
    }

    #[test]
    fn unknown_keys_are_named() {
        let err = Settings::load(None, &env(&[("REELCUT_SPEECH__BEEM_SIZE", "2")]), &[]).unwrap_err();
        assert!(err.to_string().contains("speech.beem_size"), "{err}");
        let err = Settings::load(None, &env(&[]), &[("speech.beam_size".into(), "0".into())]).unwrap_err();
        assert!(err.to_string().contains("speech.beam_size"), "{err}");
        let err = Settings::load(None, &env(&[]), &[("service.fetch_allow".into(), "[\"minio:9000\"]".into())]).unwrap_err();
        assert!(err.to_string().contains("service.fetch_allow"), "{err}");
    }

    #[test]
    fn models_shortcut_and_show_round_trip() {
        let s = Settings::load(None, &env(&[("REELCUT_MODELS", "/opt/m")]), &[]).unwrap();
        assert_eq!(s.models_dir, PathBuf::from("/opt/m"));
        let back: Settings = toml::from_str(&s.to_toml()).unwrap();
        assert_eq!(back, s);
    }
}
