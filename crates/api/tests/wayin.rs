//! WayinVideo v2 through the real router and a real worker, driven as its docs drive it:
//! the documented headers (`Authorization: Bearer`, `x-wayinvideo-api-version: v2`) and
//! bodies sent as the docs' curl examples write them, only the host (and the ids the
//! earlier calls returned) changed. A local file goes up through `upload/single-file`
//! and a presigned PUT; the clipping task renders with the requested options; its
//! `export_link`s download playable MP4s of the requested size, minted fresh on each
//! call; the seed's export example renders 4K 9:16; a Find Moments task answers on its
//! own results path. Errors come in WayinVideo's Spring-Boot shape with its statuses.

mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{app, path_of, Reply, TestApp};
use serde_json::Value;

/// A request as WayinVideo's curl examples send it.
async fn wayin(app: &TestApp, method: &str, path: &str, key: Option<&str>, body: Option<&str>) -> Reply {
    let mut request = Request::builder().method(method).uri(path).header("x-wayinvideo-api-version", "v2");
    if let Some(key) = key {
        request = request.header("Authorization", format!("Bearer {key}"));
    }
    let request = match body {
        Some(text) => request
            .header("Content-Type", "application/json")
            .body(Body::from(text.to_string())),
        None => request.body(Body::empty()),
    }
    .unwrap();
    app.send(request).await
}

