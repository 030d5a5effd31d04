//! `/v3/videos` (the agent's videos, as HeyGen lists every video), `/v3/voices` (what
//! `voice_id` accepts) and `/v3/video-agents/styles` (the looks, each previewed by a
//! video reelcut renders of itself, once, and keeps).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use reelcut_core::JobKind;
use serde::Serialize;
use utoipa::ToSchema;

use super::video_view::{video_view, VideoDetail};
use super::{data, Data, ListPage};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::AppState;

/// Every video in the workspace, newest first (`title` filters by substring).
#[utoipa::path(get, path = "/v3/videos", tag = "Videos", responses((status = 200, body = inline(ListPage<VideoDetail>))))]
pub async fn list(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<ListPage<VideoDetail>>> {
    let Json(mut page) = super::list_jobs_page(&state, &caller, JobKind::VideoAgent, &query, video_view).await?;
    if let Some(title) = query.get("title").map(|t| t.to_lowercase()) {
        page.data
            .retain(|v| v.title.as_deref().is_some_and(|t| t.to_lowercase().contains(&title)));
    }
    Ok(Json(page))
}

#[utoipa::path(get, path = "/v3/videos/{video_id}", tag = "Videos",
    responses((status = 200, body = inline(Data<VideoDetail>)), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_one(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<Data<VideoDetail>>> {
    let found = super::job_of_kind_with_outputs(&state, &caller, &id, JobKind::VideoAgent, "Video").await?;
    Ok(data(video_view(&state.service, &found.0, &found.1)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeletedVideo {
    pub id: String,
    pub deleted: bool,
}

/// Deletes the video and its files.
#[utoipa::path(delete, path = "/v3/videos/{video_id}", tag = "Videos",
    responses((status = 200, body = inline(Data<DeletedVideo>)), (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<Data<DeletedVideo>>> {
    super::job_of_kind(&state, &caller, &id, JobKind::VideoAgent, "Video").await?;
    state
        .service
        .store
        .delete_job(&caller.workspace_id, &id)
        .await
        .map_err(ApiError::not_found_as("Video"))?;
    for (_, file) in reelcut_jobs::agent_job::OUTPUTS {
        state
            .service
            .blobs
            .delete(&reelcut_jobs::agent_job::output_key(&caller.workspace_id, &id, file))
            .await
            .ok();
    }
    super::forget_job(&state, &caller, &id);
    Ok(data(DeletedVideo { id, deleted: true }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VoiceItem {
    pub voice_id: String,
    pub name: String,
    pub language: String,
    pub gender: String,
    pub engine: String,
}

/// The voices `voice_id` accepts.
#[utoipa::path(get, path = "/v3/voices", tag = "Video Agent", responses((status = 200, body = inline(ListPage<VoiceItem>))))]
pub async fn voices() -> Json<ListPage<VoiceItem>> {
    Json(ListPage {
        data: reelcut_voice::VOICES
            .iter()
            .map(|v| VoiceItem {
                voice_id: v.voice_id.into(),
                name: v.name.into(),
                language: v.language.into(),
                gender: v.gender.into(),
                engine: "piper".into(),
            })
            .collect(),
        has_more: false,
        next_token: None,
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StyleItem {
    pub style_id: String,
    pub name: String,
    pub tags: Vec<String>,
    pub aspect_ratio: Option<String>,
    /// reelcut's own render of the style's preview storyboard; null until it has been
    /// rendered (the first listing starts it).
    pub preview_video_url: Option<String>,
    pub thumbnail_url: Option<String>,
    pub description: String,
}

fn preview_key(style_id: &str, file: &str) -> String {
    format!("styles/{style_id}/{file}")
}

static RENDERING_PREVIEWS: AtomicBool = AtomicBool::new(false);

/// The style catalogue (`tag` filters).
#[utoipa::path(get, path = "/v3/video-agents/styles", tag = "Video Agent", responses((status = 200, body = inline(ListPage<StyleItem>))))]
pub async fn styles(
    State(state): State<Arc<AppState>>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<ListPage<StyleItem>>> {
    let limit = match query.get("limit").map(|l| l.parse::<usize>()) {
        None => 20,
        Some(Ok(n)) if (1..=100).contains(&n) => n,
        Some(_) => return Err(ApiError::invalid("limit", "'limit' must be between 1 and 100.")),
    };
    let blobs = &state.service.blobs;
    let mut items = Vec::new();
    let mut missing = false;
    for style in reelcut_agent::styles::with_tag(query.get("tag").map(String::as_str))
        .into_iter()
        .take(limit)
    {
        let video = preview_key(style.style_id, "preview.mp4");
        let ready = matches!(blobs.size(&video).await, Ok(Some(_)));
        missing |= !ready;
        items.push(StyleItem {
            style_id: style.style_id.into(),
            name: style.name.into(),
            tags: style.tags.iter().map(|t| t.to_string()).collect(),
            aspect_ratio: Some("16:9".into()),
            preview_video_url: ready.then(|| state.service.presign_get(&video)),
            thumbnail_url: ready.then(|| state.service.presign_get(&preview_key(style.style_id, "thumbnail.jpg"))),
            description: style.description.into(),
        });
    }
    if missing && !RENDERING_PREVIEWS.swap(true, Ordering::SeqCst) {
        tokio::spawn(render_previews(state.clone()));
    }
    Ok(Json(ListPage {
        data: items,
        has_more: false,
        next_token: None,
    }))
}

/// Renders every style's preview that the blob store does not have yet.
async fn render_previews(state: Arc<AppState>) {
    let service = &state.service;
    let tools = reelcut_agent::AgentTools {
        models_dir: service.settings.models_dir.clone(),
        render: reelcut_compose::RenderTools::from_settings(&service.settings, service.processes.clone()),
        render_workers: 1,
    };
    for style in reelcut_agent::styles::STYLES {
        let video = preview_key(style.style_id, "preview.mp4");
        if matches!(service.blobs.size(&video).await, Ok(Some(_))) {
            continue;
        }
        let Ok(work) = tempfile::tempdir() else { break };
        let board = reelcut_agent::previews::storyboard(style);
        match reelcut_agent::produce(&board, work.path(), work.path(), &tools, Arc::new(|_, _| {}), Default::default()).await {
            Ok(made) => {
                let thumb = service
                    .blobs
                    .put_file(&preview_key(style.style_id, "thumbnail.jpg"), &made.thumbnail)
                    .await;
                let mp4 = service.blobs.put_file(&video, &made.video).await;
                if let Err(e) = thumb.and(mp4) {
                    tracing::warn!(style = style.style_id, error = %e, "style preview not stored");
                }
            }
            Err(e) => tracing::warn!(style = style.style_id, error = %e, "style preview failed"),
        }
    }
    RENDERING_PREVIEWS.store(false, Ordering::SeqCst);
}
