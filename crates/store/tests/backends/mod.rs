//! The two backends every store suite runs on: a fresh SQLite file and a fresh Postgres
//! database (127.0.0.1:5432, trust auth; `REELCUT_TEST_POSTGRES` overrides the server).

use reelcut_store::Store;

pub async fn sqlite() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&Store::default_sqlite_url(dir.path())).await.unwrap();
    (store, dir)
}

pub async fn postgres() -> Store {
    let server = std::env::var("REELCUT_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let name = format!("reelcut_test_{}", reelcut_store::new_id());
    sqlx::any::install_default_drivers();
    let admin = sqlx::AnyPool::connect(&format!("{server}/postgres"))
        .await
        .expect("postgres at 127.0.0.1:5432");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.unwrap();
    admin.close().await;
    Store::connect(&format!("{server}/{name}")).await.unwrap()
}

macro_rules! on_every_backend {
    ($($name:ident),* $(,)?) => {
        mod sqlite_backend {
            $(#[tokio::test] async fn $name() { let (store, _dir) = super::backends::sqlite().await; super::$name(&store).await; })*
        }
        mod postgres_backend {
            $(#[tokio::test] async fn $name() { let store = super::backends::postgres().await; super::$name(&store).await; })*
        }
    };
}

pub(crate) use on_every_backend;
