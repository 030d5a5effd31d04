//! `/v3/hyperframes/renders`: create (project as url | asset_id | base64), list, get,
//! delete. Renders run as jobs on the same queue as AI clipping.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use base64::Engine;
use reelcut_compose::{AspectRatio, Format, Project, ProjectLimits, Quality, Resolution};
use reelcut_core::JobKind;
use reelcut_jobs::{HyperframesRenderDetail, RenderRequest, VideoSource};
use reelcut_store::{AssetStatus, JobRow, NewJob};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{check_http_url, data, Data, ListPage};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::AppState;

/// Where the composition project (a zip) comes from.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ProjectInput {
    Url { url: String },
    AssetId { asset_id: String },
    Base64 { media_type: Option<String>, data: String },
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRender {
    pub project: Option<ProjectInput>,
    /// 1–240 (default 30).
    pub fps: Option<u32>,
    #[schema(value_type = Option<String>)]
    pub quality: Option<Quality>,
    #[schema(value_type = Option<String>)]
    pub format: Option<Format>,
    #[schema(value_type = Option<String>)]
    pub resolution: Option<Resolution>,
    /// Must match the composition's own size.
    #[schema(value_type = Option<String>)]
    pub aspect_ratio: Option<AspectRatio>,
    /// Entry file inside the project (default index.html).
    pub composition: Option<String>,
    pub variables: Option<serde_json::Map<String, serde_json::Value>>,
    pub title: Option<String>,
    pub callback_id: Option<String>,
    pub callback_url: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedRender {
    pub render_id: String,
    pub status: String,
}

impl CreateRender {
    /// Checks every field, naming the first bad one as `param`. An inline project is
    /// opened here (so a bad zip is refused at once) and stored as a blob.
    async fn validate(self, state: &AppState, caller: &Caller) -> ApiResult<(RenderRequest, NewFields)> {
        let fps = self.fps.unwrap_or(30);
        if !(1..=reelcut_compose::options::MAX_FPS).contains(&fps) {
            return Err(ApiError::invalid("fps", "'fps' must be between 1 and 240."));
        }
        let format = self.format.unwrap_or_default();
        if self.resolution == Some(Resolution::K4) && format != Format::Mp4 {
            return Err(ApiError::invalid("resolution", "'resolution' 4k is available for mp4 only."));
        }
        let composition = self.composition.unwrap_or_else(|| "index.html".into());
        if composition.is_empty() || composition.chars().count() > 512 {
            return Err(ApiError::invalid("composition", "'composition' must be 1 to 512 characters."));
        }
        if self.title.as_ref().is_some_and(|t| t.chars().count() > 500) {
            return Err(ApiError::invalid("title", "'title' must be at most 500 characters."));
        }
        if self.callback_id.as_ref().is_some_and(|id| id.chars().count() > 256) {
            return Err(ApiError::invalid("callback_id", "'callback_id' must be at most 256 characters."));
        }
        if let Some(url) = &self.callback_url {
            check_http_url("callback_url", url)?;
        }
        let service = &state.service;
        let project = match self.project {
            None => return Err(ApiError::invalid("project", "'project' is required.")),
            Some(ProjectInput::Url { url }) => {
                check_http_url("project.url", &url)?;
                VideoSource::Url { url }
            }
            Some(ProjectInput::AssetId { asset_id }) => {
                let asset = service
                    .store
                    .get_asset(&caller.workspace_id, &asset_id)
                    .await
                    .map_err(ApiError::invalid_if_missing(
                        "project.asset_id",
                        format!("Asset '{asset_id}' was not found."),
                    ))?;
                if asset.status != AssetStatus::Ready {
                    return Err(ApiError::invalid(
                        "project.asset_id",
                        format!("Asset '{asset_id}' has not been completed."),
                    ));
                }
                VideoSource::AssetId { asset_id }
            }
            Some(ProjectInput::Base64 { media_type, data }) => {
                if media_type.as_deref().is_some_and(|m| m != "application/zip") {
                    return Err(ApiError::invalid("project.media_type", "'media_type' must be 'application/zip'."));
                }
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(data.trim())
                    .map_err(|_| ApiError::invalid("project.data", "'project.data' is not valid base64."))?;
                let key = format!("ws/{}/projects/{}.zip", caller.workspace_id, reelcut_store::new_id());
                store_inline_project(state, &key, bytes, &composition).await?;
                VideoSource::Blob { key }
            }
        };
        let request = RenderRequest {
            project,
            fps,
            quality: self.quality.unwrap_or_default(),
            format,
            resolution: self.resolution,
            aspect_ratio: self.aspect_ratio,
            composition,
            variables: self.variables.unwrap_or_default(),
        };
        Ok((
            request,
            NewFields {
                title: self.title,
                callback_url: self.callback_url,
                callback_id: self.callback_id,
            },
        ))
    }
}

struct NewFields {
    title: Option<String>,
    callback_url: Option<String>,
    callback_id: Option<String>,
}

/// Opens the zip under the render limits (unsafe names, links, bombs → 400 `project`)
/// and keeps it for the job.
async fn store_inline_project(state: &AppState, key: &str, bytes: Vec<u8>, composition: &str) -> ApiResult<()> {
    let settings = &state.service.settings;
    let limits = ProjectLimits {
        max_total_bytes: settings.render.max_project_bytes,
        ..ProjectLimits::default()
    };
    let file = tempfile::NamedTempFile::new().map_err(|e| ApiError::from(reelcut_store::StoreError::from(e)))?;
    std::fs::write(file.path(), &bytes).map_err(|e| ApiError::from(reelcut_store::StoreError::from(e)))?;
    let path = file.path().to_path_buf();
    let entry = composition.to_string();
    tokio::task::spawn_blocking(move || Project::open(&path, &entry, limits).map(drop))
        .await
        .map_err(|e| ApiError::new(reelcut_core::Code::Internal, e.to_string()))??;
    state.service.blobs.put_file(key, file.path()).await?;
    Ok(())
}

/// Queue a render. 202 with `{render_id, status: "queued"}`.
#[utoipa::path(post, path = "/v3/hyperframes/renders", tag = "HyperFrames", request_body = CreateRender,
    responses((status = 202, body = inline(Data<CreatedRender>)), (status = 400, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    JsonBody(body): JsonBody<CreateRender>,
) -> ApiResult<(StatusCode, Json<Data<CreatedRender>>)> {
    let (request, fields) = body.validate(&state, &caller).await?;
    let job = state
        .service
        .store
        .insert_job(NewJob {
            workspace_id: &caller.workspace_id,
            kind: JobKind::HyperframesRender,
            title: fields.title.as_deref(),
            input_language: None,
            request: &serde_json::to_value(&request).expect("request serialises"),
            callback_url: fields.callback_url.as_deref(),
            callback_id: fields.callback_id.as_deref(),
            max_attempts: 3,
        })
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        data(CreatedRender {
            render_id: job.id,
            status: "queued".into(),
        }),
    ))
}

