//! Nothing left behind on a worker's disk: each job's scratch folder
//! (`data_dir/work/{job}`) is removed by the job itself once its outputs are stored,
//! but a worker killed mid-job leaves its folder (source video, rendered clips) behind.
//! A worker sweeps when it starts and every few minutes after: a folder whose job can
//! no longer run here or anywhere (finished, failed, cancelled, deleted, or unknown to
//! the database) goes. A folder of a job that is still pending or running stays — it
//! may be resumed here, and reusing its download is the point of keeping it.
//!
//! The same sweep removes the blobs of deleted jobs (`ws/{workspace}/jobs/{job}/…`,
//! `ws/{workspace}/videos/{job}/…`): deleting a job only marks its row, so a worker
//! still unwinding it is never pulled out from under, and an upload that lands after
//! one sweep goes at the next.

use std::collections::BTreeMap;
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

/// Removes the blobs of deleted jobs; how many went.
pub async fn blobs(service: &Service) -> usize {
    let keys = match service.blobs.list("ws/").await {
        Ok(keys) => keys,
        Err(error) => {
            tracing::warn!(%error, "blob sweep skipped");
            return 0;
        }
    };
    let mut by_job: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
    for key in &keys {
        if let Some(job_id) = job_of(key) {
            by_job.entry(job_id).or_default().push(key);
        }
    }
    let mut removed = 0;
    for (job_id, keys) in by_job {
        match service.store.job_deleted(job_id).await {
            Ok(false) => {}
            Ok(true) => {
                for key in keys {
                    match service.blobs.delete(key).await {
                        Ok(()) => removed += 1,
                        Err(error) => tracing::warn!(%key, %error, "removing a deleted job's blob failed"),
                    }
                }
                tracing::info!(job = %job_id, "removed the blobs of a deleted job");
            }
            Err(error) => {
                tracing::warn!(%error, "blob sweep skipped");
                return removed;
            }
        }
    }
    removed
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
