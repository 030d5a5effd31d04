//! Our extension, after ScaleReach's backend (its public docs have no upload): a local
//! file as a video. `POST /api/upload/init` creates the video (waiting) and a presigned
//! PUT URL for its one part; the client PUTs the bytes and keeps the part's `ETag`;
//! `POST /api/upload/complete` checks the bytes and starts the video with its config
//! (the defaults, or what `PATCH /api/videos/{id}/config` set meanwhile).

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use reelcut_core::Code;
use reelcut_jobs::{Command, JobLabels, VideoSource};
use reelcut_store::{AssetStatus, NewAsset};
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::ToSchema;

use super::config::Config;
use super::ErrorBody;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::AppState;

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InitUpload {
    pub filename: Option<String>,
    /// Bytes.
    pub file_size: Option<i64>,
    /// video/mp4, video/quicktime or video/webm.
    pub content_type: Option<String>,
    pub workspace_id: Option<String>,
    pub project_id: Option<String>,
}

const TYPES: [&str; 3] = ["video/mp4", "video/quicktime", "video/webm"];

/// Start an upload: the video (waiting for its bytes) and one presigned part URL.
#[utoipa::path(post, path = "/api/upload/init", tag = "Upload (extension)", request_body = InitUpload,
    responses((status = 201, body = Object), (status = 400, body = ErrorBody)))]
pub async fn init(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    JsonBody(body): JsonBody<InitUpload>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    if body.workspace_id.as_ref().is_some_and(|w| *w != caller.workspace_id) {
        return Err(super::forbidden());
    }
    if body.project_id.is_some() {
        return Err(ApiError::new(Code::NotFound, "Project not found"));
    }
    let filename = body
        .filename
        .filter(|f| !f.trim().is_empty())
        .ok_or_else(|| ApiError::invalid("filename", "filename is required"))?;
    let content_type = body.content_type.unwrap_or_else(|| "video/mp4".into());
    if !TYPES.contains(&content_type.as_str()) {
        return Err(ApiError::invalid("contentType", "Only MP4, MOV and WebM videos are supported"));
    }
    let service = &state.service;
    let max = service.settings.service.max_upload_bytes as i64;
    let size = body.file_size.unwrap_or(0);
    if !(1..=max).contains(&size) {
        return Err(ApiError::invalid("fileSize", format!("fileSize must be between 1 and {max} bytes")));
    }
    let asset = service
        .store
        .insert_asset(NewAsset {
            workspace_id: &caller.workspace_id,
            filename: &filename,
            content_type: &content_type,
            size_bytes: size,
            sha256: None,
            expected_sha256: None,
            status: AssetStatus::Pending,
        })
        .await?;
    let config = Config::default();
    let command = config.command(
        VideoSource::AssetId {
            asset_id: asset.id.clone(),
        },
        super::videos::resolution(&state),
    )?;
    let labels = JobLabels {
        title: Some(filename),
        ..Default::default()
    };
    let job = service
        .enqueue_as(&caller.workspace_id, &Command::Clip(command), &labels, true)
        .await?;
    super::videos::keep_config(&state, &job, &config).await?;
    let (url, _) = service.presign_upload(&asset.id);
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "uploadId": asset.id, "videoId": job.id, "storageKey": asset.blob_key,
            "totalParts": 1, "chunkSize": size, "partUrls": [{ "partNumber": 1, "url": url }],
        })),
    ))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CompleteUpload {
    pub upload_id: Option<String>,
    pub video_id: Option<String>,
    /// Accepted: `[{partNumber, etag}]` (one part here).
    #[schema(value_type = Option<Vec<Object>>)]
    pub parts: Option<Value>,
}

/// Finish an upload and start its video.
#[utoipa::path(post, path = "/api/upload/complete", tag = "Upload (extension)", request_body = CompleteUpload,
    responses((status = 200, body = Object), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody)))]
pub async fn complete(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    JsonBody(body): JsonBody<CompleteUpload>,
) -> ApiResult<Json<Value>> {
    let upload = body
        .upload_id
        .ok_or_else(|| ApiError::invalid("uploadId", "uploadId is required"))?;
    let video = body.video_id.ok_or_else(|| ApiError::invalid("videoId", "videoId is required"))?;
    let job = super::videos::video_of(&state, &caller, &video).await?;
    crate::uploads::complete(&state, &caller.workspace_id, &upload).await.map_err(|e| {
        if e.code == Code::NotFound {
            ApiError::new(Code::NotFound, "Upload not found")
        } else {
            e
        }
    })?;
    let asset = state.service.store.get_asset(&caller.workspace_id, &upload).await?;
    if asset.size_bytes <= 0 {
        return Err(ApiError::invalid("uploadId", "The upload is empty"));
    }
    let request: Value = serde_json::from_str(&job.request).map_err(|e| ApiError::new(Code::Internal, e.to_string()))?;
    state
        .service
        .store
        .set_request(&caller.workspace_id, &video, &request, true)
        .await?;
    Ok(Json(
        json!({ "message": "Upload completed successfully", "videoId": video, "storageUrl": null }),
    ))
}
