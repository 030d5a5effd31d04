//! The jobs room: workers that claim queued jobs from the store and run them (the AI
//! clipping job, the HyperFrames render job), guarded remote fetches for job inputs, the job views the API and the
//! webhooks share, and the webhook sender that drains the outbox.

pub mod clipping_job;
pub mod detail;
pub mod fetch;
pub mod ingest;
pub mod render_detail;
pub mod render_job;
pub mod request;
pub mod service;
pub mod webhooks;
pub mod worker;

pub use detail::{AiClippingDetail, Clip, ProgressView};
pub use render_detail::HyperframesRenderDetail;
pub use request::{ClippingRequest, RenderRequest, VideoSource};
pub use service::Service;
pub use worker::{run_workers, WorkerOptions};
