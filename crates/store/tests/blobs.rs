//! One blob suite, run on every backend (conventions #13): a local directory and S3 on
//! a single-node Garage that the test starts (scripts/garage.sh installs it). Put, get,
//! range get, a large streamed round trip, delete, list by prefix and a missing key
//! behave the same on both.

use bytes::Bytes;
use futures::StreamExt;
use reelcut_core::S3Settings;
use reelcut_store::{Blobs, StoreError};
use reelcut_testkit::garage::Garage;

/// What keeps a backend alive for the length of a test.
#[allow(dead_code)]
enum Backend {
    Local(tempfile::TempDir),
    S3(Garage),
}

fn local() -> (Blobs, Backend) {
    let dir = tempfile::tempdir().unwrap();
    let blobs = Blobs::open(&format!("file://{}", dir.path().display()), &S3Settings::default()).unwrap();
    (blobs, Backend::Local(dir))
}

fn garage() -> (Blobs, Backend) {
    let garage = Garage::start();
    let s3 = S3Settings {
        endpoint: garage.endpoint(),
        region: reelcut_testkit::garage::REGION.into(),
        path_style: true,
        access_key_id: reelcut_testkit::garage::KEY_ID.into(),
        secret_access_key: reelcut_testkit::garage::SECRET.into(),
    };
    let blobs = Blobs::open(&garage.blob_url("suite"), &s3).unwrap();
    (blobs, Backend::S3(garage))
}

macro_rules! on_every_backend {
    ($($name:ident),* $(,)?) => {
        mod local_disk {
            $(#[tokio::test(flavor = "multi_thread")] async fn $name() { let (blobs, _keep) = super::local(); super::$name(&blobs).await; })*
        }
        mod garage_s3 {
            $(#[tokio::test(flavor = "multi_thread")] async fn $name() { let (blobs, _keep) = super::garage(); super::$name(&blobs).await; })*
        }
    };
}

on_every_backend!(
    put_then_get_returns_the_same_bytes,
    range_gets_return_only_those_bytes,
    a_large_blob_streams_in_and_out_in_parts,
    delete_removes_and_is_idempotent,
    list_finds_keys_under_a_prefix_only,
    a_missing_key_is_not_found,
);

fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

async fn put(blobs: &Blobs, key: &str, bytes: Vec<u8>) -> reelcut_store::blobs::Written {
    let chunks = futures::stream::iter([Ok::<_, std::io::Error>(Bytes::from(bytes))]);
    blobs.put_stream(key, chunks, u64::MAX).await.unwrap()
}

async fn get_all(blobs: &Blobs, key: &str) -> Vec<u8> {
    let (size, mut stream) = blobs.get_stream(key).await.unwrap();
    let mut out = Vec::new();
    while let Some(chunk) = stream.next().await {
        out.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(out.len() as u64, size);
    out
}

async fn put_then_get_returns_the_same_bytes(blobs: &Blobs) {
    let bytes = pattern(10_000);
    let written = put(blobs, "ws/a/clip.mp4", bytes.clone()).await;
    assert_eq!(written.size_bytes, 10_000);
    assert_eq!(written.sha256.len(), 64);
    assert_eq!(get_all(blobs, "ws/a/clip.mp4").await, bytes);
    assert_eq!(blobs.size("ws/a/clip.mp4").await.unwrap(), Some(10_000));
    // A second put replaces the first.
    put(blobs, "ws/a/clip.mp4", b"short".to_vec()).await;
    assert_eq!(get_all(blobs, "ws/a/clip.mp4").await, b"short");
}

async fn range_gets_return_only_those_bytes(blobs: &Blobs) {
    let bytes = pattern(5_000);
    put(blobs, "r/blob.bin", bytes.clone()).await;
    let part = blobs.get_part("r/blob.bin", Some(100..1100)).await.unwrap();
    assert_eq!((part.size, part.range.clone()), (5_000, 100..1100));
    let got: Vec<u8> = part.stream.map(|c| c.unwrap().to_vec()).concat().await;
    assert_eq!(got, bytes[100..1100]);
    assert_eq!(blobs.get_range("r/blob.bin", 4_990..5_000).await.unwrap(), bytes[4_990..]);
    let whole = blobs.get_part("r/blob.bin", None).await.unwrap();
    assert_eq!(whole.range, 0..5_000);
}

/// 20 MiB through the multipart path (8 MiB parts) and back, in 64 KiB chunks both
/// ways, hashed on the way in and checked on the way out.
async fn a_large_blob_streams_in_and_out_in_parts(blobs: &Blobs) {
    const CHUNK: usize = 64 * 1024;
    let total = 20 * 1024 * 1024;
    let chunks = futures::stream::iter((0..total / CHUNK).map(|i| Ok::<_, std::io::Error>(Bytes::from(vec![(i % 256) as u8; CHUNK]))));
    let written = blobs.put_stream("big/video.mp4", chunks, u64::MAX).await.unwrap();
    assert_eq!(written.size_bytes, total as u64);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("video.mp4");
    let sha = blobs.get_to_file("big/video.mp4", &file).await.unwrap();
    assert_eq!(sha, written.sha256);
    assert_eq!(std::fs::metadata(&file).unwrap().len(), total as u64);
    // A limit stops an upload that grows past it, and nothing is left behind.
    let chunks = futures::stream::iter((0..4).map(|_| Ok::<_, std::io::Error>(Bytes::from(vec![1u8; CHUNK]))));
    let refused = blobs.put_stream("big/too-large.mp4", chunks, 3 * CHUNK as u64).await;
    assert!(matches!(refused, Err(reelcut_store::blobs::PutError::TooLarge { .. })));
    assert_eq!(blobs.size("big/too-large.mp4").await.unwrap(), None);
}

async fn delete_removes_and_is_idempotent(blobs: &Blobs) {
    put(blobs, "d/one.jpg", b"jpeg".to_vec()).await;
    blobs.delete("d/one.jpg").await.unwrap();
    assert_eq!(blobs.size("d/one.jpg").await.unwrap(), None);
    blobs.delete("d/one.jpg").await.unwrap();
}

async fn list_finds_keys_under_a_prefix_only(blobs: &Blobs) {
    for key in [
        "ws/1/jobs/a/clip1.mp4",
        "ws/1/jobs/a/clip2.mp4",
        "ws/1/jobs/b/clip1.mp4",
        "ws/2/jobs/a/clip1.mp4",
    ] {
        put(blobs, key, b"x".to_vec()).await;
    }
    let mut found = blobs.list("ws/1/jobs/a").await.unwrap();
    found.sort();
    assert_eq!(found, ["ws/1/jobs/a/clip1.mp4", "ws/1/jobs/a/clip2.mp4"]);
    assert_eq!(blobs.list("ws/1").await.unwrap().len(), 3);
    assert!(blobs.list("ws/3").await.unwrap().is_empty());
}

async fn a_missing_key_is_not_found(blobs: &Blobs) {
    assert!(matches!(
        blobs.get_stream("nope/none.mp4").await.err(),
        Some(StoreError::NotFound(_))
    ));
    assert!(matches!(blobs.get_range("nope/none.mp4", 0..1).await, Err(StoreError::NotFound(_))));
    assert_eq!(blobs.size("nope/none.mp4").await.unwrap(), None);
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        blobs.get_to_file("nope/none.mp4", &dir.path().join("x")).await,
        Err(StoreError::NotFound(_))
    ));
}
