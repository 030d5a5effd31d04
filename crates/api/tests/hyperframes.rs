//! `/v3/hyperframes/renders` through the real router and a real worker: an inline
//! (base64) project renders to a downloadable video with a thumbnail, the detail has the
//! seed's fields, the callback hears `hyperframes_video.success`, unsafe zips and bad
//! options are refused with a precise `param`, and renders and clipping jobs do not
//! answer for each other.

mod common;

use std::io::Write;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use base64::Engine;
use common::{app, path_of};
use serde_json::{json, Value};

const INDEX: &str = r#"<!doctype html><html><head><style>
html,body{margin:0;background:#102030;width:1920px;height:1080px;overflow:hidden}
@keyframes grow { from { width: 100px } to { width: 1500px } }
#bar { position:absolute; left:100px; top:500px; height:80px; background:#fc0; animation: grow 1s linear both }
</style></head><body>
<div data-composition-id="api" data-start="0" data-width="1920" data-height="1080" data-duration="1">
  <div id="bar" class="clip" data-start="0" data-duration="1"></div>
</div></body></html>"#;

fn zip_of(entries: &[(&str, &[u8])]) -> String {
    let mut bytes = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut bytes);
    for (name, body) in entries {
        writer.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        writer.write_all(body).unwrap();
    }
    writer.finish().unwrap();
    base64::engine::general_purpose::STANDARD.encode(bytes.into_inner())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_render_runs_through_the_api() {
    let app = app(|s| s.render.workers = 1).await;
    let shutdown = app.start_worker();
    tokio::spawn(reelcut_jobs::webhooks::run_sender(
        app.service.clone(),
        Duration::from_millis(100),
        shutdown.clone(),
    ));
    let key = app.key("studio").await;

    let hook = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path("/hook"))
        .respond_with(wiremock::ResponseTemplate::new(204))
        .mount(&hook)
        .await;
    let callback_url = format!("{}/hook", hook.uri());
    let received = || async {
        let requests = hook.received_requests().await.expect("recording is on");
        requests.into_iter().map(|r| String::from_utf8(r.body).unwrap()).collect::<Vec<_>>()
    };

    let project = json!({ "type": "base64", "media_type": "application/zip", "data": zip_of(&[("index.html", INDEX.as_bytes())]) });
    let created = app
        .call(
            "POST",
            "/v3/hyperframes/renders",
            Some(&key),
            Some(json!({ "project": project, "fps": 12, "quality": "draft", "aspect_ratio": "16:9",
                         "title": "bar", "callback_url": callback_url, "callback_id": "cb-1" })),
        )
        .await;
    assert_eq!(created.status, StatusCode::ACCEPTED, "{}", created.json);
    assert_eq!(created.json["data"]["status"], json!("queued"));
    let id = created.json["data"]["render_id"].as_str().unwrap().to_string();

    let started = Instant::now();
    let render = loop {
        let reply = app.call("GET", &format!("/v3/hyperframes/renders/{id}"), Some(&key), None).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
        let render = reply.json["data"].clone();
        if matches!(render["status"].as_str(), Some("completed" | "failed")) {
            break render;
        }
        assert!(started.elapsed() < Duration::from_secs(90), "render did not finish: {render}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(render["status"], json!("completed"), "{render}");
    assert_eq!(render["fps"], json!(12));
    assert_eq!(render["format"], json!("mp4"));
    assert_eq!(render["quality"], json!("draft"));
    assert_eq!(render["aspect_ratio"], json!("16:9"));
    assert_eq!(render["composition"], json!("index.html"));
    assert_eq!(render["callback_id"], json!("cb-1"));
    assert_eq!(render["duration"], json!(1.0));
    assert!(render["completed_at"].as_i64().unwrap() >= render["created_at"].as_i64().unwrap());

    // Exactly the seed's fields.
    let seed_text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/seeds/heygen-v3-list-hyperframes-renders.md"
    ))
    .unwrap();
    // The fence line goes on after "yaml" (the source path): the YAML starts below it.
    let fenced = seed_text.split("````yaml").nth(1).unwrap();
    let yaml = fenced.split_once('\n').unwrap().1.split("````").next().unwrap();
    let seed: Value = serde_yaml::from_str(yaml).unwrap();
    let mut expected: Vec<&String> = seed["components"]["schemas"]["HyperframesRenderDetail"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    expected.sort();
    let mut ours: Vec<&String> = render.as_object().unwrap().keys().collect();
    ours.sort();
    assert_eq!(ours, expected);

    let video = app.call("GET", &path_of(render["video_url"].as_str().unwrap()), None, None).await;
    assert_eq!(video.status, StatusCode::OK);
    let body = video.json.as_str().map(|s| s.as_bytes().to_vec()).unwrap_or_default();
    assert!(body.windows(4).any(|w| w == b"ftyp"), "an MP4 came back");
    let thumb = app
        .call("GET", &path_of(render["thumbnail_url"].as_str().unwrap()), None, None)
        .await;
    assert_eq!(thumb.status, StatusCode::OK);
    assert_eq!(thumb.headers["content-type"], "image/jpeg");

    let list = app.call("GET", "/v3/hyperframes/renders?limit=5", Some(&key), None).await;
    assert_eq!(list.json["data"][0]["render_id"], json!(id));
    assert_eq!(list.json["has_more"], json!(false));
    assert_eq!(list.json["next_token"], Value::Null);
    // A render is not an AI clipping job, nor the other way round.
    let cross = app.call("GET", &format!("/v3/ai-clipping/{id}"), Some(&key), None).await;
    assert_eq!(cross.status, StatusCode::NOT_FOUND);

    let deadline = Instant::now() + Duration::from_secs(10);
    while !received().await.iter().any(|b| b.contains("hyperframes_video.success")) {
        assert!(Instant::now() < deadline, "no success callback: {:?}", received().await);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let event: Value = serde_json::from_str(&received().await[0]).unwrap();
    assert_eq!(event["event_data"]["render_id"], json!(id));
    assert_eq!(event["event_data"]["callback_id"], json!("cb-1"));

    let deleted = app.call("DELETE", &format!("/v3/hyperframes/renders/{id}"), Some(&key), None).await;
    assert_eq!(deleted.json, json!({ "data": { "render_id": id } }));
    let gone = app.call("GET", &format!("/v3/hyperframes/renders/{id}"), Some(&key), None).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_render_requests_name_their_param() {
    let app = app(|_| {}).await;
    let key = app.key("studio").await;
    let good = json!({ "type": "base64", "data": zip_of(&[("index.html", INDEX.as_bytes())]) });
    let cases = [
        (json!({}), "project"),
        (
            json!({ "project": { "type": "base64", "data": zip_of(&[("index.html", b"x"), ("../escape.txt", b"x")]) } }),
            "project",
        ),
        (json!({ "project": { "type": "base64", "data": "%%% not base64" } }), "project.data"),
        (
            json!({ "project": { "type": "base64", "data": zip_of(&[("main.html", b"x")]) } }),
            "composition",
        ),
        (
            json!({ "project": { "type": "url", "url": "ftp://example.com/p.zip" } }),
            "project.url",
        ),
        (json!({ "project": { "type": "asset_id", "asset_id": "nope" } }), "project.asset_id"),
        (json!({ "project": good, "fps": 0 }), "fps"),
        (json!({ "project": good, "fps": 241 }), "fps"),
        (json!({ "project": good, "quality": "ultra" }), "quality"),
        (json!({ "project": good, "format": "gif" }), "format"),
        (json!({ "project": good, "format": "webm", "resolution": "4k" }), "resolution"),
        (json!({ "project": good, "aspect_ratio": "4:5" }), "aspect_ratio"),
        (json!({ "project": good, "title": "x".repeat(501) }), "title"),
    ];
    for (body, param) in cases {
        let reply = app.call("POST", "/v3/hyperframes/renders", Some(&key), Some(body.clone())).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}: {}", reply.json);
        assert_eq!(reply.json["error"]["code"], json!("invalid_parameter"), "{}", reply.json);
        assert_eq!(reply.json["error"]["param"], json!(param), "{}", reply.json);
    }
}
