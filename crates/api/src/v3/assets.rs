//! `/v3/assets`: multipart upload, and the direct-upload flow (create → signed PUT →
//! complete). Bytes stream to the blob store; nothing is held whole in memory.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Multipart, Path, Query, State};
use axum::{Extension, Json};
use futures::{StreamExt, TryStreamExt};
use reelcut_core::Code;
use reelcut_store::blobs::PutError;
use reelcut_store::{Asset, AssetStatus, NewAsset};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{data, Data};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct AssetView {
    pub asset_id: String,
    pub filename: String,
    pub mime_type: String,
    pub size_bytes: i64,
    /// pending (direct upload not completed) or ready.
    pub status: String,
    /// Presigned download URL (ready assets only).
    pub url: Option<String>,
    pub checksum_sha256: Option<String>,
    pub created_at: i64,
}

fn view(state: &AppState, asset: &Asset) -> AssetView {
    AssetView {
        asset_id: asset.id.clone(),
        filename: asset.filename.clone(),
        mime_type: asset.content_type.clone(),
        size_bytes: asset.size_bytes,
        status: asset.status.as_str().to_string(),
        url: (asset.status == AssetStatus::Ready).then(|| state.service.presign_get(&asset.blob_key)),
        checksum_sha256: asset.sha256.clone(),
        created_at: asset.created_at / 1000,
    }
}

fn put_error(error: PutError, param: &str) -> ApiError {
    match error {
        PutError::TooLarge { limit } => {
            ApiError::new(Code::PayloadTooLarge, format!("The file is larger than {limit} bytes.")).with_param(param)
        }
        PutError::Stream(message) => ApiError::invalid(param, format!("The upload was interrupted: {message}")),
        PutError::Store(e) => e.into(),
    }
}

/// Upload a file (multipart field `file`).
#[utoipa::path(post, path = "/v3/assets", tag = "Assets",
    responses((status = 200, body = inline(Data<AssetView>)), (status = 400, body = crate::error::ErrorBody), (status = 413, body = crate::error::ErrorBody)))]
pub async fn upload(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    mut multipart: Multipart,
) -> ApiResult<Json<Data<AssetView>>> {
    let service = &state.service;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| ApiError::invalid("file", format!("The multipart body is malformed: {e}")))?
    {
        if field.name() != Some("file") {
            continue;
        }
        let filename = field.file_name().unwrap_or("upload").to_string();
        let content_type = field.content_type().unwrap_or("application/octet-stream").to_string();
        let asset = service
            .store
            .insert_asset(NewAsset {
                workspace_id: &caller.workspace_id,
                filename: &filename,
                content_type: &content_type,
                size_bytes: 0,
                sha256: None,
                expected_sha256: None,
                status: AssetStatus::Pending,
            })
            .await?;
        let written = service
            .blobs
            .put_stream(
                &asset.blob_key,
                field.map_err(|e| e.to_string()),
                service.settings.service.max_upload_bytes,
            )
            .await
            .map_err(|e| put_error(e, "file"))?;
        service
            .store
            .mark_asset_ready(&caller.workspace_id, &asset.id, written.size_bytes as i64, &written.sha256)
            .await?;
        let asset = service.store.get_asset(&caller.workspace_id, &asset.id).await?;
        return Ok(data(view(&state, &asset)));
    }
    Err(ApiError::invalid("file", "The multipart body has no 'file' field."))
}

