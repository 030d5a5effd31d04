//! The worker loop (conventions #10): claim a job (of the kinds this host takes), run
//! it in its own task (a panic fails the job, not the worker), heartbeat its lease and
//! watch for cancellation every second, and record how it ended: completed, cancelled,
//! failed for good (bad input), or back in the queue after a back-off (infrastructure
//! trouble). Idle, it waits for the database's notice of a queued job or its poll
//! interval; on shutdown it stops claiming, lets running jobs finish within the drain
//! deadline and hands the rest back to the queue.

use std::sync::Arc;
use std::time::Duration;

use reelcut_core::{Code, JobKind, JobStatus, Side, StoredError};
use reelcut_store::{Claimed, ClipRow, Finish, JobRow, NewClip, OutboxEvent};
use tokio::sync::{watch, Semaphore};
use tokio_util::sync::CancellationToken;

use crate::command::Command;
use crate::context::{JobContext, JobError, Outcome};
use crate::metrics::{RunEnd, WorkerMetrics};
use crate::Service;

pub struct WorkerOptions {
    pub concurrency: usize,
    /// How long to sleep when the queue is empty (a new job is noticed within this).
    /// Where the database announces queued jobs (Postgres) this is only the fallback,
    /// stretched to `LISTENING_POLL`.
    pub idle_poll: Duration,
    /// Builds the webhook event a finished job sends, in the words of the dialect that
    /// owns the job.
    pub announcer: Arc<dyn Announce>,
    /// Kinds of job taken (empty: every kind).
    pub kinds: Vec<JobKind>,
    /// After shutdown fires, how long running jobs may take to finish before they are
    /// handed back to the queue.
    pub drain: Duration,
    pub metrics: WorkerMetrics,
}

impl WorkerOptions {
    /// `concurrency` jobs at a time, of every kind, polling twice a second, handing
    /// running jobs back at once on shutdown.
    pub fn new(concurrency: usize, announcer: Arc<dyn Announce>) -> WorkerOptions {
        WorkerOptions {
            concurrency,
            idle_poll: Duration::from_millis(500),
            announcer,
            kinds: Vec::new(),
            drain: Duration::ZERO,
            metrics: WorkerMetrics::default(),
        }
    }
}

/// The poll interval of a worker that also hears the database's notices.
const LISTENING_POLL: Duration = Duration::from_secs(5);
/// After the drain deadline, how long handed-back jobs get to unwind.
const HAND_BACK_WAIT: Duration = Duration::from_secs(10);

/// A webhook event, ready for the outbox: its type and its delivered body.
#[derive(Debug, Clone, PartialEq)]
pub struct Announcement {
    pub event_type: String,
    pub body: serde_json::Value,
}

/// What a dialect provides so the worker can announce a finished job without knowing
/// any dialect's shapes: `job` is the row as it ends (status and error set) and
/// `outputs` its clips or rendered video.
pub trait Announce: Send + Sync {
    fn ending(&self, service: &Service, job: &JobRow, outputs: &[ClipRow]) -> Announcement;
}

