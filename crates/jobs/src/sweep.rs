//! Nothing left behind on a worker's disk: each job's scratch folder
//! (`data_dir/work/{job}`) is removed by the job itself once its outputs are stored,
//! but a worker killed mid-job leaves its folder (source video, rendered clips) behind.
//! A worker sweeps when it starts and every few minutes after: a folder whose job can
//! no longer run here or anywhere (finished, failed, cancelled, deleted, or unknown to
//! the database) goes. A folder of a job that is still pending or running stays — it
//! may be resumed here, and reusing its download is the point of keeping it.

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

/// Sweeps now and every [`EVERY`] until `shutdown`.
pub async fn keep_sweeping(service: Service, shutdown: CancellationToken) {
    loop {
        scratch(&service).await;
        tokio::select! {
            _ = tokio::time::sleep(EVERY) => {}
            _ = shutdown.cancelled() => return,
        }
    }
}
