//! Exactly one process wrapper for ffmpeg/ffprobe (conventions #11): typed errors, kill
//! on drop, a per-call timeout, a concurrency semaphore, a tracing span, the last stderr
//! lines kept for the error, and `-progress` lines parsed into a callback.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::process::{ExitStatus, Stdio};
use std::sync::Arc;
use std::time::Duration;

use reelcut_core::{Code, ErrorCode};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, BufReader};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

/// How many stderr lines an error keeps.
const STDERR_TAIL_LINES: usize = 12;

/// Media of unknown length is bounded as if it were this long.
const UNKNOWN_LENGTH_S: f64 = 3600.0;

/// How long a media tool may run on an input: a floor (start-up, a short input) plus a
/// factor per second of media, generous enough for a slow preset at 4K on two cores.
/// Every process gets one, so a wedged ffmpeg fails its job (which retries) instead of
/// holding a worker forever.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub floor_s: f64,
    pub factor: f64,
}

impl Bounds {
    pub fn for_media(&self, media_seconds: f64) -> Duration {
        Duration::from_secs_f64(self.floor_s + self.factor * media_seconds.max(0.0))
    }
}

impl Default for Bounds {
    fn default() -> Self {
        Bounds {
            floor_s: 120.0,
            factor: 30.0,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    #[error("`{program}` is not installed or not on PATH")]
    NotFound { program: String },
    #[error("`{program}` timed out after {after:?}")]
    Timeout { program: String, after: Duration },
    #[error("`{program}` was cancelled")]
    Cancelled { program: String },
    #[error("`{program}` failed ({status}): {stderr_tail}")]
    Failed {
        program: String,
        status: ExitStatus,
        stderr_tail: String,
    },
    #[error("`{program}`: {source}")]
    Io { program: String, source: std::io::Error },
}

impl ErrorCode for ProcessError {
    fn code(&self) -> Code {
        match self {
            ProcessError::Cancelled { .. } => Code::Cancelled,
            // A non-zero exit on user input is the input's fault (conventions #6);
            // callers that know better (e.g. an encoder failure) remap it.
            ProcessError::Failed { .. } => Code::InvalidMedia,
            ProcessError::NotFound { .. } | ProcessError::Timeout { .. } | ProcessError::Io { .. } => Code::Internal,
        }
    }
}

/// Runs CPU-bound work (inference on a decoded frame, loading a model) from async code
/// without stalling the runtime: on a multi-thread runtime the worker thread hands its
/// other tasks (heartbeats, API requests) to the rest first. Elsewhere (a test's
/// current-thread runtime, no runtime) it simply runs.
pub fn cpu_bound<R>(work: impl FnOnce() -> R) -> R {
    match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(work),
        _ => work(),
    }
}

/// Receives the media time (seconds) that ffmpeg reports through `-progress`.
pub type ProgressFn = Arc<dyn Fn(f64) + Send + Sync>;

/// The process runner: owns the concurrency limit shared by every media stage.
#[derive(Clone)]
pub struct Processes {
    permits: Arc<Semaphore>,
    bounds: Bounds,
}

/// One invocation.
pub struct Invocation {
    pub program: String,
    pub args: Vec<OsString>,
    /// An explicit limit; otherwise the runner's [`Bounds`] for `media_seconds`.
    pub timeout: Option<Duration>,
    /// How much media the process reads or writes, in seconds.
    pub media_seconds: Option<f64>,
    pub cancel: CancellationToken,
    pub progress: Option<ProgressFn>,
    /// Pipe stdin for the caller to write (frames into an encoder); otherwise null.
    pub stdin: bool,
}

impl Invocation {
    pub fn new(program: impl Into<String>) -> Self {
        Invocation {
            program: program.into(),
            args: Vec::new(),
            timeout: None,
            media_seconds: None,
            cancel: CancellationToken::new(),
            progress: None,
            stdin: false,
        }
    }
    /// ffmpeg with the arguments every reelcut call shares: no stdin, errors only, no
    /// stats line, overwrite outputs, and only local files and pipes as inputs (media
    /// cannot smuggle in network or concat reads).
    pub fn ffmpeg(program: impl Into<String>) -> Self {
        Invocation::new(program)
            .args(["-nostdin", "-hide_banner", "-loglevel", "error", "-nostats", "-y"])
            .args(["-protocol_whitelist", "file,pipe"])
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
    /// The length of the media this run covers: its time limit follows from it.
    pub fn media_seconds(mut self, seconds: f64) -> Self {
        self.media_seconds = Some(seconds);
        self
    }
    pub fn cancel_on(mut self, token: CancellationToken) -> Self {
        self.cancel = token;
        self
    }
    pub fn stdin_piped(mut self) -> Self {
        self.stdin = true;
        self
    }
    pub fn progress(mut self, progress: Option<ProgressFn>) -> Self {
        self.progress = progress;
        self
    }
}

impl Processes {
    pub fn new(max_concurrent: usize) -> Self {
        Processes::with_bounds(max_concurrent, Bounds::default())
    }

