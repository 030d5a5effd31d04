//! `POST /clips`, `GET /clips/results/{id}`, `POST /clips/find-moments`,
//! `GET /clips/find-moments/results/{id}`. Both kinds of task are clip commands; a
//! find-moments task carries the search, and a task with `enable_export` carries the
//! export options its clips are drawn with.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::{Extension, Json};
use reelcut_core::JobKind;
use reelcut_jobs::{ClipChoices, ClipCommand, ClipField, Command, JobLabels, VideoSource};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::options::{language, RenderFields};
use super::view::{task, Task};
use super::{data, names, Data};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::AppState;

/// An AI clipping task. Fields WayinVideo does not document are accepted and ignored.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct CreateClips {
    /// A public http(s) URL, or the `identity` of an upload.
    pub video_url: Option<String>,
    pub project_name: Option<String>,
    /// Detected when null.
    pub source_lang: Option<String>,
    /// The captions' second language (with `enable_export` and captions).
    pub target_lang: Option<String>,
    /// DURATION_0_30, DURATION_0_90 (default), DURATION_30_60, DURATION_60_90,
    /// DURATION_90_180, DURATION_180_300.
    pub target_duration: Option<String>,
    /// At most this many clips, best first (null: every passage that stands out).
    pub limit: Option<i64>,
    #[serde(flatten)]
    pub render: RenderFields,
}

/// A Find Moments task: the clipping fields plus the search.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct FindMoments {
    /// What to find, in plain words ("the pricing discussion").
    pub query: Option<String>,
    #[serde(flatten)]
    pub task: CreateClips,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: String,
    pub name: String,
    /// CREATED.
    pub status: String,
}

/// WayinVideo's field for each refused command field.
fn param_of(field: ClipField) -> &'static str {
    match field {
        ClipField::Durations => "target_duration",
        ClipField::CaptionStyle => "cc_style_tpl",
        ClipField::Prompt | ClipField::Search => "query",
        ClipField::Language => "source_lang",
        ClipField::MaxClips => "limit",
    }
}

impl CreateClips {
    async fn command(self, state: &AppState, caller: &Caller, search: Option<String>) -> ApiResult<(ClipCommand, JobLabels)> {
        let video = video_source(state, caller, self.video_url.as_deref()).await?;
        let bucket = self.target_duration.as_deref().unwrap_or("DURATION_0_90");
        let durations = names::durations(bucket).ok_or_else(|| {
            ApiError::invalid(
                "target_duration",
                format!("'{bucket}' is not a duration: DURATION_0_30, DURATION_0_90, DURATION_30_60, DURATION_60_90, DURATION_90_180 or DURATION_180_300."),
            )
        })?;
        let source_lang = self.source_lang.as_deref().map(|code| language("source_lang", code)).transpose()?;
        let max_clips = match self.limit {
            None => None,
            Some(n) if n >= 1 => Some(n as usize),
            Some(n) => return Err(ApiError::invalid("limit", format!("'limit' must be at least 1 (got {n})."))),
        };
        let finish = match self.render.export_wanted() {
            true => Some(
                self.render
                    .options(&state.service.settings, source_lang.as_deref(), self.target_lang.as_deref())?,
            ),
            false => None,
        };
        let choices = ClipChoices {
            durations: Some(durations.iter().map(|d| d.to_string()).collect()),
            language: source_lang,
            max_clips,
            search,
            ..Default::default()
        };
        let mut command =
            ClipCommand::new(video, choices).map_err(|refused| ApiError::invalid(param_of(refused.field), refused.message))?;
        command.finish = finish;
        let title = self.project_name.filter(|n| !n.is_empty());
        if title.as_ref().is_some_and(|t| t.chars().count() > 500) {
            return Err(ApiError::invalid("project_name", "'project_name' must be at most 500 characters."));
        }
        let labels = JobLabels {
            title,
            callback_url: None,
            callback_id: None,
        };
        Ok((command, labels))
    }
}

