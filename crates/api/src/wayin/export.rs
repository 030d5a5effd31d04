//! `POST /clips/export` and `GET /clips/export/{taskId}`: clips of a finished clipping
//! or find-moments task drawn again with new settings — an export job, as v3's.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::{Extension, Json};
use reelcut_core::{Code, JobKind, JobStatus};
use reelcut_jobs::{Command, ExportCommand, JobLabels};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::options::RenderFields;
use super::view::{export_task, ExportTask};
use super::{data, Data};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::AppState;

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct CreateExport {
    /// The clipping or find-moments task whose clips to draw.
    pub project_id: Option<String>,
    /// `idx` values of its clips; all when omitted.
    pub clip_indices: Option<Vec<usize>>,
    /// The captions' second language.
    pub target_lang: Option<String>,
    #[serde(flatten)]
    pub render: RenderFields,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedExport {
    pub export_task_id: String,
    pub name: String,
    /// CREATED.
    pub status: String,
}

/// Render (or re-render) clips of a finished task.
#[utoipa::path(post, path = "/api/v2/clips/export", tag = "Export", request_body = CreateExport,
    responses((status = 200, body = inline(Data<CreatedExport>)), (status = 400, body = super::SpringError),
              (status = 404, body = super::SpringError), (status = 409, body = super::SpringError)))]
pub async fn create(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    JsonBody(body): JsonBody<CreateExport>,
) -> ApiResult<Json<Data<CreatedExport>>> {
    let project_id = body
        .project_id
        .clone()
        .filter(|p| !p.trim().is_empty())
        .ok_or_else(|| ApiError::invalid("project_id", "'project_id' is required."))?;
    let found = crate::v3::job_of_kind_with_outputs(&state, &caller, &project_id, JobKind::AiClipping, "Project")
        .await
        .map_err(|e| e.with_param("project_id"))?;
    let (job, clips) = found.as_ref();
    if job.status() != JobStatus::Completed {
        return Err(ApiError::new(
            Code::Conflict,
            format!(
                "Project '{project_id}' is {}; only a SUCCEEDED project's clips can be exported.",
                super::status_name(job.status())
            ),
        )
        .with_param("project_id"));
    }
    let count = clips.iter().filter(|c| c.job_id == job.id).count();
    if let Some(bad) = body.clip_indices.iter().flatten().find(|&&i| i >= count) {
        return Err(ApiError::invalid(
            "clip_indices",
            format!("There is no clip {bad}: the project has {count} clips."),
        ));
    }
    let mut options = body
        .render
        .options(&state.service.settings, job.input_language.as_deref(), body.target_lang.as_deref())?;
    options.clips = body.clip_indices.clone();
    let name = job.title.clone().unwrap_or_default();
    let labels = JobLabels {
        title: Some(name.clone()).filter(|n| !n.is_empty()),
        callback_url: None,
        callback_id: None,
    };
    let command = Command::Export(ExportCommand {
        job_id: project_id,
        options,
    });
    let export = state.service.enqueue(&caller.workspace_id, &command, &labels).await?;
    Ok(data(CreatedExport {
        export_task_id: export.id,
        name,
        status: "CREATED".into(),
    }))
}

/// An export task's status and rendered clips (each `export_link` freshly minted).
#[utoipa::path(get, path = "/api/v2/clips/export/{id}", tag = "Export",
    responses((status = 200, body = inline(Data<ExportTask>)), (status = 404, body = super::SpringError)))]
pub async fn get_one(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<Data<ExportTask>>> {
    let found = crate::v3::job_of_kind_with_outputs(&state, &caller, &id, JobKind::AiClippingExport, "Export task").await?;
    let (job, clips) = found.as_ref();
    Ok(data(export_task(&state.service, job, clips)))
}
