//! The worker loop (conventions #10): claim a job, run it in its own task (a panic
//! fails the job, not the worker), heartbeat its lease and watch for cancellation every
//! second, and record how it ended: completed, cancelled, failed for good (bad input),
//! or back in the queue after a back-off (infrastructure trouble).

use std::sync::Arc;
use std::time::Duration;

use reelcut_core::{Code, JobKind, JobStatus, StoredError};
use reelcut_store::{Claimed, Finish, NewClip, OutboxEvent};
use tokio::sync::{watch, Semaphore};
use tokio_util::sync::CancellationToken;

use crate::detail::ProgressView;
use crate::Service;

/// How one run of a job ended, as the job itself reports it.
pub enum Outcome {
    Completed { clips: Vec<NewClip> },
    Failed(JobError),
}

/// A job error that says, where it happens, whether retrying can help (conventions #9).
#[derive(Debug, Clone)]
pub struct JobError {
    pub code: Code,
    pub message: String,
    pub param: Option<String>,
}

impl JobError {
    pub fn new(code: Code, message: impl Into<String>, param: Option<&str>) -> JobError {
        JobError {
            code,
            message: message.into(),
            param: param.map(str::to_string),
        }
    }

    pub fn from_error<E: reelcut_core::ErrorCode + std::fmt::Display>(error: &E) -> JobError {
        JobError::new(error.code(), error.to_string(), error.param())
    }

    /// Bad input aborts; cancellation is final; everything else is worth another try.
    pub fn retryable(&self) -> bool {
        !self.code.is_client_error() && self.code != Code::Cancelled
    }

    fn stored(&self) -> StoredError {
        // 5xx never leaks internals: the detail goes to the log, the row says less.
        let message = if self.code == Code::Internal {
            "an internal error stopped the job; it has been logged".to_string()
        } else {
            self.message.clone()
        };
        StoredError {
            code: self.code.as_str().to_string(),
            message,
            param: self.param.clone(),
        }
    }
}

/// What a running job can report and watch.
#[derive(Clone)]
pub struct JobContext {
    pub claimed: Arc<Claimed>,
    pub cancel: CancellationToken,
    progress: watch::Sender<(i64, String)>,
}

impl JobContext {
    /// Progress 0–99 and the stage name; the heartbeat writes the latest value.
    pub fn progress(&self, percent: i64, stage: &str) {
        let _ = self.progress.send((percent, stage.to_string()));
    }
}

pub struct WorkerOptions {
    pub concurrency: usize,
    /// How long to sleep when the queue is empty (a new job is noticed within this).
    pub idle_poll: Duration,
}

/// Runs workers until `shutdown` fires; running jobs are then released to the queue.
pub async fn run_workers(service: Service, options: WorkerOptions, shutdown: CancellationToken) {
    let worker_id = format!("{}-{}", hostname(), reelcut_store::new_id());
    let lease_ms = service.settings.service.lease_s as i64 * 1000;
    let slots = Arc::new(Semaphore::new(options.concurrency.max(1)));
    tracing::info!(worker = %worker_id, concurrency = options.concurrency, "workers started");
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => permit.expect("semaphore is never closed"),
            _ = shutdown.cancelled() => break,
        };
        match service.store.claim_job(&worker_id, lease_ms).await {
            Ok(Some(claimed)) => {
                tracing::info!(job = %claimed.job.id, attempt = claimed.job.attempts, "job claimed");
                let service = service.clone();
                let shutdown = shutdown.clone();
                tokio::spawn(async move {
                    run_job(service, claimed, shutdown).await;
                    drop(permit);
                });
            }
            Ok(None) => {
                drop(permit);
                tokio::select! {
                    _ = tokio::time::sleep(options.idle_poll) => {}
                    _ = shutdown.cancelled() => break,
                }
            }
            Err(error) => {
                drop(permit);
                tracing::warn!(%error, "claiming a job failed; backing off");
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
        }
    }
    // Wait (bounded) for running jobs to hand their leases back.
    let _ = tokio::time::timeout(Duration::from_secs(10), slots.acquire_many(options.concurrency.max(1) as u32)).await;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StopReason {
    Requested,
    LeaseLost,
    Shutdown,
}

