//! Scale-out across hosts: the API on one network namespace, a worker on each of two
//! others, Garage on a fourth, Postgres behind the bridge's gateway
//! (`reelcut_testkit::hosts`).
//! The clipping job runs spread over its tasks (a stretch to transcribe, then a clip to
//! look at and render) and its own steps (start, moments, publish). A worker host is
//! killed (every process, SIGKILL) in each of them, aimed by what the database and the
//! host's processes show (the stretch task running, the moments step holding the job,
//! ffmpeg writing the clip, publish waiting on its rows), or cut off the network
//! mid-render and put back; the other worker takes the task or step over when its lease
//! runs out. Every round checks what a user would: the job completes with its clips, the
//! database holds no second row for any clip, the webhook arrives once, the bucket holds
//! no blob that no clip row (or the export copy) points to once the sweep removed the
//! stage artifacts, and no host keeps scratch of the finished job after its sweep.
//!
//! The publish step is hit as it writes the clip rows: the test holds the clips table in
//! a transaction of its own, so the step's insert waits until its host is killed.
//!
//! Two faults hit the upload: the store's host is cut off during the clip's task, and once
//! the clip is drawn and its upload hangs either the host is killed or Garage restarts.
//!
//! `FAULT_ROUNDS=N` repeats each fault N times (the closing-note measurement runs 10);
//! `FAULTS=KillInPublish,…` runs only the faults named.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::cluster::{self, postgres_database, Cluster};
use common::{api_key, psql, start_clipping_with, wait};
use reelcut_testkit::garage::Garage;
use reelcut_testkit::hosts::{forward, Host, Network};
use serde_json::{json, Value};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Fault {
    /// Kill the first worker's host while it transcribes the talk's stretch.
    KillInTranscribe,
    /// Kill it while it runs the job's moments step.
    KillInMoments,
    /// Kill it while ffmpeg draws the first clip.
    KillInRender,
    /// Cut it off the network while ffmpeg draws the first clip; put it back once the
    /// other worker has finished.
    CutInRender,
    /// Kill it while it uploads the first clip: the store stops answering during the
    /// clip's task, and the host goes once the clip is drawn and its upload hangs.
    KillInUpload,
    /// Restart Garage while the worker uploads the first clip (the store stalled the
    /// same way, then killed and started again on its data); no worker is lost.
    RestartStoreInUpload,
    /// Kill it in the job's publish step, as it writes the clip rows: the test holds
    /// the clips table, so the step's insert waits there until the host is gone.
    KillInPublish,
}

fn rounds() -> usize {
    std::env::var("FAULT_ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(1)
}

/// One cluster at a time: on 2 cores, parallel clusters would starve each other's
/// leases and test the scheduler instead.
#[test]
fn a_worker_host_killed_or_cut_off_loses_nothing() {
    let faults = [
        Fault::KillInTranscribe,
        Fault::KillInMoments,
        Fault::KillInRender,
        Fault::CutInRender,
        Fault::KillInUpload,
        Fault::RestartStoreInUpload,
        Fault::KillInPublish,
    ];
    // `FAULTS=KillInPublish,CutInRender` runs only those.
    let only = std::env::var("FAULTS").unwrap_or_default();
    for fault in faults
        .into_iter()
        .filter(|f| only.is_empty() || only.split(',').any(|o| o == format!("{f:?}")))
    {
        for round in 0..rounds() {
            let started = Instant::now();
            survive(fault);
            eprintln!("{fault:?} round {round}: completed in {:.1} s", started.elapsed().as_secs_f64());
        }
    }
}

/// The job's rows as the database holds them, read from the test process.
struct Watch<'a> {
    database: &'a str,
    job: &'a str,
}

