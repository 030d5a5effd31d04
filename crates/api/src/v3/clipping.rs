//! `/v3/ai-clipping`: create, list, get, delete, and our `…/cancel` extension.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use reelcut_core::JobKind;
use reelcut_jobs::{Aspect, ClipChoices, ClipCommand, ClipField, Command, JobLabels, VideoSource};
use reelcut_store::AssetStatus;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::clipping_view::{job_view, AiClippingDetail, ProgressView};
use super::{check_http_url, data, Data, ListPage};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::AppState;

/// Where the source video comes from.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum VideoInput {
    Url { url: String },
    AssetId { asset_id: String },
}

/// Configuration for the clips the job will produce (seed `HighlightOutputSettings`).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HighlightOutputSettings {
    /// One to four of "30", "60", "180", "long".
    pub duration_types: Option<Vec<String>>,
    /// landscape, portrait (default) or square.
    pub aspect_ratio: Option<String>,
    /// Burn captions into the clips (default true).
    pub captions: Option<bool>,
    /// A caption look by name (bold by default); `reelcut captions list` names them all.
    pub caption_style: Option<String>,
    /// Editorial guidance, at most 500 characters.
    pub prompt: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAiClipping {
    pub video: Option<VideoInput>,
    pub title: Option<String>,
    /// ISO-639-1; detected when omitted.
    pub input_language: Option<String>,
    pub output_settings: Option<HighlightOutputSettings>,
    pub callback_url: Option<String>,
    pub callback_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedAiClipping {
    pub ai_clipping_id: String,
}

/// The clip aspects v3 offers, by their names (the CLI also knows 4:5; v3 does not).
const ASPECTS: [Aspect; 3] = [Aspect::Landscape, Aspect::Portrait, Aspect::Square];

/// v3's `param` for each command field.
fn param_of(field: ClipField) -> &'static str {
    match field {
        ClipField::Durations => "output_settings.duration_types",
        ClipField::CaptionStyle => "output_settings.caption_style",
        ClipField::Prompt => "output_settings.prompt",
        ClipField::Language => "input_language",
        // v3 has neither field; its requests never set them.
        ClipField::MaxClips => "max_clips",
        ClipField::Search => "search",
    }
}

impl CreateAiClipping {
    /// Reads v3's fields into a clip command (whose own rules and defaults apply), naming
    /// the first bad field as `param`.
    async fn validate(self, state: &AppState, workspace_id: &str) -> ApiResult<(ClipCommand, JobLabels)> {
        let video = match self.video {
            None => return Err(ApiError::invalid("video", "'video' is required.")),
            Some(VideoInput::Url { url }) => {
                let parsed =
                    url::Url::parse(&url).map_err(|_| ApiError::invalid("video.url", "'video.url' must be an http or https URL."))?;
                if !matches!(parsed.scheme(), "http" | "https") {
                    return Err(ApiError::invalid("video.url", "'video.url' must be an http or https URL."));
                }
                VideoSource::Url { url }
            }
            Some(VideoInput::AssetId { asset_id }) => {
                ready_asset(state, workspace_id, &asset_id, "video.asset_id").await?;
                VideoSource::AssetId { asset_id }
            }
        };
        let labels = check_labels(self.title, self.callback_url, self.callback_id)?;
        let settings = self.output_settings.unwrap_or_default();
        let aspect = match settings.aspect_ratio {
            None => None,
            Some(name) => Some(ASPECTS.into_iter().find(|a| a.name() == name).ok_or_else(|| {
                ApiError::invalid(
                    "output_settings.aspect_ratio",
                    format!("'aspect_ratio' must be one of 'landscape', 'portrait', 'square' (got '{name}')."),
                )
            })?),
        };
        let choices = ClipChoices {
            durations: settings.duration_types,
            aspect,
            captions: settings.captions,
            caption_style: settings.caption_style,
            prompt: settings.prompt,
            language: self.input_language,
            ..Default::default()
        };
        let command = ClipCommand::new(video, choices).map_err(|refused| ApiError::invalid(param_of(refused.field), refused.message))?;
        Ok((command, labels))
    }
}

/// An asset of the caller's that can be used as input: it exists and its bytes arrived.
pub async fn ready_asset(state: &AppState, workspace_id: &str, asset_id: &str, param: &'static str) -> ApiResult<()> {
    let asset = state
        .service
        .store
        .get_asset(workspace_id, asset_id)
        .await
        .map_err(ApiError::invalid_if_missing(param, format!("Asset '{asset_id}' was not found.")))?;
    if asset.status != AssetStatus::Ready {
        return Err(ApiError::invalid(param, format!("Asset '{asset_id}' has not been completed.")));
    }
    Ok(())
}

