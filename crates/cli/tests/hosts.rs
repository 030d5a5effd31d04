//! Scale-out across hosts: the API on one network namespace, a worker on each of two
//! others, Postgres and Garage behind the bridge's gateway (`reelcut_testkit::hosts`).
//! A worker host is killed (every process, SIGKILL) in a stage of a clipping job, or
//! cut off the network past its moments and put back; the other worker takes the job over
//! when the lease runs out. Every round checks what a user would: the job completes
//! with its clips, the database holds no second row for any clip, the webhook arrives
//! once, and the bucket holds no blob that no clip row (or the export copy) points to.
//!
//! Two faults hit the upload: the store relay stalls past the moments, and once the job
//! shows it publishing either the host is killed or Garage is restarted.
//!
//! `FAULT_ROUNDS=N` repeats each fault N times (the closing-note measurement runs 10).

mod common;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::cluster::{self, postgres_database, Cluster};
use common::{api_key, start_clipping_with, wait};
use reelcut_testkit::garage::Garage;
use reelcut_testkit::hosts::{forward, Host, Network};
use serde_json::{json, Value};

#[derive(Clone, Copy, Debug)]
enum Fault {
    /// Kill the first worker's host once the job's progress reaches this.
    KillAt(i64),
    /// Cut the first worker's host off at this progress; put it back once the other
    /// worker has finished.
    CutAt(i64),
    /// Kill the first worker's host while it uploads the clips: the store stops
    /// answering past the moments, and the host goes once the job shows it publishing.
    KillInPublish,
    /// Restart Garage while the worker uploads the clips (the store stalled the same
    /// way, then killed and started again on its data); no worker is lost.
    RestartStoreInUpload,
}

impl Fault {
    /// The progress at which the fault (or its stalled store) begins.
    fn at(self) -> i64 {
        match self {
            Fault::KillAt(p) | Fault::CutAt(p) => p,
            Fault::KillInPublish | Fault::RestartStoreInUpload => CLIP_STAGES,
        }
    }
}

/// Progress as the heartbeat writes it: transcription runs from 4 to 50 %; past the
/// moments (55 %) the one clip is looked at and rendered, and the next value written
/// is often the end — so a fault "in the look and render stages" comes at 55 %.
const TRANSCRIBE: i64 = 6;
const CLIP_STAGES: i64 = 55;
/// The publish stage: clips uploaded, rows written.
const PUBLISH: i64 = 99;

