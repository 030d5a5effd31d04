//! A real service for tests: a fresh SQLite data dir (or Postgres database), the real
//! router, and helpers to call it in-process.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use reelcut_jobs::Service;
use tower::ServiceExt;

pub struct TestApp {
    pub service: Service,
    pub router: Router,
    pub dir: tempfile::TempDir,
}

pub fn settings(dir: &std::path::Path, tweak: impl FnOnce(&mut reelcut_core::Settings)) -> reelcut_core::Settings {
    let mut settings = reelcut_core::Settings {
        models_dir: reelcut_testkit::models_dir(),
        cache_dir: dir.join("stages"),
        ..Default::default()
    };
    settings.service.data_dir = dir.join("data");
    settings.service.clip_resolution = "480p".into();
    settings.service.webhook_backoff_s = 0.3;
    tweak(&mut settings);
    settings
}

pub async fn app(tweak: impl FnOnce(&mut reelcut_core::Settings)) -> TestApp {
    let dir = reelcut_testkit::tempdir();
    let service = Service::open(settings(dir.path(), tweak)).await.unwrap();
    let router = reelcut_api::router(service.clone());
    TestApp { service, router, dir }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub json: serde_json::Value,
}

impl TestApp {
    /// One in-process worker on the app's service, until the token is cancelled.
    pub fn start_worker(&self) -> tokio_util::sync::CancellationToken {
        let shutdown = tokio_util::sync::CancellationToken::new();
        let options = reelcut_jobs::WorkerOptions {
            idle_poll: std::time::Duration::from_millis(100),
            ..reelcut_jobs::WorkerOptions::new(1, reelcut_api::announcer())
        };
        tokio::spawn(reelcut_jobs::run_workers(self.service.clone(), options, shutdown.clone()));
        shutdown
    }

    /// Polls a v3 Get (`data.status`) until the job is finished; its `data`.
    pub async fn wait_finished(&self, key: &str, uri: &str) -> serde_json::Value {
        let started = std::time::Instant::now();
        loop {
            let reply = self.call("GET", uri, Some(key), None).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
            let job = reply.json["data"].clone();
            if matches!(job["status"].as_str(), Some("completed" | "failed" | "cancelled")) {
                return job;
            }
            assert!(started.elapsed() < std::time::Duration::from_secs(600), "not finished: {job}");
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
    }

    /// The bytes behind a presigned URL the service handed out (asserting 200).
    pub async fn download(&self, url: &str) -> Vec<u8> {
        let request = Request::builder().uri(path_of(url)).body(Body::empty()).unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{url}");
        response.into_body().collect().await.unwrap().to_bytes().to_vec()
    }

    pub async fn key(&self, workspace: &str) -> String {
        let ws = self.service.store.ensure_workspace(workspace).await.unwrap();
        self.service.store.create_api_key(&ws.id).await.unwrap().secret
    }

    pub async fn call(&self, method: &str, uri: &str, key: Option<&str>, body: Option<serde_json::Value>) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(key) = key {
            request = request.header("x-api-key", key);
        }
        let request = match body {
            Some(json) => request
                .header("content-type", "application/json")
                .body(Body::from(json.to_string())),
            None => request.body(Body::empty()),
        }
        .unwrap();
        self.send(request).await
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let json = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        Reply { status, headers, json }
    }

    /// Uploads bytes as a multipart asset and returns its id.
    pub async fn upload(&self, key: &str, filename: &str, bytes: &[u8]) -> serde_json::Value {
        let boundary = "reelcut-test-boundary";
        let mut body = Vec::new();
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: video/mp4\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = Request::builder()
            .method("POST")
            .uri("/v3/assets")
            .header("x-api-key", key)
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .unwrap();
        let reply = self.send(request).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
        reply.json["data"].clone()
    }
}

/// The path and query of an absolute URL the service handed out.
pub fn path_of(url: &str) -> String {
    let parsed = url::Url::parse(url).unwrap();
    match parsed.query() {
        Some(q) => format!("{}?{q}", parsed.path()),
        None => parsed.path().to_string(),
    }
}
