//! `reelcut serve` (HTTP API + in-process workers + webhook sender), `reelcut worker`
//! (workers and webhook sender only, for scale-out on Postgres + S3), `reelcut sweep`
//! (the workers' clean-up, once) and `reelcut keys create` (an API key for a workspace).

use std::path::PathBuf;
use std::time::Duration;

use reelcut_core::{Code, JobKind};
use reelcut_jobs::{Service, WorkerMetrics, WorkerOptions};
use tokio_util::sync::CancellationToken;

use super::shared;
use crate::failure::Failure;
use crate::{toml_string, Context};

/// Where the service keeps its state; each flag overrides the `service.*` setting.
#[derive(clap::Args)]
pub struct StateArgs {
    /// `sqlite://PATH` or `postgres://…` (default: SQLite in the data dir).
    #[arg(long, value_name = "URL")]
    database_url: Option<String>,
    /// `file:///DIR` or `s3://bucket/prefix` (default: the data dir's blobs/).
    #[arg(long, value_name = "URL")]
    blob_url: Option<String>,
    /// Home of the SQLite file, local blobs, the signing secret and job scratch space.
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
}

impl StateArgs {
    fn overrides(&self) -> Vec<(String, String)> {
        let mut overrides = Vec::new();
        if let Some(url) = &self.database_url {
            overrides.push(("service.database_url".into(), toml_string(url)));
        }
        if let Some(url) = &self.blob_url {
            overrides.push(("service.blob_url".into(), toml_string(url)));
        }
        if let Some(dir) = &self.data_dir {
            overrides.push(("service.data_dir".into(), toml_string(&dir.to_string_lossy())));
        }
        overrides
    }
}

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long, value_name = "ADDR")]
    listen: Option<String>,
    /// Base URL clients use; presigned URLs start with it (default http://LISTEN).
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,
    /// Jobs run at once in this process (0: API only).
    #[arg(long)]
    workers: Option<usize>,
    #[command(flatten)]
    state: StateArgs,
}

impl ServeArgs {
    pub fn setting_overrides(&self) -> Vec<(String, String)> {
        let mut overrides = self.state.overrides();
        if let Some(listen) = &self.listen {
            overrides.push(("service.listen".into(), toml_string(listen)));
            if self.public_url.is_none() {
                overrides.push(("service.public_url".into(), toml_string(&format!("http://{listen}"))));
            }
        }
        if let Some(url) = &self.public_url {
            overrides.push(("service.public_url".into(), toml_string(url)));
        }
        if let Some(workers) = self.workers {
            overrides.push(("service.workers".into(), workers.to_string()));
        }
        overrides
    }
}

#[derive(clap::Args)]
pub struct WorkerArgs {
    /// Jobs run at once.
    #[arg(long)]
    concurrency: Option<usize>,
    /// Kinds of job taken: clip, render, export, agent, comma-separated (default: all).
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    kinds: Option<Vec<String>>,
    /// Seconds running jobs get to finish on SIGTERM before they are handed back.
    #[arg(long, value_name = "SECONDS")]
    drain_s: Option<u64>,
    /// Serve Prometheus metrics at http://ADDR/metrics.
    #[arg(long, value_name = "ADDR")]
    metrics_listen: Option<String>,
    #[command(flatten)]
    state: StateArgs,
}

/// `reelcut sweep`: what the workers' periodic sweep does, once, now.
#[derive(clap::Args)]
pub struct SweepArgs {
    #[command(flatten)]
    state: StateArgs,
}

impl SweepArgs {
    pub fn setting_overrides(&self) -> Vec<(String, String)> {
        self.state.overrides()
    }
}

/// Removes this host's scratch of jobs that can no longer run and the blobs nobody
/// reads again (a cron job on a deployment whose workers rarely restart); prints what
/// went as JSON.
pub fn sweep(context: &Context, _args: SweepArgs) -> Result<(), Failure> {
    shared::runtime()?.block_on(async {
        let service = open(context).await?;
        let scratch = reelcut_jobs::sweep::scratch(&service).await;
        let blobs = reelcut_jobs::sweep::blobs(&service).await;
        println!("{}", serde_json::json!({ "scratch_folders": scratch, "blobs": blobs }));
        service.store.close().await;
        Ok(())
    })
}

impl WorkerArgs {
    pub fn setting_overrides(&self) -> Vec<(String, String)> {
        let mut overrides = self.state.overrides();
        if let Some(n) = self.concurrency {
            overrides.push(("service.workers".into(), n.to_string()));
        }
        if let Some(kinds) = &self.kinds {
            let list: Vec<String> = kinds.iter().map(|k| toml_string(k.trim())).collect();
            overrides.push(("service.kinds".into(), format!("[{}]", list.join(", "))));
        }
        if let Some(seconds) = self.drain_s {
            overrides.push(("service.drain_s".into(), seconds.to_string()));
        }
        if let Some(addr) = &self.metrics_listen {
            overrides.push(("service.metrics_listen".into(), toml_string(addr)));
        }
        overrides
    }
}

