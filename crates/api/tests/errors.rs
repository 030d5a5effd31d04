//! Every error the seeds show, through the real router, in the `StandardAPIError` shape;
//! plus workspace isolation, signed-URL refusal, idempotency and the OpenAPI contract.

mod common;

use axum::http::StatusCode;
use common::{app, path_of};
use serde_json::json;

fn error_of(reply: &common::Reply) -> (&str, Option<&str>) {
    (
        reply.json["error"]["code"].as_str().unwrap_or("?"),
        reply.json["error"]["param"].as_str(),
    )
}

#[tokio::test]
async fn seed_errors_are_reproduced() {
    let app = app(|s| s.service.rate_limit_per_minute = 1000).await;
    let key = app.key("acme").await;

    let missing = app.call("GET", "/v3/ai-clipping", None, None).await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    insta::assert_json_snapshot!("missing_key", missing.json);
    let wrong = app.call("GET", "/v3/ai-clipping", Some("rk_nope"), None).await;
    assert_eq!(error_of(&wrong), ("authentication_failed", None));

    for limit in ["0", "101", "ten"] {
        let reply = app.call("GET", &format!("/v3/ai-clipping?limit={limit}"), Some(&key), None).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "limit={limit}");
        insta::assert_json_snapshot!("limit_out_of_range", reply.json);
    }
    let ok = app.call("GET", "/v3/ai-clipping?limit=100", Some(&key), None).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.json, json!({ "data": [], "has_more": false, "next_token": null }));

    let bad_enum =
        json!({ "video": { "type": "url", "url": "https://example.com/talk.mp4" }, "output_settings": { "aspect_ratio": "diagonal" } });
    let reply = app.call("POST", "/v3/ai-clipping", Some(&key), Some(bad_enum)).await;
    assert_eq!(
        (reply.status, error_of(&reply)),
        (StatusCode::BAD_REQUEST, ("invalid_parameter", Some("output_settings.aspect_ratio")))
    );
    insta::assert_json_snapshot!("bad_aspect_ratio", reply.json);

    let long_prompt =
        json!({ "video": { "type": "url", "url": "https://example.com/talk.mp4" }, "output_settings": { "prompt": "x".repeat(501) } });
    let reply = app.call("POST", "/v3/ai-clipping", Some(&key), Some(long_prompt)).await;
    assert_eq!(error_of(&reply), ("invalid_parameter", Some("output_settings.prompt")));
    let exactly_500 =
        json!({ "video": { "type": "url", "url": "https://example.com/talk.mp4" }, "output_settings": { "prompt": "x".repeat(500) } });
    assert_eq!(
        app.call("POST", "/v3/ai-clipping", Some(&key), Some(exactly_500)).await.status,
        StatusCode::OK
    );

    let cases = [
        (json!({}), "video"),
        (json!({ "video": { "type": "ftp", "url": "x" } }), "video.type"),
        (json!({ "video": { "type": "url", "url": "file:///etc/passwd" } }), "video.url"),
        (json!({ "video": { "type": "asset_id", "asset_id": "nope" } }), "video.asset_id"),
        (
            json!({ "video": { "type": "url", "url": "https://e.com/v.mp4" }, "output_settings": { "duration_types": ["45"] } }),
            "output_settings.duration_types",
        ),
        (
            json!({ "video": { "type": "url", "url": "https://e.com/v.mp4" }, "output_settings": { "duration_types": [] } }),
            "output_settings.duration_types",
        ),
        (
            json!({ "video": { "type": "url", "url": "https://e.com/v.mp4" }, "output_settings": { "caption_style": "comic-sans" } }),
            "output_settings.caption_style",
        ),
        (
            json!({ "video": { "type": "url", "url": "https://e.com/v.mp4" }, "output_settings": { "fps": 30 } }),
            "output_settings.fps",
        ),
        (
            json!({ "video": { "type": "url", "url": "https://e.com/v.mp4" }, "output_settings": { "captions": "yes" } }),
            "output_settings.captions",
        ),
        (
            json!({ "video": { "type": "url", "url": "https://e.com/v.mp4" }, "input_language": "english" }),
            "input_language",
        ),
        (
            json!({ "video": { "type": "url", "url": "https://e.com/v.mp4" }, "callback_url": "not a url" }),
            "callback_url",
        ),
    ];
    for (body, param) in cases {
        let reply = app.call("POST", "/v3/ai-clipping", Some(&key), Some(body.clone())).await;
        assert_eq!(
            (reply.status, error_of(&reply)),
            (StatusCode::BAD_REQUEST, ("invalid_parameter", Some(param))),
            "{body} → {}",
            reply.json
        );
    }

    let unknown = app.call("GET", "/v3/ai-clipping/0190abcdef", Some(&key), None).await;
    assert_eq!((unknown.status, error_of(&unknown)), (StatusCode::NOT_FOUND, ("not_found", None)));
    insta::assert_json_snapshot!("unknown_id", unknown.json);
    assert_eq!(
        app.call("DELETE", "/v3/ai-clipping/0190abcdef", Some(&key), None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call("GET", "/v3/no-such-route", Some(&key), None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_burst_over_the_rate_limit_gets_retry_after() {
    let app = app(|s| s.service.rate_limit_per_minute = 5).await;
    let key = app.key("acme").await;
    let other = app.key("other").await;
    let mut statuses = Vec::new();
    let mut limited = None;
    for _ in 0..8 {
        let reply = app.call("GET", "/v3/ai-clipping", Some(&key), None).await;
        statuses.push(reply.status.as_u16());
        if reply.status == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(reply);
        }
    }
    assert_eq!(statuses, [200, 200, 200, 200, 200, 429, 429, 429]);
    let limited = limited.unwrap();
    let retry_after: u64 = limited.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=12).contains(&retry_after), "one token refills in 12 s: {retry_after}");
    insta::assert_json_snapshot!("rate_limited", limited.json);
    assert_eq!(
        app.call("GET", "/v3/ai-clipping", Some(&other), None).await.status,
        StatusCode::OK,
        "limits are per key"
    );
}

