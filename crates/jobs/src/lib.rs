//! The jobs room: the typed commands a job carries, the one door onto the queue, workers
//! that claim queued jobs from the store and run them (the AI clipping job, its
//! exports, the HyperFrames render job, a video agent session's videos), guarded remote fetches for job inputs, and the webhook sender
//! that drains the outbox. Dialect shapes (views, webhook bodies) are not here: a dialect
//! in `api` provides them through [`worker::Announce`].

pub mod agent_job;
pub mod backoff;
pub mod clipping_job;
pub mod command;
pub mod context;
pub mod export_job;
pub mod fetch;
pub mod ingest;
pub mod metrics;
pub mod queue;
pub mod render_job;
pub mod service;
pub mod signing;
pub mod sweep;
pub mod webhooks;
pub mod worker;

pub use command::{
    AgentCommand, Aspect, ClipChoices, ClipCommand, ClipField, Command, ExportCommand, InvalidChoice, RenderChoices, RenderCommand,
    RenderDraft, RenderField, VideoSource,
};
pub use metrics::WorkerMetrics;
pub use queue::{JobLabels, MAX_ATTEMPTS};
pub use service::Service;
pub use worker::{run_workers, Announce, Announcement, WorkerOptions};
