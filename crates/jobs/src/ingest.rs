//! A job's input as a local file in its work dir: an asset's blob, or a guarded URL
//! download. Reused when a previous attempt of the same job already got it.

use std::path::{Path, PathBuf};

use reelcut_core::Code;
use reelcut_store::{AssetStatus, StoreError};

use crate::command::VideoSource;
use crate::context::{JobContext, JobError};
use crate::{fetch, Service};

/// `param` is the request field that names the source (`video`, `project`): errors
/// point at `{param}.asset_id` or `{param}.url`.
pub async fn fetch(service: &Service, context: &JobContext, source: &VideoSource, param: &str, work: &Path) -> Result<PathBuf, JobError> {
    let input = work.join("input");
    let done_marker = work.join("input.done");
    if done_marker.exists() && input.exists() {
        return Ok(input);
    }
    let partial = work.join("input.part");
    match source {
        VideoSource::AssetId { asset_id } => {
            let param = format!("{param}.asset_id");
            let asset = service
                .store
                .get_asset(&context.claimed.job.workspace_id, asset_id)
                .await
                .map_err(|e| match e {
                    // A deleted asset is the request's fault; a database failure is ours
                    // and worth a retry.
                    StoreError::NotFound(_) => {
                        JobError::new(Code::InvalidParameter, format!("asset {asset_id} does not exist"), Some(&param))
                    }
                    other => JobError::from_error(&other),
                })?;
            if asset.status != AssetStatus::Ready {
                return Err(JobError::new(
                    Code::InvalidParameter,
                    format!("asset {asset_id} has not been completed"),
                    Some(&param),
                ));
            }
            service
                .blobs
                .get_to_file(&asset.blob_key, &partial)
                .await
                .map_err(|e| JobError::from_error(&e))?;
        }
        VideoSource::Url { url } => {
            let policy = fetch::FetchPolicy::from_settings(&service.settings);
            tokio::select! {
                fetched = fetch::download(&policy, url, &partial) => {
                    fetched.map_err(|e| {
                        let mut error = JobError::from_error(&e);
                        error.message = error.message.replace("video.url", &format!("{param}.url"));
                        error.param = Some(format!("{param}.url"));
                        error
                    })?;
                }
                _ = context.cancel.cancelled() => return Err(JobError::new(Code::Cancelled, "cancelled", None)),
            }
        }
        VideoSource::Blob { key } => {
            service
                .blobs
                .get_to_file(key, &partial)
                .await
                .map_err(|e| JobError::from_error(&e))?;
        }
    }
    std::fs::rename(&partial, &input).map_err(JobError::internal)?;
    std::fs::write(&done_marker, b"").map_err(JobError::internal)?;
    Ok(input)
}