fn rounds() -> usize {
    std::env::var("FAULT_ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(1)
}

/// One cluster at a time: on 2 cores, parallel clusters would starve each other's
/// leases and test the scheduler instead.
#[test]
fn a_worker_host_killed_or_cut_off_loses_nothing() {
    let faults = [
        Fault::KillAt(TRANSCRIBE),
        Fault::KillAt(CLIP_STAGES),
        Fault::CutAt(CLIP_STAGES),
        Fault::KillInPublish,
        Fault::RestartStoreInUpload,
    ];
    for fault in faults {
        for round in 0..rounds() {
            let started = Instant::now();
            survive(fault);
            eprintln!("{fault:?} round {round}: completed in {:.1} s", started.elapsed().as_secs_f64());
        }
    }
}

/// Receives webhook deliveries on `listen`; the bodies, in arrival order.
fn webhook_receiver(listen: SocketAddr) -> Arc<Mutex<Vec<Value>>> {
    let received = Arc::new(Mutex::new(Vec::new()));
    let bodies = received.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    std::thread::spawn(move || {
        runtime.block_on(async move {
            let app = axum::Router::new().route(
                "/hook",
                axum::routing::post(move |axum::Json(body): axum::Json<Value>| {
                    let bodies = bodies.clone();
                    async move { bodies.lock().unwrap().push(body) }
                }),
            );
            let listener = tokio::net::TcpListener::bind(listen).await.unwrap();
            axum::serve(listener, app).await.unwrap();
        })
    });
    received
}

fn survive(fault: Fault) {
    let root = reelcut_testkit::tempdir();
    let mut garage = Garage::start();
    let database = postgres_database("hosts");
    let mut network = Network::start();
    let gateway = network.gateway();
    forward(format!("{gateway}:5432").parse().unwrap(), "127.0.0.1:5432".parse().unwrap());
    let store = forward(
        format!("{gateway}:{}", garage.s3_port).parse().unwrap(),
        format!("127.0.0.1:{}", garage.s3_port).parse().unwrap(),
    );
    let hook_port = common::port();
    let hooks = webhook_receiver(format!("{gateway}:{hook_port}").parse().unwrap());

    let (api_host, first, second) = (network.host("api"), network.host("w1"), network.host("w2"));
    let base = format!("http://{}:8080", api_host.address);
    let cluster = Cluster {
        root: root.path(),
        database: database.replace("127.0.0.1", &gateway),
        s3_endpoint: format!("http://{gateway}:{}", garage.s3_port),
        public_url: base.clone(),
        fetch_allow: vec![gateway.clone()],
        clip_resolution: "1080p",
    };
    let api_config = cluster.config("api", &format!("{}:8080", api_host.address));
    let key = api_key(&api_config, "hosts");
    let mut processes = vec![start(&api_host, &api_config, &["serve"])];
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    wait_up(&client, &base);

    let talk = reelcut_testkit::talk_video(root.path(), reelcut_testkit::SHORT_TALK);
    let fields = json!({
        "output_settings": { "duration_types": ["30"] },
        "callback_url": format!("http://{gateway}:{hook_port}/hook"),
    });
    let id = start_clipping_with(&client, &base, &key, &talk, fields);
    processes.push(start(
        &first,
        &cluster.config("w1", "127.0.0.1:0"),
        &["worker", "--concurrency", "1"],
    ));
    let reached = |at: i64| {
        let job = wait(&client, &base, &key, &id, |j| {
            j["progress"].as_i64().unwrap_or(0) >= at || j["status"] == json!("completed")
        });
        assert_eq!(job["status"], json!("running"), "{fault:?}: the fault came too late: {job}");
    };
    reached(fault.at());
    match fault {
        Fault::KillAt(_) => first.kill(),
        Fault::CutAt(_) => first.cut(),
        Fault::KillInPublish | Fault::RestartStoreInUpload => {
            store.stall();
            reached(PUBLISH);
            // Let the first upload start and hang on the stalled store.
            std::thread::sleep(Duration::from_secs(2));
            match fault {
                Fault::KillInPublish => first.kill(),
                _ => garage.restart(),
            }
            store.resume();
        }
    }
    processes.push(start(
        &second,
        &cluster.config("w2", "127.0.0.1:0"),
        &["worker", "--concurrency", "1"],
    ));
    let done = wait(&client, &base, &key, &id, |j| j["status"] == json!("completed"));
    if let Fault::CutAt(_) = fault {
        // Back on the network, the first worker finds its lease gone and stops.
        first.restore();
        std::thread::sleep(Duration::from_secs(4));
    }
    check_outcome(fault, &database, &garage, &id, &done, &hooks);
    for mut process in processes {
        let _ = process.kill();
        let _ = process.wait();
    }
}

/// `reelcut` with `config` and `args`, inside `host`, logging to the config's folder.
fn start(host: &Host, config: &std::path::Path, args: &[&str]) -> std::process::Child {
    let log = std::fs::File::create(config.with_extension("log")).unwrap();
    host.command(env!("CARGO_BIN_EXE_reelcut"))
        .arg("--config")
        .arg(config)
        .args(args)
        .env("REELCUT_MODELS", reelcut_testkit::models_dir())
        .env_remove("REELCUT_CACHE_DIR")
        .stdout(std::process::Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap()
}

fn wait_up(client: &reqwest::blocking::Client, base: &str) {
    let started = Instant::now();
    while !client.get(format!("{base}/readyz")).send().is_ok_and(|r| r.status().is_success()) {
        assert!(started.elapsed() < Duration::from_secs(30), "the API host did not come up");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn psql(database: &str, sql: &str) -> String {
    let out = std::process::Command::new("psql").args([database, "-tAc", sql]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn check_outcome(fault: Fault, database: &str, garage: &Garage, id: &str, done: &Value, hooks: &Mutex<Vec<Value>>) {
    let clips = done["clips"].as_array().unwrap();
    assert!(!clips.is_empty(), "{fault:?}: {done}");
    let rows = psql(database, &format!("SELECT count(*) FROM clips WHERE job_id = '{id}'"));
    assert_eq!(rows, clips.len().to_string(), "{fault:?}: one row per clip");

    // The webhook: once, whichever process's sender delivers it.
    let deadline = Instant::now() + Duration::from_secs(15);
    while hooks.lock().unwrap().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_secs(2));
    let mine: Vec<Value> = hooks
        .lock()
        .unwrap()
        .iter()
        .filter(|b| b.to_string().contains(id))
        .cloned()
        .collect();
    assert_eq!(mine.len(), 1, "{fault:?}: the webhook arrives once: {mine:?}");

    // Every blob of the job is a clip's (four files each) or the export copy.
    let keys = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(cluster::bucket(garage).list(""))
        .unwrap();
    let mut by_clip: BTreeMap<String, usize> = BTreeMap::new();
    for key in keys.iter().filter(|k| k.contains(&format!("/jobs/{id}/")) && !k.contains("/kept/")) {
        let name = key.rsplit('/').next().unwrap();
        *by_clip.entry(name.split('.').next().unwrap().to_string()).or_default() += 1;
    }
    assert_eq!(by_clip.len(), clips.len(), "{fault:?}: orphaned blobs: {keys:?}");
    assert!(by_clip.values().all(|&n| n == 4), "{fault:?}: {by_clip:?}");
}