#[derive(clap::Subcommand)]
pub enum KeysCommand {
    /// Create an API key for a workspace (created when new). Prints the key once.
    Create {
        #[arg(long)]
        workspace: String,
        /// The key's shape: `reelcut` (rk_…) works with every dialect; `scalereach`
        /// (sr_live_ + 48 hex digits) also passes clients that check ScaleReach's shape.
        #[arg(long, value_enum, default_value_t = KeyShape::Reelcut)]
        dialect: KeyShape,
        #[command(flatten)]
        state: StateArgs,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum KeyShape {
    Reelcut,
    Scalereach,
}

impl KeysCommand {
    pub fn setting_overrides(&self) -> Vec<(String, String)> {
        match self {
            KeysCommand::Create { state, .. } => state.overrides(),
        }
    }
}

async fn open(context: &Context) -> Result<Service, Failure> {
    Ok(Service::open(context.settings.clone()).await?)
}

fn shutdown_on_signal() -> CancellationToken {
    let shutdown = shared::cancel_on_ctrl_c();
    let on_term = shutdown.clone();
    tokio::spawn(async move {
        if let Ok(mut term) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            term.recv().await;
            on_term.cancel();
        }
    });
    shutdown
}

/// Workers (when any, with their `/metrics` when asked for) and the webhook sender,
/// until `shutdown`.
async fn spawn_background(service: &Service, shutdown: &CancellationToken) -> Result<Vec<tokio::task::JoinHandle<()>>, Failure> {
    let mut tasks = Vec::new();
    let settings = &service.settings.service;
    if settings.workers > 0 {
        let options = WorkerOptions {
            // The settings were validated when they loaded: every name parses.
            kinds: settings.kinds.iter().filter_map(|k| JobKind::parse_short(k)).collect(),
            drain: Duration::from_secs(settings.drain_s),
            ..WorkerOptions::new(settings.workers, reelcut_api::announcer())
        };
        if !settings.metrics_listen.is_empty() {
            tasks.push(serve_metrics(&settings.metrics_listen, options.metrics.clone(), shutdown.clone()).await?);
        }
        tasks.push(tokio::spawn(reelcut_jobs::run_workers(service.clone(), options, shutdown.clone())));
    }
    tasks.push(tokio::spawn(reelcut_jobs::webhooks::run_sender(
        service.clone(),
        Duration::from_millis(500),
        shutdown.clone(),
    )));
    Ok(tasks)
}

/// `GET /metrics` (OpenMetrics text) on `listen`, until `shutdown`.
async fn serve_metrics(listen: &str, metrics: WorkerMetrics, shutdown: CancellationToken) -> Result<tokio::task::JoinHandle<()>, Failure> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| Failure::new(Code::InvalidParameter, format!("cannot serve metrics on {listen}: {e}")))?;
    let app = axum::Router::new().route(
        "/metrics",
        axum::routing::get(move || {
            let body = metrics.render();
            async move {
                (
                    [(
                        axum::http::header::CONTENT_TYPE,
                        "application/openmetrics-text; version=1.0.0; charset=utf-8",
                    )],
                    body,
                )
            }
        }),
    );
    Ok(tokio::spawn(async move {
        let served = axum::serve(listener, app).with_graceful_shutdown(async move { shutdown.cancelled().await });
        if let Err(error) = served.await {
            tracing::warn!(%error, "the metrics listener stopped");
        }
    }))
}

pub fn serve(context: &Context, _args: ServeArgs) -> Result<(), Failure> {
    shared::runtime()?.block_on(async {
        let service = open(context).await?;
        let listen = service.settings.service.listen.clone();
        let listener = tokio::net::TcpListener::bind(&listen)
            .await
            .map_err(|e| Failure::new(Code::InvalidParameter, format!("cannot listen on {listen}: {e}")))?;
        let shutdown = shutdown_on_signal();
        let tasks = spawn_background(&service, &shutdown).await?;
        let public = &service.settings.service.public_url;
        let (login, token) = reelcut_api::studio::login::Login::once();
        eprintln!("reelcut serving on http://{listen} (public URL {public})");
        eprintln!(
            "studio: {public}/ — sign in with a key from `reelcut keys create`, or once as workspace `{}` with {public}/#login={token}",
            reelcut_api::studio::login::DEFAULT_WORKSPACE
        );
        let app = reelcut_api::router_with_login(service.clone(), login);
        let stop = shutdown.clone();
        axum::serve(listener, app)
            .with_graceful_shutdown(async move { stop.cancelled().await })
            .await
            .map_err(|e| Failure::new(Code::Internal, e.to_string()))?;
        for task in tasks {
            let _ = task.await;
        }
        service.store.close().await;
        Ok(())
    })
}

pub fn worker(context: &Context, _args: WorkerArgs) -> Result<(), Failure> {
    shared::runtime()?.block_on(async {
        let service = open(context).await?;
        if service.settings.service.workers == 0 {
            return Err(Failure::new(Code::InvalidParameter, "a worker needs --concurrency of at least 1"));
        }
        let shutdown = shutdown_on_signal();
        eprintln!("reelcut worker running {} job(s) at a time", service.settings.service.workers);
        for task in spawn_background(&service, &shutdown).await? {
            let _ = task.await;
        }
        service.store.close().await;
        Ok(())
    })
}

pub fn keys(context: &Context, command: KeysCommand) -> Result<(), Failure> {
    shared::runtime()?.block_on(async {
        let KeysCommand::Create { workspace, dialect, .. } = command;
        if workspace.trim().is_empty() {
            return Err(Failure::new(Code::InvalidParameter, "--workspace must not be empty"));
        }
        let service = open(context).await?;
        let ws = service.store.ensure_workspace(workspace.trim()).await?;
        let key = match dialect {
            KeyShape::Reelcut => service.store.create_api_key(&ws.id).await?,
            KeyShape::Scalereach => service.store.create_api_key_shaped(&ws.id, "sr_live_", 24).await?,
        };
        eprintln!("workspace {} ({}); keep this key, it is not shown again:", ws.name, ws.id);
        println!("{}", key.secret);
        Ok(())
    })
}