#[tokio::test]
async fn workspaces_are_isolated_and_signed_urls_cannot_be_altered() {
    let app = app(|_| {}).await;
    let (a, b) = (app.key("a").await, app.key("b").await);
    let asset = app.upload(&a, "clip.mp4", b"not really a video, but bytes").await;
    let asset_id = asset["asset_id"].as_str().unwrap();
    let created = app
        .call(
            "POST",
            "/v3/ai-clipping",
            Some(&a),
            Some(json!({ "video": { "type": "asset_id", "asset_id": asset_id } })),
        )
        .await;
    let job_id = created.json["data"]["ai_clipping_id"].as_str().unwrap().to_string();

    for (method, uri) in [
        ("GET", format!("/v3/ai-clipping/{job_id}")),
        ("DELETE", format!("/v3/ai-clipping/{job_id}")),
        ("POST", format!("/v3/ai-clipping/{job_id}/cancel")),
        ("GET", format!("/v3/assets/{asset_id}")),
    ] {
        let reply = app.call(method, &uri, Some(&b), None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "B {method} {uri}");
    }
    let b_list = app.call("GET", "/v3/ai-clipping", Some(&b), None).await;
    assert_eq!(b_list.json["data"], json!([]));
    let reply = app
        .call(
            "POST",
            "/v3/ai-clipping",
            Some(&b),
            Some(json!({ "video": { "type": "asset_id", "asset_id": asset_id } })),
        )
        .await;
    assert_eq!(
        error_of(&reply),
        ("invalid_parameter", Some("video.asset_id")),
        "B cannot clip A's asset"
    );

    // The asset's presigned URL works as handed out, and not once altered or expired.
    let url = path_of(asset["url"].as_str().unwrap());
    let ok = app.call("GET", &url, None, None).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.json, json!("not really a video, but bytes"));
    let other_key = url.replace(asset_id, &job_id);
    assert_eq!(app.call("GET", &other_key, None, None).await.status, StatusCode::UNAUTHORIZED);
    let expires: i64 = url.split("expires=").nth(1).unwrap().split('&').next().unwrap().parse().unwrap();
    let later = url.replace(&format!("expires={expires}"), &format!("expires={}", expires + 3600));
    assert_eq!(app.call("GET", &later, None, None).await.status, StatusCode::UNAUTHORIZED);
    let signature = url.split("signature=").nth(1).unwrap();
    let expired_sig = app.service.signer.sign(&format!(
        "GET\n{}\n{}",
        url.split("/v3/blobs/").nth(1).unwrap().split('?').next().unwrap(),
        1000
    ));
    let expired = url
        .replace(&format!("expires={expires}"), "expires=1000")
        .replace(signature, &expired_sig);
    assert_eq!(
        app.call("GET", &expired, None, None).await.status,
        StatusCode::UNAUTHORIZED,
        "correctly signed but expired"
    );

    // Page tokens are bound to their workspace and cannot be edited.
    for _ in 0..2 {
        app.call(
            "POST",
            "/v3/ai-clipping",
            Some(&a),
            Some(json!({ "video": { "type": "asset_id", "asset_id": asset_id } })),
        )
        .await;
    }
    let page = app.call("GET", "/v3/ai-clipping?limit=1", Some(&a), None).await;
    assert_eq!(page.json["has_more"], json!(true));
    let token = page.json["next_token"].as_str().unwrap();
    let in_b = app
        .call("GET", &format!("/v3/ai-clipping?limit=1&token={token}"), Some(&b), None)
        .await;
    assert_eq!(error_of(&in_b), ("invalid_parameter", Some("token")));
    // Change a character in the middle: the last base64 character can carry unused
    // bits (and may already be the replacement), so changing it may change nothing.
    let middle = token.len() / 2;
    let swap = if &token[middle..middle + 1] == "A" { "B" } else { "A" };
    let tampered = format!("{}{swap}{}", &token[..middle], &token[middle + 1..]);
    let reply = app
        .call("GET", &format!("/v3/ai-clipping?limit=1&token={tampered}"), Some(&a), None)
        .await;
    assert_eq!(error_of(&reply), ("invalid_parameter", Some("token")));
}

