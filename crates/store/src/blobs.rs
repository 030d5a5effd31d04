//! Blob storage through `object_store`: a local directory (the embedded default) or S3
//! (`s3://bucket/prefix`; endpoint, region, path style and credentials from
//! `service.s3`, falling back to the usual `AWS_*` variables). Everything streams:
//! uploads and downloads never hold a whole video in memory.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use futures::{Stream, StreamExt, TryStreamExt};
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::prefix::PrefixStore;
use object_store::{GetOptions, GetRange, ObjectStore, WriteMultipart};
use reelcut_core::S3Settings;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::StoreError;

/// Multipart part size: S3's minimum is 5 MiB.
const PART_BYTES: usize = 8 * 1024 * 1024;

#[derive(Clone)]
pub struct Blobs {
    store: Arc<dyn ObjectStore>,
    pub url: String,
}

/// Part of a blob, streamed.
pub struct Part<S> {
    /// The whole blob's size.
    pub size: u64,
    /// Which bytes the stream carries (end exclusive).
    pub range: Range<u64>,
    pub stream: S,
}

/// What a streamed upload wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub size_bytes: u64,
    pub sha256: String,
}

#[derive(Debug, thiserror::Error)]
pub enum PutError {
    #[error("the upload is larger than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("the upload stream failed: {0}")]
    Stream(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Blobs {
    /// `file:///DIR`, a plain directory path, or `s3://bucket[/prefix]` on the S3
    /// service `s3` describes.
    pub fn open(url: &str, s3: &S3Settings) -> Result<Blobs, StoreError> {
        let store: Arc<dyn ObjectStore> = if let Some(rest) = url.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            let s3 = s3_builder(s3).with_bucket_name(bucket).build().map_err(StoreError::Blob)?;
            if prefix.trim_matches('/').is_empty() {
                Arc::new(s3)
            } else {
                Arc::new(PrefixStore::new(s3, prefix.trim_matches('/')))
            }
        } else {
            let dir = url.strip_prefix("file://").unwrap_or(url);
            if dir.is_empty() || url.contains("://") && !url.starts_with("file://") {
                return Err(StoreError::UnsupportedBlobUrl(url.to_string()));
            }
            std::fs::create_dir_all(dir)?;
            Arc::new(LocalFileSystem::new_with_prefix(dir)?)
        };
        Ok(Blobs {
            store,
            url: url.to_string(),
        })
    }

    /// Streams `chunks` into `key`, refusing more than `limit` bytes, hashing as it goes.
    pub async fn put_stream<S, E>(&self, key: &str, chunks: S, limit: u64) -> Result<Written, PutError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let upload = self.store.put_multipart(&ObjectPath::from(key)).await.map_err(StoreError::Blob)?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_BYTES);
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        let mut chunks = chunks;
        while let Some(chunk) = chunks.next().await {
            let chunk = match chunk {
                Ok(chunk) => chunk,
                Err(e) => {
                    writer.abort().await.ok();
                    return Err(PutError::Stream(e.to_string()));
                }
            };
            size += chunk.len() as u64;
            if size > limit {
                writer.abort().await.ok();
                return Err(PutError::TooLarge { limit });
            }
            hasher.update(&chunk);
            writer.wait_for_capacity(4).await.map_err(StoreError::Blob)?;
            writer.write(&chunk);
        }
        writer.finish().await.map_err(StoreError::Blob)?;
        Ok(Written {
            size_bytes: size,
            sha256: hex::encode(hasher.finalize()),
        })
    }

    pub async fn put_file(&self, key: &str, path: &Path) -> Result<Written, StoreError> {
        let file = tokio::fs::File::open(path).await?;
        let chunks = tokio_util::io::ReaderStream::with_capacity(file, 1024 * 1024);
        self.put_stream(key, chunks, u64::MAX).await.map_err(|e| match e {
            PutError::Store(e) => e,
            other => StoreError::Io(std::io::Error::other(other.to_string())),
        })
    }

    /// A small blob written whole (a stage's JSON artifact); atomic on every backend.
    pub async fn put_bytes(&self, key: &str, bytes: Vec<u8>) -> Result<(), StoreError> {
        self.store.put(&ObjectPath::from(key), Bytes::from(bytes).into()).await?;
        Ok(())
    }

    /// A small blob read whole, or `None` when it does not exist.
    pub async fn get_bytes(&self, key: &str) -> Result<Option<Bytes>, StoreError> {
        match self.store.get(&ObjectPath::from(key)).await {
            Ok(result) => Ok(Some(result.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Size of `key`, or `None` when it does not exist.
    pub async fn size(&self, key: &str) -> Result<Option<u64>, StoreError> {
        match self.store.head(&ObjectPath::from(key)).await {
            Ok(meta) => Ok(Some(meta.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Bytes `range` of `key` (the end is exclusive and clamped to the blob's size).
    pub async fn get_range(&self, key: &str, range: Range<u64>) -> Result<Bytes, StoreError> {
        match self.store.get_range(&ObjectPath::from(key), range).await {
            Ok(bytes) => Ok(bytes),
            Err(object_store::Error::NotFound { .. }) => Err(StoreError::NotFound("blob")),
            Err(e) => Err(e.into()),
        }
    }

    /// The bytes of `key` as a stream, with its size.
    pub async fn get_stream(&self, key: &str) -> Result<(u64, impl Stream<Item = Result<Bytes, StoreError>>), StoreError> {
        let part = self.get_part(key, None).await?;
        Ok((part.size, part.stream))
    }

    /// Bytes `range` of `key` (all of it for `None`; the caller keeps the range inside
    /// the blob's size) as a stream: what an HTTP `Range` request asks for.
    pub async fn get_part(
        &self,
        key: &str,
        range: Option<Range<u64>>,
    ) -> Result<Part<impl Stream<Item = Result<Bytes, StoreError>>>, StoreError> {
        let options = GetOptions {
            range: range.map(GetRange::Bounded),
            ..GetOptions::default()
        };
        let result = match self.store.get_opts(&ObjectPath::from(key), options).await {
            Ok(result) => result,
            Err(object_store::Error::NotFound { .. }) => return Err(StoreError::NotFound("blob")),
            Err(e) => return Err(e.into()),
        };
        Ok(Part {
            size: result.meta.size,
            range: result.range.clone(),
            stream: result.into_stream().map_err(StoreError::from),
        })
    }

    /// Downloads `key` to `path`, returning the SHA-256 of what was written.
    pub async fn get_to_file(&self, key: &str, path: &Path) -> Result<String, StoreError> {
        let (_, mut stream) = self.get_stream(key).await?;
        let mut file = tokio::fs::File::create(path).await?;
        let mut hasher = Sha256::new();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            hasher.update(&chunk);
            file.write_all(&chunk).await?;
        }
        file.flush().await?;
        Ok(hex::encode(hasher.finalize()))
    }

    pub async fn delete(&self, key: &str) -> Result<(), StoreError> {
        match self.store.delete(&ObjectPath::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn list(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        let prefix = ObjectPath::from(prefix);
        let metas: Vec<_> = self.store.list(Some(&prefix)).try_collect().await?;
        Ok(metas.into_iter().map(|m| m.location.to_string()).collect())
    }
}

/// `AWS_*` variables first, then whatever `service.s3` sets on top.
fn s3_builder(s3: &S3Settings) -> object_store::aws::AmazonS3Builder {
    let mut builder = object_store::aws::AmazonS3Builder::from_env();
    if !s3.endpoint.is_empty() {
        builder = builder
            .with_endpoint(&s3.endpoint)
            .with_allow_http(s3.endpoint.starts_with("http://"));
    }
    if !s3.region.is_empty() {
        builder = builder.with_region(&s3.region);
    }
    builder = builder.with_virtual_hosted_style_request(!s3.path_style);
    if !s3.access_key_id.is_empty() {
        builder = builder.with_access_key_id(&s3.access_key_id);
    }
    if !s3.secret_access_key.is_empty() {
        builder = builder.with_secret_access_key(&s3.secret_access_key);
    }
    builder
}
