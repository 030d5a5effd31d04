//! Connecting, migrating, and the dialect switch.

use std::path::Path;
use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::AnyPool;

use crate::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    pub(crate) dialect: Dialect,
    /// The URL it was opened with (Postgres listeners open their own connection).
    pub(crate) url: String,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

impl Store {
    /// Opens (creating when needed) and migrates the database at `url`.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let dialect = if url.starts_with("sqlite:") {
            Dialect::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Dialect::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl(url.to_string()));
        };
        let url = match dialect {
            Dialect::Sqlite => sqlite_url(url)?,
            Dialect::Postgres => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(match dialect {
                // SQLite has one writer; a few readers are plenty and keep lock waits short.
                Dialect::Sqlite => 4,
                Dialect::Postgres => 10,
            })
            // A SQLite connection is a file handle: it cannot go stale, and the ping
            // sqlx sends before each acquire is a round trip to the connection's worker
            // thread, as costly as the query itself (bench/api). Postgres keeps it.
            .test_before_acquire(dialect == Dialect::Postgres)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if dialect == Dialect::Sqlite {
                        // Writers wait for each other instead of failing with SQLITE_BUSY.
                        sqlx::query("PRAGMA busy_timeout = 10000").execute(&mut *conn).await?;
                        sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        if dialect == Dialect::Sqlite {
            // WAL lets the API read while a worker writes; it is a property of the file.
            sqlx::query("PRAGMA journal_mode = WAL").execute(&pool).await?;
        }
        MIGRATOR.run(&pool).await?;
        Ok(Store { pool, dialect, url })
    }

    /// The embedded default: `data_dir/reelcut.db`.
    pub fn default_sqlite_url(data_dir: &Path) -> String {
        format!("sqlite://{}", data_dir.join("reelcut.db").display())
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// `SELECT 1`, for `/readyz`.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Creates the SQLite file's directory and asks sqlx to create the file.
fn sqlite_url(url: &str) -> Result<String, StoreError> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or(path);
    if path != ":memory:" {
        if let Some(parent) = Path::new(path).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)?;
            }
        }
    }
    Ok(if url.contains('?') {
        url.to_string()
    } else {
        format!("{url}?mode=rwc")
    })
}