    pub fn with_bounds(max_concurrent: usize, bounds: Bounds) -> Self {
        Processes {
            permits: Arc::new(Semaphore::new(max_concurrent.max(1))),
            bounds,
        }
    }

    /// The runner the `media` settings describe (concurrency and time bounds).
    pub fn from_settings(media: &reelcut_core::settings::MediaSettings) -> Self {
        let bounds = Bounds {
            floor_s: media.process_floor_s,
            factor: media.process_factor,
        };
        Processes::with_bounds(media.max_processes, bounds)
    }

    /// Runs to completion and returns stdout.
    pub async fn output(&self, invocation: Invocation) -> Result<Vec<u8>, ProcessError> {
        let mut running = self.spawn(invocation).await?;
        let mut stdout = Vec::new();
        let mut pipe = running.stdout.take().expect("stdout is piped");
        let read = pipe.read_to_end(&mut stdout);
        let program = running.program.clone();
        let cancel = running.cancel.clone();
        let (deadline, timeout) = (running.deadline, running.timeout);
        let io_result = tokio::select! {
            r = read => r,
            _ = cancel.cancelled() => return Err(ProcessError::Cancelled { program }),
            _ = tokio::time::sleep_until(deadline) => return Err(ProcessError::Timeout { program, after: timeout }),
        };
        io_result.map_err(|source| ProcessError::Io {
            program: program.clone(),
            source,
        })?;
        running.finish().await?;
        Ok(stdout)
    }

    /// Starts the process with stdout piped for the caller to stream. The caller must
    /// call [`Running::finish`] to learn how it ended; dropping it kills the process.
    pub async fn spawn(&self, invocation: Invocation) -> Result<Running, ProcessError> {
        let permit = self.permits.clone().acquire_owned().await.expect("semaphore never closes");
        let span = tracing::debug_span!("process", program = %invocation.program);
        tracing::debug!(parent: &span, args = ?invocation.args, "spawning");
        let mut child = Command::new(&invocation.program)
            .args(&invocation.args)
            .stdin(if invocation.stdin { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|source| match source.kind() {
                std::io::ErrorKind::NotFound => ProcessError::NotFound {
                    program: invocation.program.clone(),
                },
                _ => ProcessError::Io {
                    program: invocation.program.clone(),
                    source,
                },
            })?;
        let timeout = invocation
            .timeout
            .unwrap_or_else(|| self.bounds.for_media(invocation.media_seconds.unwrap_or(UNKNOWN_LENGTH_S)));
        let stderr = child.stderr.take().expect("stderr is piped");
        let stderr_task = tokio::spawn(read_stderr(stderr, invocation.progress.clone()).instrument(span));
        Ok(Running {
            stdin: child.stdin.take(),
            stdout: child.stdout.take(),
            child,
            stderr_task: Some(stderr_task),
            program: invocation.program,
            deadline: tokio::time::Instant::now() + timeout,
            timeout,
            cancel: invocation.cancel,
            _permit: permit,
        })
    }
}

/// A started process. Dropping it kills the child (`kill_on_drop`).
pub struct Running {
    pub stdin: Option<ChildStdin>,
    pub stdout: Option<ChildStdout>,
    child: Child,
    stderr_task: Option<JoinHandle<VecDeque<String>>>,
    pub program: String,
    /// When the run's time bound ends, counted from its start.
    deadline: tokio::time::Instant,
    timeout: Duration,
    cancel: CancellationToken,
    _permit: OwnedSemaphorePermit,
}

impl Running {
    /// Resolves when the run's time is up: callers that stream the process's output
    /// select on it next to their reads, so a process that stops writing is bounded too.
    /// The timeout error once the run's time is up (for loops that feed the process).
    pub fn expired(&self) -> Option<ProcessError> {
        (tokio::time::Instant::now() >= self.deadline).then(|| ProcessError::Timeout {
            program: self.program.clone(),
            after: self.timeout,
        })
    }

    pub async fn time_up(&self) -> ProcessError {
        tokio::time::sleep_until(self.deadline).await;
        ProcessError::Timeout {
            program: self.program.clone(),
            after: self.timeout,
        }
    }

