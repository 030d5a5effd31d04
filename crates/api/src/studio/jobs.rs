//! The studio's reads and its two edits: the job list with live progress, one job with
//! its clips and exports, a clip's words for the trim timeline, retry, favourite.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use futures::TryStreamExt;
use reelcut_core::{Code, JobKind};
use serde::Deserialize;
use serde_json::Value;

use super::view::{self, ClipWords, JobDetail, StudioJob};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::AppState;

/// The most jobs (and exports of one job) the page lists.
const LIST_LIMIT: usize = 200;

/// The newest AI clipping jobs (`limit`, default 100), each with its live stage.
pub async fn list(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Vec<StudioJob>>> {
    let limit = match query.get("limit") {
        None => 100,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=LIST_LIMIT).contains(n))
            .ok_or_else(|| ApiError::invalid("limit", format!("'limit' is a whole number from 1 to {LIST_LIMIT}.")))?,
    };
    let store = &state.service.store;
    let jobs = store.list_jobs(&caller.workspace_id, JobKind::AiClipping, limit, None).await?;
    let ids: Vec<String> = jobs.items.iter().map(|j| j.id.clone()).collect();
    let clips = store.clips_for_jobs(&caller.workspace_id, &ids).await?;
    let count = |id: &str| clips.iter().filter(|c| c.job_id == id).count();
    Ok(Json(jobs.items.iter().map(|j| view::job(j, count(&j.id))).collect()))
}

/// An AI clipping job of the caller's workspace with its clips (404 for any other kind).
async fn clipping_job(state: &AppState, caller: &Caller, id: &str) -> ApiResult<(reelcut_store::JobRow, Vec<reelcut_store::ClipRow>)> {
    let (job, clips) = state
        .service
        .store
        .get_job_with_clips(&caller.workspace_id, id)
        .await
        .map_err(ApiError::not_found_as("AI clipping job"))?;
    if job.kind != JobKind::AiClipping.as_str() {
        return Err(ApiError::new(Code::NotFound, format!("AI clipping job '{id}' not found.")));
    }
    Ok((job, clips))
}

/// One job: its clips and the exports drawn from them, newest first.
pub async fn get_one(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<JobDetail>> {
    let service = &state.service;
    let (job, clips) = clipping_job(&state, &caller, &id).await?;
    let exports = service
        .store
        .list_jobs(&caller.workspace_id, JobKind::AiClippingExport, LIST_LIMIT, None)
        .await?
        .items
        .into_iter()
        .filter(|e| view::exports_from(e, &id))
        .collect::<Vec<_>>();
    let export_ids: Vec<String> = exports.iter().map(|e| e.id.clone()).collect();
    let export_clips = service.store.clips_for_jobs(&caller.workspace_id, &export_ids).await?;
    Ok(Json(JobDetail {
        job: view::job(&job, clips.len()),
        clips: clips
            .iter()
            .enumerate()
            .map(|(position, c)| view::clip(service, c, position))
            .collect(),
        exports: exports.iter().map(|e| view::export(service, e, &export_clips)).collect(),
    }))
}

/// Runs a finished, failed or cancelled job again from the start (its stage cache
/// makes a rerun of a completed one cheap).
pub async fn retry(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<StudioJob>> {
    let store = &state.service.store;
    let job = store
        .get_job(&caller.workspace_id, &id)
        .await
        .map_err(ApiError::not_found_as("AI clipping job"))?;
    if !job.status().is_terminal() {
        return Err(ApiError::new(
            Code::Conflict,
            format!("Job '{id}' is {}; only a finished job is retried.", job.status),
        ));
    }
    let job = store.rerun_job(&caller.workspace_id, &id).await?;
    crate::v3::forget_job(&state, &caller, &id);
    Ok(Json(view::job(&job, 0)))
}

/// The words spoken in clip `index`'s window, with sentence ends, from what the job kept.
pub async fn words(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path((id, index)): Path<(String, i64)>,
) -> ApiResult<Json<ClipWords>> {
    let service = &state.service;
    let (job, clips) = clipping_job(&state, &caller, &id).await?;
    let clip = clips
        .iter()
        .find(|c| c.idx == index)
        .ok_or_else(|| ApiError::new(Code::NotFound, format!("Job '{id}' has no clip {index}.")))?;
    // Only the window: a whole clip view would sign four links for nothing.
    let (start, end) = crate::v3::exports::window(clip);
    let key = format!(
        "{}/{}",
        reelcut_jobs::clipping_job::kept_prefix(&job.workspace_id, &id),
        reelcut_clipping::analysis::FILE
    );
    let (_, stream) = service.blobs.get_stream(&key).await?;
    let bytes: Vec<u8> = stream.map_ok(|chunk| chunk.to_vec()).try_concat().await?;
    let analysis: reelcut_clipping::analysis::Analysis =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::new(Code::Internal, format!("The job's analysis cannot be read: {e}")))?;
    Ok(Json(view::clip_words(&analysis.transcript.words, start, end)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Favorite {
    pub favorite: bool,
}

/// Sets (not toggles: a page that sends twice means it) a clip's favourite mark.
pub async fn favorite(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Favorite>,
) -> ApiResult<Json<view::StudioClip>> {
    let clip = state
        .service
        .store
        .get_clip(&caller.workspace_id, &id)
        .await
        .map_err(ApiError::not_found_as("Clip"))?;
    let row = crate::clip_edits::edit(&state, &caller, &clip, None, |d| {
        d.insert("favorited".into(), Value::Bool(body.favorite));
    })
    .await?;
    let position = state
        .service
        .store
        .get_job_with_clips(&caller.workspace_id, &row.job_id)
        .await?
        .1
        .iter()
        .position(|c| c.id == row.id)
        .unwrap_or_default();
    Ok(Json(view::clip(&state.service, &row, position)))
}

/// What the page's forms offer, from the server's own tables: caption looks, hook
/// tones, and whether captions can get an English line (Whisper's translate task).
pub async fn options(State(state): State<Arc<AppState>>) -> Json<Value> {
    let english = reelcut_clipping::export::translation_wanted(&state.service.settings, "xx", Some("en")).is_ok();
    Json(serde_json::json!({
        "caption_styles": reelcut_captions::Style::all().map(|s| s.name()).collect::<Vec<_>>(),
        "hook_tones": reelcut_llm::Tone::all().map(|t| t.name()).collect::<Vec<_>>(),
        "translations": if english { vec!["en"] } else { Vec::new() },
    }))
}
