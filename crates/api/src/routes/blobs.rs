//! Presigned downloads served by the process itself (the embedded default has no CDN),
//! from whichever blob store the service uses. The URL's signature covers the key and
//! the expiry; a changed or late URL is refused. A single `Range` (what a video player
//! sends to seek) gets `206` with only those bytes, streamed from the store.

use std::ops::Range;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use reelcut_core::Code;

use crate::error::{ApiError, ApiResult};
use crate::v3::assets::Presigned;
use crate::AppState;

pub async fn download(
    State(state): State<Arc<AppState>>,
    Path(key): Path<String>,
    Query(sig): Query<Presigned>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let service = &state.service;
    let (Some(expires), Some(signature)) = sig.parts() else {
        return Err(ApiError::new(Code::AuthenticationFailed, "The URL is not signed."));
    };
    if !service.verify_presigned("GET", &key, expires, signature) {
        return Err(ApiError::new(Code::AuthenticationFailed, "The URL is invalid or has expired."));
    }
    let asked = headers.get(header::RANGE).and_then(|v| v.to_str().ok());
    let range = match asked {
        None => None,
        Some(text) => {
            let size = service
                .blobs
                .size(&key)
                .await
                .map_err(ApiError::not_found_as("File"))?
                .ok_or_else(|| ApiError::not_found("File"))?;
            match byte_range(text, size) {
                Wanted::All => None,
                Wanted::Part(r) => Some(r),
                Wanted::Unsatisfiable => {
                    return Ok((
                        StatusCode::RANGE_NOT_SATISFIABLE,
                        [(header::CONTENT_RANGE, format!("bytes */{size}"))],
                    )
                        .into_response())
                }
            }
        }
    };
    let part = service
        .blobs
        .get_part(&key, range.clone())
        .await
        .map_err(ApiError::not_found_as("File"))?;
    let content_type = match key.rsplit('.').next() {
        Some("mp4") => "video/mp4",
        Some("jpg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("wav") => "audio/wav",
        Some("srt") => "application/x-subrip",
        Some("vtt") => "text/vtt",
        Some("json") => "application/json",
        Some("zip") => "application/zip",
        _ => "application/octet-stream",
    };
    let length = part.range.end - part.range.start;
    let mut response = (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_LENGTH, length.to_string()),
            (header::ACCEPT_RANGES, "bytes".to_string()),
        ],
        Body::from_stream(part.stream),
    )
        .into_response();
    if range.is_some() {
        *response.status_mut() = StatusCode::PARTIAL_CONTENT;
        let value = format!("bytes {}-{}/{}", part.range.start, part.range.end - 1, part.size);
        response.headers_mut().insert(header::CONTENT_RANGE, value.parse().expect("ascii"));
    }
    Ok(response)
}

#[derive(Debug, PartialEq)]
enum Wanted {
    All,
    Part(Range<u64>),
    Unsatisfiable,
}

/// One `bytes=` range of a `size`-byte blob (RFC 9110 §14.1.2): `a-b`, `a-` or `-n`.
/// Anything else — several ranges, other units, nonsense — is answered with the whole
/// blob, as the RFC allows.
fn byte_range(header: &str, size: u64) -> Wanted {
    let Some(spec) = header.trim().strip_prefix("bytes=") else {
        return Wanted::All;
    };
    if spec.contains(',') {
        return Wanted::All;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return Wanted::All;
    };
    let (first, last) = (first.trim(), last.trim());
    let range = match (first.parse::<u64>(), last.parse::<u64>()) {
        (Ok(a), Ok(b)) if a <= b => a..(b + 1).min(size),
        (Ok(a), Err(_)) if last.is_empty() => a..size,
        (Err(_), Ok(n)) if first.is_empty() && n > 0 => size.saturating_sub(n)..size,
        (Err(_), Ok(0)) if first.is_empty() => return Wanted::Unsatisfiable,
        _ => return Wanted::All,
    };
    if range.start >= size {
        return Wanted::Unsatisfiable;
    }
    Wanted::Part(range)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_ranges_read_as_the_rfc_says() {
        assert_eq!(byte_range("bytes=0-99", 1000), Wanted::Part(0..100));
        assert_eq!(byte_range("bytes=500-", 1000), Wanted::Part(500..1000));
        assert_eq!(byte_range("bytes=-100", 1000), Wanted::Part(900..1000));
        assert_eq!(byte_range("bytes=990-2000", 1000), Wanted::Part(990..1000));
        assert_eq!(byte_range("bytes=-5000", 1000), Wanted::Part(0..1000));
        assert_eq!(byte_range("bytes=1000-", 1000), Wanted::Unsatisfiable);
        assert_eq!(byte_range("bytes=-0", 1000), Wanted::Unsatisfiable);
        assert_eq!(byte_range("bytes=5-1", 1000), Wanted::All);
        assert_eq!(byte_range("bytes=0-1,5-9", 1000), Wanted::All);
        assert_eq!(byte_range("items=0-1", 1000), Wanted::All);
    }
}
