//! API keys (`x-api-key: KEY` or `Authorization: Bearer KEY`) and per-key rate limits.
//! The middleware puts the caller's [`Caller`] into the request; handlers take it as an
//! extension and scope every store call by its workspace.

use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use reelcut_core::Code;

use crate::error::ApiError;
use crate::ttl_cache::TtlCache;
use crate::AppState;

#[derive(Debug, Clone)]
pub struct Caller {
    pub key_id: String,
    pub workspace_id: String,
}

/// Keys recently proven valid, so a busy client costs one store round trip per
/// `KEY_CACHE_TTL` instead of one per request (the store lookup was a third of a
/// get-by-id's round trips; see bench/api). A revoked key keeps working for at most
/// the TTL. Keyed by the key's SHA-256, so the secrets themselves are not kept.
pub struct KeyCache(TtlCache<[u8; 32], Caller>);

const KEY_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(10);

impl KeyCache {
    pub fn new() -> KeyCache {
        KeyCache(TtlCache::new(KEY_CACHE_TTL, 10_000))
    }

    fn digest(key: &str) -> [u8; 32] {
        use sha2::Digest;
        sha2::Sha256::digest(key.as_bytes()).into()
    }

    fn get(&self, key: &str) -> Option<Caller> {
        self.0.get(&Self::digest(key))
    }

    fn put(&self, key: &str, caller: &Caller) {
        self.0.put(Self::digest(key), caller.clone());
    }
}

impl Default for KeyCache {
    fn default() -> Self {
        KeyCache::new()
    }
}

/// A token bucket per key: `per_minute` requests a minute, bursts up to the same.
pub struct RateLimits {
    limiter: DefaultKeyedRateLimiter<String>,
}

impl RateLimits {
    pub fn new(per_minute: u32) -> RateLimits {
        let per_minute = NonZeroU32::new(per_minute.max(1)).expect("at least 1");
        RateLimits {
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute)),
        }
    }

    /// `Err(seconds)` to wait when the key is over its limit.
    pub fn check(&self, key_id: &str) -> Result<(), u64> {
        self.limiter.check_key(&key_id.to_string()).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }
}

fn presented_key(headers: &HeaderMap) -> Option<String> {
    if let Some(key) = headers.get("x-api-key").and_then(|v| v.to_str().ok()) {
        return Some(key.trim().to_string());
    }
    let auth = headers.get("authorization")?.to_str().ok()?;
    let (scheme, token) = auth.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string())
}

pub async fn require_key(State(state): State<Arc<AppState>>, mut request: Request, next: Next) -> Result<Response, ApiError> {
    let unauthenticated = || {
        ApiError::new(
            Code::AuthenticationFailed,
            "Invalid or expired API key. Verify your x-api-key header.",
        )
    };
    let key = presented_key(request.headers())
        .filter(|k| !k.is_empty())
        .ok_or_else(unauthenticated)?;
    let caller = match state.keys.get(&key) {
        Some(caller) => caller,
        None => {
            let (key_id, workspace_id) = state.service.store.authenticate(&key).await?.ok_or_else(unauthenticated)?;
            let caller = Caller { key_id, workspace_id };
            state.keys.put(&key, &caller);
            caller
        }
    };
    if let Err(seconds) = state.rate_limits.check(&caller.key_id) {
        state.metrics.rate_limited.inc();
        let mut error = ApiError::new(
            Code::RateLimitExceeded,
            "Too many requests. Retry after the duration specified in the Retry-After header.",
        );
        error.retry_after = Some(seconds.max(1));
        return Err(error);
    }
    request.extensions_mut().insert(caller);
    Ok(next.run(request).await)
}

/// How a dialect's OpenAPI document says keys are presented: `Authorization: Bearer`
/// everywhere, and v3 also names its `x-api-key` header.
pub struct KeySchemes {
    pub x_api_key: bool,
}

pub const BEARER: KeySchemes = KeySchemes { x_api_key: false };
pub const BEARER_OR_X_API_KEY: KeySchemes = KeySchemes { x_api_key: true };

impl utoipa::Modify for KeySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        if self.x_api_key {
            components.add_security_scheme("ApiKeyAuth", SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("x-api-key"))));
        }
        components.add_security_scheme(
            "BearerAuth",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}
