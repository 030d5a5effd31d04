//! Frame capture: each browser takes a contiguous range of frames, seeks the page
//! frame by frame, hands each image to its own segment encoder, and notes what it saw
//! (frame hashes, blocked requests, overflowing text).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use tokio_util::sync::CancellationToken;

use crate::browser::Browser;
use crate::encode::Encoder;
use crate::error::ComposeError;
use crate::options::Format;
use crate::overflow::Overflow;
use crate::render::RenderProgress;

/// Captures `total` frames as contiguous chunks, one per browser, each encoded to its
/// own segment in parallel. Returns the segments in order, every frame's hash and the
/// URLs the pages were refused, and the text boxes that overflowed.
pub(crate) async fn capture_all(
    browsers: Vec<Browser>,
    encoder: &Encoder,
    work: &Path,
    format: Format,
    total: usize,
    progress: &RenderProgress,
    cancel: &CancellationToken,
) -> Result<Captured, ComposeError> {
    let (fps, workers) = (encoder.fps, browsers.len());
    let done = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for (i, browser) in browsers.into_iter().enumerate() {
        let range = (total * i / workers)..(total * (i + 1) / workers);
        let segment = work.join(format!("segment{i}.{}", format.extension()));
        let encoder = encoder.clone();
        let (done, progress, cancel) = (done.clone(), progress.clone(), cancel.clone());
        tasks.push(tokio::spawn(async move {
            let result = capture_segment(&mut { browser }, range, fps, &encoder, &segment, &done, total, &progress, &cancel).await;
            result.map(|seen| (segment, seen))
        }));
    }
    let mut captured = Captured {
        segments: Vec::new(),
        reused_frames: 0,
        frame_hashes: Vec::with_capacity(total),
        blocked: Vec::new(),
        overflow: Vec::new(),
    };
    let mut overflow = Vec::new();
    for task in tasks {
        let (segment, seen) = task.await.map_err(|e| ComposeError::Browser(format!("capture task: {e}")))??;
        captured.segments.push(segment);
        captured.frame_hashes.extend(seen.hashes);
        captured.reused_frames += seen.reused;
        for url in seen.blocked {
            if !captured.blocked.contains(&url) {
                captured.blocked.push(url);
            }
        }
        overflow.push(seen.overflow);
    }
    captured.overflow = crate::overflow::merge(overflow);
    Ok(captured)
}

/// What the capture produced: one encoded segment per browser, and what was seen.
pub(crate) struct Captured {
    pub segments: Vec<PathBuf>,
    /// Frames nothing could have changed, taken from the one before without drawing.
    pub reused_frames: usize,
    pub frame_hashes: Vec<String>,
    pub blocked: Vec<String>,
    pub overflow: Vec<Overflow>,
}

/// What one browser saw while capturing its segment.
struct Seen {
    hashes: Vec<String>,
    reused: usize,
    blocked: Vec<String>,
    overflow: Vec<Overflow>,
}

#[allow(clippy::too_many_arguments)]
async fn capture_segment(
    browser: &mut Browser,
    range: std::ops::Range<usize>,
    fps: u32,
    encoder: &Encoder,
    segment: &Path,
    done: &AtomicUsize,
    total: usize,
    progress: &RenderProgress,
    cancel: &CancellationToken,
) -> Result<Seen, ComposeError> {
    let mut running = encoder.start_segment(segment).await?;
    let mut stdin = running.stdin.take().expect("encoder stdin is piped");
    let format = encoder.frame_format();
    let interval_ms = 1000.0 / fps as f64;
    let mut hashes = Vec::with_capacity(range.len());
    // The last frame drawn and its hash: a reused frame is sent and hashed as it.
    let mut last: Option<(Vec<u8>, String)> = None;
    let mut overflow = Vec::new();
    let mut reused = 0usize;
    let frames = range.len();
    let started = std::time::Instant::now();
    for n in range {
        if cancel.is_cancelled() {
            return Err(ComposeError::Cancelled);
        }
        // The segment encoder's time bound covers the browser's capture feeding it.
        if let Some(timeout) = running.expired() {
            return Err(timeout.into());
        }
        let t = n as f64 / fps as f64;
        let changed = browser.eval::<bool>(&format!("window.__reelcut.seek({t:.9})")).await?;
        if crate::overflow::checks_frame(n, fps) {
            crate::overflow::check(browser, t, &mut overflow).await?;
        }
        // Nothing on the page can have changed: the previous frame stands, and the
        // browser neither draws nor encodes it again.
        let drawn = if changed || last.is_none() {
            match (browser.capture(format, interval_ms).await?, &last) {
                (Some(image), _) => Some(image),
                // The browser drew nothing new: the previous frame stands.
                (None, Some(_)) => None,
                (None, None) => Some(
                    browser
                        .capture(format, interval_ms)
                        .await?
                        .ok_or_else(|| ComposeError::Browser("the first frame produced no image".into()))?,
                ),
            }
        } else {
            reused += 1;
            None
        };
        if let Some(image) = drawn {
            let hash = hex::encode(Sha256::digest(&image));
            last = Some((image, hash));
        }
        let (image, hash) = last.as_ref().expect("the first frame is always drawn");
        hashes.push(hash.clone());
        if let Err(e) = stdin.write_all(image).await {
            // The encoder died; its own error (from finish) says why.
            drop(stdin);
            running.finish().await?;
            return Err(ComposeError::io("frame pipe")(e));
        }
        progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
    }
    drop(stdin);
    running.finish().await?;
    tracing::debug!(frames, reused, seconds = started.elapsed().as_secs_f64(), "segment captured");
    Ok(Seen {
        hashes,
        reused,
        blocked: browser.blocked(),
        overflow,
    })
}
