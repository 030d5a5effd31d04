//! The studio's server side through the real router and a real worker: the page and its
//! assets are served without a key, its reads need one; a finished job shows its clips
//! with sub-scores, reasons and downloadable captions, the words of a clip with sentence
//! ends, a favourite that v3 sees, and a trimmed square export (2 s off the start) whose
//! file is 2 s shorter and which the job lists as a version of its clip. Bad trims get
//! v3's error shape.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::app;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_studio_reviews_favourites_and_trims_a_finished_job() {
    let app = app(|_| {}).await;
    let shutdown = app.start_worker();
    let key = app.key("studio").await;

    // The page: HTML at `/`, its assets under /studio/, no key asked.
    let page = app.send(Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.json.as_str().unwrap().to_string();
    assert!(html.contains("<div id=\"app\">"), "{html}");
    let script = html.split("src=\"").nth(1).and_then(|s| s.split('"').next()).expect("a script tag");
    let js = app.send(Request::get(script).body(Body::empty()).unwrap()).await;
    assert_eq!(js.status, StatusCode::OK, "{script}");
    assert!(js.headers["content-type"].to_str().unwrap().contains("javascript"));
    assert!(js.headers["cache-control"].to_str().unwrap().contains("immutable"));
    let missing = app.send(Request::get("/studio/assets/nope.js").body(Body::empty()).unwrap()).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.call("GET", "/studio/api/jobs", None, None).await.status,
        StatusCode::UNAUTHORIZED
    );

    let talk = reelcut_testkit::talk_video(app.dir.path(), reelcut_testkit::SHORT_TALK);
    let asset = app.upload(&key, "talk.mp4", &std::fs::read(&talk).unwrap()).await;
    let body = json!({ "video": { "type": "asset_id", "asset_id": asset["asset_id"] }, "title": "Talk",
                       "output_settings": { "duration_types": ["30"] } });
    let created = app.call("POST", "/v3/ai-clipping", Some(&key), Some(body)).await;
    let id = created.json["data"]["ai_clipping_id"].as_str().unwrap().to_string();
    let listed = app.call("GET", "/studio/api/jobs?limit=5", Some(&key), None).await;
    assert_eq!(listed.json[0]["id"], id.as_str(), "{}", listed.json);
    assert_eq!(
        app.call("GET", "/studio/api/jobs?limit=0", Some(&key), None).await.json["error"]["param"],
        "limit"
    );
    let job = app.wait_finished(&key, &format!("/v3/ai-clipping/{id}")).await;
    assert_eq!(job["status"], "completed", "{job}");

    let detail = app.call("GET", &format!("/studio/api/jobs/{id}"), Some(&key), None).await;
    assert_eq!(detail.status, StatusCode::OK, "{}", detail.json);
    assert_eq!(detail.json["job"]["status"], "completed");
    let clip = detail.json["clips"][0].clone();
    for name in ["hook", "self_contained", "payoff", "energy", "clarity"] {
        assert!(clip["sub_scores"][name].is_number(), "{name}: {clip}");
    }
    assert!(!clip["reason"].as_str().unwrap().is_empty());
    let vtt = String::from_utf8(app.download(clip["vtt_url"].as_str().unwrap()).await).unwrap();
    assert!(vtt.starts_with("WEBVTT"), "{vtt}");
    let srt = String::from_utf8(app.download(clip["srt_url"].as_str().unwrap()).await).unwrap();
    assert!(srt.contains(" --> "), "{srt}");

    let index = clip["index"].as_i64().unwrap();
    let position = clip["position"].as_u64().unwrap();
    assert_eq!(position, 0, "the first row is at position 0");
    let (start, end) = (clip["start"].as_f64().unwrap(), clip["end"].as_f64().unwrap());
    let words = app
        .call("GET", &format!("/studio/api/jobs/{id}/clips/{index}/words"), Some(&key), None)
        .await;
    let list = words.json["words"].as_array().unwrap();
    assert!(list.len() > 10, "{}", words.json);
    assert!(list
        .iter()
        .all(|w| w["start"].as_f64().unwrap() >= start - 0.01 && w["end"].as_f64().unwrap() <= end + 0.01));
    assert_eq!(list.last().unwrap()["sentence_end"], true, "a clip ends on a sentence end");

    // Favourite: set, seen by v3.
    let clip_id = clip["id"].as_str().unwrap();
    let marked = app
        .call(
            "PUT",
            &format!("/studio/api/clips/{clip_id}/favorite"),
            Some(&key),
            Some(json!({ "favorite": true })),
        )
        .await;
    assert_eq!(marked.json["favorite"], true, "{}", marked.json);
    let v3 = app.call("GET", &format!("/v3/ai-clipping/{id}"), Some(&key), None).await;
    assert_eq!(v3.json["data"]["clips"][0]["favorite"], true);

    // Trims: refused outside the window, too short, or on a clip not exported.
    let exports = format!("/v3/ai-clipping/{id}/exports");
    let refused = |trim: Value, indices: Value| {
        let (app, key, exports) = (&app, &key, &exports);
        async move {
            let body = json!({ "clip_indices": indices, "trims": [trim] });
            let reply = app.call("POST", exports, Some(key), Some(body)).await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.json);
            reply.json["error"]["param"].as_str().unwrap().to_string()
        }
    };
    assert_eq!(
        refused(
            json!({ "clip_index": position, "start": start - 5.0, "end": end }),
            json!([position])
        )
        .await,
        "trims"
    );
    assert_eq!(
        refused(
            json!({ "clip_index": position, "start": start, "end": start + 0.5 }),
            json!([position])
        )
        .await,
        "trims"
    );
    assert_eq!(
        refused(json!({ "clip_index": 99, "start": start, "end": end }), json!([position])).await,
        "trims.clip_index"
    );

    let trimmed = json!({ "clip_indices": [position], "aspect_ratio": "square", "resolution": "480p",
                          "trims": [{ "clip_index": position, "start": start + 2.0, "end": end }] });
    let export = app.call("POST", &exports, Some(&key), Some(trimmed)).await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.json);
    let export_id = export.json["data"]["export_id"].as_str().unwrap().to_string();
    let done = app.wait_finished(&key, &format!("{exports}/{export_id}")).await;
    assert_eq!(done["status"], "completed", "{done}");
    let original = app.dir.path().join("original.mp4");
    std::fs::write(&original, app.download(clip["video_url"].as_str().unwrap()).await).unwrap();
    let file = app.dir.path().join("trimmed.mp4");
    std::fs::write(&file, app.download(done["clips"][0]["video_url"].as_str().unwrap()).await).unwrap();
    let shorter = reelcut_testkit::duration(&original) - reelcut_testkit::duration(&file);
    assert!((shorter - 2.0).abs() < 0.15, "the trimmed export is {shorter:.2} s shorter");
    assert_eq!(reelcut_testkit::video_stream(&file, "stream=width,height"), "480,480");

    let detail = app.call("GET", &format!("/studio/api/jobs/{id}"), Some(&key), None).await;
    let version = &detail.json["exports"][0];
    assert_eq!(version["id"], export_id.as_str());
    assert_eq!(version["options"]["trims"][0]["start"].as_f64().unwrap(), start + 2.0);
    assert_eq!(version["clips"][0]["index"], index);
    assert!((version["clips"][0]["start"].as_f64().unwrap() - (start + 2.0)).abs() < 1e-6);
    shutdown.cancel();
}
