//! The one-time login link `reelcut serve` prints for the local default workspace:
//! `http://HOST/#login=TOKEN`. The page trades the token for a new API key of that
//! workspace once (`POST /studio/api/login`); the token is then gone, and a restart
//! prints a new one. The fragment never reaches a server log or a proxy.

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::Json;
use rand::RngCore;
use reelcut_core::Code;
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::AppState;

/// The workspace a login link signs into (the one `reelcut clip`-style local use means).
pub const DEFAULT_WORKSPACE: &str = "default";

#[derive(Default)]
pub struct Login {
    /// SHA-256 of the unused token; `None` once used, or when no link was made.
    digest: Mutex<Option<[u8; 32]>>,
}

impl Login {
    pub fn none() -> Login {
        Login::default()
    }

    /// A fresh link's token (32 random bytes, hex) and the login that accepts it once.
    pub fn once() -> (Login, String) {
        let mut raw = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut raw);
        let token = hex::encode(raw);
        let login = Login {
            digest: Mutex::new(Some(Sha256::digest(token.as_bytes()).into())),
        };
        (login, token)
    }

    /// Whether `token` is the unused one; using it spends it.
    fn spend(&self, token: &str) -> bool {
        let presented: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        let mut digest = self.digest.lock().expect("login lock");
        if *digest == Some(presented) {
            *digest = None;
            return true;
        }
        false
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exchange {
    pub token: String,
}

/// Trades the link's token for a new key of the default workspace (401 after first use).
pub async fn exchange(State(state): State<Arc<AppState>>, JsonBody(body): JsonBody<Exchange>) -> ApiResult<Json<Value>> {
    if !state.studio_login.spend(&body.token) {
        return Err(ApiError::new(
            Code::AuthenticationFailed,
            "This login link has been used or is not from this server; sign in with an API key.",
        ));
    }
    let store = &state.service.store;
    let workspace = store.ensure_workspace(DEFAULT_WORKSPACE).await?;
    let key = store.create_api_key(&workspace.id).await?;
    Ok(Json(json!({ "key": key.secret, "workspace": workspace.name })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_spent_once() {
        let (login, token) = Login::once();
        assert!(!login.spend("nope"));
        assert!(login.spend(&token));
        assert!(!login.spend(&token), "a second use fails");
        assert!(!Login::none().spend(""));
    }
}