/// Get an asset.
#[utoipa::path(get, path = "/v3/assets/{id}", tag = "Assets",
    responses((status = 200, body = inline(Data<AssetView>)), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_one(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> ApiResult<Json<Data<AssetView>>> {
    let asset = state
        .service
        .store
        .get_asset(&caller.workspace_id, &id)
        .await
        .map_err(ApiError::not_found_as("Asset"))?;
    Ok(data(view(&state, &asset)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateDirectUpload {
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub checksum_sha256: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DirectUpload {
    pub asset_id: String,
    /// PUT the bytes here, with `upload_headers`.
    pub upload_url: String,
    pub upload_headers: HashMap<String, String>,
    pub expires_in_seconds: u64,
    pub max_bytes: i64,
}

fn check_sha256(param: &str, value: &str) -> ApiResult<()> {
    if value.len() == 64 && value.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(ApiError::invalid(param, format!("'{param}' must be 64 hex characters.")))
    }
}

/// Start a direct upload: returns a presigned PUT URL.
#[utoipa::path(post, path = "/v3/assets/direct-uploads", tag = "Assets", request_body = CreateDirectUpload,
    responses((status = 200, body = inline(Data<DirectUpload>)), (status = 400, body = crate::error::ErrorBody)))]
pub async fn create_direct_upload(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    JsonBody(body): JsonBody<CreateDirectUpload>,
) -> ApiResult<Json<Data<DirectUpload>>> {
    let service = &state.service;
    let max = service.settings.service.max_upload_bytes as i64;
    if body.size_bytes < 1 || body.size_bytes > max {
        return Err(ApiError::invalid(
            "size_bytes",
            format!("'size_bytes' must be between 1 and {max}."),
        ));
    }
    if body.filename.trim().is_empty() || body.filename.len() > 255 {
        return Err(ApiError::invalid("filename", "'filename' must be 1 to 255 characters."));
    }
    if let Some(sum) = &body.checksum_sha256 {
        check_sha256("checksum_sha256", sum)?;
    }
    let asset = service
        .store
        .insert_asset(NewAsset {
            workspace_id: &caller.workspace_id,
            filename: &body.filename,
            content_type: &body.content_type,
            size_bytes: body.size_bytes,
            sha256: None,
            expected_sha256: body.checksum_sha256.as_deref().map(str::to_ascii_lowercase).as_deref(),
            status: AssetStatus::Pending,
        })
        .await?;
    let (upload_url, ttl) = service.presign_upload(&asset.id);
    Ok(data(DirectUpload {
        asset_id: asset.id,
        upload_url,
        upload_headers: HashMap::from([("content-type".to_string(), body.content_type)]),
        expires_in_seconds: ttl,
        max_bytes: body.size_bytes,
    }))
}

/// `?expires=…&signature=…` of a presigned URL.
#[derive(Debug, Deserialize)]
pub struct Presigned {
    expires: Option<i64>,
    signature: Option<String>,
}

impl Presigned {
    pub fn parts(&self) -> (Option<i64>, Option<&str>) {
        (self.expires, self.signature.as_deref())
    }
}

/// The presigned PUT target. The signature names the asset, so no API key is needed.
pub async fn direct_put(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(sig): Query<Presigned>,
    body: Body,
) -> ApiResult<impl axum::response::IntoResponse> {
    let service = &state.service;
    let (Some(expires), Some(signature)) = sig.parts() else {
        return Err(ApiError::new(Code::AuthenticationFailed, "The upload URL is not signed."));
    };
    if !service.verify_presigned("PUT", &id, expires, signature) {
        return Err(ApiError::new(
            Code::AuthenticationFailed,
            "The upload URL is invalid or has expired.",
        ));
    }
    let asset = service
        .store
        .get_asset_any_workspace(&id)
        .await
        .map_err(ApiError::not_found_as("Asset"))?;
    if asset.status == AssetStatus::Ready {
        return Err(ApiError::new(Code::Conflict, "This asset has already been completed."));
    }
    let written = service
        .blobs
        .put_stream(
            &asset.blob_key,
            body.into_data_stream().map(|r| r.map_err(|e| e.to_string())),
            asset.size_bytes as u64,
        )
        .await
        .map_err(|e| put_error(e, "body"))?;
    // The checksum is taken while the bytes stream in, so `complete` need not read
    // them back.
    service.store.record_upload(&asset.workspace_id, &id, &written.sha256).await?;
    tracing::info!(asset = %id, bytes = written.size_bytes, "direct upload received");
    // Multipart clients (ScaleReach's upload flow) read each part's ETag.
    let etag = format!("\"{}\"", written.sha256);
    Ok(([(axum::http::header::ETAG, etag)], data(view(&state, &asset))))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteUpload {
    pub checksum_sha256: Option<String>,
}

/// Finish a direct upload: checks size and checksum. 409 while the bytes are not there.
#[utoipa::path(post, path = "/v3/assets/{id}/complete", tag = "Assets", request_body = CompleteUpload,
    responses((status = 200, body = inline(Data<AssetView>)), (status = 400, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
pub async fn complete(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<Json<Data<AssetView>>> {
    let service = &state.service;
    let body: CompleteUpload = if body.iter().all(u8::is_ascii_whitespace) {
        CompleteUpload::default()
    } else {
        crate::extract::parse_json(&body)?
    };
    let asset = service
        .store
        .get_asset(&caller.workspace_id, &id)
        .await
        .map_err(ApiError::not_found_as("Asset"))?;
    if asset.status == AssetStatus::Ready {
        return Ok(data(view(&state, &asset)));
    }
    // Both the blob and the checksum its PUT recorded must be there (a PUT cut short
    // before recording leaves only the blob: the client PUTs again).
    let (Some(size), Some(actual)) = (service.blobs.size(&asset.blob_key).await?, asset.sha256.clone()) else {
        return Err(ApiError::new(
            Code::Conflict,
            "The uploaded bytes are not visible yet; PUT them to upload_url first.",
        ));
    };
    if size as i64 != asset.size_bytes {
        return Err(ApiError::invalid(
            "size_bytes",
            format!("{size} bytes arrived but {} were declared.", asset.size_bytes),
        ));
    }
    if let Some(sum) = &body.checksum_sha256 {
        check_sha256("checksum_sha256", sum)?;
    }
    for expected in [asset.expected_sha256.as_deref(), body.checksum_sha256.as_deref()]
        .into_iter()
        .flatten()
    {
        if !expected.eq_ignore_ascii_case(&actual) {
            return Err(ApiError::invalid(
                "checksum_sha256",
                "The uploaded bytes do not match 'checksum_sha256'.",
            ));
        }
    }
    service
        .store
        .mark_asset_ready(&caller.workspace_id, &id, size as i64, &actual)
        .await?;
    let asset = service.store.get_asset(&caller.workspace_id, &id).await?;
    Ok(data(view(&state, &asset)))
}
