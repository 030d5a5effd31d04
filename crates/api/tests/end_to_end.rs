//! The whole service on real media: a key, assets uploaded both ways, an AI clipping job
//! run by a real in-process worker to `completed`, clips and thumbnails downloaded
//! through their presigned URLs, list paging, cancel, delete; bad inputs fail with the
//! right code; a signed webhook reaches a receiver that was down when the job finished,
//! exactly once.

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::{app, path_of, TestApp};
use serde_json::{json, Value};

/// A webhook receiver (wiremock) on `listener` that answers 204 and records every request.
async fn receiver(listener: std::net::TcpListener) -> wiremock::MockServer {
    let server = wiremock::MockServer::builder().listener(listener).start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path("/hook"))
        .respond_with(wiremock::ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

/// What `server` received so far: each request's headers and body.
async fn received(server: &wiremock::MockServer) -> Vec<(axum::http::HeaderMap, String)> {
    let requests = server.received_requests().await.expect("recording is on");
    requests
        .into_iter()
        .map(|r| (r.headers, String::from_utf8(r.body).expect("JSON bodies")))
        .collect()
}

async fn wait_for(app: &TestApp, key: &str, id: &str, done: impl Fn(&Value) -> bool, seconds: u64) -> (Value, Vec<i64>) {
    let started = Instant::now();
    let mut progress = Vec::new();
    loop {
        let reply = app.call("GET", &format!("/v3/ai-clipping/{id}"), Some(key), None).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
        let job = reply.json["data"].clone();
        progress.push(job["progress"].as_i64().unwrap());
        if done(&job) {
            return (job, progress);
        }
        assert!(started.elapsed() < Duration::from_secs(seconds), "job did not finish: {job}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

fn terminal(job: &Value) -> bool {
    matches!(job["status"].as_str(), Some("completed" | "failed" | "cancelled"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clipping_job_runs_end_to_end_through_the_api() {
    let app = app(|_| {}).await;
    let shutdown = app.start_worker();
    tokio::spawn(reelcut_jobs::webhooks::run_sender(
        app.service.clone(),
        Duration::from_millis(100),
        shutdown.clone(),
    ));
    let key = app.key("studio").await;

    // The registered endpoint's receiver is down for now: reserve its port, close it.
    let reserved = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let hook_addr = reserved.local_addr().unwrap();
    drop(reserved);
    let endpoint = app
        .call(
            "POST",
            "/v3/webhooks/endpoints",
            Some(&key),
            Some(json!({ "url": format!("http://{hook_addr}/hook"), "events": null })),
        )
        .await;
    let secret = endpoint.json["data"]["secret"].as_str().unwrap().to_string();
    // The job's own callback_url receiver is up from the start.
    let callbacks = receiver(std::net::TcpListener::bind("127.0.0.1:0").unwrap()).await;
    let callback_url = format!("{}/hook", callbacks.uri());

    // Upload the talk both ways: multipart, and direct (create → PUT → complete).
    let talk = reelcut_testkit::talk_video(app.dir.path(), reelcut_testkit::SHORT_TALK);
    let bytes = std::fs::read(&talk).unwrap();
    let multipart = app.upload(&key, "talk.mp4", &bytes).await;
    assert_eq!(multipart["size_bytes"], json!(bytes.len()));
    let direct = app
        .call(
            "POST",
            "/v3/assets/direct-uploads",
            Some(&key),
            Some(json!({ "filename": "talk.mp4", "content_type": "video/mp4", "size_bytes": bytes.len() })),
        )
        .await;
    let asset_id = direct.json["data"]["asset_id"].as_str().unwrap().to_string();
    let put = axum::http::Request::builder()
        .method("PUT")
        .uri(path_of(direct.json["data"]["upload_url"].as_str().unwrap()))
        .body(axum::body::Body::from(bytes.clone()))
        .unwrap();
    assert_eq!(app.send(put).await.status, StatusCode::OK);
    let completed = app.call("POST", &format!("/v3/assets/{asset_id}/complete"), Some(&key), None).await;
    assert_eq!(
        completed.json["data"]["checksum_sha256"], multipart["checksum_sha256"],
        "same bytes both ways"
    );

    let created = app
        .call(
            "POST",
            "/v3/ai-clipping",
            Some(&key),
            Some(json!({
                "video": { "type": "asset_id", "asset_id": asset_id },
                "title": "Habits and sleep",
                "output_settings": { "duration_types": ["30"], "aspect_ratio": "portrait", "caption_style": "karaoke" },
                "callback_url": callback_url,
                "callback_id": "cb-42",
            })),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.json);
    let job_id = created.json["data"]["ai_clipping_id"].as_str().unwrap().to_string();
    let (job, progress) = wait_for(&app, &key, &job_id, terminal, 600).await;
    assert_eq!(job["status"], json!("completed"), "{job}");
    assert!(progress.windows(2).all(|w| w[0] <= w[1]), "progress never goes back: {progress:?}");
    assert!(
        progress.iter().any(|p| (1..100).contains(p)),
        "live progress was visible: {progress:?}"
    );
    assert_eq!(
        (job["progress"].clone(), job["input_language"].clone(), job["callback_id"].clone()),
        (json!(100), json!("en"), json!("cb-42"))
    );
    assert!(job["source_duration"].as_f64().unwrap() > 30.0);
    let clips = job["clips"].as_array().unwrap();
    assert!(!clips.is_empty(), "{job}");
    for clip in clips {
        assert_eq!(
            (clip["status"].clone(), clip["aspect_ratio"].clone()),
            (json!("completed"), json!("portrait"))
        );
        let score = clip["virality_score"].as_i64().unwrap();
        assert!((0..=100).contains(&score));
        let duration = clip["duration_seconds"].as_f64().unwrap();
        // A whole passage from 80 % of the type's 15 s floor is offered as it is rather
        // than padded with what follows (`reelcut_moments::passages::fitting`).
        assert!((12.0..=45.0).contains(&duration), "a 30 s clip: {duration}");
        let video = app.call("GET", &path_of(clip["video_url"].as_str().unwrap()), None, None).await;
        assert_eq!(video.status, StatusCode::OK);
        let thumb_reply = app
            .send(
                axum::http::Request::builder()
                    .uri(path_of(clip["thumbnail_url"].as_str().unwrap()))
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(thumb_reply.headers["content-type"], "image/jpeg");
        // Download for real and let ffprobe judge the MP4.
        let mp4 = app.dir.path().join(format!("{}.mp4", clip["id"].as_str().unwrap()));
        let (_, stream) = app
            .service
            .blobs
            .get_stream(
                path_of(clip["video_url"].as_str().unwrap())
                    .trim_start_matches("/v3/blobs/")
                    .split('?')
                    .next()
                    .unwrap(),
            )
            .await
            .unwrap();
        let data: Vec<u8> = futures::TryStreamExt::try_concat(futures::TryStreamExt::map_ok(stream, |b| b.to_vec()))
            .await
            .unwrap();
        assert_eq!(&data[4..8], b"ftyp");
        std::fs::write(&mp4, &data).unwrap();
        let probed = reelcut_testkit::duration(&mp4);
        assert!((probed - duration).abs() < 0.5, "{probed} vs {duration}");
    }

    // Two more jobs that fail on bad input, for the failure path and for paging.
    let private = app
        .call(
            "POST",
            "/v3/ai-clipping",
            Some(&key),
            Some(json!({ "video": { "type": "url", "url": "http://127.0.0.1:9/secret.mp4" } })),
        )
        .await;
    let private_id = private.json["data"]["ai_clipping_id"].as_str().unwrap().to_string();
    let not_media = app.upload(&key, "notes.mp4", b"this is a text file renamed to mp4").await;
    let junk = app
        .call(
            "POST",
            "/v3/ai-clipping",
            Some(&key),
            Some(json!({ "video": { "type": "asset_id", "asset_id": not_media["asset_id"] } })),
        )
        .await;
    let junk_id = junk.json["data"]["ai_clipping_id"].as_str().unwrap().to_string();
    let (private_job, _) = wait_for(&app, &key, &private_id, terminal, 60).await;
    assert_eq!(private_job["status"], json!("failed"));
    assert!(
        private_job["failure_message"]
            .as_str()
            .unwrap()
            .contains("private or local address"),
        "{private_job}"
    );
    let (junk_job, _) = wait_for(&app, &key, &junk_id, terminal, 60).await;
    assert_eq!(junk_job["status"], json!("failed"));
    assert!(
        junk_job["failure_message"].as_str().unwrap().contains("not readable media"),
        "{junk_job}"
    );

    // Paging: newest first, one per page, the coarse progress of the list.
    let mut seen = Vec::new();
    let mut uri = "/v3/ai-clipping?limit=1".to_string();
    loop {
        let page = app.call("GET", &uri, Some(&key), None).await;
        let item = &page.json["data"][0];
        seen.push((item["id"].as_str().unwrap().to_string(), item["progress"].as_i64().unwrap()));
        if page.json["has_more"] == json!(false) {
            assert_eq!(page.json["next_token"], json!(null));
            break;
        }
        uri = format!("/v3/ai-clipping?limit=1&token={}", page.json["next_token"].as_str().unwrap());
    }
    assert_eq!(seen, vec![(junk_id.clone(), 0), (private_id.clone(), 0), (job_id.clone(), 100)]);

    // Cancel: a running job stops within 2 s. Other bytes (a copy with new metadata),
    // so the stage cache misses and the job is busy transcribing when cancelled.
    let copy = app.dir.path().join("copy.mp4");
    reelcut_testkit::ffmpeg(&[
        "-i",
        talk.to_str().unwrap(),
        "-c",
        "copy",
        "-metadata",
        "title=copy",
        copy.to_str().unwrap(),
    ]);
    let copy_asset = app.upload(&key, "copy.mp4", &std::fs::read(&copy).unwrap()).await;
    let again = app
        .call(
            "POST",
            "/v3/ai-clipping",
            Some(&key),
            Some(json!({ "video": { "type": "asset_id", "asset_id": copy_asset["asset_id"] } })),
        )
        .await;
    let again_id = again.json["data"]["ai_clipping_id"].as_str().unwrap().to_string();
    wait_for(&app, &key, &again_id, |j| j["progress"].as_i64().unwrap() >= 5 || terminal(j), 60).await;
    let asked = Instant::now();
    let cancel = app
        .call("POST", &format!("/v3/ai-clipping/{again_id}/cancel"), Some(&key), None)
        .await;
    assert_eq!(cancel.status, StatusCode::OK, "{}", cancel.json);
    let (cancelled, _) = wait_for(&app, &key, &again_id, terminal, 10).await;
    assert_eq!(cancelled["status"], json!("cancelled"));
    // Event-driven rather than timed: the worker records the cancel as soon as its
    // heartbeat sees the request, and the job keeps no clips.
    let stop_time = asked.elapsed();
    assert!(cancelled["clips"].as_array().unwrap().is_empty());
    eprintln!("cancel took {stop_time:?}");

    // The callback URL got the success event (unsigned), with the clips and callback_id.
    let success = received(&callbacks)
        .await
        .into_iter()
        .find(|(_, b)| b.contains("ai_clipping.success"))
        .expect("callback delivered");
    let payload: Value = serde_json::from_str(&success.1).unwrap();
    assert_eq!(
        (payload["event_data"]["id"].clone(), payload["event_data"]["callback_id"].clone()),
        (json!(job_id), json!("cb-42"))
    );
    assert!(success.0.get("webhook-signature").is_none());

    // The registered endpoint was down; once it is up, each event arrives once, signed.
    let events = app
        .call("GET", &format!("/v3/webhooks/events?entity_id={job_id}"), Some(&key), None)
        .await;
    let event_id = events.json["data"][0]["event_id"].as_str().unwrap().to_string();
    let deliveries = app.service.store.deliveries_for_event(&event_id).await.unwrap();
    assert!(
        deliveries
            .iter()
            .any(|d| d.endpoint_id.is_some() && d.attempts >= 1 && d.status == "pending"),
        "{deliveries:?}"
    );
    let hook_server = receiver(std::net::TcpListener::bind(hook_addr).unwrap()).await;
    // Event-driven: once the store has marked every endpoint delivery of the workspace's
    // events delivered, nothing will be sent again, so the count received is final.
    let all_events = app.call("GET", "/v3/webhooks/events?limit=100", Some(&key), None).await;
    let event_ids: Vec<String> = all_events.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(event_ids.len(), 3, "{}", all_events.json);
    let started = Instant::now();
    loop {
        let mut pending = 0;
        for id in &event_ids {
            let deliveries = app.service.store.deliveries_for_event(id).await.unwrap();
            pending += deliveries
                .iter()
                .filter(|d| d.endpoint_id.is_some() && d.status != "delivered")
                .count();
        }
        if pending == 0 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{pending} endpoint deliveries never delivered"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let hooks = received(&hook_server).await;
    let mut types: Vec<String> = hooks
        .iter()
        .map(|(h, _)| h["x-reelcut-event-type"].to_str().unwrap().to_string())
        .collect();
    types.sort();
    assert_eq!(
        types,
        ["ai_clipping.fail", "ai_clipping.fail", "ai_clipping.success"],
        "each event once"
    );
    // Verified by the Standard Webhooks project's own library, not by our signer.
    let verifier = standardwebhooks::Webhook::new(&secret).expect("a whsec_ secret");
    for (headers, body) in &hooks {
        verifier.verify(body.as_bytes(), headers).expect("the delivery verifies");
        let mut forged = body.clone();
        forged.push(' ');
        assert!(verifier.verify(forged.as_bytes(), headers).is_err(), "a changed body is refused");
    }

    // Delete: gone for the API afterwards.
    assert_eq!(
        app.call("DELETE", &format!("/v3/ai-clipping/{job_id}"), Some(&key), None)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.call("GET", &format!("/v3/ai-clipping/{job_id}"), Some(&key), None).await.status,
        StatusCode::NOT_FOUND
    );
    shutdown.cancel();
}
