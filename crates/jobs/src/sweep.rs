//! Nothing left behind on a worker's disk: each job's scratch folder
//! (`data_dir/work/{job}`) is removed by the job itself once its outputs are stored,
//! but a worker killed mid-job leaves its folder (source video, rendered clips) behind.
//! A worker sweeps when it starts and every few minutes after: a folder whose job can
//! no longer run here or anywhere (finished, failed, cancelled, deleted, or unknown to
//! the database) goes. A folder of a job that is still pending or running stays — it
//! may be resumed here, and reusing its download is the point of keeping it.
//!
//! The same sweep removes blobs nobody reads again (see [`blobs`]): a deleted job's
//! (`ws/{workspace}/jobs/{job}/…`, `ws/{workspace}/videos/{job}/…`; deleting a job only
//! marks its row, so a worker still unwinding it is never pulled out from under, and an
//! upload that lands after one sweep goes at the next), and an ended job's stage
//! artifacts and unowned clips.

use std::collections::{BTreeMap, BTreeSet};

use reelcut_store::Standing;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::Service;

/// How often a running worker sweeps again.
pub const EVERY: Duration = Duration::from_secs(300);

/// Removes the scratch folders of jobs that can no longer run; how many went.
pub async fn scratch(service: &Service) -> usize {
    let root = service.settings.service.data_dir.join("work");
    let Ok(entries) = std::fs::read_dir(&root) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let Some(job_id) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        match service.store.job_may_run(&job_id).await {
            Ok(true) => {}
            Ok(false) => {
                if std::fs::remove_dir_all(entry.path()).is_ok() {
                    tracing::info!(job = %job_id, "removed the scratch a finished or abandoned job left");
                    removed += 1;
                }
            }
            // The database is away: keep everything and try next time.
            Err(error) => {
                tracing::warn!(%error, "scratch sweep skipped");
                return removed;
            }
        }
    }
    removed
}

/// Removes the blobs nobody will read again; how many went. Of a deleted job, all of
/// them. Of a clipping or export job that ended, those no clip row points to and that its
/// exports do not read (`kept/`): its parts' stage artifacts, and clips a failed or
/// taken-over run uploaded that no row names. Nothing of a job that may still run.
pub async fn blobs(service: &Service) -> usize {
    let keys = match service.blobs.list("ws/").await {
        Ok(keys) => keys,
        Err(error) => {
            tracing::warn!(%error, "blob sweep skipped");
            return 0;
        }
    };
    let mut removed = 0;
    for (job_id, keys) in by_job(&keys) {
        let unread = match unread_blobs(service, job_id, keys).await {
            Ok(unread) => unread,
            Err(error) => {
                tracing::warn!(%error, "blob sweep skipped");
                return removed;
            }
        };
        for key in &unread {
            match service.blobs.delete(key).await {
                Ok(()) => removed += 1,
                Err(error) => tracing::warn!(%key, %error, "removing a blob nobody reads failed"),
            }
        }
        if !unread.is_empty() {
            tracing::info!(job = %job_id, blobs = unread.len(), "removed blobs nobody reads again");
        }
    }
    removed
}

/// The blobs of job `job_id` (of `keys`) that the sweep may remove.
pub async fn unread_blobs<'k>(
    service: &Service,
    job_id: &str,
    keys: Vec<&'k String>,
) -> Result<Vec<&'k String>, reelcut_store::StoreError> {
    Ok(match service.store.job_standing(job_id).await? {
        Standing::Deleted => keys,
        Standing::Open | Standing::Unknown => Vec::new(),
        Standing::Ended => {
            let owned: BTreeSet<String> = service
                .store
                .clip_blob_keys(job_id)
                .await?
                .iter()
                .map(|k| stem(k).to_string())
                .collect();
            keys.into_iter()
                .filter(|k| k.contains("/jobs/") && !k.contains("/kept/") && !owned.contains(stem(k)))
                .collect()
        }
    })
}

/// Blob keys grouped by the job they belong to.
pub fn by_job(keys: &[String]) -> BTreeMap<&str, Vec<&String>> {
    let mut by_job: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
    for key in keys {
        if let Some(job_id) = job_of(key) {
            by_job.entry(job_id).or_default().push(key);
        }
    }
    by_job
}

/// A key without its extension: a clip's captions (`.srt`, `.vtt`) share its video's.
fn stem(key: &str) -> &str {
    key.rsplit_once('.').map_or(key, |(stem, _)| stem)
}

/// The job a blob key belongs to: `ws/{workspace}/jobs/{job}/…` or `ws/{workspace}/videos/{job}/…`.
fn job_of(key: &str) -> Option<&str> {
    let mut parts = key.split('/');
    match (parts.next(), parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("ws"), Some(_), Some("jobs" | "videos"), Some(job), Some(_)) if !job.is_empty() => Some(job),
        _ => None,
    }
}

/// Sweeps now and every [`EVERY`] until `shutdown`.
pub async fn keep_sweeping(service: Service, shutdown: CancellationToken) {
    loop {
        scratch(&service).await;
        blobs(&service).await;
        tokio::select! {
            _ = tokio::time::sleep(EVERY) => {}
            _ = shutdown.cancelled() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn blob_keys_name_their_job() {
        assert_eq!(super::job_of("ws/w1/jobs/j1/clip-01.mp4"), Some("j1"));
        assert_eq!(super::job_of("ws/w1/videos/j2/video.mp4"), Some("j2"));
        assert_eq!(super::job_of("ws/w1/jobs/j1"), None);
        assert_eq!(super::job_of("ws/w1/assets/a1/source.mp4"), None);
        assert_eq!(super::job_of("previews/s1/frame.png"), None);
    }
}
