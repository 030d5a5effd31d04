//! Scale-out as a user sets it up ("Running on several machines" in the README): an API
//! process with no workers, worker processes with their own data and cache folders,
//! one Postgres database and one S3 bucket on a single-node Garage. A worker is killed
//! (SIGKILL) past transcription and moment selection; a second worker, started after,
//! takes the job over when its lease runs out and finishes it. The clips are blobs in
//! Garage, not files on any host, and the API serves them (ranges included); the killed
//! worker's scratch is swept when it starts again.

mod common;

use std::path::Path;

use common::cluster::{self, postgres_database, Cluster};
use common::{api_key, reelcut, serve, start_clipping, wait};
use reelcut_testkit::garage::Garage;
use reelcut_testkit::tempdir;
use serde_json::json;

/// One host's config on loopback: the shared database, bucket, secret and public URL;
/// its own folders.
fn host_config(root: &Path, host: &str, database: &str, garage: &Garage, port: u16) -> std::path::PathBuf {
    let cluster = Cluster {
        root,
        database: database.into(),
        s3_endpoint: garage.endpoint(),
        public_url: format!("http://127.0.0.1:{port}"),
        fetch_allow: Vec::new(),
        clip_resolution: "480p",
        speech_threads: None,
        stretch_s: None,
    };
    cluster.config(host, &format!("127.0.0.1:{port}"))
}

/// The API host of a deployment on loopback, serving, with a key.
struct Deployment {
    root: tempfile::TempDir,
    garage: Garage,
    database: String,
    port: u16,
    base: String,
    key: String,
    api: std::process::Child,
    client: reqwest::blocking::Client,
}

impl Deployment {
    fn start(tag: &str) -> Deployment {
        let root = tempdir();
        let garage = Garage::start();
        let database = postgres_database(tag);
        let port = common::port();
        let base = format!("http://127.0.0.1:{port}");
        let api_config = host_config(root.path(), "api", &database, &garage, port);
        let key = api_key(&api_config, "scale");
        let api = serve(&api_config, &base);
        Deployment {
            root,
            garage,
            database,
            port,
            base,
            key,
            api,
            client: reqwest::blocking::Client::new(),
        }
    }
}

fn worker(config: &Path) -> std::process::Child {
    reelcut(config).args(["worker", "--concurrency", "1"]).spawn().unwrap()
}

