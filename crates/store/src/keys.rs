//! Workspaces and their API keys. Keys are 32 random bytes, shown once; only their
//! SHA-256 is stored. A slow password hash is not needed: the key is random, not chosen
//! by a person, so a table leak cannot be brute-forced back into keys.

use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::{new_id, now_ms, Store, StoreError};

#[derive(Debug, Clone, PartialEq)]
pub struct Workspace {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct ApiKey {
    pub id: String,
    pub workspace_id: String,
    /// The whole key: only known at creation.
    pub secret: String,
}

pub fn hash_key(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

impl Store {
    /// The workspace called `name`, created when missing.
    pub async fn ensure_workspace(&self, name: &str) -> Result<Workspace, StoreError> {
        if let Some(row) = sqlx::query("SELECT id, name FROM workspaces WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?
        {
            return Ok(Workspace {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
            });
        }
        let id = new_id();
        sqlx::query("INSERT INTO workspaces (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING")
            .bind(&id)
            .bind(name)
            .bind(now_ms())
            .execute(&self.pool)
            .await?;
        let row = sqlx::query("SELECT id, name FROM workspaces WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await?;
        Ok(Workspace {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
        })
    }

    /// A workspace by id, with when it was made (ms).
    pub async fn get_workspace(&self, id: &str) -> Result<(Workspace, i64), StoreError> {
        let row = sqlx::query("SELECT id, name, created_at FROM workspaces WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("workspace"))?;
        let workspace = Workspace {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
        };
        Ok((workspace, row.try_get("created_at")?))
    }

    pub async fn create_api_key(&self, workspace_id: &str) -> Result<ApiKey, StoreError> {
        self.create_api_key_shaped(workspace_id, "rk_", 32).await
    }

    /// A key that looks like a vendor's (ScaleReach's `sr_live_` + 48 hex digits), so
    /// clients that check the shape accept it: `prefix` then `bytes` random bytes in hex.
    pub async fn create_api_key_shaped(&self, workspace_id: &str, prefix: &str, bytes: usize) -> Result<ApiKey, StoreError> {
        let mut raw = vec![0u8; bytes];
        rand::rngs::OsRng.fill_bytes(&mut raw);
        let secret = format!("{prefix}{}", hex::encode(raw));
        let id = new_id();
        sqlx::query("INSERT INTO api_keys (id, workspace_id, key_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&id)
            .bind(workspace_id)
            .bind(hash_key(&secret))
            .bind(&secret[..11])
            .bind(now_ms())
            .execute(&self.pool)
            .await?;
        Ok(ApiKey {
            id,
            workspace_id: workspace_id.to_string(),
            secret,
        })
    }

    /// The (key id, workspace id) a presented key belongs to, when it is known and live.
    pub async fn authenticate(&self, presented: &str) -> Result<Option<(String, String)>, StoreError> {
        let row = sqlx::query("SELECT id, workspace_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL")
            .bind(hash_key(presented))
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => Some((row.try_get("id")?, row.try_get("workspace_id")?)),
            None => None,
        })
    }

    pub async fn revoke_api_key(&self, key_id: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2")
            .bind(now_ms())
            .bind(key_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
