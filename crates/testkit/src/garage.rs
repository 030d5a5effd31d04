//! A single-node Garage (the self-hosted S3 store, `cargo install garage` by
//! scripts/garage.sh) started for one test: its own config, metadata and data folders,
//! S3 and RPC on free loopback ports, one bucket and one key with read and write on it.
//! Stopped (SIGKILL) and its folders removed when dropped; `restart` kills it and starts
//! it again on the same folders and ports, for tests that lose the store mid-job.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const REGION: &str = "garage";
pub const BUCKET: &str = "reelcut";
/// Garage key ids are `GK` and 24 hex digits; secrets 64 hex digits.
pub const KEY_ID: &str = "GK0123456789abcdef01234567";
pub const SECRET: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

pub struct Garage {
    child: Option<Child>,
    dir: tempfile::TempDir,
    pub s3_port: u16,
    /// Where it listens: loopback, or the address of its own host.
    address: String,
    /// The network namespace of its host, when it has one.
    namespace: Option<String>,
}

/// The Garage binary: `$GARAGE_BIN`, else where scripts/garage.sh installs it.
pub fn binary() -> PathBuf {
    let path = std::env::var_os("GARAGE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").expect("HOME is set")).join(".cache/reelcut-garage/bin/garage"));
    assert!(
        path.is_file(),
        "Garage is not installed at {}: run scripts/garage.sh",
        path.display()
    );
    path
}

impl Garage {
    /// A fresh node on loopback with the bucket and key ready.
    pub fn start() -> Garage {
        Garage::start_at("127.0.0.1", None)
    }

    /// A fresh node on its own host (a network namespace of `reelcut_testkit::hosts`),
    /// listening on the host's address: cutting the host off stalls every connection
    /// to the store, as when the storage machine drops off the network.
    pub fn start_on(host: &crate::hosts::Host) -> Garage {
        Garage::start_at(&host.address, Some(host.namespace().to_string()))
    }

    fn start_at(address: &str, namespace: Option<String>) -> Garage {
        let dir = tempfile::Builder::new().prefix("reelcut-garage-").tempdir().unwrap();
        let (s3_port, rpc_port) = (crate::free_port(), crate::free_port());
        let config = format!(
            r#"metadata_dir = "{root}/meta"
data_dir = "{root}/data"
db_engine = "sqlite"
replication_factor = 1
rpc_bind_addr = "{address}:{rpc_port}"
rpc_public_addr = "{address}:{rpc_port}"
rpc_secret = "{rpc_secret}"

[s3_api]
s3_region = "{REGION}"
api_bind_addr = "{address}:{s3_port}"
root_domain = ".s3.garage.localhost"
"#,
            root = dir.path().display(),
            rpc_secret = SECRET,
        );
        std::fs::write(dir.path().join("garage.toml"), config).unwrap();
        let mut garage = Garage {
            child: None,
            dir,
            s3_port,
            address: address.to_string(),
            namespace,
        };
        garage.spawn();
        let status = garage.cli(&["status"]);
        let node = status
            .lines()
            .find_map(|l| {
                let id = l.split_whitespace().next()?;
                (id.len() == 16 && id.chars().all(|c| c.is_ascii_hexdigit())).then(|| id.to_string())
            })
            .unwrap_or_else(|| panic!("no node id in `garage status`:\n{status}"));
        garage.cli(&["layout", "assign", "-z", "dc1", "-c", "1GB", &node]);
        garage.cli(&["layout", "apply", "--version", "1"]);
        garage.cli(&["bucket", "create", BUCKET]);
        garage.cli(&["key", "import", "--yes", "-n", "reelcut-test", KEY_ID, SECRET]);
        garage.cli(&["bucket", "allow", "--read", "--write", "--owner", BUCKET, "--key", KEY_ID]);
        garage
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("garage.toml")
    }

    fn spawn(&mut self) {
        let log = std::fs::File::create(self.dir.path().join("garage.log")).unwrap();
        let mut command = match &self.namespace {
            Some(namespace) => {
                let mut inside = Command::new("ip");
                inside.args(["netns", "exec", namespace]).arg(binary());
                inside
            }
            None => Command::new(binary()),
        };
        let child = command
            .args(["-c", self.config().to_str().unwrap(), "server"])
            .env("RUST_LOG", "garage=warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("garage starts");
        self.child = Some(child);
        self.wait_ready();
    }

    /// Until the S3 port answers.
    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect((self.address.as_str(), self.s3_port)).is_err() {
            assert!(Instant::now() < deadline, "garage did not start:\n{}", self.log());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("garage.log")).unwrap_or_default()
    }

    /// Runs a `garage` CLI command against this node, returning its stdout. Retries
    /// for a few seconds while the node is still coming up.
    pub fn cli(&self, args: &[&str]) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let out = Command::new(binary())
                .args(["-c", self.config().to_str().unwrap()])
                .args(args)
                .output()
                .unwrap();
            if out.status.success() {
                return String::from_utf8_lossy(&out.stdout).into_owned();
            }
            if Instant::now() > deadline {
                panic!("garage {args:?} failed: {}{}", String::from_utf8_lossy(&out.stderr), self.log());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://{}:{}", self.address, self.s3_port)
    }

    /// `s3://reelcut/PREFIX`.
    pub fn blob_url(&self, prefix: &str) -> String {
        format!("s3://{BUCKET}/{prefix}")
    }

    /// The settings layer (TOML dotted keys → values) that points reelcut at this node.
    pub fn settings(&self) -> Vec<(String, String)> {
        vec![
            ("service.s3.endpoint".into(), format!("\"{}\"", self.endpoint())),
            ("service.s3.region".into(), format!("\"{REGION}\"")),
            ("service.s3.path_style".into(), "true".into()),
            ("service.s3.access_key_id".into(), format!("\"{KEY_ID}\"")),
            ("service.s3.secret_access_key".into(), format!("\"{SECRET}\"")),
        ]
    }

    /// Kills the server (SIGKILL) and starts it again on the same data and ports.
    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }

    /// Kills the server (SIGKILL); `restart` brings it back.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().ok();
            child.wait().ok();
        }
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Garage {
    fn drop(&mut self) {
        self.kill();
    }
}
