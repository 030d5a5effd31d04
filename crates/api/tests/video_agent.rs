//! The video agent through the real router and a real worker, with the requests
//! HeyGen's CLI sends (`heygen video-agent create|get|send`, `heygen video get`):
//! generate mode answers with a video id at once and ends with five downloadable,
//! valid files and a `video_agent.success` webhook; chat mode stops at `reviewing` with
//! the storyboard, renders on approval, and a revision makes a second video, listed
//! first. What reelcut cannot honour is refused with a precise `param`.

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::app;
use serde_json::{json, Value};

const OUTLINE: &str =
    "Three facts about offline sync\n- Notes save on the phone first\n- Changes upload when you reconnect\n- Nothing is ever lost";

async fn wait_video(app: &common::TestApp, key: &str, video_id: &str) -> Value {
    let video = app.wait_finished(key, &format!("/v3/videos/{video_id}")).await;
    assert_eq!(video["status"], "completed", "{video}");
    video
}

fn probe(bytes: &[u8], dir: &std::path::Path, name: &str) -> f64 {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    assert!(
        reelcut_testkit::video_stream(&path, "stream=width").parse::<u32>().unwrap() > 0,
        "{name} has a picture"
    );
    reelcut_testkit::duration(&path)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generate_mode_makes_a_video_with_every_file() {
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
        .respond_with(wiremock::ResponseTemplate::new(204))
        .mount(&hook)
        .await;

    // Refused by name: what reelcut cannot honour, and what is malformed.
    for (body, param) in [
        (json!({ "prompt": OUTLINE, "avatar_id": "Daisy-inskirt-20220818" }), "avatar_id"),
        (json!({ "prompt": OUTLINE, "brand_kit_id": "bk_1" }), "brand_kit_id"),
        (json!({ "prompt": "" }), "prompt"),
        (json!({ "prompt": OUTLINE, "mode": "batch" }), "mode"),
        (json!({ "prompt": OUTLINE, "orientation": "square" }), "orientation"),
        (json!({ "prompt": OUTLINE, "style_id": "nope" }), "style_id"),
        (json!({ "prompt": OUTLINE, "duration_sec": 2 }), "duration_sec"),
    ] {
        let reply = app.call("POST", "/v3/video-agents", Some(&key), Some(body)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.json);
        assert_eq!(reply.json["error"]["code"], "invalid_parameter");
        assert_eq!(reply.json["error"]["param"], param, "{}", reply.json);
    }

    // As `heygen video-agent create -d '…' --wait` sends it, with the extra fields
    // HeyGen's other clients add.
    let create = json!({
        "prompt": OUTLINE, "mode": "generate", "orientation": "landscape", "duration_sec": 15,
        "auto_proceed": true, "skip_agentic_stop": false, "incognito_mode": false,
        "callback_url": format!("{}/hook", hook.uri()), "callback_id": "cb-7",
    });
    let reply = app.call("POST", "/v3/video-agents", Some(&key), Some(create)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    let session_id = reply.json["data"]["session_id"].as_str().unwrap().to_string();
    let video_id = reply.json["data"]["video_id"].as_str().expect("a video id at once").to_string();
    assert_eq!(reply.json["data"]["status"], "generating");

    let video = wait_video(&app, &key, &video_id).await;
    let duration = video["duration"].as_f64().unwrap();
    assert!((duration - 15.0).abs() <= 0.15 * 15.0, "{duration} s for a 15 s request");
    let dir = reelcut_testkit::tempdir();
    let plain = probe(&app.download(video["video_url"].as_str().unwrap()).await, dir.path(), "video.mp4");
    let captioned = probe(
        &app.download(video["captioned_video_url"].as_str().unwrap()).await,
        dir.path(),
        "captioned.mp4",
    );
    assert!((plain - captioned).abs() < 0.1);
    let srt = String::from_utf8(app.download(video["subtitle_url"].as_str().unwrap()).await).unwrap();
    assert!(srt.contains("Changes upload when you reconnect."), "{srt}");
    assert!(app
        .download(video["thumbnail_url"].as_str().unwrap())
        .await
        .starts_with(&[0xFF, 0xD8]));
    assert!(app.download(video["gif_url"].as_str().unwrap()).await.starts_with(b"GIF8"));

    let session = app.call("GET", &format!("/v3/video-agents/{session_id}"), Some(&key), None).await;
    assert_eq!(session.json["data"]["status"], "completed", "{}", session.json);
    assert_eq!(session.json["data"]["progress"], 100);
    assert_eq!(
        session.json["data"]["messages"][0]["resource_ids"][0],
        video_id.as_str(),
        "newest first"
    );

    // The webhook, once, in the shape handlers read.
    let mut delivered = Vec::new();
    for _ in 0..100 {
        delivered = hook.received_requests().await.unwrap();
        if !delivered.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(delivered.len(), 1);
    let event: Value = serde_json::from_slice(&delivered[0].body).unwrap();
    assert_eq!(event["event_type"], "video_agent.success");
    assert_eq!(event["event_data"]["session_id"], session_id.as_str());
    assert_eq!(event["event_data"]["video_id"], video_id.as_str());
    assert_eq!(event["event_data"]["callback_id"], "cb-7");
    assert_eq!(event["event_data"]["url"], event["event_data"]["video_url"]);

    let deleted = app.call("DELETE", &format!("/v3/videos/{video_id}"), Some(&key), None).await;
    assert_eq!(deleted.json, json!({ "data": { "id": video_id, "deleted": true } }));
    assert_eq!(
        app.call("GET", &format!("/v3/videos/{video_id}"), Some(&key), None).await.status,
        StatusCode::NOT_FOUND
    );
    shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_mode_reviews_then_revises_into_a_second_video() {
    let app = app(|s| s.render.workers = 1).await;
    let shutdown = app.start_worker();
    let key = app.key("studio").await;
    let reply = app
        .call(
            "POST",
            "/v3/video-agents",
            Some(&key),
            Some(json!({ "prompt": OUTLINE, "mode": "chat", "orientation": "portrait" })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["data"]["status"], "reviewing");
    assert!(reply.json["data"]["video_id"].is_null());
    let id = reply.json["data"]["session_id"].as_str().unwrap().to_string();
    let session = app.call("GET", &format!("/v3/video-agents/{id}"), Some(&key), None).await.json["data"].clone();
    assert_eq!(session["status"], "reviewing");
    assert_eq!(session["messages"][0]["type"], "resource");
    assert!(session["messages"][0]["content"].as_str().unwrap().contains("Nothing is ever lost"));
    let draft = app
        .call("GET", &format!("/v3/video-agents/{id}/resources/storyboard-1"), Some(&key), None)
        .await;
    assert_eq!(draft.json["data"]["resource_type"], "draft");
    assert_eq!(
        draft.json["data"]["metadata"]["scenes"].as_array().unwrap().len(),
        5,
        "title, three points, recap"
    );

    // Not understood: said so, nothing rendered.
    let unclear = app
        .call(
            "POST",
            &format!("/v3/video-agents/{id}"),
            Some(&key),
            Some(json!({ "message": "hmm" })),
        )
        .await;
    assert_eq!(unclear.status, StatusCode::OK);
    assert!(app
        .call("GET", &format!("/v3/video-agents/{id}/videos"), Some(&key), None)
        .await
        .json["data"]
        .as_array()
        .unwrap()
        .is_empty());

    let go = app
        .call(
            "POST",
            &format!("/v3/video-agents/{id}"),
            Some(&key),
            Some(json!({ "message": "Looks good, go ahead" })),
        )
        .await;
    assert_eq!(go.status, StatusCode::OK, "{}", go.json);
    assert!(go.json["data"]["run_id"].is_string());
    let first = app.call("GET", &format!("/v3/video-agents/{id}"), Some(&key), None).await.json["data"]["video_id"]
        .as_str()
        .unwrap()
        .to_string();
    let busy = app
        .call(
            "POST",
            &format!("/v3/video-agents/{id}"),
            Some(&key),
            Some(json!({ "message": "use the retro style" })),
        )
        .await;
    if busy.status == StatusCode::CONFLICT {
        assert_eq!(busy.json["error"]["code"], "conflict");
    }
    wait_video(&app, &key, &first).await;

    let revise = app
        .call(
            "POST",
            &format!("/v3/video-agents/{id}"),
            Some(&key),
            Some(json!({ "message": "use the retro style" })),
        )
        .await;
    assert_eq!(revise.status, StatusCode::OK, "{}", revise.json);
    let second = app.call("GET", &format!("/v3/video-agents/{id}"), Some(&key), None).await.json["data"]["video_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(first, second);
    wait_video(&app, &key, &second).await;
    let revised = app
        .call("GET", &format!("/v3/video-agents/{id}/resources/storyboard-2"), Some(&key), None)
        .await;
    assert_eq!(revised.json["data"]["metadata"]["style_id"], "retro-tech");

    let videos = app
        .call("GET", &format!("/v3/video-agents/{id}/videos"), Some(&key), None)
        .await
        .json["data"]
        .clone();
    let ids: Vec<&str> = videos.as_array().unwrap().iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![second.as_str(), first.as_str()], "newest first");
    let all = app.call("GET", "/v3/videos", Some(&key), None).await.json;
    assert_eq!(all["data"].as_array().unwrap().len(), 2);
    let listed = app.call("GET", "/v3/video-agents", Some(&key), None).await.json;
    assert_eq!(listed["data"][0]["session_id"], id.as_str());
    let generate_only = app
        .call("POST", "/v3/video-agents", Some(&key), Some(json!({ "prompt": OUTLINE })))
        .await;
    let other = generate_only.json["data"]["session_id"].as_str().unwrap();
    let refused = app
        .call(
            "POST",
            &format!("/v3/video-agents/{other}"),
            Some(&key),
            Some(json!({ "message": "go" })),
        )
        .await;
    assert_eq!(refused.json["error"]["param"], "session_id");
    shutdown.cancel();
}
