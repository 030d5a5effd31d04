//! Uploads every dialect shares: an asset whose bytes arrived through a presigned PUT,
//! made ready when a dialect first uses it (WayinVideo) or completes it (ScaleReach's
//! `upload/complete`) — v3 has its own `complete`, which also checks a declared size.

use reelcut_core::Code;
use reelcut_store::AssetStatus;

use crate::error::{ApiError, ApiResult};
use crate::AppState;

/// Makes an uploaded asset ready for use (once its bytes have arrived). `NotFound` when
/// there is no such upload in the workspace.
pub async fn complete(state: &AppState, workspace_id: &str, id: &str) -> ApiResult<()> {
    let service = &state.service;
    let asset = service
        .store
        .get_asset(workspace_id, id)
        .await
        .map_err(ApiError::not_found_as("Upload"))?;
    if asset.status == AssetStatus::Ready {
        return Ok(());
    }
    let (Some(size), Some(sha256)) = (service.blobs.size(&asset.blob_key).await?, asset.sha256.as_deref()) else {
        return Err(ApiError::new(
            Code::Conflict,
            format!("Upload '{id}' has no bytes yet; PUT the file to its upload_url first."),
        ));
    };
    service.store.mark_asset_ready(workspace_id, id, size as i64, sha256).await?;
    Ok(())
}
