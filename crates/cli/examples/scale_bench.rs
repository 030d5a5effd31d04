//! `bench/scale/run.sh`: one long talk clipped by one worker host pinned to core 0, then
//! by two worker hosts pinned to cores 0 and 1 (`taskset`, one inference thread each), on
//! Postgres and a single-node Garage, through the API as a client would. Each run has its
//! own database, folders and caches, so the second reuses nothing of the first.
//!
//! Prints both wall times (first claim to completed), their ratio, the critical path —
//! the job's own steps plus its longest task of each stage, which more workers cannot
//! shorten — and, from the one-worker run's measured task durations, what 2, 4, 8 and 16
//! workers would give (each stage's tasks spread longest first over the workers).
//!
//! Usage: scale_bench TALK.mp4 PATH/TO/reelcut

use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use reelcut_testkit::client::{start_clipping_with, wait_up};
use reelcut_testkit::cluster::{launch, postgres_database, Cluster};
use reelcut_testkit::garage::Garage;
use serde_json::{json, Value};

/// The job's own steps: each runs once, on one worker, whatever the number of workers.
const SERIAL: [&str; 3] = ["start", "moments", "publish"];
/// Stages made of tasks that any worker takes.
const SPREAD: [&str; 2] = ["transcribe", "render"];

struct Run {
    wall: f64,
    /// (stage, seconds) of every step and task.
    timings: Vec<(String, f64)>,
    clips: usize,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, talk, bin] = args.as_slice() else {
        panic!("usage: scale_bench TALK.mp4 PATH/TO/reelcut");
    };
    let garage = Garage::start();
    let one = run(Path::new(bin), Path::new(talk), &garage, 1);
    let two = run(Path::new(bin), Path::new(talk), &garage, 2);
    report(&one, &two);
}

fn run(bin: &Path, talk: &Path, garage: &Garage, workers: usize) -> Run {
    let root = reelcut_testkit::tempdir();
    let port = reelcut_testkit::free_port();
    let base = format!("http://127.0.0.1:{port}");
    let cluster = Cluster {
        root: root.path(),
        database: postgres_database("scale_bench"),
        s3_endpoint: garage.endpoint(),
        public_url: base.clone(),
        fetch_allow: Vec::new(),
        clip_resolution: "720p",
        speech_threads: Some(1),
        // The default: more stretches than workers, so they share the work evenly.
        stretch_s: Some(120.0),
    };
    let api = cluster.config("api", &format!("127.0.0.1:{port}"));
    let mut children = vec![reelcut(bin, &api, &["serve"], None)];
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(600))
        .build()
        .unwrap();
    wait_up(&client, &base);
    let keys = Command::new(bin)
        .arg("--config")
        .arg(&api)
        .args(["keys", "create", "--workspace", "bench"])
        .output()
        .unwrap();
    let key = String::from_utf8(keys.stdout).unwrap().trim().to_string();
    let id = start_clipping_with(
        &client,
        &base,
        &key,
        talk,
        json!({ "output_settings": { "duration_types": ["60"] } }),
    );

    let started = Instant::now();
    for core in 0..workers {
        let config = cluster.config(&format!("w{core}"), "127.0.0.1:0");
        children.push(reelcut(bin, &config, &["worker", "--concurrency", "1"], Some(core)));
    }
    let job = loop {
        let job: Value = client
            .get(format!("{base}/v3/ai-clipping/{id}"))
            .header("x-api-key", &key)
            .send()
            .unwrap()
            .json()
            .unwrap();
        let status = job["data"]["status"].as_str().unwrap_or_default().to_string();
        assert!(!matches!(status.as_str(), "failed" | "cancelled"), "{job}");
        if status == "completed" {
            break job;
        }
        std::thread::sleep(Duration::from_millis(500));
    };
    let wall = started.elapsed().as_secs_f64();
    let stages = psql(&cluster.database, &format!("SELECT stages FROM jobs WHERE id = '{id}'"));
    for mut child in children {
        child.kill().ok();
        child.wait().ok();
    }
    let timings = serde_json::from_str::<Vec<Value>>(&stages)
        .unwrap()
        .iter()
        .map(|t| (t["stage"].as_str().unwrap().to_string(), t["seconds"].as_f64().unwrap()))
        .collect();
    let clips = job["data"]["clips"].as_array().map_or(0, Vec::len);
    eprintln!("{workers} worker(s): {wall:.1} s, {clips} clips");
    Run { wall, timings, clips }
}

fn reelcut(bin: &Path, config: &Path, args: &[&str], core: Option<usize>) -> Child {
    let command = match core {
        Some(core) => {
            let mut taskset = Command::new("taskset");
            taskset.args(["-c", &core.to_string()]).arg(bin);
            taskset
        }
        None => Command::new(bin),
    };
    launch(command, config, args)
}

fn psql(database: &str, sql: &str) -> String {
    let out = Command::new("psql").args([database, "-tAc", sql]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn durations<'a>(run: &'a Run, stage: &'a str) -> impl Iterator<Item = f64> + 'a {
    run.timings.iter().filter(move |(s, _)| s == stage).map(|(_, t)| *t)
}

/// How long `tasks` take on `workers`, each task to the worker free first, longest first.
fn makespan(mut tasks: Vec<f64>, workers: usize) -> f64 {
    tasks.sort_by(|a, b| b.total_cmp(a));
    let mut free = vec![0.0f64; workers];
    for task in tasks {
        let first = free.iter_mut().min_by(|a, b| a.total_cmp(b)).unwrap();
        *first += task;
    }
    free.into_iter().fold(0.0, f64::max)
}

fn report(one: &Run, two: &Run) {
    let serial: f64 = SERIAL.iter().flat_map(|s| durations(one, s)).sum();
    let longest: f64 = SPREAD.iter().map(|s| durations(one, s).fold(0.0, f64::max)).sum();
    let work: f64 = SPREAD.iter().flat_map(|s| durations(one, s)).sum();
    // What the runs spend outside any step or task: claiming, waking, fetching the input.
    let overhead = (one.wall - serial - work).max(0.0);
    let model = |n: usize| serial + SPREAD.iter().map(|s| makespan(durations(one, s).collect(), n)).sum::<f64>() + overhead;
    println!(
        "scale: the same talk, {} clips (1 worker) / {} clips (2 workers)",
        one.clips, two.clips
    );
    for stage in SERIAL.iter().chain(&SPREAD) {
        let times: Vec<f64> = durations(one, stage).collect();
        println!(
            "  {stage:<10} {:>3} part(s), {:>7.1} s in all, longest {:>6.1} s",
            times.len(),
            times.iter().sum::<f64>(),
            times.iter().copied().fold(0.0, f64::max)
        );
    }
    println!("1 worker  (core 0)        {:>7.1} s", one.wall);
    println!("2 workers (cores 0 and 1) {:>7.1} s", two.wall);
    println!("ratio 2/1                 {:>7.2}   (target ≤ 0.60)", two.wall / one.wall);
    println!(
        "critical path             {:>7.1} s   (steps {serial:.1} s + longest task per stage {longest:.1} s)",
        serial + longest
    );
    println!("overhead outside steps and tasks (1 worker) {overhead:.1} s");
    for n in [1, 2, 4, 8, 16] {
        let predicted = model(n);
        let measured = match n {
            1 => format!("   measured {:.1} s", one.wall),
            2 => format!("   measured {:.1} s", two.wall),
            _ => String::new(),
        };
        println!(
            "model {n:>2} workers {predicted:>7.1} s   ({:.2} of 1 worker){measured}",
            predicted / one.wall
        );
    }
}
