//! `POST /upload/single-file`: a presigned PUT URL for a local file, and an identifier
//! to pass as `video_url`. The upload is an asset (the same as v3's direct uploads);
//! WayinVideo has no "complete" call, so using the identifier completes it.

use std::sync::Arc;

use axum::extract::State;
use axum::{Extension, Json};
use reelcut_store::{AssetStatus, NewAsset};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{data, Data};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::AppState;

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct SingleFile {
    /// The file's name with its extension (avi, mp4, mov, webm).
    pub name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UploadTarget {
    /// PUT the raw bytes here within the hour; no API key needed.
    pub upload_url: String,
    /// Pass as `video_url`.
    pub identity: String,
    /// The same identifier under the older docs' spelling.
    pub identify: String,
}

/// The formats WayinVideo takes, by extension, with their MIME types.
const FORMATS: [(&str, &str); 4] = [
    ("mp4", "video/mp4"),
    ("mov", "video/quicktime"),
    ("webm", "video/webm"),
    ("avi", "video/x-msvideo"),
];

/// Get a presigned upload URL for a local video file.
#[utoipa::path(post, path = "/api/v2/upload/single-file", tag = "Upload", request_body = SingleFile,
    responses((status = 200, body = inline(Data<UploadTarget>)), (status = 400, body = super::SpringError),
              (status = 403, body = super::SpringError)))]
pub async fn single_file(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    JsonBody(body): JsonBody<SingleFile>,
) -> ApiResult<Json<Data<UploadTarget>>> {
    let name = body.name.map(|n| n.trim().to_string()).unwrap_or_default();
    if name.is_empty() || name.len() > 255 {
        return Err(ApiError::invalid("name", "'name' (the file name with its extension) is required."));
    }
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let Some(&(_, content_type)) = FORMATS.iter().find(|(e, _)| *e == extension) else {
        return Err(ApiError::invalid("name", format!("'{name}' is not an mp4, mov, webm or avi file.")));
    };
    let service = &state.service;
    // The size is not declared: the PUT may bring up to the operator's upload limit.
    let asset = service
        .store
        .insert_asset(NewAsset {
            workspace_id: &caller.workspace_id,
            filename: &name,
            content_type,
            size_bytes: service.settings.service.max_upload_bytes as i64,
            sha256: None,
            expected_sha256: None,
            status: AssetStatus::Pending,
        })
        .await?;
    let (upload_url, _) = service.presign_upload(&asset.id);
    Ok(data(UploadTarget {
        upload_url,
        identify: asset.id.clone(),
        identity: asset.id,
    }))
}