/// v3's title, callback URL and callback id rules (the same on every create endpoint).
pub fn check_labels(title: Option<String>, callback_url: Option<String>, callback_id: Option<String>) -> ApiResult<JobLabels> {
    if title.as_ref().is_some_and(|t| t.chars().count() > 500) {
        return Err(ApiError::invalid("title", "'title' must be at most 500 characters."));
    }
    if let Some(url) = &callback_url {
        check_http_url("callback_url", url)?;
    }
    if callback_id.as_ref().is_some_and(|id| id.chars().count() > 256) {
        return Err(ApiError::invalid("callback_id", "'callback_id' must be at most 256 characters."));
    }
    Ok(JobLabels {
        title,
        callback_url,
        callback_id,
    })
}

/// Create an AI clipping job. Upstream answers 200 with the id (not 202), and so do we.
#[utoipa::path(post, path = "/v3/ai-clipping", tag = "AI Clipping", request_body = CreateAiClipping,
    responses((status = 200, body = inline(Data<CreatedAiClipping>)), (status = 400, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    JsonBody(body): JsonBody<CreateAiClipping>,
) -> ApiResult<Json<Data<CreatedAiClipping>>> {
    let (command, labels) = body.validate(&state, &caller.workspace_id).await?;
    let job = state
        .service
        .enqueue(&caller.workspace_id, &Command::Clip(command), &labels)
        .await?;
    Ok(data(CreatedAiClipping { ai_clipping_id: job.id }))
}

/// List AI clipping jobs, newest first (seed `listAiClippingV3`).
#[utoipa::path(get, path = "/v3/ai-clipping", tag = "AI Clipping",
    params(("limit" = Option<i64>, Query, minimum = 1, maximum = 100, description = "Maximum number of items per page. Defaults to 10."),
           ("token" = Option<String>, Query, description = "Opaque cursor token for the next page.")),
    responses((status = 200, body = inline(ListPage<AiClippingDetail>)), (status = 400, body = crate::error::ErrorBody),
              (status = 401, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody)))]
pub async fn list(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<ListPage<AiClippingDetail>>> {
    super::list_jobs_page(&state, &caller, JobKind::AiClipping, &query, |service, job, clips| {
        job_view(service, job, clips, ProgressView::Coarse)
    })
    .await
}

/// Get one job with live progress.
#[utoipa::path(get, path = "/v3/ai-clipping/{id}", tag = "AI Clipping",
    responses((status = 200, body = inline(Data<AiClippingDetail>)), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_one(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<Data<AiClippingDetail>>> {
    let service = &state.service;
    let found = super::job_of_kind_with_outputs(&state, &caller, &id, JobKind::AiClipping, "AI clipping job").await?;
    Ok(data(job_view(service, &found.0, &found.1, ProgressView::Live)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeletedAiClipping {
    pub ai_clipping_id: String,
}

/// Soft-delete a job; a running one is stopped.
#[utoipa::path(delete, path = "/v3/ai-clipping/{id}", tag = "AI Clipping",
    responses((status = 200, body = inline(Data<DeletedAiClipping>)), (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<Data<DeletedAiClipping>>> {
    super::job_of_kind(&state, &caller, &id, JobKind::AiClipping, "AI clipping job").await?;
    state
        .service
        .store
        .delete_job(&caller.workspace_id, &id)
        .await
        .map_err(ApiError::not_found_as("AI clipping job"))?;
    super::forget_job(&state, &caller, &id);
    Ok(data(DeletedAiClipping { ai_clipping_id: id }))
}

/// Extension: cancel a pending or running job (it stops within about 2 s).
#[utoipa::path(post, path = "/v3/ai-clipping/{id}/cancel", tag = "AI Clipping",
    responses((status = 200, body = inline(Data<AiClippingDetail>)), (status = 404, body = crate::error::ErrorBody),
              (status = 409, body = crate::error::ErrorBody)))]
pub async fn cancel(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<Data<AiClippingDetail>>> {
    let service = &state.service;
    super::job_of_kind(&state, &caller, &id, JobKind::AiClipping, "AI clipping job").await?;
    let job = service
        .store
        .request_cancel(&caller.workspace_id, &id)
        .await
        .map_err(ApiError::not_found_as("AI clipping job"))?;
    Ok(data(job_view(service, &job, &[], ProgressView::Live)))
}
