//! Where a clipping job's parts keep what they pass on. Every artifact is a blob, so a
//! part resumed on another host finds it: JSON artifacts under
//! `ws/{workspace}/jobs/{job}/stage/`, the input under `…/kept/source` (exports read it
//! too). A host that runs a part copies the input once into the job's work dir; the
//! sweep removes that copy when the job can no longer run.

use std::path::PathBuf;

use reelcut_store::JobRow;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::context::JobError;
use crate::Service;

/// Where a clipping job keeps what its exports are drawn from.
pub fn kept_prefix(workspace_id: &str, job_id: &str) -> String {
    format!("ws/{workspace_id}/jobs/{job_id}/kept")
}

pub(super) fn source_key(job: &JobRow) -> String {
    format!("{}/source", kept_prefix(&job.workspace_id, &job.id))
}

pub(super) fn stage_prefix(job: &JobRow) -> String {
    format!("ws/{}/jobs/{}/stage/", job.workspace_id, job.id)
}

pub(super) fn stage_key(job: &JobRow, name: &str) -> String {
    format!("{}{name}.json", stage_prefix(job))
}

pub(super) async fn put_json<T: Serialize>(service: &Service, key: &str, value: &T) -> Result<(), JobError> {
    let bytes = serde_json::to_vec(value).map_err(JobError::internal)?;
    service.blobs.put_bytes(key, bytes).await.map_err(|e| JobError::from_error(&e))
}

/// An artifact, or `None` when no part stored it yet.
pub(super) async fn get_json<T: DeserializeOwned>(service: &Service, key: &str) -> Result<Option<T>, JobError> {
    let Some(bytes) = service.blobs.get_bytes(key).await.map_err(|e| JobError::from_error(&e))? else {
        return Ok(None);
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| JobError::internal(format!("{key} does not read back: {e}")))
}

/// An artifact an earlier part must have stored. Missing is trouble on our side (a store
/// that lost it, a sweep that ran early) and worth another try, not the caller's fault.
pub(super) async fn need_json<T: DeserializeOwned>(service: &Service, key: &str) -> Result<T, JobError> {
    get_json(service, key)
        .await?
        .ok_or_else(|| JobError::internal(format!("{key} was not stored by the part before")))
}

/// This host's copy of the job's input, fetched from the blob store the first time a
/// part of the job runs here. Written under a temporary name and renamed, so two parts
/// fetching at once, or one killed mid-fetch, never leave half a file under the name.
pub(super) async fn local_source(service: &Service, job: &JobRow) -> Result<PathBuf, JobError> {
    let dir = service.work_dir(&job.id);
    let path = dir.join("source");
    if path.exists() {
        return Ok(path);
    }
    std::fs::create_dir_all(&dir).map_err(JobError::internal)?;
    let partial = dir.join(format!("source.{}.part", reelcut_store::new_id()));
    let fetched = service.blobs.get_to_file(&source_key(job), &partial).await;
    if let Err(error) = fetched {
        std::fs::remove_file(&partial).ok();
        return Err(JobError::from_error(&error));
    }
    std::fs::rename(&partial, &path).map_err(JobError::internal)?;
    Ok(path)
}
