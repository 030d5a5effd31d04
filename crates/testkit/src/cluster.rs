//! A scale-out deployment as the README sets it up: one Postgres database, one bucket on
//! a single-node Garage, one signing secret and public URL, and a config file per host
//! with its own data and cache folders. The multi-host tests and `bench/scale` share it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::garage;

const SECRET: &str = "one-signing-secret-every-host-shares";

/// A fresh database on the machine's Postgres; its URL on loopback.
pub fn postgres_database(tag: &str) -> String {
    static MADE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = MADE.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let name = format!("reelcut_{tag}_{}_{n}", std::process::id());
    for sql in [format!("DROP DATABASE IF EXISTS {name}"), format!("CREATE DATABASE {name}")] {
        crate::run("psql", &["-h", "127.0.0.1", "-U", "postgres", "-q", "-c", &sql]);
    }
    format!("postgres://postgres@127.0.0.1:5432/{name}")
}

/// What every host shares, as the hosts reach it.
pub struct Cluster<'a> {
    pub root: &'a Path,
    pub database: String,
    pub s3_endpoint: String,
    pub public_url: String,
    /// Private addresses webhooks may be delivered to (a test's receiver).
    pub fetch_allow: Vec<String>,
    /// Output size of clips: 480p keeps a test quick; a larger one makes rendering
    /// long enough to fault in.
    pub clip_resolution: &'static str,
    /// Inference threads per host (`speech.threads`); `None`: the default.
    pub speech_threads: Option<usize>,
    /// Length of a clipping job's stretches (`service.stretch_s`); `None`: the default.
    pub stretch_s: Option<f64>,
}

impl Cluster<'_> {
    /// The config file of `host`, listening on `listen` (when it serves the API).
    pub fn config(&self, host: &str, listen: &str) -> PathBuf {
        let dir = self.root.join(host);
        std::fs::create_dir_all(&dir).unwrap();
        let config = dir.join("reelcut.toml");
        std::fs::write(
            &config,
            format!(
                r#"cache_dir = {cache:?}
[service]
database_url = "{database}"
blob_url = "s3://{bucket}/scale"
data_dir = {data:?}
secret = "{SECRET}"
listen = "{listen}"
public_url = "{public}"
lease_s = 3
clip_resolution = "{resolution}"
workers = 0
fetch_allow = {allow:?}
{stretch}
webhook_backoff_s = 0.5
[service.s3]
endpoint = "{endpoint}"
region = "{region}"
path_style = true
access_key_id = "{key_id}"
secret_access_key = "{secret}"
{speech}"#,
                cache = dir.join("stages"),
                data = dir.join("data"),
                database = self.database,
                bucket = garage::BUCKET,
                public = self.public_url,
                allow = self.fetch_allow,
                resolution = self.clip_resolution,
                endpoint = self.s3_endpoint,
                region = garage::REGION,
                key_id = garage::KEY_ID,
                secret = garage::SECRET,
                stretch = self.stretch_s.map(|s| format!("stretch_s = {s:?}")).unwrap_or_default(),
                speech = self
                    .speech_threads
                    .map(|n| format!("[speech]\nthreads = {n}\n"))
                    .unwrap_or_default(),
            ),
        )
        .unwrap();
        config
    }
}

/// `reelcut --config CONFIG ARGS…` as `command` starts it (the binary itself, or inside
/// `ip netns exec` or `taskset`), with the fixtures' models, logging to `CONFIG.log`.
pub fn launch(mut command: Command, config: &Path, args: &[&str]) -> Child {
    let log = std::fs::File::create(config.with_extension("log")).unwrap();
    command
        .arg("--config")
        .arg(config)
        .args(args)
        .env("REELCUT_MODELS", crate::models_dir())
        .env_remove("REELCUT_CACHE_DIR")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap()
}
