//! One headless Chromium process with one begin-frame-controlled tab, driven over CDP.
//!
//! We start Chromium ourselves rather than through chromiumoxide's launcher: its stderr
//! goes to a file we can quote when it crashes, it gets a parent-death signal so a
//! killed reelcut never leaves it running, and the flags are exactly the ones listed
//! here (see docs/chromium-capture.md for why each is needed).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use chromiumoxide::cdp::browser_protocol::dom::Rgba;
use chromiumoxide::cdp::browser_protocol::emulation::{SetDefaultBackgroundColorOverrideParams, SetDeviceMetricsOverrideParams};
use chromiumoxide::cdp::browser_protocol::fetch::{
    self, EventRequestPaused, FailRequestParams, FulfillRequestParams, HeaderEntry, RequestPattern,
};
use chromiumoxide::cdp::browser_protocol::headless_experimental::{BeginFrameParams, ScreenshotParams, ScreenshotParamsFormat};
use chromiumoxide::cdp::browser_protocol::log::{self, EventEntryAdded};
use chromiumoxide::cdp::browser_protocol::network::ErrorReason;
use chromiumoxide::cdp::browser_protocol::page::{
    AddScriptToEvaluateOnNewDocumentParams, CaptureScreenshotFormat, CaptureScreenshotParams,
};
use chromiumoxide::cdp::browser_protocol::target::CreateTargetParams;
use chromiumoxide::cdp::js_protocol::runtime::EvaluateParams;
use chromiumoxide::Page;
use futures::StreamExt;
use serde::de::DeserializeOwned;

use crate::error::ComposeError;
use crate::serve::{Decision, Origin, ORIGIN};

/// How each frame is captured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FrameFormat {
    Jpeg {
        quality: u8,
    },
    /// Lossless, with alpha where the page is transparent.
    Png,
}

pub struct BrowserOptions<'a> {
    pub chromium: &'a Path,
    /// The composition's size in CSS pixels.
    pub width: u32,
    pub height: u32,
    /// Device pixels per CSS pixel (2 for a 4K render of a 1080p composition).
    pub scale: f64,
    /// A transparent page background (webm/mov with alpha).
    pub transparent: bool,
}

/// How frames are taken. `HeadlessExperimental.beginFrame` (chromium-headless-shell)
/// is deterministic; a browser without it (Debian's full `chromium`) falls back to
/// `Page.captureScreenshot`, which is slower and may differ by a few anti-aliased pixels
/// from run to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaptureMode {
    BeginFrame,
    Screenshot,
}

pub struct Browser {
    mode: CaptureMode,
    child: Child,
    _profile: tempfile::TempDir,
    stderr_path: PathBuf,
    browser: chromiumoxide::Browser,
    page: Page,
    tasks: Vec<tokio::task::JoinHandle<()>>,
    blocked: Arc<Mutex<Vec<String>>>,
    next_tick_ms: f64,
}