#[tokio::test]
async fn idempotency_key_replays_and_refuses_reuse() {
    let app = app(|_| {}).await;
    let key = app.key("acme").await;
    let body = json!({ "video": { "type": "url", "url": "https://example.com/a.mp4" } });
    let send = |body: serde_json::Value| {
        let request = axum::http::Request::builder()
            .method("POST")
            .uri("/v3/ai-clipping")
            .header("x-api-key", &key)
            .header("idempotency-key", "create-1")
            .header("content-type", "application/json")
            .body(axum::body::Body::from(body.to_string()))
            .unwrap();
        app.send(request)
    };
    let first = send(body.clone()).await;
    let replay = send(body.clone()).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.json, replay.json, "the replay returns the first response");
    assert_eq!(replay.headers["idempotent-replayed"], "true");
    let list = app.call("GET", "/v3/ai-clipping", Some(&key), None).await;
    assert_eq!(list.json["data"].as_array().unwrap().len(), 1, "one job, not two");
    let reuse = send(json!({ "video": { "type": "url", "url": "https://example.com/b.mp4" } })).await;
    assert_eq!(error_of(&reuse), ("invalid_parameter", Some("Idempotency-Key")));

    // While the first request with a key is still running, a replay is told so.
    let ws = app.service.store.authenticate(&key).await.unwrap().unwrap().1;
    app.service.store.begin_idempotent(&ws, "slow", "h").await.unwrap();
    let request = axum::http::Request::builder()
        .method("POST")
        .uri("/v3/ai-clipping")
        .header("authorization", format!("Bearer {key}"))
        .header("idempotency-key", "slow")
        .body(axum::body::Body::from("{}"))
        .unwrap();
    let in_progress = app.send(request).await;
    assert_eq!(
        (in_progress.status, error_of(&in_progress).0),
        (StatusCode::CONFLICT, "request_in_progress")
    );
}

