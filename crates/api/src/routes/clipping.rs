//! `/v3/ai-clipping`: create, list, get, delete, and our `…/cancel` extension.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use reelcut_core::JobKind;
use reelcut_jobs::{AiClippingDetail, ClippingRequest, ProgressView, VideoSource};
use reelcut_store::{AssetStatus, NewJob};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HighlightOutputSettings {
    /// One to four of "30", "60", "180", "long".
    pub duration_types: Option<Vec<String>>,
    /// landscape, portrait (default) or square.
    pub aspect_ratio: Option<String>,
    /// Burn captions into the clips (default true).
    pub captions: Option<bool>,
    /// classic, bold (default), karaoke or pop.
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

const DURATION_TYPES: &[&str] = &["30", "60", "180", "long"];
const ASPECTS: &[&str] = &["landscape", "portrait", "square"];

impl CreateAiClipping {
    /// Checks every field, naming the first bad one as `param`.
    async fn validate(
        self,
        state: &AppState,
        workspace_id: &str,
    ) -> ApiResult<(ClippingRequest, Option<String>, Option<String>, Option<String>)> {
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
                let asset = state
                    .service
                    .store
                    .get_asset(workspace_id, &asset_id)
                    .await
                    .map_err(ApiError::invalid_if_missing(
                        "video.asset_id",
                        format!("Asset '{asset_id}' was not found."),
                    ))?;
                if asset.status != AssetStatus::Ready {
                    return Err(ApiError::invalid(
                        "video.asset_id",
                        format!("Asset '{asset_id}' has not been completed."),
                    ));
                }
                VideoSource::AssetId { asset_id }
            }
        };
        if let Some(title) = &self.title {
            if title.chars().count() > 500 {
                return Err(ApiError::invalid("title", "'title' must be at most 500 characters."));
            }
        }
        if let Some(lang) = &self.input_language {
            if lang.len() != 2 || !lang.chars().all(|c| c.is_ascii_lowercase()) {
                return Err(ApiError::invalid(
                    "input_language",
                    "'input_language' must be a two-letter ISO-639-1 code such as 'en'.",
                ));
            }
        }
        let settings = self.output_settings.unwrap_or(HighlightOutputSettings {
            duration_types: None,
            aspect_ratio: None,
            captions: None,
            caption_style: None,
            prompt: None,
        });
        let duration_types = settings.duration_types.unwrap_or_else(|| vec!["60".to_string()]);
        if !(1..=4).contains(&duration_types.len()) {
            return Err(ApiError::invalid(
                "output_settings.duration_types",
                "'duration_types' must list 1 to 4 durations.",
            ));
        }
        if let Some(bad) = duration_types.iter().find(|d| !DURATION_TYPES.contains(&d.as_str())) {
            return Err(ApiError::invalid(
                "output_settings.duration_types",
                format!("'{bad}' is not a valid duration type; expected one of '30', '60', '180', 'long'."),
            ));
        }
        let aspect_ratio = settings.aspect_ratio.unwrap_or_else(|| "portrait".to_string());
        if !ASPECTS.contains(&aspect_ratio.as_str()) {
            return Err(ApiError::invalid(
                "output_settings.aspect_ratio",
                format!("'aspect_ratio' must be one of 'landscape', 'portrait', 'square' (got '{aspect_ratio}')."),
            ));
        }
        if let Some(style) = &settings.caption_style {
            reelcut_captions::Style::parse(style).map_err(|m| ApiError::invalid("output_settings.caption_style", m))?;
        }
        if let Some(prompt) = &settings.prompt {
            if prompt.chars().count() > 500 {
                return Err(ApiError::invalid(
                    "output_settings.prompt",
                    "'prompt' must be at most 500 characters.",
                ));
            }
        }
        if let Some(url) = &self.callback_url {
            check_http_url("callback_url", url)?;
        }
        if self.callback_id.as_ref().is_some_and(|id| id.chars().count() > 256) {
            return Err(ApiError::invalid("callback_id", "'callback_id' must be at most 256 characters."));
        }
        let request = ClippingRequest {
            video,
            duration_types,
            aspect_ratio,
            captions: settings.captions.unwrap_or(true),
            caption_style: settings.caption_style,
            prompt: settings.prompt.filter(|p| !p.trim().is_empty()),
            input_language: self.input_language,
        };
        Ok((request, self.title, self.callback_url, self.callback_id))
    }
}

/// Create an AI clipping job. Upstream answers 200 with the id (not 202), and so do we.
#[utoipa::path(post, path = "/v3/ai-clipping", tag = "AI Clipping", request_body = CreateAiClipping,
    responses((status = 200, body = inline(Data<CreatedAiClipping>)), (status = 400, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    JsonBody(body): JsonBody<CreateAiClipping>,
) -> ApiResult<Json<Data<CreatedAiClipping>>> {
    let (request, title, callback_url, callback_id) = body.validate(&state, &caller.workspace_id).await?;
    let job = state
        .service
        .store
        .insert_job(NewJob {
            workspace_id: &caller.workspace_id,
            kind: JobKind::AiClipping,
            title: title.as_deref(),
            input_language: request.input_language.as_deref(),
            request: &serde_json::to_value(&request).expect("request serialises"),
            callback_url: callback_url.as_deref(),
            callback_id: callback_id.as_deref(),
            max_attempts: 3,
        })
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
        service.job_view(job, clips, ProgressView::Coarse)
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
    let job = super::job_of_kind(&state, &caller, &id, JobKind::AiClipping, "AI clipping job").await?;
    let clips = service
        .store
        .clips_for_jobs(&caller.workspace_id, std::slice::from_ref(&job.id))
        .await?;
    Ok(data(service.job_view(&job, &clips, ProgressView::Live)))
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
    Ok(data(service.job_view(&job, &[], ProgressView::Live)))
}
