//! Remote inputs cannot reach private addresses: not directly, not through a redirect,
//! not through a name that resolves to one; and the size limit holds.

use std::net::SocketAddr;
use std::time::Duration;

use axum::response::Redirect;
use axum::routing::get;
use reelcut_jobs::fetch::{download, FetchError, FetchPolicy};

async fn server() -> SocketAddr {
    let app = axum::Router::new()
        .route("/ok", get(|| async { "media bytes" }))
        .route("/big", get(|| async { vec![7u8; 100_000] }))
        .route(
            "/to-other-loopback",
            get(|| async { Redirect::temporary("http://127.0.0.2:9/secret") }),
        )
        .route(
            "/to-metadata",
            get(|| async { Redirect::temporary("http://169.254.169.254/latest/meta-data/") }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

fn policy(allow: &[&str]) -> FetchPolicy {
    FetchPolicy {
        allow: allow.iter().map(|a| a.parse().unwrap()).collect(),
        max_bytes: 10_000,
        timeout: Duration::from_secs(10),
    }
}

#[tokio::test]
async fn private_targets_are_refused_everywhere() {
    let addr = server().await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("input");
    let port = addr.port();

    // Allowed explicitly (as an internal store would be): works.
    let n = download(&policy(&["127.0.0.1"]), &format!("http://127.0.0.1:{port}/ok"), &dest)
        .await
        .unwrap();
    assert_eq!(n, 11);

    // Not allowed: a literal loopback address, a name resolving to one, a redirect to one.
    let refused = [
        (policy(&[]), format!("http://127.0.0.1:{port}/ok")),
        (policy(&[]), format!("http://localhost:{port}/ok")),
        (policy(&["127.0.0.1"]), format!("http://127.0.0.1:{port}/to-other-loopback")),
        (policy(&["127.0.0.1"]), format!("http://127.0.0.1:{port}/to-metadata")),
        (policy(&[]), "http://[::1]:9/x".to_string()),
        (policy(&[]), "http://169.254.169.254/latest/meta-data/".to_string()),
    ];
    for (policy, url) in refused {
        let error = download(&policy, &url, &dest).await.unwrap_err();
        assert!(matches!(error, FetchError::Blocked(_)), "{url}: {error}");
    }
    assert!(matches!(
        download(&policy(&[]), "file:///etc/passwd", &dest).await,
        Err(FetchError::BadUrl)
    ));
    let big = download(&policy(&["127.0.0.1"]), &format!("http://127.0.0.1:{port}/big"), &dest).await;
    assert!(matches!(big, Err(FetchError::TooLarge(10_000))), "{big:?}");
}
