//! The HeyGen v3 dialect: its routes (AI clipping, HyperFrames renders, the video agent
//! and its videos, assets, webhook endpoints), its views of jobs, the webhook events it announces, and its OpenAPI
//! document. Handlers parse v3's vocabulary into the typed commands of `reelcut_jobs`
//! and show domain rows in v3's shapes; no rule of the domain is restated here.

pub mod agent_view;
pub mod agents;
pub mod assets;
pub mod clipping;
pub mod clipping_view;
pub mod events;
pub mod exports;
pub mod hyperframes;
pub mod openapi;
pub mod render_view;
pub mod video_view;
pub mod videos;
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
    of_kind(&job, kind, what)?;
    Ok(job)
}

/// Another kind's id answers 404, as a missing one does.
fn of_kind(job: &reelcut_store::JobRow, kind: reelcut_core::JobKind, what: &'static str) -> Result<(), crate::error::ApiError> {
    if job.kind() == Some(kind) {
        Ok(())
    } else {
        Err(crate::error::ApiError::not_found(what))
    }
}

/// Like [`job_of_kind`], with the job's output rows: one store round trip, or none for a
/// finished job read in the last moments (`AppState::finished_jobs`).
pub async fn job_of_kind_with_outputs(
    state: &crate::AppState,
    caller: &crate::auth::Caller,
    id: &str,
    kind: reelcut_core::JobKind,
    what: &'static str,
) -> Result<crate::FinishedJob, crate::error::ApiError> {
    let key = (caller.workspace_id.clone(), id.to_string());
    let found = match state.finished_jobs.get(&key) {
        Some(found) => found,
        None => {
            let found = std::sync::Arc::new(
                state
                    .service
                    .store
                    .get_job_with_clips(&caller.workspace_id, id)
                    .await
                    .map_err(crate::error::ApiError::not_found_as(what))?,
            );
            if found.0.status().is_terminal() {
                state.finished_jobs.put(key, found.clone());
            }
            found
        }
    };
    of_kind(&found.0, kind, what)?;
    Ok(found)
}

/// Forgets what this process remembers of a job (it was deleted).
pub fn forget_job(state: &crate::AppState, caller: &crate::auth::Caller, id: &str) {
    state.finished_jobs.forget(&(caller.workspace_id.clone(), id.to_string()));
}

/// One page of a workspace's jobs of one kind, newest first, each shown by `view` (with
/// the output rows of the page's jobs). Page tokens are bound to the workspace and kind.
pub async fn list_jobs_page<T>(
    state: &crate::AppState,
    caller: &crate::auth::Caller,
    kind: reelcut_core::JobKind,
    query: &std::collections::HashMap<String, String>,
    view: impl Fn(&reelcut_jobs::Service, &reelcut_store::JobRow, &[reelcut_store::ClipRow]) -> T,
) -> Result<axum::Json<ListPage<T>>, crate::error::ApiError> {
    let service = &state.service;
    let scope = format!("{}:{}", caller.workspace_id, kind.as_str());
    let page = crate::extract::PageRequest::parse(query, 10, &service.signer, &scope)?;
    let jobs = service
        .store
        .list_jobs(&caller.workspace_id, kind, page.limit, page.after.as_deref())
        .await?;
    let ids: Vec<String> = jobs.items.iter().map(|j| j.id.clone()).collect();
    let outputs = service.store.clips_for_jobs(&caller.workspace_id, &ids).await?;
    let next_token = crate::extract::PageRequest::next_token(&service.signer, &scope, jobs.has_more, ids.last().map(String::as_str));
    Ok(axum::Json(ListPage {
        data: jobs.items.iter().map(|j| view(service, j, &outputs)).collect(),
        has_more: jobs.has_more,
        next_token,
    }))
}