#[tokio::test]
async fn webhook_endpoints_are_managed_per_workspace() {
    let app = app(|_| {}).await;
    let (a, b) = (app.key("a").await, app.key("b").await);
    let created = app
        .call(
            "POST",
            "/v3/webhooks/endpoints",
            Some(&a),
            Some(json!({ "url": "https://hooks.example.com/x", "events": ["ai_clipping.success"] })),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.json);
    let endpoint = &created.json["data"];
    assert!(endpoint["secret"].as_str().unwrap().starts_with("whsec_"));
    let id = endpoint["endpoint_id"].as_str().unwrap();
    let got = app.call("GET", &format!("/v3/webhooks/endpoints/{id}"), Some(&a), None).await;
    assert!(
        got.json["data"].get("secret").is_none(),
        "the secret is shown only on create and rotate"
    );
    assert_eq!(
        app.call("GET", &format!("/v3/webhooks/endpoints/{id}"), Some(&b), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let patched = app
        .call(
            "PATCH",
            &format!("/v3/webhooks/endpoints/{id}"),
            Some(&a),
            Some(json!({ "events": null, "status": "disabled" })),
        )
        .await;
    assert_eq!(
        (patched.json["data"]["events"].clone(), patched.json["data"]["status"].clone()),
        (json!(null), json!("disabled"))
    );
    let rotated = app
        .call("POST", &format!("/v3/webhooks/endpoints/{id}/rotate-secret"), Some(&a), None)
        .await;
    assert_ne!(rotated.json["data"]["secret"], endpoint["secret"]);
    let bad = app
        .call(
            "POST",
            "/v3/webhooks/endpoints",
            Some(&a),
            Some(json!({ "url": "https://x.example", "events": ["video.done"] })),
        )
        .await;
    assert_eq!(error_of(&bad), ("invalid_parameter", Some("events")));
    let types = app.call("GET", "/v3/webhooks/event-types", Some(&a), None).await;
    assert_eq!(types.json["data"][0]["event_type"], json!("ai_clipping.success"));
    assert_eq!(
        app.call("DELETE", &format!("/v3/webhooks/endpoints/{id}"), Some(&a), None)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.call("GET", "/v3/webhooks/endpoints", Some(&a), None).await.json["data"],
        json!([])
    );
}

#[tokio::test]
async fn direct_upload_flow_checks_size_and_checksum() {
    let app = app(|_| {}).await;
    let key = app.key("acme").await;
    let bytes = b"0123456789abcdef".repeat(100);
    let sum = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&bytes))
    };
    let created = app
        .call(
            "POST",
            "/v3/assets/direct-uploads",
            Some(&key),
            Some(json!({ "filename": "a.mp4", "content_type": "video/mp4", "size_bytes": bytes.len(), "checksum_sha256": sum })),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.json);
    let data = &created.json["data"];
    let asset_id = data["asset_id"].as_str().unwrap();
    let early = app.call("POST", &format!("/v3/assets/{asset_id}/complete"), Some(&key), None).await;
    assert_eq!(
        (early.status, error_of(&early).0),
        (StatusCode::CONFLICT, "conflict"),
        "409 while the bytes are not there"
    );

    let upload = path_of(data["upload_url"].as_str().unwrap());
    let put = |path: String, body: Vec<u8>| {
        app.send(
            axum::http::Request::builder()
                .method("PUT")
                .uri(path)
                .header("content-type", "video/mp4")
                .body(axum::body::Body::from(body))
                .unwrap(),
        )
    };
    assert_eq!(
        put(upload.replace("signature=", "signature=x"), bytes.clone()).await.status,
        StatusCode::UNAUTHORIZED
    );
    let too_big = put(upload.clone(), [bytes.clone(), b"extra".to_vec()].concat()).await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(put(upload.clone(), bytes.clone()).await.status, StatusCode::OK);
    let wrong = app
        .call(
            "POST",
            &format!("/v3/assets/{asset_id}/complete"),
            Some(&key),
            Some(json!({ "checksum_sha256": "0".repeat(64) })),
        )
        .await;
    assert_eq!(error_of(&wrong), ("invalid_parameter", Some("checksum_sha256")));
    let done = app
        .call(
            "POST",
            &format!("/v3/assets/{asset_id}/complete"),
            Some(&key),
            Some(json!({ "checksum_sha256": sum })),
        )
        .await;
    assert_eq!(
        (done.status, done.json["data"]["status"].clone()),
        (StatusCode::OK, json!("ready")),
        "{}",
        done.json
    );
    assert_eq!(done.json["data"]["size_bytes"], json!(bytes.len()));
}

/// The generated document's `AiClippingDetail` and `Clip` have exactly the seed's fields.
#[tokio::test]
async fn openapi_matches_the_seed_schemas() {
    let app = app(|_| {}).await;
    let reply = app.call("GET", "/v3/openapi.json", None, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let ours = &reply.json;
    assert!(ours["openapi"].as_str().unwrap().starts_with("3.1"));
    let seed_text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seeds/heygen-v3-list-ai-clipping.md"
    ))
    .or_else(|_| std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/seeds/heygen-v3-list-ai-clipping.md")))
    .unwrap();
    let yaml = seed_text.split("````yaml").nth(1).unwrap().split("````").next().unwrap();
    let yaml = &yaml[yaml.find('\n').unwrap()..];
    let seed: serde_json::Value = serde_yaml::from_str(yaml).unwrap();
    for schema in ["AiClippingDetail", "Clip"] {
        let mut seed_fields: Vec<String> = seed["components"]["schemas"][schema]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        // The seed documents output_settings as reserved and never returned.
        seed_fields.retain(|f| f != "output_settings");
        seed_fields.sort();
        let mut our_fields: Vec<String> = ours["components"]["schemas"][schema]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        // Our documented extension: a clip's favourite mark (set through any dialect).
        our_fields.retain(|f| !(schema == "Clip" && f == "favorite"));
        our_fields.sort();
        assert_eq!(our_fields, seed_fields, "{schema}");
    }
    let list = &ours["paths"]["/v3/ai-clipping"]["get"];
    assert!(list["responses"]["429"].is_object() && list["responses"]["401"].is_object());
}
