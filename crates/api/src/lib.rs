//! The api room: one module per dialect ([`v3`], HeyGen's: AI clipping, HyperFrames
//! renders, assets, webhook endpoints, its OpenAPI document and webhook bodies;
//! [`wayin`], WayinVideo v2's clipping family; [`scalereach`], ScaleReach's videos and
//! clips), [`studio`], the web page and its reads, plus what no dialect owns: presigned blob downloads, health, metrics.
//! Handlers are thin: parse and validate into a domain command, call the store or the
//! queue, and let [`error::ApiError`] render any failure in the dialect's shape.

pub mod auth;
mod clip_edits;
pub mod error;
pub mod extract;
pub mod idempotency;
pub mod metrics;
mod routes;
pub mod scalereach;
pub mod studio;
pub mod ttl_cache;
pub mod uploads;
pub mod v3;
pub mod wayin;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{get, post, put};
use axum::Router;
use reelcut_jobs::Service;

pub struct AppState {
    pub service: Service,
    pub rate_limits: auth::RateLimits,
    pub keys: auth::KeyCache,
    /// Finished jobs with their outputs, by (workspace, id): a finished job does not
    /// change, so Get serves it from here for `FINISHED_JOB_TTL` (deleting it here
    /// forgets it at once; a delete through another API process shows within the TTL).
    pub finished_jobs: ttl_cache::TtlCache<(String, String), FinishedJob>,
    pub metrics: metrics::Metrics,
    /// The studio's one-time login link, when `reelcut serve` printed one.
    pub studio_login: studio::login::Login,
}

/// A finished job and its output rows, shared by the cache and the requests it serves.
pub type FinishedJob = Arc<(reelcut_store::JobRow, Vec<reelcut_store::ClipRow>)>;

const FINISHED_JOB_TTL: std::time::Duration = std::time::Duration::from_secs(2);

/// JSON bodies; uploads have their own limit (`service.max_upload_bytes`).
pub(crate) const JSON_BODY_LIMIT: usize = 8 * 1024 * 1024;
/// A render request may carry its project zip inline as base64; larger projects go
/// through an asset or a URL.
const RENDER_BODY_LIMIT: usize = 96 * 1024 * 1024;

pub fn router(service: Service) -> Router {
    router_with_login(service, studio::login::Login::none())
}

/// The router, with a studio login link that signs in once (see [`studio::login`]).
pub fn router_with_login(service: Service, studio_login: studio::login::Login) -> Router {
    let state = Arc::new(AppState {
        studio_login,
        rate_limits: auth::RateLimits::new(service.settings.service.rate_limit_per_minute),
        keys: auth::KeyCache::new(),
        finished_jobs: ttl_cache::TtlCache::new(FINISHED_JOB_TTL, 10_000),
        metrics: metrics::Metrics::new(),
        service,
    });

    let authenticated = Router::new()
        .route("/v3/ai-clipping", post(v3::clipping::create).get(v3::clipping::list))
        .route("/v3/ai-clipping/{id}", get(v3::clipping::get_one).delete(v3::clipping::delete))
        .route("/v3/ai-clipping/{id}/cancel", post(v3::clipping::cancel))
        .route("/v3/ai-clipping/{id}/exports", post(v3::exports::create))
        .route("/v3/ai-clipping/{id}/exports/{export_id}", get(v3::exports::get_one))
        .route("/v3/assets/direct-uploads", post(v3::assets::create_direct_upload))
        .route("/v3/assets/{id}/complete", post(v3::assets::complete))
        .route("/v3/assets/{id}", get(v3::assets::get_one))
        .route("/v3/webhooks/endpoints", post(v3::webhooks::create).get(v3::webhooks::list))
        .route(
            "/v3/webhooks/endpoints/{id}",
            get(v3::webhooks::get_one).patch(v3::webhooks::update).delete(v3::webhooks::delete),
        )
        .route("/v3/webhooks/endpoints/{id}/rotate-secret", post(v3::webhooks::rotate_secret))
        .route("/v3/webhooks/event-types", get(v3::webhooks::event_types))
        .route("/v3/webhooks/events", get(v3::webhooks::events))
        // `styles` before `{id}`: a session id can never be "styles".
        .route("/v3/video-agents/styles", get(v3::videos::styles))
        .route("/v3/video-agents", post(v3::agents::create).get(v3::agents::list))
        .route("/v3/video-agents/{id}", get(v3::agents::get_one).post(v3::agents::send))
        .route("/v3/video-agents/{id}/stop", post(v3::agents::stop))
        .route("/v3/video-agents/{id}/videos", get(v3::agents::videos))
        .route("/v3/video-agents/{id}/resources/{resource_id}", get(v3::agents::resource))
        .route("/v3/videos", get(v3::videos::list))
        .route("/v3/videos/{id}", get(v3::videos::get_one).delete(v3::videos::delete))
        .route("/v3/voices", get(v3::videos::voices))
        .merge(studio::api_routes())
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        // An inline (base64) HyperFrames project rides in the JSON body.
        .merge(
            Router::new()
                .route("/v3/hyperframes/renders", post(v3::hyperframes::create).get(v3::hyperframes::list))
                .route(
                    "/v3/hyperframes/renders/{id}",
                    get(v3::hyperframes::get_one).delete(v3::hyperframes::delete),
                )
                .layer(DefaultBodyLimit::max(RENDER_BODY_LIMIT)),
        )
        // Multipart uploads stream to the blob store, which enforces the upload limit.
        .merge(
            Router::new()
                .route("/v3/assets", post(v3::assets::upload))
                .layer(DefaultBodyLimit::disable()),
        )
        .layer(middleware::from_fn_with_state(state.clone(), idempotency::idempotent))
        .layer(middleware::from_fn_with_state(state.clone(), auth::require_key));

    // Presigned: the signature in the URL is the credential.
    let presigned = Router::new()
        .route("/v3/blobs/{*key}", get(routes::blobs::download))
        .route("/v3/assets/{id}/upload", put(v3::assets::direct_put))
        .layer(DefaultBodyLimit::disable());

    Router::new()
        .merge(authenticated)
        .merge(presigned)
        .route("/v3/openapi.json", get(v3::openapi::serve))
        .route("/api/v2/openapi.json", get(wayin::openapi::serve))
        // The older docs' prefix answers the same.
        .nest("/api/v2", wayin::routes(state.clone()))
        .nest("/open/v2", wayin::routes(state.clone()))
        .route("/api/openapi.json", get(scalereach::openapi::serve))
        .nest("/api", scalereach::routes(state.clone()))
        .merge(studio::page_routes())
        .route("/healthz", get(routes::health::healthz))
        .route("/readyz", get(routes::health::readyz))
        .route("/metrics", get(metrics::render))
        .fallback(routes::health::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), metrics::count_requests))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// What the workers use to build a finished job's webhook body. Every job is created
/// through v3 today; a job will carry the dialect that created it once there are more.
pub fn announcer() -> Arc<dyn reelcut_jobs::Announce> {
    Arc::new(v3::events::Announcer)
}
