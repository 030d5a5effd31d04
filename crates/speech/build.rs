//! ct2rs (feature `system`) links a CTranslate2 shared library that is not built here:
//! scripts/ctranslate2.sh installs the one from PyPI's wheel. Without it the final link
//! fails with a bare "cannot find -lctranslate2"; say what to run instead.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=LIBRARY_PATH");
    let mut dirs: Vec<PathBuf> = std::env::var_os("LIBRARY_PATH")
        .map(|v| std::env::split_paths(&v).collect())
        .unwrap_or_default();
    dirs.extend(["/usr/local/lib", "/usr/lib", "/usr/lib/x86_64-linux-gnu"].map(PathBuf::from));
    if !dirs.iter().any(|d| d.join("libctranslate2.so").exists()) {
        panic!(
            "libctranslate2.so is not on the link path: run `scripts/ctranslate2.sh`, then \
             `source scripts/env.sh` (it puts /usr/local/lib/reelcut-ctranslate2 on LIBRARY_PATH)"
        );
    }
}
