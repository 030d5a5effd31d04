//! ONNX Runtime, loaded at run time from the library that `reelcut models fetch`
//! installs (the `onnxruntime` wheel's `libonnxruntime.so.*`). Loading is checked
//! first so a missing library is a clear error, not a `dlopen` panic.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::ModelsError;

static ENVIRONMENT: OnceLock<Result<ort::environment::Environment, String>> = OnceLock::new();

/// The library inside a models directory, or `$ORT_DYLIB_PATH` when set.
pub fn library_path(models_dir: &Path) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ORT_DYLIB_PATH") {
        return Some(PathBuf::from(p));
    }
    let dir = models_dir.join("onnxruntime");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("libonnxruntime.so"))
        })
        .collect();
    found.sort();
    found.pop()
}

/// The process-wide environment (ONNX Runtime allows one), shared by every room that
/// runs an ONNX model (the VAD, the face detector).
pub fn environment(models_dir: &Path) -> Result<&'static ort::environment::Environment, ModelsError> {
    let result = ENVIRONMENT.get_or_init(|| {
        let path = library_path(models_dir).ok_or_else(|| format!("no ONNX Runtime library under {}/onnxruntime", models_dir.display()))?;
        if !path.is_file() {
            return Err(format!("{} does not exist", path.display()));
        }
        let builder = ort::init_from(&path).map_err(|e| format!("cannot load {}: {e}", path.display()))?;
        builder.with_name("reelcut").build().map_err(|e| e.to_string())
    });
    result.as_ref().map_err(|detail| ModelsError::File {
        path: models_dir.join("onnxruntime"),
        detail: detail.clone(),
    })
}
