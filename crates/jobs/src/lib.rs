//! The jobs room: workers that claim queued jobs from the store and run them (the AI
//! clipping job), guarded remote fetches for job inputs, the job views the API and the
//! webhooks share, and the webhook sender that drains the outbox.

pub mod clipping_job;
pub mod detail;
pub mod fetch;
pub mod request;
pub mod service;
pub mod webhooks;
pub mod worker;

pub use detail::{AiClippingDetail, Clip, ProgressView};
pub use request::{ClippingRequest, VideoSource};
pub use service::Service;
pub use worker::{run_workers, WorkerOptions};
