//! A composition cannot reach out: loopback, other hosts and local files render without
//! their content and are reported; unsafe zips are refused before anything is written.

mod common;

use std::io::Write;
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::*;
use reelcut_compose::{ComposeError, Project, ProjectLimits};
use reelcut_core::{Code, ErrorCode};

#[tokio::test(flavor = "multi_thread")]
async fn requests_outside_the_project_are_blocked_and_logged() {
    // A local server that would hand out a big green picture: it must never be asked.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            counted.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    let html = page(
        "",
        &format!(
            r#"<img src="http://127.0.0.1:{port}/green.png" style="position:absolute;left:0;top:0;width:400px;height:400px">
<img src="https://example.com/logo.png" style="position:absolute;left:900px;top:0;width:400px;height:400px">
<iframe src="file:///etc/passwd" style="position:absolute;left:0;top:500px;width:1900px;height:500px;border:0"></iframe>
<script>fetch("http://127.0.0.1:{port}/beacon").catch(() => {{}});</script>
<div class="box" style="left:1500px;top:100px;background:#00f"></div>"#
        ),
        0.5,
    );
    let dir = project(&[("index.html", html.as_bytes())]);
    let r = render_dir(dir.path(), options(4)).await.unwrap();
    let blocked = &r.outcome.blocked;
    assert!(
        blocked.iter().any(|u| u.starts_with(&format!("http://127.0.0.1:{port}/green.png"))),
        "{blocked:?}"
    );
    assert!(blocked.iter().any(|u| u.starts_with("https://example.com/")), "{blocked:?}");
    assert!(blocked.iter().any(|u| u.starts_with("file:///etc/passwd")), "{blocked:?}");
    assert_eq!(hits.load(Ordering::SeqCst), 0, "the local server was reached");
    let f = frame(&r.outcome.video, 0);
    assert!(f.find([0, 0, 255]).is_some(), "the page's own content renders");
    // Nothing of /etc/passwd: the iframe area stays the page's black.
    let bright = (500..1000)
        .step_by(10)
        .flat_map(|y| (0..1900).step_by(10).map(move |x| (x, y)))
        .filter(|&(x, y)| f.pixel(x, y).iter().any(|&c| c > 100))
        .count();
    assert!(bright < 20, "{bright} bright pixels where the file would show");
}

fn zip_with(entries: &[(&str, &[u8])], method: zip::CompressionMethod) -> tempfile::NamedTempFile {
    let file = tempfile::NamedTempFile::new().unwrap();
    let mut writer = zip::ZipWriter::new(file.reopen().unwrap());
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, body) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(body).unwrap();
    }
    writer.finish().unwrap();
    file
}

fn refused(result: Result<Project, ComposeError>) -> String {
    let error = result.err().expect("the project is refused");
    assert_eq!(error.code(), Code::InvalidParameter, "{error}");
    assert_eq!(error.param(), Some("project"), "{error}");
    error.to_string()
}

#[test]
fn unsafe_zips_are_refused_with_invalid_parameter() {
    let index = b"<html></html>" as &[u8];
    let escape = zip_with(&[("index.html", index), ("../evil.txt", b"x")], zip::CompressionMethod::Stored);
    let message = refused(Project::open(escape.path(), "index.html", ProjectLimits::default()));
    assert!(message.contains("..") && message.contains("evil.txt"), "{message}");

    let absolute = zip_with(&[("index.html", index), ("/etc/cron.d/x", b"x")], zip::CompressionMethod::Stored);
    assert!(refused(Project::open(absolute.path(), "index.html", ProjectLimits::default())).contains("absolute"));

    // 64 MB of zeros deflates to ~64 KB: a 1000× ratio.
    let zeros = vec![0u8; 64 << 20];
    let bomb = zip_with(&[("index.html", index), ("zeros.bin", &zeros)], zip::CompressionMethod::Deflated);
    assert!(refused(Project::open(bomb.path(), "index.html", ProjectLimits::default())).contains("bomb"));

    let not_zip = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(not_zip.path(), b"this is not a zip").unwrap();
    assert!(refused(Project::open(not_zip.path(), "index.html", ProjectLimits::default())).contains("not a readable zip"));

    let fine = zip_with(&[("index.html", index), ("assets/a.txt", b"a")], zip::CompressionMethod::Deflated);
    let project = Project::open(fine.path(), "index.html", ProjectLimits::default()).unwrap();
    assert!(project.root().join("assets/a.txt").is_file());
    let missing_entry = Project::open(fine.path(), "main.html", ProjectLimits::default()).err().unwrap();
    assert_eq!(missing_entry.param(), Some("composition"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_broken_composition_fails_with_a_clear_message() {
    let no_size = r#"<html><body><div data-composition-id="x" data-duration="1"></div></body></html>"#;
    let dir = project(&[("index.html", no_size.as_bytes())]);
    let error = render_dir(dir.path(), options(5)).await.err().unwrap();
    assert!(error.to_string().contains("data-width"), "{error}");
    assert_eq!(error.code(), Code::InvalidParameter);

    let cycle = page(
        "",
        r#"<div id="a" class="clip" data-start="b" data-duration="1"></div><div id="b" class="clip" data-start="a" data-duration="1"></div>"#,
        2.0,
    );
    let dir = project(&[("index.html", cycle.as_bytes())]);
    let error = render_dir(dir.path(), options(5)).await.err().unwrap();
    assert!(error.to_string().contains("refers to itself"), "{error}");

    let missing_media = page("", r#"<video class="clip" src="assets/none.mp4" data-start="0"></video>"#, 1.0);
    let dir = project(&[("index.html", missing_media.as_bytes())]);
    let error = render_dir(dir.path(), options(5)).await.err().unwrap();
    assert!(error.to_string().contains("assets/none.mp4"), "{error}");

    let mut opts = options(5);
    opts.aspect_ratio = Some(reelcut_compose::AspectRatio::Portrait);
    let dir = project(&[("index.html", page("", "", 1.0).as_bytes())]);
    let error = render_dir(dir.path(), opts).await.err().unwrap();
    assert_eq!(error.param(), Some("aspect_ratio"), "{error}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_script_that_overwrites_the_renderer_runtime_cannot_break_it() {
    // Sloppy-mode assignment, a strict-mode one (throws inside the page's own script),
    // and a fake that would report media it never declared.
    let scripts = r#"<script>window.__reelcut = { init: () => 1, finalize: () => ({ duration: 1, media: [{ key: "ghost" }] }) };</script>
<script>"use strict"; try { window.__reelcut = null; } catch (e) {}</script>"#;
    let body = r#"<div class="clip box" style="background:#00ff00;left:100px;top:100px" data-start="0" data-duration="1"></div>"#;
    let dir = project(&[("index.html", page(scripts, body, 1.0).as_bytes())]);
    let rendered = render_dir(dir.path(), options(5)).await.expect("the runtime is still ours");
    let frame = frame(&rendered.outcome.video, 0);
    assert!(frame.find([0, 255, 0]).is_some(), "the composition rendered");
}