impl Browser {
    pub async fn launch(options: &BrowserOptions<'_>, origin: Arc<Origin>, runtime: String) -> Result<Browser, ComposeError> {
        let profile = tempfile::Builder::new()
            .prefix("reelcut-chromium-")
            .tempdir()
            .map_err(ComposeError::io("browser profile"))?;
        let stderr_path = profile.path().join("stderr.log");
        let stderr = std::fs::File::create(&stderr_path).map_err(ComposeError::io("browser log"))?;
        let mut command = Command::new(options.chromium);
        command
            .args(chromium_flags(options, profile.path()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr);
        // SAFETY: prctl is async-signal-safe; it only asks the kernel to kill Chromium
        // when this process dies, so a SIGKILLed reelcut leaves no browser behind.
        unsafe {
            use std::os::unix::process::CommandExt;
            command.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
        let child = command.spawn().map_err(|e| {
            ComposeError::Browser(format!(
                "cannot start {} ({e}); install Debian's chromium-headless-shell or set render.chromium",
                options.chromium.display()
            ))
        })?;
        let mut launched = Launched {
            child: Some(child),
            stderr_path: stderr_path.clone(),
        };
        let ws = launched.devtools_url(profile.path()).await?;
        let (browser, mut handler) = chromiumoxide::Browser::connect(ws).await.map_err(ComposeError::browser)?;
        let handler_task = tokio::spawn(async move { while handler.next().await.is_some() {} });
        let page = browser
            .new_page(
                CreateTargetParams::builder()
                    .url("about:blank")
                    .enable_begin_frame_control(true)
                    .build()
                    .map_err(ComposeError::Browser)?,
            )
            .await
            .map_err(ComposeError::browser)?;
        let blocked = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = vec![handler_task];
        tasks.push(intercept(&page, origin, blocked.clone()).await?);
        tasks.push(watch_log(&page, blocked.clone()).await?);
        let mode = match page.execute(BeginFrameParams::builder().no_display_updates(true).build()).await {
            Ok(_) => CaptureMode::BeginFrame,
            Err(e) => {
                tracing::info!(error = %e, "no HeadlessExperimental.beginFrame in this Chromium; capturing with Page.captureScreenshot");
                // Full Chromium's window includes its own chrome: size the viewport exactly.
                let metrics = SetDeviceMetricsOverrideParams::new(options.width as i64, options.height as i64, options.scale, false);
                page.execute(metrics).await.map_err(ComposeError::browser)?;
                CaptureMode::Screenshot
            }
        };
        page.execute(AddScriptToEvaluateOnNewDocumentParams::new(runtime))
            .await
            .map_err(ComposeError::browser)?;
        if options.transparent {
            let clear = Rgba::builder().r(0).g(0).b(0).a(0.0).build().map_err(ComposeError::Browser)?;
            page.execute(SetDefaultBackgroundColorOverrideParams::builder().color(clear).build())
                .await
                .map_err(ComposeError::browser)?;
        }
        Ok(Browser {
            mode,
            child: launched.child.take().expect("launched"),
            _profile: profile,
            stderr_path,
            browser,
            page,
            tasks,
            blocked,
            next_tick_ms: monotonic_ms(),
        })
    }

    /// Opens the composition entry (a project-relative path).
    ///
    /// Waits for the load event, but not forever: a subresource that never settles (a
    /// refused frame, say) must not hang the render, so after 10 s it goes on with what
    /// has loaded.
    pub async fn open(&self, entry: &str) -> Result<(), ComposeError> {
        let url = format!("{ORIGIN}/{}", entry.trim_start_matches('/'));
        // Navigating from script, not Page.navigate: chromiumoxide holds a Page.navigate
        // until its own idea of "loaded", which a refused iframe never reaches.
        let go = format!("location.href = {}; true", serde_json::Value::String(url.clone()));
        self.eval::<bool>(&go).await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        let probe = format!(
            "location.href === {} && document.readyState",
            serde_json::Value::String(url.clone())
        );
        loop {
            let state: serde_json::Value = self.eval(&probe).await.unwrap_or(serde_json::Value::Null);
            if state == "complete" {
                return Ok(());
            }
            if Instant::now() > deadline {
                if state == "interactive" {
                    tracing::warn!(%url, "the composition did not finish loading within 10 s; rendering what has loaded");
                    return Ok(());
                }
                return Err(ComposeError::InvalidComposition(format!("{entry} did not load within 10 s")));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Evaluates an expression (awaiting a promise) and returns its JSON value.
    pub async fn eval<T: DeserializeOwned>(&self, expression: &str) -> Result<T, ComposeError> {
        let params = EvaluateParams::builder()
            .expression(expression)
            .await_promise(true)
            .return_by_value(true)
            .build()
            .map_err(ComposeError::Browser)?;
        let result = tokio::time::timeout(Duration::from_secs(30), self.page.evaluate_expression(params))
            .await
            .map_err(|_| ComposeError::InvalidComposition(format!("the page did not answer `{}` within 30 s", short(expression))))?;
        match result {
            Ok(value) => value
                .into_value::<T>()
                .map_err(|e| ComposeError::Browser(format!("`{}` returned an unexpected value: {e}", short(expression)))),
            Err(chromiumoxide::error::CdpError::JavascriptException(details)) => Err(ComposeError::InvalidComposition(
                details
                    .exception
                    .as_ref()
                    .and_then(|e| e.description.clone())
                    .unwrap_or(details.text.clone())
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            )),
            Err(e) => Err(self.failure(e)),
        }
    }

    /// Issues one frame and returns its image bytes; `None` when Chromium reports nothing
    /// changed (the caller reuses the previous frame).
    pub async fn capture(&mut self, format: FrameFormat, interval_ms: f64) -> Result<Option<Vec<u8>>, ComposeError> {
        if self.mode == CaptureMode::Screenshot {
            return self.screenshot(format).await.map(Some);
        }
        // Frame ticks must advance; they are CLOCK_MONOTONIC-based.
        self.next_tick_ms = (self.next_tick_ms + interval_ms).max(monotonic_ms());
        let screenshot = match format {
            FrameFormat::Jpeg { quality } => ScreenshotParams::builder()
                .format(ScreenshotParamsFormat::Jpeg)
                .quality(quality as i64)
                .optimize_for_speed(true)
                .build(),
            FrameFormat::Png => ScreenshotParams::builder()
                .format(ScreenshotParamsFormat::Png)
                .optimize_for_speed(true)
                .build(),
        };
        let params = BeginFrameParams::builder()
            .frame_time_ticks(self.next_tick_ms)
            .interval(interval_ms)
            .screenshot(screenshot)
            .build();
        let reply = self.page.execute(params).await.map_err(|e| self.failure(e))?;
        match &reply.result.screenshot_data {
            Some(data) => base64::engine::general_purpose::STANDARD
                .decode(AsRef::<str>::as_ref(data))
                .map(Some)
                .map_err(ComposeError::browser),
            None => Ok(None),
        }
    }

    async fn screenshot(&self, format: FrameFormat) -> Result<Vec<u8>, ComposeError> {
        let params = match format {
            FrameFormat::Jpeg { quality } => CaptureScreenshotParams::builder()
                .format(CaptureScreenshotFormat::Jpeg)
                .quality(quality as i64)
                .optimize_for_speed(true)
                .build(),
            FrameFormat::Png => CaptureScreenshotParams::builder()
                .format(CaptureScreenshotFormat::Png)
                .optimize_for_speed(true)
                .build(),
        };
        let reply = self.page.execute(params).await.map_err(|e| self.failure(e))?;
        base64::engine::general_purpose::STANDARD
            .decode(AsRef::<str>::as_ref(&reply.result.data))
            .map_err(ComposeError::browser)
    }

    pub fn mode(&self) -> CaptureMode {
        self.mode
    }

    /// Requests the page tried that left the project, in the order they were refused.
    pub fn blocked(&self) -> Vec<String> {
        self.blocked.lock().expect("blocked list").clone()
    }

    fn failure(&self, e: impl std::fmt::Display) -> ComposeError {
        let tail = stderr_tail(&self.stderr_path);
        ComposeError::Browser(if tail.is_empty() {
            e.to_string()
        } else {
            format!("{e}; chromium said: {tail}")
        })
    }

    pub async fn close(mut self) {
        let _ = self.browser.close().await;
        // Drop stops the tasks and reaps the process.
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Stop the CDP handler before the browser goes, so it never sees the socket die.
        for task in &self.tasks {
            task.abort();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The child before the connection is made: killed if launching fails half-way.
struct Launched {
    child: Option<Child>,
    stderr_path: PathBuf,
}

impl Launched {
    /// Chromium writes the DevTools port and path into the profile when it is ready.
    async fn devtools_url(&mut self, profile: &Path) -> Result<String, ComposeError> {
        let file = profile.join("DevToolsActivePort");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(text) = std::fs::read_to_string(&file) {
                let mut lines = text.lines();
                if let (Some(port), Some(path)) = (lines.next(), lines.next()) {
                    return Ok(format!("ws://127.0.0.1:{port}{path}"));
                }
            }
            let child = self.child.as_mut().expect("child");
            if let Ok(Some(status)) = child.try_wait() {
                return Err(ComposeError::Browser(format!(
                    "chromium exited ({status}) before it was ready: {}",
                    stderr_tail(&self.stderr_path)
                )));
            }
            if Instant::now() > deadline {
                return Err(ComposeError::Browser("chromium was not ready within 30 s".into()));
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

impl Drop for Launched {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn chromium_flags(options: &BrowserOptions<'_>, profile: &Path) -> Vec<String> {
    let mut flags: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--remote-debugging-port=0",
        "--enable-begin-frame-control",
        "--run-all-compositor-stages-before-draw",
        "--disable-threaded-animation",
        "--disable-threaded-scrolling",
        "--disable-checker-imaging",
        "--disable-new-content-rendering-timeout",
        "--disable-image-animation-resync",
        "--disable-gpu",
        "--hide-scrollbars",
        "--mute-audio",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--font-render-hinting=none",
        // Second fence behind the interceptor: anything that escapes it (a WebSocket,
        // say) goes to a proxy that does not exist, loopback included.
        "--proxy-server=http://127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    flags.push(format!("--window-size={},{}", options.width, options.height));
    flags.push(format!("--force-device-scale-factor={}", options.scale));
    flags.push(format!("--user-data-dir={}", profile.display()));
    flags.push("about:blank".into());
    flags
}

/// Answers every request the page makes: project files and vendored scripts are
/// fulfilled from disk; everything else is refused and remembered.
async fn intercept(
    page: &Page,
    origin: Arc<Origin>,
    blocked: Arc<Mutex<Vec<String>>>,
) -> Result<tokio::task::JoinHandle<()>, ComposeError> {
    let mut events = page.event_listener::<EventRequestPaused>().await.map_err(ComposeError::browser)?;
    let pattern = RequestPattern::builder().url_pattern("*").build();
    page.execute(fetch::EnableParams::builder().pattern(pattern).build())
        .await
        .map_err(ComposeError::browser)?;
    let page = page.clone();
    Ok(tokio::spawn(async move {
        while let Some(event) = events.next().await {
            let id = event.request_id.clone();
            let outcome = match origin.decide(&event.request.url, &event.resource_type) {
                Decision::Serve { body, mime } => {
                    let headers = vec![
                        HeaderEntry::new("Content-Type", mime),
                        HeaderEntry::new("Access-Control-Allow-Origin", "*"),
                    ];
                    let fulfil = FulfillRequestParams::builder()
                        .request_id(id)
                        .response_code(200)
                        .response_headers(headers)
                        .body(base64::engine::general_purpose::STANDARD.encode(&body))
                        .build()
                        .expect("all fields set");
                    page.execute(fulfil).await.map(|_| ())
                }
                Decision::NotFound => {
                    let fulfil = FulfillRequestParams::builder()
                        .request_id(id)
                        .response_code(404)
                        .build()
                        .expect("all fields set");
                    page.execute(fulfil).await.map(|_| ())
                }
                Decision::Block { reason } => {
                    tracing::info!(url = %event.request.url, reason, "composition request blocked");
                    blocked.lock().expect("blocked list").push(event.request.url.clone());
                    page.execute(FailRequestParams::new(id, ErrorReason::BlockedByClient))
                        .await
                        .map(|_| ())
                }
                Decision::Ignore => page.execute(FailRequestParams::new(id, ErrorReason::Aborted)).await.map(|_| ()),
            };
            if let Err(e) = outcome {
                tracing::debug!(error = %e, "answering an intercepted request failed");
            }
        }
    }))
}

/// Chromium refuses `file:` loads itself (they never reach the interceptor); it says so
/// in its log, which is where we learn of the attempt.
async fn watch_log(page: &Page, blocked: Arc<Mutex<Vec<String>>>) -> Result<tokio::task::JoinHandle<()>, ComposeError> {
    let mut entries = page.event_listener::<EventEntryAdded>().await.map_err(ComposeError::browser)?;
    page.execute(log::EnableParams::default()).await.map_err(ComposeError::browser)?;
    Ok(tokio::spawn(async move {
        while let Some(event) = entries.next().await {
            let text = &event.entry.text;
            if let Some(url) = refused_local_resource(text) {
                tracing::info!(%url, "composition tried to load a local file; refused");
                blocked.lock().expect("blocked list").push(url);
            } else {
                tracing::debug!(message = %text, "page log");
            }
        }
    }))
}

/// `Not allowed to load local resource: file:///etc/passwd` → the URL.
fn refused_local_resource(text: &str) -> Option<String> {
    let at = text.find("file:")?;
    let url = text[at..].split(|c: char| c.is_whitespace() || c == '"' || c == '\'').next()?;
    Some(url.trim_end_matches(['.', ',']).to_string())
}

fn monotonic_ms() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: a valid pointer to a timespec, as clock_gettime requires.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as f64 * 1000.0 + ts.tv_nsec as f64 / 1e6
}

fn stderr_tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(3)..].join(" | ")
}

fn short(s: &str) -> String {
    s.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_found_in_chromium_messages() {
        assert_eq!(
            refused_local_resource("Not allowed to load local resource: file:///etc/passwd").as_deref(),
            Some("file:///etc/passwd")
        );
        assert_eq!(refused_local_resource("Uncaught TypeError: x is undefined"), None);
    }
}