async fn run_job(service: Service, claimed: Claimed, shutdown: CancellationToken) {
    let claimed = Arc::new(claimed);
    let cancel = CancellationToken::new();
    let (progress_tx, mut progress_rx) = watch::channel((claimed.job.progress, String::from("queued")));
    let context = JobContext {
        claimed: claimed.clone(),
        cancel: cancel.clone(),
        progress: progress_tx,
    };
    let lease_ms = service.settings.service.lease_s as i64 * 1000;

    // Heartbeat: extend the lease, write progress, notice cancel requests.
    let stop_reason = Arc::new(std::sync::Mutex::new(None::<StopReason>));
    let heartbeat = {
        let service = service.clone();
        let claimed = claimed.clone();
        let cancel = cancel.clone();
        let stop_reason = stop_reason.clone();
        tokio::spawn(async move {
            // Twice a second: a cancel request is seen within 0.5 s.
            let mut tick = tokio::time::interval(Duration::from_millis(500));
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    _ = shutdown.cancelled() => {
                        stop_reason.lock().unwrap().get_or_insert(StopReason::Shutdown);
                        cancel.cancel();
                        return;
                    }
                    _ = cancel.cancelled() => return,
                }
                match service.store.heartbeat(&claimed, lease_ms).await {
                    Ok(Some(false)) => {}
                    Ok(Some(true)) => {
                        stop_reason.lock().unwrap().get_or_insert(StopReason::Requested);
                        cancel.cancel();
                        return;
                    }
                    Ok(None) => {
                        stop_reason.lock().unwrap().get_or_insert(StopReason::LeaseLost);
                        cancel.cancel();
                        return;
                    }
                    Err(error) => tracing::warn!(%error, "heartbeat failed"),
                }
                if progress_rx.has_changed().unwrap_or(false) {
                    let (percent, stage) = progress_rx.borrow_and_update().clone();
                    if let Err(error) = service.store.set_progress(&claimed, percent, &stage).await {
                        tracing::warn!(%error, "progress write failed");
                    }
                }
            }
        })
    };

    let mut task = {
        let service = service.clone();
        let context = context.clone();
        let kind = claimed.job.kind();
        // The pipeline's audio analysis keeps non-Send state (the pitch detector's
        // buffers) across awaits, so the job's future runs on a blocking thread that
        // drives it with the runtime's handle; I/O and timers still use the runtime.
        let runtime = tokio::runtime::Handle::current();
        tokio::task::spawn_blocking(move || {
            runtime.block_on(async move {
                match kind {
                    Some(JobKind::AiClipping) => crate::clipping_job::run(&service, &context).await,
                    Some(JobKind::HyperframesRender) => crate::render_job::run(&service, &context).await,
                    None => Outcome::Failed(JobError::new(Code::Internal, "unknown job kind", None)),
                }
            })
        })
    };
    let outcome = tokio::select! {
        outcome = &mut task => outcome,
        _ = cancel.cancelled() => {
            // A requested cancel is recorded at once; the pipeline sees the same token
            // and unwinds in the background (ffmpeg is killed, ASR stops after the
            // chunk it is decoding). Shutdown and a lost lease wait for the unwind.
            if *stop_reason.lock().unwrap() == Some(StopReason::Requested) {
                let failed = Outcome::Failed(JobError::new(Code::Cancelled, "cancelled", None));
                if let Err(error) = record(&service, &claimed, failed, Some(StopReason::Requested)).await {
                    tracing::error!(job = %claimed.job.id, %error, "recording the cancel failed");
                }
                let _ = task.await;
                return;
            }
            (&mut task).await
        }
    };
    cancel.cancel();
    heartbeat.abort();
    let outcome = outcome.unwrap_or_else(|panic| {
        tracing::error!(job = %claimed.job.id, %panic, "job panicked");
        Outcome::Failed(JobError::new(Code::Internal, "the job panicked", None))
    });
    let reason = *stop_reason.lock().unwrap();
    if let Err(error) = record(&service, &claimed, outcome, reason).await {
        tracing::error!(job = %claimed.job.id, %error, "recording the job's outcome failed; its lease will expire and it will run again");
    }
}

