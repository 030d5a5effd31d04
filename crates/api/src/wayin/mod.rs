//! WayinVideo's v2 dialect, under `/api/v2` (and the older `/open/v2`): AI clipping
//! tasks, Find Moments (a natural-language search), exports and single-file uploads.
//! Its requests become the same typed commands as v3's — a clip command (with a search,
//! a count, and the export options it may carry) or an export command — and its views
//! show the same job and clip rows in WayinVideo's shapes: `{"data": …}` bodies,
//! `CREATED → QUEUED → ONGOING → SUCCEEDED | FAILED`, times in milliseconds, and
//! Spring-Boot error bodies (`timestamp`, `status`, `error`, `path`, `message`) with 403
//! for a bad key.

pub mod clips;
pub mod export;
pub mod names;
pub mod openapi;
pub mod options;
pub mod upload;
pub mod view;

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use reelcut_core::Code;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::AppState;

/// `{"data": …}`: every success body.
#[derive(Debug, Serialize, ToSchema)]
pub struct Data<T> {
    pub data: T,
}

pub fn data<T>(data: T) -> Json<Data<T>> {
    Json(Data { data })
}

/// The routes, to be nested under `/api/v2` and `/open/v2`.
pub fn routes(state: Arc<AppState>) -> Router<Arc<AppState>> {
    Router::new()
        .route("/clips", post(clips::create))
        .route("/clips/results/{id}", get(clips::results))
        .route("/clips/find-moments", post(clips::find_moments))
        .route("/clips/find-moments/results/{id}", get(clips::find_moments_results))
        .route("/clips/export", post(export::create))
        .route("/clips/export/{id}", get(export::get_one))
        .route("/upload/single-file", post(upload::single_file))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(crate::JSON_BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state, crate::auth::require_key))
        .layer(middleware::from_fn(spring_errors))
}

async fn not_found() -> ApiError {
    ApiError::new(Code::NotFound, "No such endpoint.")
}

/// WayinVideo's error body: Spring Boot's, plus the `message` its clients print.
#[derive(Debug, Serialize, ToSchema)]
pub struct SpringError {
    /// When, as `2026-03-10T12:40:27.062+00:00`.
    pub timestamp: String,
    pub status: u16,
    /// The status's reason phrase (`Forbidden`, `Too Many Requests` …).
    pub error: String,
    pub path: String,
    pub message: String,
}

/// Re-renders every error of these routes in WayinVideo's shape. A bad or missing key
/// is 403, as upstream answers it; every other code keeps the shared table's status.
async fn spring_errors(request: Request, next: Next) -> Response {
    // Nested routes see their path without the prefix; the body names the whole one.
    let path = request
        .extensions()
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| request.uri().path().to_string(), |uri| uri.path().to_string());
    let response = next.run(request).await;
    let Some(error) = response.extensions().get::<ApiError>().cloned() else {
        return response;
    };
    let status = match error.code {
        Code::AuthenticationFailed => StatusCode::FORBIDDEN,
        code => StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
    };
    let body = SpringError {
        timestamp: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3f+00:00").to_string(),
        status: status.as_u16(),
        error: status.canonical_reason().unwrap_or("Error").to_string(),
        path,
        message: error.body().error.message,
    };
    let mut reshaped = (status, Json(body)).into_response();
    if let Some(retry) = response.headers().get("retry-after") {
        reshaped.headers_mut().insert("retry-after", retry.clone());
    }
    reshaped
}

/// WayinVideo's statuses for a job's.
pub fn status_name(status: reelcut_core::JobStatus) -> &'static str {
    use reelcut_core::JobStatus::*;
    match status {
        Pending => "QUEUED",
        Running => "ONGOING",
        Completed => "SUCCEEDED",
        Failed | Cancelled => "FAILED",
    }
}
