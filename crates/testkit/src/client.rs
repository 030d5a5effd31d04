//! The calls the process-level suites and `bench/scale` make to a running `reelcut serve`
//! as a HeyGen v3 client would: wait until it is ready, upload a video as an asset and
//! start a clipping job on it.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

/// Until `{base}/readyz` answers (30 s at most).
pub fn wait_up(client: &reqwest::blocking::Client, base: &str) {
    let started = Instant::now();
    while !client.get(format!("{base}/readyz")).send().is_ok_and(|r| r.status().is_success()) {
        assert!(started.elapsed() < Duration::from_secs(30), "the API at {base} did not come up");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Uploads `video` as an asset and starts a clipping job on it with `fields`
/// (`output_settings`, `callback_url`, …) beside the uploaded video; the job's id.
pub fn start_clipping_with(client: &reqwest::blocking::Client, base: &str, key: &str, video: &Path, mut fields: Value) -> String {
    let form = reqwest::blocking::multipart::Form::new().file("file", video).unwrap();
    let asset: Value = client
        .post(format!("{base}/v3/assets"))
        .header("x-api-key", key)
        .multipart(form)
        .send()
        .unwrap()
        .json()
        .unwrap();
    fields["video"] = serde_json::json!({ "type": "asset_id", "asset_id": asset["data"]["asset_id"] });
    let created: Value = client
        .post(format!("{base}/v3/ai-clipping"))
        .header("authorization", format!("Bearer {key}"))
        .json(&fields)
        .send()
        .unwrap()
        .json()
        .unwrap();
    created["data"]["ai_clipping_id"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"))
        .to_string()
}