/// A public URL, or an upload's identity: its bytes must have arrived (WayinVideo has
/// no separate "complete" call, so the first use completes it).
async fn video_source(state: &AppState, caller: &Caller, video_url: Option<&str>) -> ApiResult<VideoSource> {
    let Some(raw) = video_url.map(str::trim).filter(|u| !u.is_empty()) else {
        return Err(ApiError::invalid("video_url", "'video_url' is required."));
    };
    if let Ok(url) = url::Url::parse(raw) {
        if matches!(url.scheme(), "http" | "https") {
            return Ok(VideoSource::Url { url: raw.to_string() });
        }
    }
    crate::uploads::complete(state, &caller.workspace_id, raw)
        .await
        .map_err(|e| match e.code {
            reelcut_core::Code::NotFound => ApiError::invalid(
                "video_url",
                format!("'video_url' must be an http(s) URL or an upload identity; '{raw}' is neither."),
            ),
            _ => e.with_param("video_url"),
        })?;
    Ok(VideoSource::AssetId { asset_id: raw.to_string() })
}

async fn submit(state: &AppState, caller: &Caller, body: CreateClips, search: Option<String>) -> ApiResult<Json<Data<Created>>> {
    let (command, labels) = body.command(state, caller, search).await?;
    let job = state
        .service
        .enqueue(&caller.workspace_id, &Command::Clip(command), &labels)
        .await?;
    Ok(data(Created {
        id: job.id,
        name: labels.title.unwrap_or_default(),
        status: "CREATED".into(),
    }))
}

/// Submit an AI clipping task.
#[utoipa::path(post, path = "/api/v2/clips", tag = "AI Clipping", request_body = CreateClips,
    responses((status = 200, body = inline(Data<Created>)), (status = 400, body = super::SpringError),
              (status = 403, body = super::SpringError), (status = 429, body = super::SpringError)))]
pub async fn create(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    JsonBody(body): JsonBody<CreateClips>,
) -> ApiResult<Json<Data<Created>>> {
    submit(&state, &caller, body, None).await
}

/// Submit a Find Moments task: the passages that match `query`, most relevant first.
#[utoipa::path(post, path = "/api/v2/clips/find-moments", tag = "Find Moments", request_body = FindMoments,
    responses((status = 200, body = inline(Data<Created>)), (status = 400, body = super::SpringError),
              (status = 403, body = super::SpringError), (status = 429, body = super::SpringError)))]
pub async fn find_moments(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    JsonBody(body): JsonBody<FindMoments>,
) -> ApiResult<Json<Data<Created>>> {
    let query = body
        .query
        .filter(|q| !q.trim().is_empty())
        .ok_or_else(|| ApiError::invalid("query", "'query' is required."))?;
    submit(&state, &caller, body.task, Some(query)).await
}

/// A clipping task's status and clips.
#[utoipa::path(get, path = "/api/v2/clips/results/{id}", tag = "AI Clipping",
    responses((status = 200, body = inline(Data<Task>)), (status = 404, body = super::SpringError)))]
pub async fn results(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<Data<Task>>> {
    task_of(&state, &caller, &id, false).await
}

/// A Find Moments task's status and matching clips.
#[utoipa::path(get, path = "/api/v2/clips/find-moments/results/{id}", tag = "Find Moments",
    responses((status = 200, body = inline(Data<Task>)), (status = 404, body = super::SpringError)))]
pub async fn find_moments_results(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<Data<Task>>> {
    task_of(&state, &caller, &id, true).await
}

/// The stored clip command of an AI clipping job.
pub fn clip_command(job: &reelcut_store::JobRow) -> Option<ClipCommand> {
    match Command::from_stored(&job.request) {
        Ok(Command::Clip(command)) => Some(command),
        _ => None,
    }
}

/// A task of the asked kind (a find-moments id on the clipping path is 404, as upstream).
async fn task_of(state: &AppState, caller: &Caller, id: &str, search: bool) -> ApiResult<Json<Data<Task>>> {
    let what = if search { "Find Moments task" } else { "Clipping task" };
    let found = crate::v3::job_of_kind_with_outputs(state, caller, id, JobKind::AiClipping, what).await?;
    let (job, clips) = found.as_ref();
    let command = clip_command(job)
        .filter(|c| c.search.is_some() == search)
        .ok_or_else(|| ApiError::not_found(what))?;
    Ok(data(task(&state.service, job, clips, command.finish.is_some())))
}
