//! What the API and the workers share: the store, the blobs, the signer, the settings.

use std::path::PathBuf;
use std::sync::Arc;

use crate::signing::Signer;
use reelcut_core::Settings;
use reelcut_media::Processes;
use reelcut_store::{Blobs, Store, StoreError};

#[derive(Clone)]
pub struct Service {
    pub store: Store,
    pub blobs: Blobs,
    pub signer: Signer,
    pub settings: Arc<Settings>,
    pub processes: Processes,
}

impl Service {
    /// Opens the database and the blob store the settings name (the embedded defaults
    /// under `service.data_dir` when they name none) and loads the signing secret.
    pub async fn open(settings: Settings) -> Result<Service, StoreError> {
        let data_dir = settings.service.data_dir.clone();
        std::fs::create_dir_all(&data_dir)?;
        let database_url = if settings.service.database_url.is_empty() {
            Store::default_sqlite_url(&data_dir)
        } else {
            settings.service.database_url.clone()
        };
        let blob_url = if settings.service.blob_url.is_empty() {
            format!("file://{}", data_dir.join("blobs").display())
        } else {
            settings.service.blob_url.clone()
        };
        let store = Store::connect(&database_url).await?;
        let blobs = Blobs::open(&blob_url, &settings.service.s3)?;
        let secret = match &settings.service.secret {
            Some(secret) if !secret.is_empty() => secret.clone().into_bytes(),
            _ => load_or_create_secret(&data_dir.join("secret.key"))?,
        };
        Ok(Service {
            store,
            blobs,
            signer: Signer::new(&secret),
            processes: Processes::from_settings(&settings.media),
            settings: Arc::new(settings),
        })
    }

    /// Scratch space for one job's input and outputs; kept across a restart so a
    /// resumed job does not download again.
    pub fn work_dir(&self, job_id: &str) -> PathBuf {
        self.settings.service.data_dir.join("work").join(job_id)
    }

    /// A presigned GET URL for a blob, valid for `service.url_ttl_s`.
    pub fn presign_get(&self, key: &str) -> String {
        self.presign_get_for(key, self.settings.service.url_ttl_s)
    }

    /// A presigned GET URL valid for `seconds` (a dialect whose links have their own
    /// lifetime).
    pub fn presign_get_for(&self, key: &str, seconds: u64) -> String {
        let expires = now_s() + seconds as i64;
        let signature = self.signer.sign(&blob_message("GET", key, expires));
        format!(
            "{}/v3/blobs/{key}?expires={expires}&signature={signature}",
            self.settings.service.public_url.trim_end_matches('/')
        )
    }

    /// Checks a presigned URL's signature and expiry.
    pub fn verify_presigned(&self, method: &str, key: &str, expires: i64, signature: &str) -> bool {
        expires >= now_s() && self.signer.verify(&blob_message(method, key, expires), signature)
    }

    /// A presigned PUT URL for a direct upload of `asset_id`.
    pub fn presign_upload(&self, asset_id: &str) -> (String, u64) {
        let ttl = self.settings.service.url_ttl_s;
        let expires = now_s() + ttl as i64;
        let signature = self.signer.sign(&blob_message("PUT", asset_id, expires));
        (
            format!(
                "{}/v3/assets/{asset_id}/upload?expires={expires}&signature={signature}",
                self.settings.service.public_url.trim_end_matches('/')
            ),
            ttl,
        )
    }
}

fn blob_message(method: &str, key: &str, expires: i64) -> String {
    format!("{method}\n{key}\n{expires}")
}

pub fn now_s() -> i64 {
    reelcut_store::now_ms() / 1000
}

/// 32 random bytes in `path`, created once (mode 0600) and shared by every process
/// that uses the same data dir.
fn load_or_create_secret(path: &std::path::Path) -> Result<Vec<u8>, StoreError> {
    if let Ok(existing) = std::fs::read(path) {
        if existing.len() >= 32 {
            return Ok(existing);
        }
    }
    use rand::RngCore;
    let mut secret = vec![0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    // A temporary file in the same directory (created 0600), renamed into place.
    let mut temp = tempfile::NamedTempFile::new_in(path.parent().unwrap_or(std::path::Path::new(".")))?;
    std::io::Write::write_all(&mut temp, &secret)?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(std::fs::read(path)?)
}
