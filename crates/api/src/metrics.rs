//! Prometheus metrics at `/metrics`: request counts by route and status, rate-limit
//! refusals, and the queue's jobs by status (read from the store at scrape time).

use std::sync::Arc;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus::{Encoder, IntCounter, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder};

use crate::AppState;

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    pub rate_limited: IntCounter,
    jobs: IntGaugeVec,
}

impl Metrics {
    pub fn new() -> Metrics {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("reelcut_http_requests_total", "HTTP requests by route and status"),
            &["method", "route", "status"],
        )
        .expect("valid metric");
        let rate_limited =
            IntCounter::new("reelcut_rate_limited_total", "Requests refused by the per-key rate limit").expect("valid metric");
        let jobs = IntGaugeVec::new(Opts::new("reelcut_jobs", "Jobs by status"), &["status"]).expect("valid metric");
        registry.register(Box::new(requests.clone())).expect("registers once");
        registry.register(Box::new(rate_limited.clone())).expect("registers once");
        registry.register(Box::new(jobs.clone())).expect("registers once");
        Metrics {
            registry,
            requests,
            rate_limited,
            jobs,
        }
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

pub async fn count_requests(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let method = request.method().to_string();
    let response = next.run(request).await;
    state
        .metrics
        .requests
        .with_label_values(&[method.as_str(), route.as_str(), response.status().as_str()])
        .inc();
    response
}

pub async fn render(State(state): State<Arc<AppState>>) -> Response {
    if let Ok(counts) = state.service.store.count_jobs_by_status().await {
        for (status, count) in counts {
            state.metrics.jobs.with_label_values(&[status.as_str()]).set(count);
        }
    }
    let mut buffer = Vec::new();
    TextEncoder::new()
        .encode(&state.metrics.registry.gather(), &mut buffer)
        .expect("text encoding cannot fail");
    ([("content-type", "text/plain; version=0.0.4")], buffer).into_response()
}
