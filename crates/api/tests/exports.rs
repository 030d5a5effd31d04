//! v3's export extension through the real router and a real worker: a finished AI
//! clipping job's first clip exported square, in another look, with a hook at the end;
//! the export's own clip downloads at the asked size and the job's clips stay. Bad
//! exports get v3's error shape with the field as `param`.

mod common;

use axum::http::StatusCode;
use common::app;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_finished_jobs_clip_is_exported_in_another_look() {
    let app = app(|_| {}).await;
    let shutdown = app.start_worker();
    let key = app.key("studio").await;
    let talk = reelcut_testkit::talk_video(app.dir.path(), reelcut_testkit::SHORT_TALK);
    let asset = app.upload(&key, "talk.mp4", &std::fs::read(&talk).unwrap()).await;
    let created = app
        .call(
            "POST",
            "/v3/ai-clipping",
            Some(&key),
            Some(
                json!({ "video": { "type": "asset_id", "asset_id": asset["asset_id"] }, "output_settings": { "duration_types": ["30"] } }),
            ),
        )
        .await;
    let id = created.json["data"]["ai_clipping_id"].as_str().unwrap().to_string();

    // Not finished yet: nothing to export.
    let early = app
        .call("POST", &format!("/v3/ai-clipping/{id}/exports"), Some(&key), Some(json!({})))
        .await;
    if early.status != StatusCode::OK {
        assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.json);
    }
    let job = app.wait_finished(&key, &format!("/v3/ai-clipping/{id}")).await;
    assert_eq!(job["status"], "completed", "{job}");
    let clips = job["clips"].as_array().unwrap().len();
    assert!(clips >= 1);

    let refused = |body: Value, param: &'static str, code: &'static str| {
        let (app, key, id) = (&app, &key, &id);
        async move {
            let reply = app
                .call("POST", &format!("/v3/ai-clipping/{id}/exports"), Some(key), Some(body))
                .await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.json);
            assert_eq!(reply.json["error"]["code"], code, "{}", reply.json);
            assert_eq!(reply.json["error"]["param"], param, "{}", reply.json);
        }
    };
    refused(json!({ "clip_indices": [clips] }), "clip_indices", "invalid_parameter").await;
    refused(json!({ "caption_style": "temp-7" }), "caption_style", "invalid_parameter").await;
    refused(json!({ "aspect_ratio": "3:2" }), "aspect_ratio", "invalid_parameter").await;
    refused(json!({ "hook": { "style": "sarcastic" } }), "hook.style", "invalid_parameter").await;
    refused(
        json!({ "target_language": "es", "caption_display": "both" }),
        "target_language",
        "translation_unavailable",
    )
    .await;

    let export = app
        .call(
            "POST",
            &format!("/v3/ai-clipping/{id}/exports"),
            Some(&key),
            Some(json!({
                "clip_indices": [0], "aspect_ratio": "square", "resolution": "480p", "caption_style": "hormozi",
                "hook": { "style": "humorous", "position": "end", "duration_ms": 2500 }
            })),
        )
        .await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.json);
    let export_id = export.json["data"]["export_id"].as_str().unwrap().to_string();
    assert_eq!(export.json["data"]["ai_clipping_id"], id.as_str());
    let done = app.wait_finished(&key, &format!("/v3/ai-clipping/{id}/exports/{export_id}")).await;
    assert_eq!(done["status"], "completed", "{done}");
    let exported = done["clips"].as_array().unwrap();
    assert_eq!(exported.len(), 1);
    assert_eq!(exported[0]["aspect_ratio"], "square");
    let file = app.dir.path().join("exported.mp4");
    std::fs::write(&file, app.download(exported[0]["video_url"].as_str().unwrap()).await).unwrap();
    assert_eq!(reelcut_testkit::video_stream(&file, "stream=width,height"), "480,480");

    // The export belongs to its job only; the job's own clips are unchanged.
    let other = app
        .call("GET", &format!("/v3/ai-clipping/{export_id}/exports/{export_id}"), Some(&key), None)
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let again = app.call("GET", &format!("/v3/ai-clipping/{id}"), Some(&key), None).await;
    let ids = |clips: &Value| clips.as_array().unwrap().iter().map(|c| c["id"].clone()).collect::<Vec<_>>();
    assert_eq!(ids(&again.json["data"]["clips"]), ids(&job["clips"]));
    let events = app.call("GET", "/v3/webhooks/event-types", Some(&key), None).await;
    assert!(events.json.to_string().contains("ai_clipping_export.success"));
    shutdown.cancel();
}
