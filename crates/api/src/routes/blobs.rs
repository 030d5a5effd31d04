//! Presigned downloads served by the process itself (the embedded default has no CDN).
//! The URL's signature covers the key and the expiry; a changed or late URL is refused.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use reelcut_core::Code;

use crate::error::{ApiError, ApiResult};
use crate::v3::assets::Presigned;
use crate::AppState;

pub async fn download(State(state): State<Arc<AppState>>, Path(key): Path<String>, Query(sig): Query<Presigned>) -> ApiResult<Response> {
    let service = &state.service;
    let (Some(expires), Some(signature)) = sig.parts() else {
        return Err(ApiError::new(Code::AuthenticationFailed, "The URL is not signed."));
    };
    if !service.verify_presigned("GET", &key, expires, signature) {
        return Err(ApiError::new(Code::AuthenticationFailed, "The URL is invalid or has expired."));
    }
    let (size, stream) = service.blobs.get_stream(&key).await.map_err(ApiError::not_found_as("File"))?;
    let content_type = match key.rsplit('.').next() {
        Some("mp4") => "video/mp4",
        Some("jpg") => "image/jpeg",
        Some("srt") => "application/x-subrip",
        Some("vtt") => "text/vtt",
        _ => "application/octet-stream",
    };
    Ok((
        [("content-type", content_type.to_string()), ("content-length", size.to_string())],
        Body::from_stream(stream),
    )
        .into_response())
}
