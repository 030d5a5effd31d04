//! Audio as 16 kHz mono f32, streamed from ffmpeg in blocks so an hour-long input is
//! never held in memory.

use std::path::Path;

use tokio::io::AsyncReadExt;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::process::{Invocation, ProcessError, Processes, ProgressFn};
use crate::MediaError;

pub const SAMPLE_RATE: u32 = 16_000;
/// One block is 2 s of audio: small enough to keep memory flat, large enough to keep
/// channel overhead negligible.
const BLOCK_SAMPLES: usize = 2 * SAMPLE_RATE as usize;

pub struct AudioRequest<'a> {
    pub ffmpeg: &'a str,
    pub path: &'a Path,
    pub cancel: CancellationToken,
    pub progress: Option<ProgressFn>,
    /// The input's length when known (it bounds the decoder's run time).
    pub media_seconds: Option<f64>,
}

/// Decodes the first audio stream and sends blocks of samples into `sink`. Returns the
/// number of samples sent. A closed receiver stops decoding quietly (the consumer is done).
pub async fn stream_pcm(processes: &Processes, request: AudioRequest<'_>, sink: mpsc::Sender<Vec<f32>>) -> Result<u64, MediaError> {
    let invocation = Invocation::ffmpeg(request.ffmpeg)
        // Progress goes to stderr because stdout carries the samples.
        .args(["-progress", "pipe:2"])
        .args(["-i".as_ref(), request.path.as_os_str()])
        // First audio stream only; downmix; resample with ffmpeg's default swr (same as faster-whisper's PyAV path).
        .args(["-map", "0:a:0", "-vn", "-ac", "1", "-ar", "16000", "-f", "f32le", "pipe:1"])
        .cancel_on(request.cancel.clone())
        .progress(request.progress);
    let invocation = Invocation {
        media_seconds: request.media_seconds,
        ..invocation
    };
    let mut running = processes.spawn(invocation).await?;
    let mut stdout = running.stdout.take().expect("stdout is piped");

    let mut bytes = vec![0u8; BLOCK_SAMPLES * 4];
    let mut filled = 0usize;
    let mut total: u64 = 0;
    loop {
        let n = tokio::select! {
            r = stdout.read(&mut bytes[filled..]) => r.map_err(MediaError::Io)?,
            _ = request.cancel.cancelled() => return Err(ProcessError::Cancelled { program: running.program.clone() }.into()),
            timeout = running.time_up() => return Err(timeout.into()),
        };
        filled += n;
        let at_end = n == 0;
        if filled == bytes.len() || (at_end && filled >= 4) {
            let whole = filled - filled % 4;
            let block: Vec<f32> = bytes[..whole]
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect();
            total += block.len() as u64;
            bytes.copy_within(whole..filled, 0);
            filled -= whole;
            if sink.send(block).await.is_err() {
                return Ok(total);
            }
        }
        if at_end {
            break;
        }
    }
    drop(stdout);
    running.finish().await.map_err(|e| match e {
        ProcessError::Failed { stderr_tail, .. } => MediaError::NotMedia {
            path: request.path.to_path_buf(),
            detail: stderr_tail,
        },
        other => other.into(),
    })?;
    if total == 0 {
        return Err(MediaError::EmptyAudio {
            path: request.path.to_path_buf(),
        });
    }
    Ok(total)
}

/// Convenience for short inputs and tests: the whole decoded signal.
pub async fn read_all(processes: &Processes, ffmpeg: &str, path: &Path) -> Result<Vec<f32>, MediaError> {
    let (tx, mut rx) = mpsc::channel(4);
    let request = AudioRequest {
        ffmpeg,
        path,
        cancel: CancellationToken::new(),
        progress: None,
        media_seconds: None,
    };
    let decode = stream_pcm(processes, request, tx);
    let collect = async {
        let mut all = Vec::new();
        while let Some(block) = rx.recv().await {
            all.extend_from_slice(&block);
        }
        all
    };
    let (result, all) = tokio::join!(decode, collect);
    result?;
    Ok(all)
}