async fn poll(app: &TestApp, key: &str, path: &str) -> Value {
    let started = Instant::now();
    loop {
        let reply = wayin(app, "GET", path, Some(key), None).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
        let task = reply.json["data"].clone();
        if matches!(task["status"].as_str(), Some("SUCCEEDED" | "FAILED")) {
            return task;
        }
        assert!(matches!(task["status"].as_str(), Some("QUEUED" | "ONGOING")), "{task}");
        assert!(started.elapsed() < Duration::from_secs(900), "not finished: {task}");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// Downloads a link the service minted and returns the file's `width×height`.
async fn download_size(app: &TestApp, url: &str) -> String {
    let bytes = app.download(url).await;
    let name = url::Url::parse(url).unwrap().path().replace('/', "_");
    let path = app.dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    assert!(reelcut_testkit::duration(&path) > 3.0, "a playable video");
    reelcut_testkit::video_stream(&path, "stream=width,height").replace(',', "×")
}

/// Ids, links and times change per run; the shapes do not.
fn redacted(task: &Value) -> Value {
    let mut task = task.clone();
    for field in ["id", "export_task_id", "expire_at"] {
        if task.get(field).is_some() {
            task[field] = Value::String(format!("[{field}]"));
        }
    }
    if let Some(clips) = task.get_mut("clips").and_then(Value::as_array_mut) {
        for clip in clips {
            for field in ["thumbnail", "export_link", "title", "desc", "tags", "begin_ms", "end_ms", "score"] {
                if clip.get(field).is_some() {
                    clip[field] = Value::String(format!("[{field}]"));
                }
            }
        }
    }
    if task.get("cost_usage").is_some_and(|c| c.as_f64().unwrap_or(0.0) > 0.0) {
        task["cost_usage"] = Value::String("[minutes]".into());
    }
    task
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_documented_flow_reaches_playable_clips() {
    let app = app(|_| {}).await;
    let shutdown = app.start_worker();
    let key = app.key("agency").await;
    let talk = reelcut_testkit::talk_video(app.dir.path(), reelcut_testkit::SHORT_TALK);

    // Upload a local file (W4's example body), PUT its bytes as W4's script does.
    let upload = wayin(
        &app,
        "POST",
        "/api/v2/upload/single-file",
        Some(&key),
        Some(r#"{"name": "my-video.mp4"}"#),
    )
    .await;
    assert_eq!(upload.status, StatusCode::OK, "{}", upload.json);
    let identity = upload.json["data"]["identity"].as_str().unwrap().to_string();
    assert_eq!(upload.json["data"]["identify"], identity.as_str(), "the older spelling too");
    let put = Request::builder()
        .method("PUT")
        .uri(path_of(upload.json["data"]["upload_url"].as_str().unwrap()))
        .header("Content-Type", "video/mp4")
        .body(Body::from(std::fs::read(&talk).unwrap()))
        .unwrap();
    assert_eq!(app.send(put).await.status, StatusCode::OK);

    // Submit with export options (W1's fields), plus a field WayinVideo never documented.
    let body = format!(
        r#"{{
    "video_url": "{identity}",
    "project_name": "sample project name",
    "target_duration": "DURATION_0_30",
    "enable_export": true,
    "resolution": "SD_480",
    "enable_caption": true,
    "cc_style_tpl": "temp-7",
    "enable_ai_reframe": true,
    "ratio": "RATIO_1_1",
    "reframe_layout": "Auto",
    "some_future_field": {{"nested": true}}
  }}"#
    );
    let created = wayin(&app, "POST", "/api/v2/clips", Some(&key), Some(&body)).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.json);
    assert_eq!(created.json["data"]["name"], "sample project name");
    assert_eq!(created.json["data"]["status"], "CREATED");
    insta::assert_json_snapshot!("created", redacted(&created.json["data"]));
    let id = created.json["data"]["id"].as_str().unwrap().to_string();

    let task = poll(&app, &key, &format!("/api/v2/clips/results/{id}")).await;
    assert_eq!(task["status"], "SUCCEEDED", "{task}");
    let clips = task["clips"].as_array().unwrap();
    assert!(!clips.is_empty());
    for (i, clip) in clips.iter().enumerate() {
        assert_eq!(clip["idx"], i as i64);
        assert!(clip["end_ms"].as_i64().unwrap() > clip["begin_ms"].as_i64().unwrap());
        let size = download_size(&app, clip["export_link"].as_str().unwrap()).await;
        assert_eq!(size, "480×480", "RATIO_1_1 at SD_480");
    }
    assert!(task["expire_at"].as_i64().unwrap() > 1_700_000_000_000, "epoch ms");
    assert!(task["cost_usage"].as_f64().unwrap() > 0.0);
    insta::assert_json_snapshot!("results", redacted(&task));

    // A new link on every call; the older prefix answers the same task.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let again = wayin(&app, "GET", &format!("/open/v2/clips/results/{id}"), Some(&key), None).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_ne!(again.json["data"]["clips"][0]["export_link"], clips[0]["export_link"]);

    // The seed's export example, with its placeholders (project_id, and clip_indices:
    // this short talk has fewer than three clips) filled in.
    let export_body = format!(
        r#"{{
    "project_id": "{id}",
    "clip_indices": [0],
    "resolution": "UHD_4K",
    "enable_caption": true,
    "caption_display": "both",
    "cc_style_tpl": "word-focus",
    "enable_ai_hook": true,
    "ai_hook_script_style": "serious",
    "ai_hook_position": "beginning",
    "enable_ai_reframe": true,
    "ratio": "RATIO_9_16"
  }}"#
    );
    let export = wayin(&app, "POST", "/api/v2/clips/export", Some(&key), Some(&export_body)).await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.json);
    assert_eq!(export.json["data"]["status"], "CREATED");
    insta::assert_json_snapshot!("export_created", redacted(&export.json["data"]));
    let export_id = export.json["data"]["export_task_id"].as_str().unwrap().to_string();
    let exported = poll(&app, &key, &format!("/api/v2/clips/export/{export_id}")).await;
    assert_eq!(exported["status"], "SUCCEEDED", "{exported}");
    assert_eq!(exported["clips"].as_array().unwrap().len(), 1);
    assert_eq!(exported["clips"][0]["idx"], 0);
    let size = download_size(&app, exported["clips"][0]["export_link"].as_str().unwrap()).await;
    assert_eq!(size, "2160×3840", "UHD_4K at RATIO_9_16");
    insta::assert_json_snapshot!("export_results", redacted(&exported));

    // Find Moments, metadata only: the matching passage first, no links.
    let search = format!(r#"{{"video_url": "{identity}", "query": "sleep and the body clock", "project_name": "find sleep"}}"#);
    let found = wayin(&app, "POST", "/api/v2/clips/find-moments", Some(&key), Some(&search)).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.json);
    let search_id = found.json["data"]["id"].as_str().unwrap().to_string();
    let moments = poll(&app, &key, &format!("/api/v2/clips/find-moments/results/{search_id}")).await;
    assert_eq!(moments["status"], "SUCCEEDED", "{moments}");
    // (How well a search ranks is measured on a longer talk: moments' tests/search.rs.
    // This talk's sleep story is shorter than the shortest clip, so the match is the
    // passage that holds it.)
    let first = &moments["clips"][0];
    assert!(first["end_ms"].as_i64().unwrap() > 30_000, "the clip with the sleep story: {first}");
    assert!(first.get("export_link").is_none(), "metadata only: {first}");
    insta::assert_json_snapshot!("find_moments_results", redacted(&moments));
    // Each kind answers on its own path only.
    let wrong = wayin(&app, "GET", &format!("/api/v2/clips/results/{search_id}"), Some(&key), None).await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    shutdown.cancel();
}