async fn record(
    service: &Service,
    claimed: &Claimed,
    outcome: Outcome,
    reason: Option<StopReason>,
) -> Result<(), reelcut_store::StoreError> {
    let store = &service.store;
    let job_id = &claimed.job.id;
    match (outcome, reason) {
        (_, Some(StopReason::LeaseLost)) => {
            tracing::warn!(job = %job_id, "lease lost; another worker owns the job now");
        }
        (Outcome::Failed(_), Some(StopReason::Shutdown)) => {
            let error = JobError::new(Code::Internal, "the worker shut down", None).stored();
            store.retry_job(claimed, &error, 0).await?;
            tracing::info!(job = %job_id, "released to the queue at shutdown");
        }
        (Outcome::Failed(_), Some(StopReason::Requested)) => {
            store
                .finish_job(
                    claimed,
                    Finish {
                        status: JobStatus::Cancelled,
                        error: None,
                        clips: &[],
                        event: None,
                    },
                )
                .await?;
            tracing::info!(job = %job_id, "cancelled");
        }
        (Outcome::Completed { clips }, _) => {
            let event = ending_event(service, claimed, JobStatus::Completed, None, &clips).await;
            store
                .finish_job(
                    claimed,
                    Finish {
                        status: JobStatus::Completed,
                        error: None,
                        clips: &clips,
                        event: Some(event),
                    },
                )
                .await?;
            tracing::info!(job = %job_id, clips = clips.len(), "completed");
        }
        (Outcome::Failed(error), None) => {
            if error.code == Code::Internal {
                tracing::error!(job = %job_id, message = %error.message, "job failed");
            }
            let stored = error.stored();
            if error.retryable() && claimed.job.attempts < claimed.job.max_attempts {
                // Exponential back-off: 10 s, 20 s, 40 s …
                let delay = 10_000 * (1i64 << (claimed.job.attempts - 1).clamp(0, 10));
                store.retry_job(claimed, &stored, delay).await?;
                tracing::warn!(job = %job_id, code = %error.code, delay_ms = delay, "job will retry");
            } else {
                let event = ending_event(service, claimed, JobStatus::Failed, Some(&stored), &[]).await;
                store
                    .finish_job(
                        claimed,
                        Finish {
                            status: JobStatus::Failed,
                            error: Some(&stored),
                            clips: &[],
                            event: Some(event),
                        },
                    )
                    .await?;
                tracing::info!(job = %job_id, code = %error.code, "failed");
            }
        }
    }
    Ok(())
}

/// `{event_type, event_data}` with the job as Get would show it once finished.
async fn ending_event(
    service: &Service,
    claimed: &Claimed,
    status: JobStatus,
    error: Option<&StoredError>,
    clips: &[NewClip],
) -> OutboxEvent {
    let kind = claimed.job.kind().unwrap_or(JobKind::AiClipping);
    let (success, fail) = kind.event_types();
    // Re-read for the source facts the job wrote while running.
    let mut job = service
        .store
        .get_job(&claimed.job.workspace_id, &claimed.job.id)
        .await
        .unwrap_or_else(|_| claimed.job.clone());
    job.status = status.as_str().to_string();
    job.error = error.map(|e| serde_json::to_string(e).expect("error serialises"));
    let rows: Vec<_> = clips.iter().map(|c| c.row(&job.id, &job.workspace_id, job.created_at)).collect();
    let detail = match kind {
        JobKind::AiClipping => serde_json::to_value(service.job_view(&job, &rows, ProgressView::Live)),
        JobKind::HyperframesRender => serde_json::to_value(service.render_view(&job, &rows)),
    }
    .expect("views serialise");
    let event_type = if status == JobStatus::Completed { success } else { fail };
    OutboxEvent {
        event_type: event_type.to_string(),
        entity_id: job.id.clone(),
        payload: serde_json::json!({ "event_type": event_type, "event_data": detail }),
        callback_url: job.callback_url.clone(),
        retry_for_ms: service.settings.service.webhook_retry_hours as i64 * 3600 * 1000,
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "worker".to_string())
}
