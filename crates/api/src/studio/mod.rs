//! The studio: the web page `reelcut serve` serves at `/` (built from `studio/` by
//! `scripts/studio.sh` and embedded in the binary, so the server stays one file), and
//! the few reads it needs that no dialect shows — a job with its clips' sub-scores,
//! reasons, hooks, word timings and exports, live progress in the job list — under
//! `/studio/api`, behind the same keys. Everything the page *does* (upload, start,
//! cancel, export) goes through v3's own endpoints, so the page is a client like any
//! other and the dialects stay exact.

mod assets;
mod jobs;
pub mod login;
mod view;

use std::sync::Arc;

use axum::routing::{get, post, put};
use axum::Router;

use crate::AppState;

/// The page's reads and edits, to be merged behind the key check.
pub fn api_routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/studio/api/options", get(jobs::options))
        .route("/studio/api/jobs", get(jobs::list))
        .route("/studio/api/jobs/{id}", get(jobs::get_one))
        .route("/studio/api/jobs/{id}/retry", post(jobs::retry))
        .route("/studio/api/jobs/{id}/clips/{index}/words", get(jobs::words))
        .route("/studio/api/clips/{id}/favorite", put(jobs::favorite))
}

/// The page itself: `/` and its hashed assets, no key needed (the page asks for one).
pub fn page_routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(assets::index))
        .route("/studio/{*path}", get(assets::file))
        .route("/studio/api/login", post(login::exchange))
}