#[test]
fn a_job_survives_its_worker_on_postgres_and_garage() {
    let Deployment {
        root,
        garage,
        database,
        port,
        base,
        key,
        mut api,
        client,
    } = Deployment::start("scale");

    let talk = reelcut_testkit::talk_video(root.path(), reelcut_testkit::SHORT_TALK);
    let id = start_clipping(&client, &base, &key, &talk, &["30"]);
    let mut first = worker(&host_config(root.path(), "worker-a", &database, &garage, port));
    let before = wait(&client, &base, &key, &id, |j| {
        j["progress"].as_i64().unwrap_or(0) >= 55 || j["status"] == json!("completed")
    });
    assert_eq!(before["status"], json!("running"), "killed mid-run, not after: {before}");
    first.kill().unwrap(); // SIGKILL: the host is gone
    first.wait().unwrap();

    let mut second = worker(&host_config(root.path(), "worker-b", &database, &garage, port));
    let done = wait(&client, &base, &key, &id, |j| j["status"] == json!("completed"));
    let clips = done["clips"].as_array().unwrap();
    assert!(!clips.is_empty(), "{done}");

    // The clip comes from the bucket through the API: whole, and a range of it.
    let url = clips[0]["video_url"].as_str().expect("video_url");
    let whole = client.get(url).send().unwrap();
    assert_eq!(whole.status(), 200);
    let bytes = whole.bytes().unwrap();
    let file = root.path().join("clip.mp4");
    std::fs::write(&file, &bytes).unwrap();
    assert!(reelcut_testkit::duration(&file) > 5.0);
    let part = client.get(url).header("range", "bytes=100-199").send().unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(
        part.headers()["content-range"].to_str().unwrap(),
        format!("bytes 100-199/{}", bytes.len())
    );
    assert_eq!(part.bytes().unwrap(), bytes[100..200]);

    // Every blob is in Garage; no host kept one on its own disk.
    let blobs = cluster::bucket(&garage);
    let keys = tokio::runtime::Runtime::new().unwrap().block_on(blobs.list("")).unwrap();
    assert!(keys.iter().any(|k| k.ends_with(".mp4") && k.contains(&id)), "{keys:?}");
    for host in ["api", "worker-a", "worker-b"] {
        assert!(!root.path().join(host).join("data/blobs").exists(), "{host} kept blobs on its disk");
    }

    // The killed worker left its scratch (the source, stage files); started again on
    // the same host, it sweeps what belongs to a job that is now finished.
    let scratch = root.path().join("worker-a/data/work").join(&id);
    assert!(scratch.is_dir(), "the killed worker left no scratch to sweep");
    let mut again = worker(&host_config(root.path(), "worker-a", &database, &garage, port));
    let started = std::time::Instant::now();
    while scratch.exists() {
        assert!(started.elapsed() < std::time::Duration::from_secs(30), "scratch not swept");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(
        !root.path().join("worker-b/data/work").join(&id).exists(),
        "the finishing worker cleaned up"
    );

    for child in [&mut api, &mut second, &mut again] {
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

/// `reelcut worker`'s routing, metrics and drain: a worker that takes only render jobs
/// leaves a clipping job alone; a clipping worker takes it (woken by Postgres's notice,
/// its poll is 5 s), shows it on `/metrics`, and on SIGTERM finishes the task it runs
/// before exiting; the next clipping worker finishes the job.
#[test]
fn a_worker_takes_its_kinds_reports_metrics_and_drains() {
    let Deployment {
        root,
        garage,
        database,
        port,
        base,
        key,
        mut api,
        client,
    } = Deployment::start("drain");
    let metrics = |port: u16| client.get(format!("http://127.0.0.1:{port}/metrics")).send().and_then(|r| r.text());

    let render_port = common::port();
    let render_only = host_config(root.path(), "renderer", &database, &garage, port);
    let mut renderer = reelcut(&render_only)
        .args(["worker", "--concurrency", "1", "--kinds", "render,agent"])
        .args(["--metrics-listen", &format!("127.0.0.1:{render_port}")])
        .spawn()
        .unwrap();
    let talk = reelcut_testkit::talk_video(root.path(), reelcut_testkit::SHORT_TALK);
    let id = start_clipping(&client, &base, &key, &talk, &["30"]);
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(
        common::job(&client, &base, &key, &id)["status"],
        json!("pending"),
        "not a render job"
    );
    let scraped = metrics(render_port).expect("the render worker's metrics");
    assert!(!scraped.contains("state=\"claimed\""), "{scraped}");

    let clip_port = common::port();
    let clipper = host_config(root.path(), "clipper", &database, &garage, port);
    let mut clipper = reelcut(&clipper)
        .args(["worker", "--concurrency", "1", "--kinds", "clip", "--drain-s", "300"])
        .args(["--metrics-listen", &format!("127.0.0.1:{clip_port}")])
        .spawn()
        .unwrap();
    let running = wait(&client, &base, &key, &id, |j| {
        j["progress"].as_i64().unwrap_or(0) >= 30 || j["status"] == json!("completed")
    });
    assert_eq!(running["status"], json!("running"), "stopped mid-run, not after: {running}");
    let scraped = metrics(clip_port).expect("the clipping worker's metrics");
    assert!(
        scraped.contains("reelcut_worker_tasks_total{kind=\"clip\",state=\"claimed\"} 1"),
        "{scraped}"
    );
    // What runs now is the job's stretch task; the job waits for it, held by no one.
    assert!(scraped.contains("reelcut_worker_running{kind=\"clip-task\"} 1"), "{scraped}");
    assert!(
        scraped.contains("reelcut_worker_stage_seconds_count{kind=\"clip\",stage="),
        "{scraped}"
    );

    reelcut_testkit::run("kill", &["-TERM", &clipper.id().to_string()]);
    let status = clipper.wait().unwrap();
    assert!(status.success(), "the drained worker exits cleanly: {status}");
    assert_eq!(
        common::psql(&database, &format!("SELECT status FROM jobs WHERE id = '{id}-s000'")),
        "completed",
        "the running task finished before the worker left"
    );
    // The job goes on where it stands on the next clipping worker.
    let mut next = reelcut(&host_config(root.path(), "clipper-2", &database, &garage, port))
        .args(["worker", "--concurrency", "1", "--kinds", "clip"])
        .spawn()
        .unwrap();
    wait(&client, &base, &key, &id, |j| j["status"] == json!("completed"));
    next.kill().unwrap();
    next.wait().unwrap();

    for child in [&mut api, &mut renderer] {
        child.kill().unwrap();
        child.wait().unwrap();
    }
}