impl Watch<'_> {
    fn task_status(&self, name: &str) -> String {
        psql(self.database, &format!("SELECT status FROM jobs WHERE id = '{}-{name}'", self.job))
    }

    /// The job's own step runs (a worker holds it) between its stretch and its clips.
    fn choosing(&self) -> bool {
        self.task_status("s000") == "completed"
            && self.task_status("c001").is_empty()
            && !psql(self.database, &format!("SELECT lease_owner FROM jobs WHERE id = '{}'", self.job)).is_empty()
    }

    /// The publish step waits to write the clip rows (it alone writes that table).
    fn publishing(&self) -> bool {
        psql(
            self.database,
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'clips'::regclass",
        ) != "0"
    }

    fn completed(&self) -> bool {
        psql(self.database, &format!("SELECT status FROM jobs WHERE id = '{}'", self.job)) == "completed"
    }

    /// Polls (every 20 ms) until `reached`; fails when the job completes first.
    fn until(&self, fault: Fault, what: &str, reached: impl Fn() -> bool) {
        let started = Instant::now();
        while !reached() {
            assert!(!self.completed(), "{fault:?}: the job completed before {what}");
            assert!(started.elapsed() < Duration::from_secs(300), "{fault:?}: {what} never came");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// A transaction that holds `table` against writes (reads go on) until dropped.
struct TableHold(std::process::Child);

impl TableHold {
    fn take(database: &str, table: &str) -> Self {
        let mut session = std::process::Command::new("psql")
            .args([database, "-qtA", "-v", "ON_ERROR_STOP=1"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let sql = format!("BEGIN;\nLOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE;\nSELECT 'held';\n");
        session.stdin.as_mut().unwrap().write_all(sql.as_bytes()).unwrap();
        let mut line = String::new();
        BufReader::new(session.stdout.as_mut().unwrap()).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "held", "the lock on {table} was not taken");
        Self(session)
    }
}

impl Drop for TableHold {
    fn drop(&mut self) {
        if let Some(mut stdin) = self.0.stdin.take() {
            let _ = stdin.write_all(b"COMMIT;\n");
        }
        let _ = self.0.wait();
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
    let database = postgres_database("hosts");
    let mut network = Network::start();
    let gateway = network.gateway();
    forward(format!("{gateway}:5432").parse().unwrap(), "127.0.0.1:5432".parse().unwrap());
    // The store on a host of its own: cutting that host off stalls every upload.
    let store = network.host("store");
    let mut garage = Garage::start_on(&store);
    let hook_port = common::port();
    let hooks = webhook_receiver(format!("{gateway}:{hook_port}").parse().unwrap());

    let (api_host, first, second) = (network.host("api"), network.host("w1"), network.host("w2"));
    let base = format!("http://{}:8080", api_host.address);
    let cluster = Cluster {
        root: root.path(),
        database: database.replace("127.0.0.1", &gateway),
        s3_endpoint: garage.endpoint(),
        public_url: base.clone(),
        fetch_allow: vec![gateway.clone()],
        clip_resolution: "1080p",
        speech_threads: None,
        stretch_s: None,
    };
    let api_config = cluster.config("api", &format!("{}:8080", api_host.address));
    let key = api_key(&api_config, "hosts");
    let mut processes = vec![start(&api_host, &api_config, &["serve"])];
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    reelcut_testkit::client::wait_up(&client, &base);

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
    let watch = Watch {
        database: &database,
        job: &id,
    };
    strike(fault, &watch, &first, &store, &mut garage, &root.path().join("w1/data/work"));
    processes.push(start(
        &second,
        &cluster.config("w2", "127.0.0.1:0"),
        &["worker", "--concurrency", "1"],
    ));
    let done = wait(&client, &base, &key, &id, |j| j["status"] == json!("completed"));
    if fault == Fault::CutInRender {
        // Back on the network, the first worker finds its lease gone and stops.
        first.restore();
        std::thread::sleep(Duration::from_secs(4));
    }
    check_outcome(fault, &database, &garage, &id, &done, &hooks);
    check_swept(fault, &cluster, &garage, &id);
    for mut process in processes {
        let _ = process.kill();
        let _ = process.wait();
    }
}

/// Waits for the moment `fault` aims at on the first worker's host (`first`, whose work
/// folder is `work`), then strikes.
fn strike(fault: Fault, watch: &Watch, first: &Host, store: &Host, garage: &mut Garage, work: &std::path::Path) {
    let id = watch.job;
    // The first clip's ffmpeg writes this file on the first worker's host.
    let drawing = format!("{id}-c001/out/clip-01.mp4");
    let drawn = work.join(format!("{id}-c001/out/clip-01.mp4"));
    match fault {
        Fault::KillInTranscribe => {
            watch.until(fault, "the stretch", || {
                watch.task_status("s000") == "running" && first.runs("ffmpeg")
            });
            first.kill();
        }
        Fault::KillInMoments => {
            watch.until(fault, "the moments step", || watch.choosing());
            first.kill();
        }
        Fault::KillInRender => {
            watch.until(fault, "the render", || first.runs(&drawing));
            first.kill();
        }
        Fault::CutInRender => {
            watch.until(fault, "the render", || first.runs(&drawing));
            first.cut();
        }
        Fault::KillInUpload | Fault::RestartStoreInUpload => {
            // The task has read what it needs once it looks at faces; the store then
            // stops answering, so the clip's first upload hangs once it is drawn.
            let source = format!("{id}/source");
            watch.until(fault, "the clip's task", || {
                watch.task_status("c001") == "running" && first.runs(&source)
            });
            store.cut();
            watch.until(fault, "the drawn clip", || drawn.exists() && !first.runs(&drawing));
            std::thread::sleep(Duration::from_secs(2));
            match fault {
                Fault::KillInUpload => {
                    first.kill();
                    store.restore();
                }
                _ => {
                    garage.kill();
                    store.restore();
                    garage.restart();
                }
            }
        }
        Fault::KillInPublish => {
            watch.until(fault, "the clip's task", || watch.task_status("c001") == "running");
            let held = TableHold::take(watch.database, "clips");
            watch.until(fault, "the publish step", || watch.publishing());
            first.kill();
            drop(held);
        }
    }
}

/// `reelcut` with `config` and `args`, inside `host`, logging to the config's folder.
fn start(host: &Host, config: &std::path::Path, args: &[&str]) -> std::process::Child {
    reelcut_testkit::cluster::launch(host.command(env!("CARGO_BIN_EXE_reelcut")), config, args)
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

    // Every blob of the job is a clip's (four files each), the export copy, or a stage
    // artifact the sweep removes (below).
    let keys = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(cluster::bucket(garage).list(""))
        .unwrap();
    let mut by_clip: BTreeMap<String, usize> = BTreeMap::new();
    for key in keys
        .iter()
        .filter(|k| k.contains(&format!("/jobs/{id}/")) && !k.contains("/kept/") && !k.contains("/stage/"))
    {
        let name = key.rsplit('/').next().unwrap();
        *by_clip.entry(name.split('.').next().unwrap().to_string()).or_default() += 1;
    }
    assert_eq!(by_clip.len(), clips.len(), "{fault:?}: orphaned blobs: {keys:?}");
    assert!(by_clip.values().all(|&n| n == 4), "{fault:?}: {by_clip:?}");
}

/// `reelcut sweep` on every host (the killed one as if it restarted): the job's stage
/// artifacts leave the bucket, its clips and export copy stay, and no host keeps scratch
/// of the job or its tasks.
fn check_swept(fault: Fault, cluster: &Cluster, garage: &Garage, id: &str) {
    for host in ["w1", "w2"] {
        let config = cluster.root.join(host).join("reelcut.toml");
        let swept = common::reelcut(&config).arg("sweep").output().unwrap();
        assert!(swept.status.success(), "{}", String::from_utf8_lossy(&swept.stderr));
        let work = cluster.root.join(host).join("data/work");
        let left: Vec<_> = std::fs::read_dir(&work)
            .map(|dir| dir.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert!(left.is_empty(), "{fault:?}: {host} keeps scratch {left:?}");
    }
    let keys = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(cluster::bucket(garage).list(""))
        .unwrap();
    let mine: Vec<_> = keys.iter().filter(|k| k.contains(&format!("/jobs/{id}/"))).collect();
    assert!(
        mine.iter().all(|k| !k.contains("/stage/")),
        "{fault:?}: stage artifacts stayed: {mine:?}"
    );
    assert!(
        mine.iter().any(|k| k.ends_with("clip-01.mp4")),
        "{fault:?}: the sweep took a clip: {mine:?}"
    );
}
