//! Waking idle workers when a job becomes claimable. On Postgres, queuing a job (or
//! handing one back) sends `NOTIFY reelcut_jobs` and an idle worker `LISTEN`s, so many
//! idle hosts need not poll the table twice a second each to start work at once.
//! SQLite has no such signal (its workers share one machine) and keeps polling. Polling
//! stays the fallback everywhere: a notice lost while a listener reconnects, or a job
//! whose back-off ends, costs at most one poll interval.

use std::time::Duration;

use sqlx::postgres::PgListener;

use crate::{Dialect, Store};

/// The channel queued jobs are announced on.
pub const CHANNEL: &str = "reelcut_jobs";

/// What an idle worker waits on: a notice or its poll interval, whichever comes first.
pub struct Wakeup {
    listener: Option<PgListener>,
}

impl Store {
    /// Tells listening workers a job may be claimable now. A failure only delays the
    /// job until their next poll, so it is logged, not returned.
    pub(crate) async fn announce_job(&self) {
        if self.dialect != Dialect::Postgres {
            return;
        }
        if let Err(error) = sqlx::query("SELECT pg_notify($1, '')").bind(CHANNEL).execute(&self.pool).await {
            tracing::warn!(%error, "announcing a queued job failed; idle workers will see it at their next poll");
        }
    }

    /// A listener on this database's job channel (Postgres), or a plain timer (SQLite,
    /// or when listening fails).
    pub async fn wakeup(&self) -> Wakeup {
        let listener = match self.dialect {
            Dialect::Postgres => listen(&self.url)
                .await
                .inspect_err(|error| tracing::warn!(%error, "cannot LISTEN for queued jobs; polling instead"))
                .ok(),
            Dialect::Sqlite => None,
        };
        Wakeup { listener }
    }
}

async fn listen(url: &str) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

impl Wakeup {
    /// Whether a database notice can end a wait early.
    pub fn listens(&self) -> bool {
        self.listener.is_some()
    }

    /// Returns on a notice or after `poll`. A broken connection is re-made by the
    /// listener on its next receive; until then this waits out the poll.
    pub async fn wait(&mut self, poll: Duration) {
        let Some(listener) = &mut self.listener else {
            tokio::time::sleep(poll).await;
            return;
        };
        let started = tokio::time::Instant::now();
        match tokio::time::timeout(poll, listener.recv()).await {
            Ok(Ok(_)) | Err(_) => {}
            Ok(Err(error)) => {
                tracing::warn!(%error, "job listener lost its connection");
                tokio::time::sleep_until(started + poll).await;
            }
        }
    }
}