fn spring(reply: &Reply, status: u16, path: &str) {
    assert_eq!(reply.status.as_u16(), status, "{}", reply.json);
    let body = reply.json.as_object().unwrap_or_else(|| panic!("{}", reply.json));
    let keys: Vec<&str> = body.keys().map(String::as_str).collect();
    assert_eq!(keys, ["error", "message", "path", "status", "timestamp"], "{}", reply.json);
    assert_eq!(body["status"], status);
    assert_eq!(body["path"], path);
    let stamp = body["timestamp"].as_str().unwrap();
    assert!(stamp.ends_with("+00:00") && stamp.len() == 29, "{stamp}");
}

fn redact_time(reply: &Reply) -> Value {
    let mut json = reply.json.clone();
    json["timestamp"] = Value::String("[timestamp]".into());
    json
}

#[tokio::test]
async fn errors_come_in_wayins_shape() {
    let app = app(|s| s.service.rate_limit_per_minute = 1000).await;
    let key = app.key("agency").await;

    // A bad or missing key is 403 upstream, with the Spring body.
    let missing = wayin(&app, "GET", "/api/v2/clips/results/abc", None, None).await;
    spring(&missing, 403, "/api/v2/clips/results/abc");
    assert_eq!(missing.json["error"], "Forbidden");
    insta::assert_json_snapshot!("forbidden", redact_time(&missing));
    let wrong = wayin(&app, "GET", "/open/v2/clips/results/abc", Some("nope"), None).await;
    spring(&wrong, 403, "/open/v2/clips/results/abc");

    let unknown = wayin(&app, "GET", "/api/v2/clips/results/prj_nope", Some(&key), None).await;
    spring(&unknown, 404, "/api/v2/clips/results/prj_nope");
    insta::assert_json_snapshot!("not_found", redact_time(&unknown));
    let export_unknown = wayin(&app, "GET", "/api/v2/clips/export/nope", Some(&key), None).await;
    spring(&export_unknown, 404, "/api/v2/clips/export/nope");

    let url = "https://example.com/talk.mp4";
    let cases = [
        (r#"{}"#.to_string(), "video_url"),
        (r#"{"video_url": "not-an-upload"}"#.to_string(), "video_url"),
        (
            format!(r#"{{"video_url": "{url}", "target_duration": "DURATION_1_2"}}"#),
            "DURATION_1_2",
        ),
        (format!(r#"{{"video_url": "{url}", "limit": 0}}"#), "limit"),
        (
            format!(r#"{{"video_url": "{url}", "enable_export": true, "enable_ai_reframe": true}}"#),
            "ratio",
        ),
        (
            format!(r#"{{"video_url": "{url}", "enable_export": true, "ratio": "RATIO_3_2"}}"#),
            "RATIO_3_2",
        ),
        (
            format!(r#"{{"video_url": "{url}", "enable_export": true, "ratio": "RATIO_1_1", "reframe_layout": "PiP"}}"#),
            "PiP",
        ),
        (
            format!(r#"{{"video_url": "{url}", "enable_export": true, "resolution": "8K"}}"#),
            "8K",
        ),
        (
            format!(r#"{{"video_url": "{url}", "enable_export": true, "enable_caption": true, "cc_style_tpl": "temp-99"}}"#),
            "temp-99",
        ),
        (
            format!(r#"{{"video_url": "{url}", "enable_export": true, "enable_ai_hook": true, "ai_hook_script_style": "angry"}}"#),
            "angry",
        ),
        (
            format!(r#"{{"video_url": "{url}", "enable_export": true, "enable_ai_hook": true, "ai_hook_position": "middle"}}"#),
            "middle",
        ),
        (
            format!(r#"{{"video_url": "{url}", "enable_export": true, "enable_caption": true, "target_lang": "es"}}"#),
            "es",
        ),
        (format!(r#"{{"video_url": "{url}", "limit": "ten"}}"#), "\"ten\""),
    ];
    for (body, named) in cases {
        let reply = wayin(&app, "POST", "/api/v2/clips", Some(&key), Some(&body)).await;
        spring(&reply, 400, "/api/v2/clips");
        let message = reply.json["message"].as_str().unwrap();
        assert!(message.contains(named), "{body} → {message}");
    }
    let no_query = wayin(
        &app,
        "POST",
        "/api/v2/clips/find-moments",
        Some(&key),
        Some(&format!(r#"{{"video_url": "{url}"}}"#)),
    )
    .await;
    spring(&no_query, 400, "/api/v2/clips/find-moments");
    assert!(no_query.json["message"].as_str().unwrap().contains("query"));
    insta::assert_json_snapshot!("bad_request", redact_time(&no_query));

    // Unknown fields are accepted; the older `ratio` without the reframe switch too.
    let lenient = format!(
        r#"{{"video_url": "{url}", "ratio": "RATIO_ORIGINAL", "callback": "x", "enable_more_results": true, "enable_express_mode": false}}"#
    );
    let ok = wayin(&app, "POST", "/api/v2/clips", Some(&key), Some(&lenient)).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.json);
    let id = ok.json["data"]["id"].as_str().unwrap();
    let early = wayin(
        &app,
        "POST",
        "/api/v2/clips/export",
        Some(&key),
        Some(&format!(r#"{{"project_id": "{id}"}}"#)),
    )
    .await;
    spring(&early, 409, "/api/v2/clips/export");
    let no_project = wayin(&app, "POST", "/api/v2/clips/export", Some(&key), Some(r#"{"clip_indices": [0]}"#)).await;
    spring(&no_project, 400, "/api/v2/clips/export");
    let upload = wayin(
        &app,
        "POST",
        "/api/v2/upload/single-file",
        Some(&key),
        Some(r#"{"name": "notes.txt"}"#),
    )
    .await;
    spring(&upload, 400, "/api/v2/upload/single-file");
    let nowhere = wayin(&app, "GET", "/api/v2/summaries", Some(&key), None).await;
    spring(&nowhere, 404, "/api/v2/summaries");
}

#[tokio::test]
async fn rate_limits_answer_429_with_a_back_off() {
    let app = app(|s| s.service.rate_limit_per_minute = 2).await;
    let key = app.key("agency").await;
    let mut last = None;
    for _ in 0..4 {
        last = Some(wayin(&app, "GET", "/api/v2/clips/results/x", Some(&key), None).await);
    }
    let limited = last.unwrap();
    spring(&limited, 429, "/api/v2/clips/results/x");
    assert_eq!(limited.json["error"], "Too Many Requests");
    assert!(limited.headers.get("retry-after").is_some());
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let app = app(|_| {}).await;
    let reply = app.call("GET", "/api/v2/openapi.json", None, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.json["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths: Vec<&String> = reply.json["paths"].as_object().unwrap().keys().collect();
    for route in [
        "/api/v2/clips",
        "/api/v2/clips/results/{id}",
        "/api/v2/clips/find-moments",
        "/api/v2/clips/find-moments/results/{id}",
        "/api/v2/clips/export",
        "/api/v2/clips/export/{id}",
        "/api/v2/upload/single-file",
    ] {
        assert!(paths.iter().any(|p| *p == route), "{route} in {paths:?}");
    }
}
