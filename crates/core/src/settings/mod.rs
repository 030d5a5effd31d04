//! One typed configuration, layered: defaults → TOML file → `REELCUT_*` environment →
//! command-line flags. The loader takes the environment as an argument so tests can pass
//! their own. Nested keys use `__` in the environment: `REELCUT_SPEECH__BEAM_SIZE=1`.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

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

    /// The vendored `@fontsource` faces, when `scripts/vendor.sh fonts` has put them there.
    pub fn fonts_dir(&self) -> Option<PathBuf> {
        let dir = self.vendor_dir.join("fonts");
        dir.is_dir().then_some(dir)
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
    /// Where an `s3://` blob URL is served from and how to sign in to it.
    pub s3: S3Settings,
    /// Home of the SQLite file, local blobs and the generated signing secret.
    pub data_dir: PathBuf,
    /// HMAC key for presigned URLs and page tokens. Empty: generated once and kept in
    /// `data_dir/secret.key`, so every process sharing the data dir agrees.
    pub secret: Option<String>,
    /// Jobs one process runs at a time (0 = API only, no in-process workers).
    pub workers: usize,
    /// A claimed job's lease; a worker that stops heartbeating loses it after this.
    pub lease_s: u64,
    /// Kinds of job this process's workers take: `clip`, `render`, `export`, `agent`
    /// (a GPU-less or Chromium-less host skips some). Empty: every kind.
    pub kinds: Vec<String>,
    /// On SIGTERM or Ctrl-C, running jobs get this long to finish; those still running
    /// then are handed back to the queue for another worker.
    pub drain_s: u64,
    /// Address a worker serves Prometheus `/metrics` on (tasks by kind and state, lease
    /// losses, stage durations). Empty: none.
    pub metrics_listen: String,
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
    /// A clipping job's input is cut (in pauses) into stretches about this long, each
    /// transcribed as its own task, so several workers share one long video. Shorter
    /// stretches share the work more evenly; each costs a model load (about a second).
    pub stretch_s: f64,
}

impl Default for ServiceSettings {
    fn default() -> Self {
        ServiceSettings {
            listen: "127.0.0.1:8080".into(),
            public_url: "http://127.0.0.1:8080".into(),
            database_url: String::new(),
            blob_url: String::new(),
            s3: S3Settings::default(),
            data_dir: dirs::data_dir()
                .unwrap_or_else(|| PathBuf::from("."))
                .join("reelcut")
                .join("service"),
            secret: None,
            workers: 1,
            lease_s: 60,
            kinds: Vec::new(),
            drain_s: 25,
            metrics_listen: String::new(),
            rate_limit_per_minute: 600,
            url_ttl_s: 3600,
            max_upload_bytes: 2 * 1024 * 1024 * 1024,
            max_video_seconds: 4.0 * 3600.0,
            fetch_allow: Vec::new(),
            webhook_retry_hours: 25,
            webhook_backoff_s: 5.0,
            clip_resolution: "1080p".into(),
            stretch_s: 120.0,
        }
    }
}

/// The S3 service behind an `s3://` blob URL: AWS itself, or a self-hosted one (Garage,
/// MinIO) at `endpoint`. A field left empty falls back to the standard `AWS_*`
/// variable (`AWS_ENDPOINT`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`),
/// so an AWS host with the usual credentials needs none of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct S3Settings {
    /// `http://host:port` of a self-hosted server (plain HTTP is allowed only when the
    /// endpoint says so). Empty: AWS's endpoint for `region`.
    pub endpoint: String,
    /// Garage's default is `garage`; AWS's `us-east-1`.
    pub region: String,
    /// Path-style requests (`endpoint/bucket/key`) instead of `bucket.endpoint/key`:
    /// what Garage and MinIO expect unless a wildcard DNS name points at them
    /// (the default; AWS answers both).
    pub path_style: bool,
    pub access_key_id: String,
    /// Better given as `REELCUT_SERVICE__S3__SECRET_ACCESS_KEY` than in a file.
    pub secret_access_key: String,
}

impl Default for S3Settings {
    fn default() -> Self {
        S3Settings {
            endpoint: String::new(),
            region: String::new(),
            path_style: true,
            access_key_id: String::new(),
            secret_access_key: String::new(),
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
    /// Every other ffmpeg/Chromium run may take this many seconds …
    pub process_floor_s: f64,
    /// … plus this many seconds per second of the media it covers.
    pub process_factor: f64,
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
            process_floor_s: 120.0,
            process_factor: 30.0,
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
    /// With no `url`: let the embedded SmolLM2 write hooks (its lines are checked and
    /// the extractive line is kept when they fail; off by default, see bench/llm).
    pub embedded: bool,
}

impl Default for LlmSettings {
    fn default() -> Self {
        LlmSettings {
            url: String::new(),
            model: String::new(),
            api_key: None,
            timeout_s: 60,
            candidates: 12,
            embedded: false,
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

mod load;
