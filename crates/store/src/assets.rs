//! Uploaded files a job can name by `asset_id`. A multipart upload is `ready` at once;
//! a direct upload is `pending` until its bytes arrive and `…/complete` checks them.

use sqlx::Row;

use crate::{new_id, now_ms, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetStatus {
    Pending,
    Ready,
}

impl AssetStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AssetStatus::Pending => "pending",
            AssetStatus::Ready => "ready",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    pub id: String,
    pub workspace_id: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: Option<String>,
    pub expected_sha256: Option<String>,
    pub blob_key: String,
    pub status: AssetStatus,
    pub created_at: i64,
}

pub struct NewAsset<'a> {
    pub workspace_id: &'a str,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: Option<&'a str>,
    pub expected_sha256: Option<&'a str>,
    pub status: AssetStatus,
}

/// Where an asset's bytes live: under its workspace, so a blob key names its owner.
pub fn asset_blob_key(workspace_id: &str, asset_id: &str) -> String {
    format!("ws/{workspace_id}/assets/{asset_id}")
}

impl Store {
    pub async fn insert_asset(&self, new: NewAsset<'_>) -> Result<Asset, StoreError> {
        let id = new_id();
        let blob_key = asset_blob_key(new.workspace_id, &id);
        let created_at = now_ms();
        sqlx::query(
            "INSERT INTO assets (id, workspace_id, filename, content_type, size_bytes, sha256, expected_sha256, blob_key, status, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&id)
        .bind(new.workspace_id)
        .bind(new.filename)
        .bind(new.content_type)
        .bind(new.size_bytes)
        .bind(new.sha256)
        .bind(new.expected_sha256)
        .bind(&blob_key)
        .bind(new.status.as_str())
        .bind(created_at)
        .execute(&self.pool)
        .await?;
        Ok(Asset {
            id,
            workspace_id: new.workspace_id.to_string(),
            filename: new.filename.to_string(),
            content_type: new.content_type.to_string(),
            size_bytes: new.size_bytes,
            sha256: new.sha256.map(str::to_string),
            expected_sha256: new.expected_sha256.map(str::to_string),
            blob_key,
            status: new.status,
            created_at,
        })
    }

    pub async fn get_asset(&self, workspace_id: &str, asset_id: &str) -> Result<Asset, StoreError> {
        let row = sqlx::query("SELECT * FROM assets WHERE workspace_id = $1 AND id = $2")
            .bind(workspace_id)
            .bind(asset_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("asset"))?;
        Ok(Asset {
            id: row.try_get("id")?,
            workspace_id: row.try_get("workspace_id")?,
            filename: row.try_get("filename")?,
            content_type: row.try_get("content_type")?,
            size_bytes: row.try_get("size_bytes")?,
            sha256: row.try_get("sha256")?,
            expected_sha256: row.try_get("expected_sha256")?,
            blob_key: row.try_get("blob_key")?,
            status: match row.try_get::<String, _>("status")?.as_str() {
                "ready" => AssetStatus::Ready,
                _ => AssetStatus::Pending,
            },
            created_at: row.try_get("created_at")?,
        })
    }

    /// Records the checksum of a direct upload's bytes as they arrive (the asset stays
    /// pending until `…/complete` checks it).
    pub async fn record_upload(&self, workspace_id: &str, asset_id: &str, sha256: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE assets SET sha256 = $1 WHERE workspace_id = $2 AND id = $3 AND status = 'pending'")
            .bind(sha256)
            .bind(workspace_id)
            .bind(asset_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Marks a direct upload complete once its bytes are checked.
    pub async fn mark_asset_ready(&self, workspace_id: &str, asset_id: &str, size_bytes: i64, sha256: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE assets SET status = 'ready', size_bytes = $1, sha256 = $2 WHERE workspace_id = $3 AND id = $4")
            .bind(size_bytes)
            .bind(sha256)
            .bind(workspace_id)
            .bind(asset_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

impl Store {
    /// An asset by id alone, for the presigned PUT whose signature already names it.
    pub async fn get_asset_any_workspace(&self, asset_id: &str) -> Result<Asset, StoreError> {
        let workspace_id: Option<(String,)> = sqlx::query_as("SELECT workspace_id FROM assets WHERE id = $1")
            .bind(asset_id)
            .fetch_optional(&self.pool)
            .await?;
        let (workspace_id,) = workspace_id.ok_or(StoreError::NotFound("asset"))?;
        self.get_asset(&workspace_id, asset_id).await
    }
}
