pub mod assets;
pub mod blobs;
pub mod clipping;
pub mod health;
pub mod hyperframes;
pub mod webhooks;

use serde::Serialize;
use utoipa::ToSchema;

/// `{"data": …}`: every success body is wrapped.
#[derive(Debug, Serialize, ToSchema)]
pub struct Data<T> {
    pub data: T,
}

/// `{"data": [...], "has_more", "next_token"}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListPage<T> {
    pub data: Vec<T>,
    /// Whether more pages are available.
    pub has_more: bool,
    /// Opaque cursor for the next page.
    pub next_token: Option<String>,
}

pub fn data<T>(data: T) -> axum::Json<Data<T>> {
    axum::Json(Data { data })
}

/// Accepts only http(s) URLs (for callbacks and webhook endpoints).
pub fn check_http_url(param: &str, raw: &str) -> Result<(), crate::error::ApiError> {
    match url::Url::parse(raw) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => Ok(()),
        _ => Err(crate::error::ApiError::invalid(
            param,
            format!("'{param}' must be an http or https URL."),
        )),
    }
}

/// One job of one kind in the caller's workspace; another kind's id is 404 too (an AI
/// clipping id is not a render).
pub async fn job_of_kind(
    state: &crate::AppState,
    caller: &crate::auth::Caller,
    id: &str,
    kind: reelcut_core::JobKind,
    what: &'static str,
) -> Result<reelcut_store::JobRow, crate::error::ApiError> {
    let job = state
        .service
        .store
        .get_job(&caller.workspace_id, id)
        .await
        .map_err(crate::error::ApiError::not_found_as(what))?;
    if job.kind() != Some(kind) {
        return Err(crate::error::ApiError::not_found(what));
    }
    Ok(job)
}
