//! What a worker process counts, for Prometheus: jobs by kind and how each run ended,
//! jobs running now, leases lost, and how long each pipeline stage took. The counters
//! live in the process (a scrape of each worker host, summed by Prometheus); the queue
//! itself stays the source of truth for job states.

use std::sync::Arc;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use reelcut_core::JobKind;
use tokio::sync::watch;

/// How one run of a job on this worker ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunEnd {
    Completed,
    /// Failed for good.
    Failed,
    /// Back in the queue after a back-off.
    Retried,
    /// Handed back at shutdown for another worker.
    Released,
    Cancelled,
    /// Another worker owns it now.
    LeaseLost,
    /// It queued tasks and waits for them (a step of a job spread over workers).
    Parked,
    /// It ended, but the database could not be told; its lease will run out and it
    /// runs again. Counted so that `running` still comes down.
    Unrecorded,
}

impl RunEnd {
    fn as_str(self) -> &'static str {
        match self {
            RunEnd::Completed => "completed",
            RunEnd::Failed => "failed",
            RunEnd::Retried => "retried",
            RunEnd::Released => "released",
            RunEnd::Cancelled => "cancelled",
            RunEnd::LeaseLost => "lease_lost",
            RunEnd::Parked => "parked",
            RunEnd::Unrecorded => "unrecorded",
        }
    }
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct TaskLabels {
    kind: String,
    state: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KindLabels {
    kind: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StageLabels {
    kind: String,
    stage: String,
}

type StageFamily = Family<StageLabels, Histogram, fn() -> Histogram>;

/// One worker process's counters. Cheap to clone (every metric is shared).
#[derive(Clone)]
pub struct WorkerMetrics {
    tasks: Family<TaskLabels, Counter>,
    running: Family<KindLabels, Gauge>,
    lease_losses: Counter,
    stage_seconds: StageFamily,
    registry: Arc<Registry>,
}

impl Default for WorkerMetrics {
    fn default() -> Self {
        let tasks = Family::<TaskLabels, Counter>::default();
        let running = Family::<KindLabels, Gauge>::default();
        let lease_losses = Counter::default();
        // 0.25 s … ~68 min: a probe is sub-second, an hour's transcription is not.
        let stage_seconds: StageFamily = Family::new_with_constructor(|| Histogram::new(exponential_buckets(0.25, 2.0, 15)));
        let mut registry = Registry::with_prefix("reelcut_worker");
        registry.register(
            "tasks",
            "Job runs on this worker by kind and state (claimed, then how each ended)",
            tasks.clone(),
        );
        registry.register("running", "Job runs in progress on this worker by kind", running.clone());
        registry.register(
            "lease_losses",
            "Job runs that lost their lease to another worker",
            lease_losses.clone(),
        );
        registry.register("stage_seconds", "How long each pipeline stage took", stage_seconds.clone());
        WorkerMetrics {
            tasks,
            running,
            lease_losses,
            stage_seconds,
            registry: Arc::new(registry),
        }
    }
}

impl WorkerMetrics {
    pub fn claimed(&self, kind: JobKind) {
        self.count(kind, "claimed");
        self.running.get_or_create(&kind_labels(kind)).inc();
    }

    pub fn ended(&self, kind: JobKind, end: RunEnd) {
        self.count(kind, end.as_str());
        self.running.get_or_create(&kind_labels(kind)).dec();
        if end == RunEnd::LeaseLost {
            self.lease_losses.inc();
        }
    }

    fn count(&self, kind: JobKind, state: &str) {
        let labels = TaskLabels {
            kind: kind.short_name().into(),
            state: state.into(),
        };
        self.tasks.get_or_create(&labels).inc();
    }

    /// Times each stage a job's progress names until the job drops its progress sender.
    pub fn time_stages(&self, kind: JobKind, mut progress: watch::Receiver<(i64, String)>) -> tokio::task::JoinHandle<()> {
        let stages = self.stage_seconds.clone();
        tokio::spawn(async move {
            let mut current = progress.borrow_and_update().1.clone();
            let mut since = tokio::time::Instant::now();
            loop {
                let ended = progress.changed().await.is_err();
                let stage = progress.borrow_and_update().1.clone();
                if stage != current || ended {
                    // "queued" is the wait before the pipeline names its first stage.
                    let labels = StageLabels {
                        kind: kind.short_name().into(),
                        stage: std::mem::replace(&mut current, stage),
                    };
                    if labels.stage != "queued" {
                        stages.get_or_create(&labels).observe(since.elapsed().as_secs_f64());
                    }
                    since = tokio::time::Instant::now();
                }
                if ended {
                    return;
                }
            }
        })
    }

    /// The Prometheus text exposition of every metric.
    pub fn render(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry).expect("writing to a String cannot fail");
        out
    }
}

fn kind_labels(kind: JobKind) -> KindLabels {
    KindLabels {
        kind: kind.short_name().into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_whose_end_could_not_be_recorded_stops_counting_as_running() {
        let metrics = WorkerMetrics::default();
        metrics.claimed(JobKind::AiClipping);
        metrics.claimed(JobKind::AiClipping);
        metrics.ended(JobKind::AiClipping, RunEnd::Completed);
        metrics.ended(JobKind::AiClipping, RunEnd::Unrecorded);
        let text = metrics.render();
        assert!(text.contains(r#"reelcut_worker_running{kind="clip"} 0"#), "{text}");
        assert!(
            text.contains(r#"reelcut_worker_tasks_total{kind="clip",state="unrecorded"} 1"#),
            "{text}"
        );
    }
}
