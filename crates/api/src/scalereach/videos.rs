//! `/api/videos…`: submit by URL (a held job until it has a config), status, list,
//! get, delete, the config (read, patch, configure-and-start) and regenerate.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use reelcut_core::{Code, JobKind, JobStatus};
use reelcut_jobs::{ClipCommand, Command, JobLabels, VideoSource};
use reelcut_store::JobRow;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::ToSchema;

use super::config::Config;
use super::view::{self, QueueJob, VideoView};
use super::ErrorBody;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::AppState;

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubmitVideo {
    /// Any public http(s) media URL (YouTube's among them).
    pub youtube_url: Option<String>,
    /// Optional with an API key: the key's workspace.
    pub workspace_id: Option<String>,
    /// Projects are not kept by reelcut; only null is accepted.
    pub project_id: Option<String>,
    /// Without it the video waits in `pending_config`.
    pub config: Option<Value>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Submitted {
    pub message: String,
    pub video: VideoView,
}

/// A video of the caller's workspace (another's, or none, is 404).
pub async fn video_of(state: &AppState, caller: &Caller, id: &str) -> ApiResult<JobRow> {
    crate::v3::job_of_kind(state, caller, id, JobKind::AiClipping, "Video")
        .await
        .map_err(|_| ApiError::new(Code::NotFound, "Video not found"))
}

fn config_key(job: &JobRow) -> String {
    format!("ws/{}/jobs/{}/scalereach-config.json", job.workspace_id, job.id)
}

/// The config the caller gave (the defaults when it gave none).
async fn stored_config(state: &AppState, job: &JobRow) -> Config {
    let dir = tempfile::tempdir().ok();
    let read = async {
        let path = dir.as_ref()?.path().join("config.json");
        state.service.blobs.get_to_file(&config_key(job), &path).await.ok()?;
        serde_json::from_slice(&std::fs::read(&path).ok()?).ok()
    };
    read.await.unwrap_or_default()
}

pub(super) async fn keep_config(state: &AppState, job: &JobRow, config: &Config) -> ApiResult<()> {
    let dir = tempfile::tempdir().map_err(|e| ApiError::new(Code::Internal, e.to_string()))?;
    let path = dir.path().join("config.json");
    std::fs::write(&path, serde_json::to_vec(config).expect("a config serialises"))
        .map_err(|e| ApiError::new(Code::Internal, e.to_string()))?;
    state.service.blobs.put_file(&config_key(job), &path).await?;
    Ok(())
}

pub(super) fn resolution(state: &AppState) -> u32 {
    reelcut_clipping::output::parse_resolution(&state.service.settings.service.clip_resolution).unwrap_or(1080)
}

fn read_config(value: Option<&Value>) -> ApiResult<Config> {
    match value {
        None | Some(Value::Null) => Ok(Config::default()),
        Some(v) => Config::default().patched(v),
    }
}

/// Submit a video by URL. With `config` it starts at once; without, it waits in
/// `pending_config` for `PATCH …/config` or `POST …/configure`.
#[utoipa::path(post, path = "/api/videos/youtube", tag = "Videos", request_body = SubmitVideo,
    responses((status = 201, body = Submitted), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn submit(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    JsonBody(body): JsonBody<SubmitVideo>,
) -> ApiResult<(StatusCode, Json<Submitted>)> {
    let url = body
        .youtube_url
        .filter(|u| !u.trim().is_empty())
        .ok_or_else(|| ApiError::invalid("youtubeUrl", "YouTube URL is required"))?;
    crate::v3::check_http_url("youtubeUrl", &url).map_err(|_| ApiError::invalid("youtubeUrl", "Invalid YouTube URL"))?;
    if body.workspace_id.as_ref().is_some_and(|w| *w != caller.workspace_id) {
        return Err(super::forbidden());
    }
    if body.project_id.is_some() {
        return Err(ApiError::new(Code::NotFound, "Project not found"));
    }
    let held = body.config.is_none();
    let config = read_config(body.config.as_ref())?;
    let command = config.command(VideoSource::Url { url: url.clone() }, resolution(&state))?;
    let title = url.trim_end_matches('/').rsplit('/').next().map(str::to_string);
    let labels = JobLabels {
        title,
        ..Default::default()
    };
    let job = state
        .service
        .enqueue_as(&caller.workspace_id, &Command::Clip(command), &labels, held)
        .await?;
    keep_config(&state, &job, &config).await?;
    let message = if held {
        "Video created. Please configure processing options."
    } else {
        "Video submitted for processing"
    };
    Ok((
        StatusCode::CREATED,
        Json(Submitted {
            message: message.into(),
            video: view::video(&job),
        }),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatusReply {
    pub video: VideoView,
    pub job: QueueJob,
}

/// Processing status with the queue job's progress.
#[utoipa::path(get, path = "/api/videos/{id}/status", tag = "Videos",
    responses((status = 200, body = StatusReply), (status = 404, body = ErrorBody)))]
pub async fn status(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<StatusReply>> {
    let job = video_of(&state, &caller, &id).await?;
    Ok(Json(StatusReply {
        video: view::video(&job),
        job: view::queue_job(&job),
    }))
}

/// The workspace's videos, newest first (`filter`: all, completed, processing, failed;
/// `sourceType`: youtube, upload).
#[utoipa::path(get, path = "/api/videos/my-videos", tag = "Videos",
    params(("workspaceId" = Option<String>, Query), ("filter" = Option<String>, Query), ("sourceType" = Option<String>, Query)),
    responses((status = 200, body = Vec<VideoView>), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Vec<VideoView>>> {
    if query.get("workspaceId").is_some_and(|w| !w.is_empty() && *w != caller.workspace_id) {
        return Err(super::forbidden());
    }
    let filter = query.get("filter").map_or("all", String::as_str);
    if !matches!(filter, "all" | "completed" | "processing" | "failed") {
        return Err(ApiError::invalid("filter", "filter must be all, completed, processing or failed"));
    }
    let source = query.get("sourceType").map(String::as_str);
    let jobs = state
        .service
        .store
        .list_jobs(&caller.workspace_id, JobKind::AiClipping, 100, None)
        .await?;
    let videos = jobs
        .items
        .iter()
        .filter(|job| match filter {
            "completed" => job.status() == JobStatus::Completed,
            "failed" => matches!(job.status(), JobStatus::Failed | JobStatus::Cancelled),
            "processing" => !job.status().is_terminal(),
            _ => true,
        })
        .map(view::video)
        .filter(|v| source.is_none_or(|s| v.source_type == s))
        .collect();
    Ok(Json(videos))
}

/// One video.
#[utoipa::path(get, path = "/api/videos/{id}", tag = "Videos",
    responses((status = 200, body = VideoView), (status = 404, body = ErrorBody)))]
pub async fn get_one(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<VideoView>> {
    Ok(Json(view::video(&video_of(&state, &caller, &id).await?)))
}

/// Delete a video with its clips (a running one stops).
#[utoipa::path(delete, path = "/api/videos/{id}", tag = "Videos",
    responses((status = 200, body = Object), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    video_of(&state, &caller, &id).await?;
    state
        .service
        .store
        .delete_job(&caller.workspace_id, &id)
        .await
        .map_err(|_| ApiError::new(Code::NotFound, "Video not found"))?;
    crate::v3::forget_job(&state, &caller, &id);
    Ok(Json(json!({ "message": "Video deleted successfully" })))
}

/// The video's config (ScaleReach backend's extension).
pub async fn get_config(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let job = video_of(&state, &caller, &id).await?;
    let config = stored_config(&state, &job).await;
    let video = view::video(&job);
    Ok(Json(json!({
        "config": config,
        "video": { "id": video.id, "title": video.title, "duration": video.duration, "status": video.status, "sourceUrl": video.source_url },
    })))
}

/// The stored config with `patch` over it, checked, kept, and — while the video has not
/// started — made its job's request (`start` releases a waiting one).
async fn apply(state: &AppState, caller: &Caller, id: &str, patch: &Value, start: bool) -> ApiResult<(JobRow, Config)> {
    let job = video_of(state, caller, id).await?;
    let config = stored_config(state, &job).await.patched(patch)?;
    let command = config.command(source_of(&job)?, resolution(state))?;
    let job = if job.status() == JobStatus::Pending {
        let request = serde_json::to_value(Command::Clip(command)).expect("commands serialise");
        state
            .service
            .store
            .set_request(&caller.workspace_id, id, &request, start || !job.held())
            .await?
    } else if start {
        return Err(ApiError::invalid("id", "Video is already configured"));
    } else {
        job
    };
    keep_config(state, &job, &config).await?;
    Ok((job, config))
}

fn source_of(job: &JobRow) -> ApiResult<VideoSource> {
    match Command::from_stored(&job.request) {
        Ok(Command::Clip(ClipCommand { video, .. })) => Ok(video),
        _ => Err(ApiError::new(Code::NotFound, "Video not found")),
    }
}

/// Change the config (any subset of its fields). A video that already ran keeps its
/// clips; the new config applies when it is regenerated.
pub async fn patch_config(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    JsonBody(patch): JsonBody<Value>,
) -> ApiResult<Json<Value>> {
    let (_, config) = apply(&state, &caller, &id, &patch, false).await?;
    Ok(Json(json!({ "message": "Configuration updated", "config": config })))
}

/// Configure a `pending_config` video and start it (the body is the config, or
/// `{"config": …}`).
pub async fn configure(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<Json<Value>> {
    let body: Value = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        crate::extract::parse_json(&body)?
    };
    let patch = body.get("config").cloned().unwrap_or(body);
    let (job, config) = apply(&state, &caller, &id, &patch, true).await?;
    Ok(Json(
        json!({ "message": "Video configured and processing started", "video": view::video(&job), "config": config }),
    ))
}

/// Run a finished video again with its (possibly changed) config; its clips are
/// replaced.
pub async fn regenerate(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let job = video_of(&state, &caller, &id).await?;
    if !job.status().is_terminal() {
        return Err(ApiError::invalid("id", "Video is currently being processed"));
    }
    let config = stored_config(&state, &job).await;
    let command = config.command(source_of(&job)?, resolution(&state))?;
    state.service.store.rerun_job(&caller.workspace_id, &id).await?;
    let request = serde_json::to_value(Command::Clip(command)).expect("commands serialise");
    state.service.store.set_request(&caller.workspace_id, &id, &request, true).await?;
    crate::v3::forget_job(&state, &caller, &id);
    Ok(Json(json!({ "message": "Video regeneration started", "videoId": id })))
}

/// Whether a URL can be submitted (no fetch: the job fetches, through the guard).
pub async fn validate(Query(query): Query<HashMap<String, String>>) -> ApiResult<Json<Value>> {
    let url = query
        .get("url")
        .filter(|u| !u.is_empty())
        .ok_or_else(|| ApiError::invalid("url", "URL is required"))?;
    Ok(Json(match crate::v3::check_http_url("url", url) {
        Ok(()) => json!({ "valid": true, "videoInfo": { "url": url } }),
        Err(_) => json!({ "valid": false, "error": "Not an http or https URL" }),
    }))
}