/// List renders, newest first (seed `listHyperframesRendersV3`).
#[utoipa::path(get, path = "/v3/hyperframes/renders", tag = "HyperFrames",
    params(("limit" = Option<i64>, Query, minimum = 1, maximum = 100, description = "Maximum items per page."),
           ("token" = Option<String>, Query, description = "Opaque cursor token for the next page.")),
    responses((status = 200, body = inline(ListPage<HyperframesRenderDetail>)), (status = 400, body = crate::error::ErrorBody),
              (status = 401, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody)))]
pub async fn list(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<ListPage<HyperframesRenderDetail>>> {
    super::list_jobs_page(&state, &caller, JobKind::HyperframesRender, &query, |service, job, outputs| {
        service.render_view(job, outputs)
    })
    .await
}

async fn render_job(state: &AppState, caller: &Caller, id: &str) -> ApiResult<JobRow> {
    super::job_of_kind(state, caller, id, JobKind::HyperframesRender, "HyperFrames render").await
}

#[utoipa::path(get, path = "/v3/hyperframes/renders/{id}", tag = "HyperFrames",
    responses((status = 200, body = inline(Data<HyperframesRenderDetail>)), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_one(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<Data<HyperframesRenderDetail>>> {
    let job = render_job(&state, &caller, &id).await?;
    let outputs = state
        .service
        .store
        .clips_for_jobs(&caller.workspace_id, std::slice::from_ref(&job.id))
        .await?;
    Ok(data(state.service.render_view(&job, &outputs)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeletedRender {
    pub render_id: String,
}

/// Soft-delete a render; a running one is stopped.
#[utoipa::path(delete, path = "/v3/hyperframes/renders/{id}", tag = "HyperFrames",
    responses((status = 200, body = inline(Data<DeletedRender>)), (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<Data<DeletedRender>>> {
    render_job(&state, &caller, &id).await?;
    state
        .service
        .store
        .delete_job(&caller.workspace_id, &id)
        .await
        .map_err(ApiError::not_found_as("HyperFrames render"))?;
    Ok(data(DeletedRender { render_id: id }))
}
