//! `Idempotency-Key` on POST: the first request with a key runs; a replay within 24 h
//! gets the first response byte for byte; a replay while the first still runs gets
//! `409 request_in_progress`; the same key with a different body is refused.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use reelcut_core::Code;
use reelcut_store::{IdempotencyOutcome, StoredResponse};
use sha2::{Digest, Sha256};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::AppState;

/// JSON bodies are small; uploads (multipart, PUT) are not replayed through here.
const MAX_REPLAYED_BODY: usize = 4 * 1024 * 1024;

pub async fn idempotent(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Result<Response, ApiError> {
    let key = request
        .headers()
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (Some(key), true) = (key, request.method() == Method::POST) else {
        return Ok(next.run(request).await);
    };
    if key.is_empty() || key.len() > 255 {
        return Err(ApiError::invalid(
            "Idempotency-Key",
            "'Idempotency-Key' must be 1 to 255 characters.",
        ));
    }
    let caller = request.extensions().get::<Caller>().cloned().expect("auth runs first");
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_REPLAYED_BODY)
        .await
        .map_err(|_| ApiError::new(Code::PayloadTooLarge, "the request body is too large for an idempotent request"))?;
    let mut hasher = Sha256::new();
    hasher.update(parts.method.as_str());
    hasher.update(parts.uri.path());
    hasher.update(&bytes);
    let request_hash = hex::encode(hasher.finalize());

    let store = &state.service.store;
    match store.begin_idempotent(&caller.workspace_id, &key, &request_hash).await? {
        IdempotencyOutcome::Proceed => {}
        IdempotencyOutcome::InProgress => {
            return Err(ApiError::new(
                Code::RequestInProgress,
                "A request with this Idempotency-Key is still being processed.",
            )
            .with_param("Idempotency-Key"));
        }
        IdempotencyOutcome::Mismatch => {
            return Err(ApiError::invalid(
                "Idempotency-Key",
                "This Idempotency-Key was used with a different request.",
            ));
        }
        IdempotencyOutcome::Replay(stored) => {
            let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
            let mut response = (status, stored.body).into_response();
            response
                .headers_mut()
                .insert("content-type", "application/json".parse().expect("valid header"));
            response
                .headers_mut()
                .insert("idempotent-replayed", "true".parse().expect("valid header"));
            return Ok(response);
        }
    }
    let response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_REPLAYED_BODY).await else {
        store.abandon_idempotent(&caller.workspace_id, &key).await?;
        return Err(ApiError::new(Code::Internal, "Internal error. It has been logged."));
    };
    if parts.status.is_server_error() {
        // Our failure, not the request's: let the client's retry run again.
        store.abandon_idempotent(&caller.workspace_id, &key).await?;
    } else {
        let stored = StoredResponse {
            status: parts.status.as_u16(),
            body: String::from_utf8_lossy(&bytes).into_owned(),
        };
        store.complete_idempotent(&caller.workspace_id, &key, &stored).await?;
    }
    Ok(Response::from_parts(parts, Body::from(bytes)))
}
