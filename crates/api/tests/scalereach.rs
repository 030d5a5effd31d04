//! ScaleReach through the real router and a real worker, driven as its docs' quick start
//! and its MCP server drive it (only the host changed): an `sr_live_` key, the key's
//! workspace as a non-empty array, a video submitted by URL (served by a local media
//! server) with the MCP's full config, status polled until `completed` with a non-null
//! `job`, clips listed with the docs' filters, downloads that play, a favourite toggled
//! here and seen in v3's detail, a rename, a fresh download link, a clip deleted. A video
//! without a config waits in `pending_config` until configured; a local file goes up
//! through our upload extension (init → PUT → complete). Then every route of
//! every dialect, called with another workspace's key, leaks nothing.

mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{app, path_of, Reply, TestApp};
use serde_json::{json, Value};

async fn sr(app: &TestApp, method: &str, path: &str, key: Option<&str>, body: Option<Value>) -> Reply {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header("Content-Type", "application/json");
    if let Some(key) = key {
        request = request.header("Authorization", format!("Bearer {key}"));
    }
    let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
    app.send(request.body(body).unwrap()).await
}

/// A body's shape: its keys, with every string and number replaced by its type (ids,
/// links, times and scores change per run; the shape a client parses does not).
fn shape(value: &Value) -> Value {
    match value {
        Value::String(_) => json!("<string>"),
        Value::Number(_) => json!("<number>"),
        Value::Array(items) => Value::Array(items.iter().take(1).map(shape).collect()),
        // Emotion names depend on what the clip says: a map of numbers.
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), if k == "emotions" { json!("<map of numbers>") } else { shape(v) }))
                .collect(),
        ),
        other => other.clone(),
    }
}

async fn scalereach_key(app: &TestApp, workspace: &str) -> String {
    let ws = app.service.store.ensure_workspace(workspace).await.unwrap();
    app.service
        .store
        .create_api_key_shaped(&ws.id, "sr_live_", 24)
        .await
        .unwrap()
        .secret
}

async fn serve_video(bytes: Vec<u8>) -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .insert_header("content-type", "video/mp4")
                .set_body_bytes(bytes),
        )
        .mount(&server)
        .await;
    server
}