/// Runs workers until `shutdown` fires, then drains: running jobs finish within
/// `options.drain`, and those still running are released to the queue.
pub async fn run_workers(service: Service, options: WorkerOptions, shutdown: CancellationToken) {
    let worker_id = format!("{}-{}", hostname(), reelcut_store::new_id());
    let lease_ms = service.settings.service.lease_s as i64 * 1000;
    let slots = Arc::new(Semaphore::new(options.concurrency.max(1)));
    let all_slots = options.concurrency.max(1) as u32;
    // Running jobs are stopped by this, not by `shutdown`: they may finish first.
    let hand_back = CancellationToken::new();
    let mut wakeup = service.store.wakeup().await;
    let idle_poll = if wakeup.listens() { LISTENING_POLL } else { options.idle_poll };
    let kinds = if options.kinds.is_empty() {
        Vec::new()
    } else {
        JobKind::with_tasks(&options.kinds)
    };
    tracing::info!(worker = %worker_id, concurrency = options.concurrency, listens = wakeup.listens(), "workers started");
    tokio::spawn(crate::sweep::keep_sweeping(service.clone(), shutdown.clone()));
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => permit.expect("semaphore is never closed"),
            _ = shutdown.cancelled() => break,
        };
        match service.store.claim_job_of(&worker_id, lease_ms, &kinds).await {
            Ok(Some(claimed)) => {
                tracing::info!(job = %claimed.job.id, attempt = claimed.job.attempts, "job claimed");
                let service = service.clone();
                let hand_back = hand_back.clone();
                let announcer = options.announcer.clone();
                let metrics = options.metrics.clone();
                tokio::spawn(async move {
                    run_job(service, announcer, &metrics, claimed, hand_back).await;
                    drop(permit);
                });
            }
            Ok(None) => {
                drop(permit);
                tokio::select! {
                    _ = wakeup.wait(idle_poll) => {}
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
    if tokio::time::timeout(options.drain, slots.acquire_many(all_slots)).await.is_err() {
        tracing::info!(
            drain_s = options.drain.as_secs_f64(),
            "drain deadline reached; handing running jobs back"
        );
    }
    hand_back.cancel();
    // Wait (bounded) for running jobs to hand their leases back.
    let _ = tokio::time::timeout(HAND_BACK_WAIT, slots.acquire_many(all_slots)).await;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StopReason {
    Requested,
    LeaseLost,
    Shutdown,
}

async fn run_job(service: Service, announcer: Arc<dyn Announce>, metrics: &WorkerMetrics, claimed: Claimed, hand_back: CancellationToken) {
    let kind = JobKind::parse(&claimed.job.kind).unwrap_or(JobKind::AiClipping);
    metrics.claimed(kind);
    if claimed.job.attempts > claimed.job.max_attempts {
        fail_poison_job(&service, &*announcer, &claimed).await;
        metrics.ended(kind, RunEnd::Failed);
        return;
    }
    if claimed.job.cancel_requested != 0 {
        // Cancelled while no worker held it (a job parked on its tasks): it ends now.
        let cancelled = Outcome::Failed(JobError::new(Code::Cancelled, "cancelled", None));
        let end = record(&service, &*announcer, &claimed, cancelled, Some(StopReason::Requested)).await;
        metrics.ended(kind, end.unwrap_or(RunEnd::Unrecorded));
        return;
    }
    let claimed = Arc::new(claimed);
    let cancel = CancellationToken::new();
    let (progress_tx, progress_rx) = watch::channel((claimed.job.progress, String::from("queued")));
    let context = JobContext {
        claimed: claimed.clone(),
        cancel: cancel.clone(),
        progress: progress_tx,
    };
    let stop_reason = StopCell::default();
    // Ends on its own once the pipeline drops its progress sender.
    drop(metrics.time_stages(kind, progress_rx.clone()));
    let heartbeat = spawn_heartbeat(&service, &context, progress_rx, stop_reason.clone(), hand_back);
    let mut task = spawn_pipeline(&service, &context);
    let outcome = tokio::select! {
        outcome = &mut task => outcome,
        _ = cancel.cancelled() => {
            // A requested cancel is recorded at once; the pipeline sees the same token
            // and unwinds in the background (ffmpeg is killed, ASR stops after the
            // chunk it is decoding). Shutdown and a lost lease wait for the unwind.
            if stop_reason.get() == Some(StopReason::Requested) {
                let failed = Outcome::Failed(JobError::new(Code::Cancelled, "cancelled", None));
                match record(&service, &*announcer, &claimed, failed, Some(StopReason::Requested)).await {
                    Ok(end) => metrics.ended(kind, end),
                    Err(error) => {
                        tracing::error!(job = %claimed.job.id, %error, "recording the cancel failed");
                        metrics.ended(kind, RunEnd::Unrecorded);
                    }
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
    match record(&service, &*announcer, &claimed, outcome, stop_reason.get()).await {
        Ok(end) => metrics.ended(kind, end),
        Err(error) => {
            tracing::error!(job = %claimed.job.id, %error, "recording the job's outcome failed; its lease will expire and it will run again");
            metrics.ended(kind, RunEnd::Unrecorded);
        }
    }
}

/// A poison job: every run so far ended with its worker gone (killed, out of memory, a
/// lost lease) before it could record anything. Running it again would take the next
/// worker down too, so it fails, with a reason the caller can read.
async fn fail_poison_job(service: &Service, announcer: &dyn Announce, claimed: &Claimed) {
    let error = JobError::public(
        Code::Internal,
        format!(
            "the job was started {} times and its worker stopped each time before it finished; it will not run again",
            claimed.job.max_attempts
        ),
    );
    tracing::error!(job = %claimed.job.id, attempts = claimed.job.attempts, "poison job failed");
    if let Err(error) = record(service, announcer, claimed, Outcome::Failed(error), None).await {
        tracing::error!(job = %claimed.job.id, %error, "recording the poison job failed");
    }
}

/// Why a job was stopped from outside, set once by whoever noticed first.
#[derive(Clone, Default)]
struct StopCell(Arc<std::sync::Mutex<Option<StopReason>>>);

impl StopCell {
    fn set(&self, reason: StopReason) {
        self.0.lock().unwrap().get_or_insert(reason);
    }
    fn get(&self) -> Option<StopReason> {
        *self.0.lock().unwrap()
    }
}

/// Twice a second (a cancel request is seen within 0.5 s): extend the lease, write the
/// latest progress, and stop the job on a cancel request, a lost lease or shutdown.
fn spawn_heartbeat(
    service: &Service,
    context: &JobContext,
    mut progress_rx: watch::Receiver<(i64, String)>,
    stop: StopCell,
    shutdown: CancellationToken,
) -> tokio::task::JoinHandle<()> {
    let service = service.clone();
    let claimed = context.claimed.clone();
    let cancel = context.cancel.clone();
    let lease_ms = service.settings.service.lease_s as i64 * 1000;
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(500));
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = shutdown.cancelled() => {
                    stop.set(StopReason::Shutdown);
                    cancel.cancel();
                    return;
                }
                _ = cancel.cancelled() => return,
            }
            let stopped = match service.store.heartbeat(&claimed, lease_ms).await {
                Ok(Some(false)) => None,
                Ok(Some(true)) => Some(StopReason::Requested),
                Ok(None) => Some(StopReason::LeaseLost),
                Err(error) => {
                    tracing::warn!(%error, "heartbeat failed");
                    None
                }
            };
            if let Some(reason) = stopped {
                stop.set(reason);
                cancel.cancel();
                return;
            }
            if progress_rx.has_changed().unwrap_or(false) {
                let (percent, stage) = progress_rx.borrow_and_update().clone();
                if let Err(error) = service.store.set_progress(&claimed, percent, &stage).await {
                    tracing::warn!(%error, "progress write failed");
                }
                // A task moves its job's progress too: the job's is the sum of its tasks'.
                if let Some((from, to, stage)) = crate::clipping_job::tasks::Part::of_task_id(&claimed.job.id)
                    .filter(|_| claimed.job.kind() == Some(JobKind::AiClippingTask))
                    .and_then(crate::clipping_job::tasks::Part::span)
                {
                    if let Err(error) = service.store.set_parent_progress(&claimed, from, to, stage).await {
                        tracing::warn!(%error, "the job's progress write failed");
                    }
                }
            }
        }
    })
}

/// The job's pipeline as its own task: a panic fails the job, not the worker. The
/// pipelines' CPU-bound parts (inference, the pitch tracker, face search) run on
/// blocking threads or yield their runtime thread, so a job is an ordinary task.
fn spawn_pipeline(service: &Service, context: &JobContext) -> tokio::task::JoinHandle<Outcome> {
    let service = service.clone();
    let context = context.clone();
    let command = Command::from_stored(&context.claimed.job.request);
    tokio::spawn(async move {
        match command {
            Ok(Command::Clip(command)) => crate::clipping_job::run(&service, &context, &command).await,
            Ok(Command::Render(command)) => crate::render_job::run(&service, &context, &command).await,
            Ok(Command::Export(command)) => crate::export_job::run(&service, &context, &command).await,
            Ok(Command::Agent(command)) => crate::agent_job::run(&service, &context, &command).await,
            Ok(Command::ClipTask(command)) => crate::clipping_job::tasks::run(&service, &context, &command).await,
            Err(error) => Outcome::Failed(JobError::new(Code::Internal, format!("stored command unreadable: {error}"), None)),
        }
    })
}

async fn record(
    service: &Service,
    announcer: &dyn Announce,
    claimed: &Claimed,
    outcome: Outcome,
    reason: Option<StopReason>,
) -> Result<RunEnd, reelcut_store::StoreError> {
    let store = &service.store;
    let job_id = &claimed.job.id;
    match (outcome, reason) {
        (_, Some(StopReason::LeaseLost)) => {
            tracing::warn!(job = %job_id, "lease lost; another worker owns the job now");
            Ok(RunEnd::LeaseLost)
        }
        (Outcome::Parked { recheck_ms }, _) => {
            if store.park_job(claimed, recheck_ms).await? {
                tracing::info!(job = %job_id, "waiting for its tasks");
                Ok(RunEnd::Parked)
            } else {
                Ok(RunEnd::LeaseLost)
            }
        }
        (Outcome::Failed(_), Some(StopReason::Shutdown)) => {
            let error = JobError::new(Code::Internal, "the worker shut down", None).stored();
            store.retry_job(claimed, &error, 0).await?;
            tracing::info!(job = %job_id, "released to the queue at shutdown");
            Ok(RunEnd::Released)
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
            Ok(RunEnd::Cancelled)
        }
        (Outcome::Completed { clips }, _) => {
            let event = match announced(claimed) {
                true => Some(ending_event(service, announcer, claimed, JobStatus::Completed, None, &clips).await),
                false => None,
            };
            store
                .finish_job(
                    claimed,
                    Finish {
                        status: JobStatus::Completed,
                        error: None,
                        clips: &clips,
                        event,
                    },
                )
                .await?;
            tracing::info!(job = %job_id, clips = clips.len(), "completed");
            Ok(RunEnd::Completed)
        }
        (Outcome::Failed(error), None) => {
            if error.code.side() == Side::Server {
                tracing::error!(job = %job_id, code = %error.code, message = %error.message, "job failed");
            }
            let stored = error.stored();
            if error.retryable() && claimed.job.attempts < claimed.job.max_attempts {
                // 10 s, 20 s, 40 s … (capped at 3 h).
                let delay = crate::backoff::delay_ms(10_000, claimed.job.attempts - 1, 3 * 3_600_000);
                store.retry_job(claimed, &stored, delay).await?;
                tracing::warn!(job = %job_id, code = %error.code, delay_ms = delay, "job will retry");
                Ok(RunEnd::Retried)
            } else {
                let event = match announced(claimed) {
                    true => Some(ending_event(service, announcer, claimed, JobStatus::Failed, Some(&stored), &[]).await),
                    false => None,
                };
                store
                    .finish_job(
                        claimed,
                        Finish {
                            status: JobStatus::Failed,
                            error: Some(&stored),
                            clips: &[],
                            event,
                        },
                    )
                    .await?;
                tracing::info!(job = %job_id, code = %error.code, "failed");
                Ok(RunEnd::Failed)
            }
        }
    }
}

/// A job's end is announced to its caller; a task's is not (its job's is).
fn announced(claimed: &Claimed) -> bool {
    claimed.job.kind() != Some(JobKind::AiClippingTask)
}

/// The dialect's event for the job as Get would show it once finished.
async fn ending_event(
    service: &Service,
    announcer: &dyn Announce,
    claimed: &Claimed,
    status: JobStatus,
    error: Option<&StoredError>,
    clips: &[NewClip],
) -> OutboxEvent {
    // Re-read for the source facts the job wrote while running.
    let mut job = service
        .store
        .get_job(&claimed.job.workspace_id, &claimed.job.id)
        .await
        .unwrap_or_else(|_| claimed.job.clone());
    job.status = status.as_str().to_string();
    job.error = error.map(|e| serde_json::to_string(e).expect("error serialises"));
    let rows: Vec<_> = clips.iter().map(|c| c.row(&job.id, &job.workspace_id, job.created_at)).collect();
    let announcement = announcer.ending(service, &job, &rows);
    OutboxEvent {
        event_type: announcement.event_type,
        entity_id: job.id.clone(),
        payload: announcement.body,
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
