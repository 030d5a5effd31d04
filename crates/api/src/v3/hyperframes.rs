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
use reelcut_jobs::{Command, JobLabels, RenderChoices, RenderCommand, RenderField, VideoSource};
use reelcut_store::JobRow;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::clipping::{check_labels, ready_asset};
use super::render_view::{render_view, HyperframesRenderDetail};
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
    async fn validate(self, state: &AppState, caller: &Caller) -> ApiResult<(RenderCommand, JobLabels)> {
        let choices = RenderChoices {
            fps: self.fps,
            quality: self.quality,
            format: self.format,
            resolution: self.resolution,
            aspect_ratio: self.aspect_ratio,
            composition: self.composition,
            variables: self.variables,
        };
        let draft = RenderCommand::draft(choices).map_err(|refused| {
            let param = match refused.field {
                RenderField::Fps => "fps",
                RenderField::Resolution => "resolution",
                RenderField::Composition => "composition",
            };
            ApiError::invalid(param, refused.message)
        })?;
        let labels = check_labels(self.title, self.callback_url, self.callback_id)?;
        let project = match self.project {
            None => return Err(ApiError::invalid("project", "'project' is required.")),
            Some(ProjectInput::Url { url }) => {
                check_http_url("project.url", &url)?;
                VideoSource::Url { url }
            }
            Some(ProjectInput::AssetId { asset_id }) => {
                ready_asset(state, &caller.workspace_id, &asset_id, "project.asset_id").await?;
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
                store_inline_project(state, &key, bytes, draft.composition()).await?;
                VideoSource::Blob { key }
            }
        };
        let command = draft.with_project(project);
        Ok((command, labels))
    }
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
    tokio::fs::write(file.path(), &bytes)
        .await
        .map_err(|e| ApiError::from(reelcut_store::StoreError::from(e)))?;
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
    let (command, labels) = body.validate(&state, &caller).await?;
    let job = state
        .service
        .enqueue(&caller.workspace_id, &Command::Render(command), &labels)
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
        render_view(service, job, outputs)
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
    let found = super::job_of_kind_with_outputs(&state, &caller, &id, JobKind::HyperframesRender, "HyperFrames render").await?;
    let (job, outputs) = (&found.0, &found.1);
    Ok(data(render_view(&state.service, job, outputs)))
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
    super::forget_job(&state, &caller, &id);
    Ok(data(DeletedRender { render_id: id }))
}