async fn wait_completed(app: &TestApp, key: &str, id: &str) -> Value {
    let started = Instant::now();
    loop {
        let reply = sr(app, "GET", &format!("/api/videos/{id}/status"), Some(key), None).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
        // The docs' loop reads data.get("job", {}).get("progress", 0): never null.
        assert!(reply.json["job"]["progress"].is_i64(), "{}", reply.json);
        match reply.json["video"]["status"].as_str().unwrap() {
            "completed" => return reply.json,
            "failed" => panic!("{}", reply.json),
            _ => {}
        }
        assert!(started.elapsed() < Duration::from_secs(900), "{}", reply.json);
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

async fn plays(app: &TestApp, url: &str) {
    let bytes = app.download(url).await;
    let path = app.dir.path().join(format!("{}.mp4", bytes.len()));
    std::fs::write(&path, bytes).unwrap();
    assert!(reelcut_testkit::duration(&path) > 3.0, "a playable clip");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_quick_start_and_the_mcp_calls_work_unmodified() {
    let app = app(|s| s.service.fetch_allow = vec!["127.0.0.1".into()]).await;
    let shutdown = app.start_worker();
    let key = scalereach_key(&app, "creator").await;
    assert!(key.starts_with("sr_live_") && key.len() == 56);
    let talk = reelcut_testkit::talk_video(app.dir.path(), reelcut_testkit::SHORT_TALK);
    let media = serve_video(std::fs::read(&talk).unwrap()).await;
    let url = format!("{}/watch/talk.mp4", media.uri());

    // The MCP server's first call: a non-empty array.
    let workspaces = sr(&app, "GET", "/api/workspaces", Some(&key), None).await;
    assert_eq!(workspaces.status, StatusCode::OK);
    let workspace_id = workspaces.json[0]["id"].as_str().unwrap().to_string();
    assert!(workspaces.json[0]["slug"].is_string());
    insta::assert_json_snapshot!("workspaces", shape(&workspaces.json));
    let one = sr(&app, "GET", &format!("/api/workspaces/{workspace_id}"), Some(&key), None).await;
    assert_eq!(one.json["id"], workspace_id.as_str());

    // submit_youtube_video as the MCP sends it: every zod default filled in.
    let submitted = sr(
        &app,
        "POST",
        "/api/videos/youtube",
        Some(&key),
        Some(json!({
            "youtubeUrl": url, "workspaceId": workspace_id,
            "config": { "genre": "Auto", "aspectRatio": "1:1", "clipDurationMin": 15, "clipDurationMax": 90,
                        "captionTemplateId": "classic", "enableCaptions": true, "language": null, "clipType": "viral-clips",
                        "enableSplitScreen": false, "enableSmartCrop": false, "enableIntroTitle": false,
                        "enableAiThumbnail": false, "workspaceId": workspace_id }
        })),
    )
    .await;
    assert_eq!(submitted.status, StatusCode::CREATED, "{}", submitted.json);
    assert_eq!(submitted.json["message"], "Video submitted for processing");
    insta::assert_json_snapshot!("submitted", shape(&submitted.json));
    let id = submitted.json["video"]["id"].as_str().unwrap().to_string();
    let done = wait_completed(&app, &key, &id).await;
    assert_eq!(done["job"]["state"], "completed");
    assert_eq!(done["job"]["progress"], 100);
    insta::assert_json_snapshot!("status", shape(&done));

    // The docs' list call: ?minScore=…&sortBy=score.
    let listed = sr(
        &app,
        "GET",
        &format!("/api/videos/{id}/clips?minScore=0&sortBy=score"),
        Some(&key),
        None,
    )
    .await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.json);
    let clips = listed.json["clips"].as_array().unwrap().clone();
    assert!(!clips.is_empty());
    assert_eq!(listed.json["count"], clips.len());
    assert_eq!(listed.json["filters"]["sortOrder"], "desc");
    insta::assert_json_snapshot!("clips", shape(&listed.json));
    for pair in clips.windows(2) {
        assert!(pair[0]["score"].as_i64() >= pair[1]["score"].as_i64(), "score desc");
    }
    for clip in &clips {
        for field in ["id", "title", "viralityReason", "transcript", "downloadUrl", "thumbnailUrl"] {
            assert!(clip[field].is_string(), "{field}: {clip}");
        }
        assert!(clip["hooks"]["question"].is_string() && clip["emotions"].is_object());
        assert_eq!(clip["aspectRatio"], "1:1");
        assert_eq!(clip["status"], "completed");
        plays(&app, clip["downloadUrl"].as_str().unwrap()).await;
    }
    let none = sr(&app, "GET", &format!("/api/videos/{id}/clips?minScore=101"), Some(&key), None).await;
    assert_eq!(none.status, StatusCode::BAD_REQUEST);
    let clip_id = clips[0]["id"].as_str().unwrap().to_string();

    // A favourite toggled here shows in v3's detail; a second toggle clears it.
    let favored = sr(&app, "POST", &format!("/api/clips/{clip_id}/favorite"), Some(&key), None).await;
    assert_eq!(favored.json["message"], "Clip favorited");
    assert_eq!(favored.json["clip"]["favorited"], true);
    insta::assert_json_snapshot!("favorite", shape(&favored.json));
    let v3 = app.call("GET", &format!("/v3/ai-clipping/{id}"), Some(&key), None).await;
    let v3_clip = v3.json["data"]["clips"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == clip_id.as_str())
        .unwrap()
        .clone();
    assert_eq!(v3_clip["favorite"], true, "{v3_clip}");
    let only = sr(&app, "GET", &format!("/api/videos/{id}/clips?favorited=true"), Some(&key), None).await;
    assert_eq!(only.json["count"], 1);
    let unfavored = sr(&app, "POST", &format!("/api/clips/{clip_id}/favorite"), Some(&key), None).await;
    assert_eq!(unfavored.json["message"], "Clip unfavorited");

    let renamed = sr(
        &app,
        "PATCH",
        &format!("/api/clips/{clip_id}"),
        Some(&key),
        Some(json!({ "title": "A better title" })),
    )
    .await;
    assert_eq!(renamed.json["title"], "A better title");
    let nothing = sr(&app, "PATCH", &format!("/api/clips/{clip_id}"), Some(&key), Some(json!({}))).await;
    assert_eq!(
        (nothing.status, nothing.json.clone()),
        (StatusCode::BAD_REQUEST, json!({ "error": "No valid fields to update" }))
    );
    let download = sr(
        &app,
        "GET",
        &format!("/api/clips/{clip_id}/download?expiresIn=120"),
        Some(&key),
        None,
    )
    .await;
    assert_eq!(download.json["expiresIn"], 120);
    insta::assert_json_snapshot!("download", shape(&download.json));
    assert!(download.json["filename"].as_str().unwrap().ends_with(&format!("{clip_id}.mp4")));
    plays(&app, download.json["downloadUrl"].as_str().unwrap()).await;
    // Regenerate one clip in another ratio and quality: an export, seen through v3.
    let again = sr(
        &app,
        "POST",
        &format!("/api/clips/{clip_id}/regenerate"),
        Some(&key),
        Some(json!({ "aspectRatio": "16:9", "quality": "720p" })),
    )
    .await;
    assert_eq!(again.status, StatusCode::ACCEPTED, "{}", again.json);
    insta::assert_json_snapshot!("clip_regenerated", shape(&again.json));
    let export_id = again.json["jobId"].as_str().unwrap().to_string();
    let started = Instant::now();
    let export = loop {
        let reply = app
            .call("GET", &format!("/v3/ai-clipping/{id}/exports/{export_id}"), Some(&key), None)
            .await;
        if reply.json["data"]["status"] == "completed" {
            break reply.json["data"].clone();
        }
        assert!(
            reply.json["data"]["status"] != "failed" && started.elapsed() < Duration::from_secs(600),
            "{}",
            reply.json
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    plays(&app, export["clips"][0]["video_url"].as_str().unwrap()).await;
    let got = sr(&app, "GET", &format!("/api/clips/{clip_id}"), Some(&key), None).await;
    assert_eq!(got.json["videoId"], id.as_str());
    insta::assert_json_snapshot!("clip", shape(&got.json));

    // Without a config the video waits; configuring it starts it.
    let waiting = sr(&app, "POST", "/api/videos/youtube", Some(&key), Some(json!({ "youtubeUrl": url }))).await;
    assert_eq!(waiting.status, StatusCode::CREATED);
    assert_eq!(waiting.json["video"]["status"], "pending_config");
    insta::assert_json_snapshot!("pending_config", shape(&waiting.json));
    let waiting_id = waiting.json["video"]["id"].as_str().unwrap().to_string();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let still = sr(&app, "GET", &format!("/api/videos/{waiting_id}/status"), Some(&key), None).await;
    assert_eq!(still.json["video"]["status"], "pending_config", "not claimed");
    let patched = sr(
        &app,
        "PATCH",
        &format!("/api/videos/{waiting_id}/config"),
        Some(&key),
        Some(json!({ "splitRatio": 33 })),
    )
    .await;
    assert_eq!(
        patched.json,
        json!({ "error": "Split ratio must be between 30 and 70, in increments of 5" })
    );
    let patched = sr(
        &app,
        "PATCH",
        &format!("/api/videos/{waiting_id}/config"),
        Some(&key),
        Some(json!({ "aspectRatio": "16:9", "enableIntroTitle": false })),
    )
    .await;
    assert_eq!(patched.json["config"]["aspectRatio"], "16:9", "{}", patched.json);
    insta::assert_json_snapshot!("config_updated", shape(&patched.json));
    let started = sr(
        &app,
        "POST",
        &format!("/api/videos/{waiting_id}/configure"),
        Some(&key),
        Some(json!({})),
    )
    .await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.json);
    insta::assert_json_snapshot!("configured", shape(&started.json));
    wait_completed(&app, &key, &waiting_id).await;
    let wide = sr(&app, "GET", &format!("/api/videos/{waiting_id}/clips"), Some(&key), None).await;
    assert_eq!(wide.json["clips"][0]["aspectRatio"], "16:9");

    // Our upload extension, as ScaleReach's backend shapes it: init → PUT the part
    // (keep its ETag) → complete.
    let bytes = std::fs::read(&talk).unwrap();
    let init = sr(
        &app,
        "POST",
        "/api/upload/init",
        Some(&key),
        Some(json!({ "filename": "talk.mp4", "fileSize": bytes.len(), "contentType": "video/mp4" })),
    )
    .await;
    assert_eq!(init.status, StatusCode::CREATED, "{}", init.json);
    insta::assert_json_snapshot!("upload_init", shape(&init.json));
    let upload_id = init.json["uploadId"].as_str().unwrap().to_string();
    let upload_video = init.json["videoId"].as_str().unwrap().to_string();
    let part = Request::builder()
        .method("PUT")
        .uri(path_of(init.json["partUrls"][0]["url"].as_str().unwrap()))
        .header("Content-Type", "video/mp4")
        .body(Body::from(bytes))
        .unwrap();
    let put = app.send(part).await;
    assert_eq!(put.status, StatusCode::OK);
    let etag = put.headers.get("etag").expect("an ETag per part").to_str().unwrap().to_string();
    let completed = sr(
        &app,
        "POST",
        "/api/upload/complete",
        Some(&key),
        Some(json!({ "uploadId": upload_id, "videoId": upload_video, "parts": [{ "partNumber": 1, "etag": etag }] })),
    )
    .await;
    assert_eq!(completed.json["message"], "Upload completed successfully", "{}", completed.json);
    let uploaded = wait_completed(&app, &key, &upload_video).await;
    assert_eq!(uploaded["video"]["sourceType"], "upload");
    let rerun = sr(&app, "POST", &format!("/api/videos/{waiting_id}/regenerate"), Some(&key), None).await;
    assert_eq!(
        rerun.json,
        json!({ "message": "Video regeneration started", "videoId": waiting_id })
    );
    let busy = sr(&app, "POST", &format!("/api/videos/{waiting_id}/regenerate"), Some(&key), None).await;
    assert_eq!(
        (busy.status, busy.json),
        (StatusCode::BAD_REQUEST, json!({ "error": "Video is currently being processed" }))
    );
    wait_completed(&app, &key, &waiting_id).await;
    let mine = sr(&app, "GET", "/api/videos/my-videos?filter=completed", Some(&key), None).await;
    let uploads = sr(&app, "GET", "/api/videos/my-videos?sourceType=upload", Some(&key), None).await;
    assert_eq!(uploads.json.as_array().unwrap().len(), 1);
    assert_eq!(mine.json.as_array().unwrap().len(), 3);
    insta::assert_json_snapshot!("my_videos", shape(&mine.json));
    isolation_scan(&app, &id, &clip_id).await;

    let deleted = sr(&app, "DELETE", &format!("/api/clips/{clip_id}"), Some(&key), None).await;
    assert_eq!(deleted.json["message"], "Clip deleted successfully");
    let gone = sr(&app, "GET", &format!("/api/clips/{clip_id}"), Some(&key), None).await;
    assert_eq!(
        (gone.status, gone.json),
        (StatusCode::NOT_FOUND, json!({ "error": "Clip not found" }))
    );
    let removed = sr(&app, "DELETE", &format!("/api/videos/{id}"), Some(&key), None).await;
    assert_eq!(removed.json["message"], "Video deleted successfully");
    shutdown.cancel();
}

/// Every route of every dialect that names a resource, called with another workspace's
/// key on workspace A's video and clip: not one answer may carry A's data.
async fn isolation_scan(app: &TestApp, video: &str, clip: &str) {
    let intruder = scalereach_key(app, "intruder").await;
    let routes = [
        ("GET", format!("/v3/ai-clipping/{video}")),
        ("DELETE", format!("/v3/ai-clipping/{video}")),
        ("POST", format!("/v3/ai-clipping/{video}/cancel")),
        ("POST", format!("/v3/ai-clipping/{video}/exports")),
        ("GET", format!("/v3/ai-clipping/{video}/exports/{video}")),
        ("GET", format!("/v3/hyperframes/renders/{video}")),
        ("GET", format!("/v3/assets/{video}")),
        ("GET", format!("/api/v2/clips/results/{video}")),
        ("GET", format!("/api/v2/clips/find-moments/results/{video}")),
        ("GET", format!("/api/v2/clips/export/{video}")),
        ("POST", "/api/v2/clips/export".to_string()),
        ("GET", format!("/open/v2/clips/results/{video}")),
        ("GET", format!("/api/videos/{video}")),
        ("DELETE", format!("/api/videos/{video}")),
        ("GET", format!("/api/videos/{video}/status")),
        ("GET", format!("/api/videos/{video}/clips")),
        ("GET", format!("/api/videos/{video}/config")),
        ("PATCH", format!("/api/videos/{video}/config")),
        ("POST", format!("/api/videos/{video}/configure")),
        ("POST", format!("/api/videos/{video}/regenerate")),
        ("GET", format!("/api/clips/{clip}")),
        ("PATCH", format!("/api/clips/{clip}")),
        ("DELETE", format!("/api/clips/{clip}")),
        ("GET", format!("/api/clips/{clip}/download")),
        ("POST", format!("/api/clips/{clip}/favorite")),
        ("POST", format!("/api/clips/{clip}/regenerate")),
        ("GET", "/api/videos/my-videos".to_string()),
    ];
    let mut leaks = Vec::new();
    for (method, path) in &routes {
        let body = json!({ "project_id": video, "title": "mine now", "aspectRatio": "1:1" });
        let reply = sr(app, method, path, Some(&intruder), Some(body)).await;
        let text = reply.json.to_string();
        let leaked = reply.status.is_success() && *path != "/api/videos/my-videos"
            || text.contains("/blobs/")
            || (text.contains(video) && !path.contains(video));
        if leaked || (path.ends_with("my-videos") && reply.json != json!([])) {
            leaks.push(format!("{method} {path} → {} {text}", reply.status));
        }
    }
    assert!(leaks.is_empty(), "{} leaks: {leaks:#?}", leaks.len());
    // A's clip is untouched.
    let clip_row = app
        .service
        .store
        .get_clip(&app.service.store.ensure_workspace("creator").await.unwrap().id, clip)
        .await
        .unwrap();
    assert_ne!(clip_row.title.as_deref(), Some("mine now"));
}

#[tokio::test]
async fn errors_come_in_scalereachs_shape() {
    let app = app(|s| s.service.rate_limit_per_minute = 1000).await;
    let key = scalereach_key(&app, "creator").await;
    let missing = sr(&app, "GET", "/api/workspaces", None, None).await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert!(
        missing.json["error"].is_string() && missing.json.as_object().unwrap().len() == 1,
        "{}",
        missing.json
    );
    let wrong = sr(&app, "GET", "/api/videos/my-videos", Some("sr_live_0000"), None).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);

    insta::assert_json_snapshot!("unauthorized", missing.json);
    let other = sr(&app, "GET", "/api/workspaces/someone-else", Some(&key), None).await;
    assert_eq!(
        (other.status, other.json),
        (StatusCode::FORBIDDEN, json!({ "error": "You don't have access to this workspace" }))
    );
    let video = sr(&app, "GET", "/api/videos/UThwmCZb75JYZi4UP9rOX/status", Some(&key), None).await;
    assert_eq!(
        (video.status, video.json),
        (StatusCode::NOT_FOUND, json!({ "error": "Video not found" }))
    );
    let clip = sr(&app, "POST", "/api/clips/clip_abc123/favorite", Some(&key), None).await;
    assert_eq!(
        (clip.status, clip.json),
        (StatusCode::NOT_FOUND, json!({ "error": "Clip not found" }))
    );
    let no_url = sr(&app, "POST", "/api/videos/youtube", Some(&key), Some(json!({ "config": {} }))).await;
    assert_eq!(
        (no_url.status, no_url.json),
        (StatusCode::BAD_REQUEST, json!({ "error": "YouTube URL is required" }))
    );
    let project = sr(
        &app,
        "POST",
        "/api/videos/youtube",
        Some(&key),
        Some(json!({ "youtubeUrl": "https://www.youtube.com/watch?v=wVXAFlueS9Y", "projectId": "p1" })),
    )
    .await;
    assert_eq!(
        (project.status, project.json),
        (StatusCode::NOT_FOUND, json!({ "error": "Project not found" }))
    );
    let template = sr(
        &app,
        "POST",
        "/api/videos/youtube",
        Some(&key),
        Some(json!({ "youtubeUrl": "https://www.youtube.com/watch?v=wVXAFlueS9Y", "config": { "captionTemplateId": "comic-sans" } })),
    )
    .await;
    assert_eq!(template.status, StatusCode::BAD_REQUEST);
    assert!(template.json["error"].as_str().unwrap().contains("comic-sans"));
    // Unknown fields (top level and in config) are accepted.
    let lenient = sr(&app, "POST", "/api/videos/youtube", Some(&key), Some(json!({ "youtubeUrl": "https://www.youtube.com/watch?v=wVXAFlueS9Y", "utm": "x", "config": { "enableEmojis": true, "backgroundStyle": "blur" } }))).await;
    assert_eq!(lenient.status, StatusCode::CREATED, "{}", lenient.json);
    let validate = sr(&app, "GET", "/api/videos/validate-youtube?url=ftp://x", Some(&key), None).await;
    assert_eq!(validate.json["valid"], false);
    let nowhere = sr(&app, "GET", "/api/social/accounts", Some(&key), None).await;
    assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
    assert!(nowhere.json["error"].is_string());

    let openapi = app.call("GET", "/api/openapi.json", None, None).await;
    assert!(openapi.json["paths"]["/api/videos/{id}/clips"].is_object());
}

#[tokio::test]
async fn rate_limits_answer_429_with_its_headers() {
    let app = app(|s| s.service.rate_limit_per_minute = 2).await;
    let key = scalereach_key(&app, "creator").await;
    let mut last = None;
    for _ in 0..4 {
        last = Some(sr(&app, "GET", "/api/workspaces", Some(&key), None).await);
    }
    let limited = last.unwrap();
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.json["error"], "Too Many Requests");
    assert!(limited.json["retryAfter"].as_u64().unwrap() >= 1);
    insta::assert_json_snapshot!("rate_limited", shape(&limited.json));
    for header in ["retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"] {
        assert!(limited.headers.get(header).is_some(), "{header}");
    }
}