    /// Waits for exit; a non-zero status becomes [`ProcessError::Failed`] with the stderr tail.
    pub async fn finish(mut self) -> Result<(), ProcessError> {
        // End of input for a piped encoder; it would otherwise wait forever.
        drop(self.stdin.take());
        let program = self.program.clone();
        let status = tokio::select! {
            s = self.child.wait() => s.map_err(|source| ProcessError::Io { program: program.clone(), source })?,
            _ = self.cancel.cancelled() => return Err(ProcessError::Cancelled { program }),
            _ = tokio::time::sleep_until(self.deadline) => return Err(ProcessError::Timeout { program, after: self.timeout }),
        };
        let tail = match self.stderr_task.take() {
            Some(task) => task.await.unwrap_or_default(),
            None => VecDeque::new(),
        };
        if status.success() {
            return Ok(());
        }
        let stderr_tail = tail.into_iter().collect::<Vec<_>>().join(" | ");
        tracing::debug!(%program, %status, %stderr_tail, "process failed");
        Err(ProcessError::Failed {
            program,
            status,
            stderr_tail,
        })
    }
}

/// Keeps the last lines of stderr, routing `-progress` key=value lines to the callback.
async fn read_stderr(stderr: impl AsyncRead + Unpin, progress: Option<ProgressFn>) -> VecDeque<String> {
    let mut lines = BufReader::new(stderr).lines();
    let mut tail = VecDeque::with_capacity(STDERR_TAIL_LINES);
    while let Ok(Some(line)) = lines.next_line().await {
        if let Some(seconds) = parse_progress_line(&line) {
            if let Some(report) = &progress {
                report(seconds);
            }
            continue;
        }
        if is_progress_noise(&line) {
            continue;
        }
        if tail.len() == STDERR_TAIL_LINES {
            tail.pop_front();
        }
        tail.push_back(line);
    }
    tail
}

/// `out_time_us=12345678` → 12.345678 s. ffmpeg prints `N/A` before the first frame.
pub fn parse_progress_line(line: &str) -> Option<f64> {
    let value = line.strip_prefix("out_time_us=")?;
    value.trim().parse::<i64>().ok().filter(|v| *v >= 0).map(|us| us as f64 / 1e6)
}

/// The other `-progress` keys carry nothing we keep.
fn is_progress_noise(line: &str) -> bool {
    const KEYS: &[&str] = &[
        "frame=",
        "fps=",
        "stream_",
        "bitrate=",
        "total_size=",
        "out_time_ms=",
        "out_time=",
        "dup_frames=",
        "drop_frames=",
        "speed=",
        "progress=",
    ];
    KEYS.iter().any(|k| line.starts_with(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_lines_parse() {
        assert_eq!(parse_progress_line("out_time_us=2500000"), Some(2.5));
        assert_eq!(parse_progress_line("out_time_us=N/A"), None);
        assert_eq!(parse_progress_line("frame=3"), None);
    }

    #[tokio::test]
    async fn missing_program_is_typed() {
        let err = Processes::new(1).output(Invocation::new("reelcut-no-such-tool")).await.unwrap_err();
        assert!(matches!(err, ProcessError::NotFound { .. }), "{err}");
    }

    #[tokio::test]
    async fn failure_keeps_stderr_tail() {
        let inv = Invocation::new("sh").args(["-c", "echo first >&2; echo boom >&2; exit 3"]);
        let err = Processes::new(1).output(inv).await.unwrap_err();
        let text = err.to_string();
        assert!(text.contains("boom") && text.contains("first"), "{text}");
    }

    #[tokio::test]
    async fn every_run_is_bounded_by_its_media_length() {
        let bounds = Bounds {
            floor_s: 0.2,
            factor: 0.05,
        };
        assert_eq!(bounds.for_media(10.0), Duration::from_secs_f64(0.7));
        let processes = Processes::with_bounds(1, bounds);
        // No explicit timeout: 2 s of media allow 0.3 s.
        let started = std::time::Instant::now();
        let err = processes
            .output(Invocation::new("sleep").args(["30"]).media_seconds(2.0))
            .await
            .unwrap_err();
        assert!(
            matches!(err, ProcessError::Timeout { after, .. } if after == Duration::from_secs_f64(0.3)),
            "{err}"
        );
        assert!(started.elapsed() < Duration::from_secs(5));
        // A streamed run is bounded from its start, not from when it is awaited.
        let mut running = processes
            .spawn(Invocation::new("sleep").args(["30"]).media_seconds(0.0))
            .await
            .unwrap();
        let mut stdout = running.stdout.take().unwrap();
        let mut buf = Vec::new();
        let err = tokio::select! {
            _ = stdout.read_to_end(&mut buf) => panic!("sleep wrote nothing and did not end"),
            err = running.time_up() => err,
        };
        assert!(matches!(err, ProcessError::Timeout { .. }));
        assert_eq!(
            err.code().then(),
            reelcut_core::Then::Retry,
            "a wedged tool is ours: the job retries"
        );
        assert!(running.expired().is_some());
    }

    #[tokio::test]
    async fn timeout_and_cancel_kill_quickly() {
        let started = std::time::Instant::now();
        let inv = Invocation::new("sleep").args(["30"]).timeout(Duration::from_millis(200));
        let err = Processes::new(1).output(inv).await.unwrap_err();
        assert!(matches!(err, ProcessError::Timeout { .. }));
        let token = CancellationToken::new();
        let cancel = token.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(100)).await;
            cancel.cancel();
        });
        let err = Processes::new(1)
            .output(Invocation::new("sleep").args(["30"]).cancel_on(token))
            .await
            .unwrap_err();
        assert!(matches!(err, ProcessError::Cancelled { .. }));
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[tokio::test]
    async fn semaphore_bounds_concurrency() {
        let procs = Processes::new(1);
        let first = procs.spawn(Invocation::new("sleep").args(["0.3"])).await.unwrap();
        let second = tokio::time::timeout(Duration::from_millis(50), procs.spawn(Invocation::new("true"))).await;
        assert!(second.is_err(), "second spawn must wait for the permit");
        first.finish().await.unwrap();
        procs.spawn(Invocation::new("true")).await.unwrap().finish().await.unwrap();
    }
}
