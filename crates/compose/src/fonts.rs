//! Web fonts as the official HyperFrames compiler has them: the families compositions
//! name most (Inter, Montserrat, Roboto, Poppins, Open Sans, Lato, Nunito, Oswald,
//! Outfit, Playfair Display, EB Garamond, Archivo Black, League Gothic, IBM Plex Mono,
//! JetBrains Mono, Source Code Pro, Space Mono, Noto Sans JP), from npm's
//! `@fontsource/*` packages, vendored by `scripts/vendor.sh fonts` into `<vendor>/fonts/`.
//! Every page gets their `@font-face` rules, served under [`FONTS_PREFIX`]; a browser
//! only fetches the faces (and unicode subsets) a page actually uses, and a
//! composition's own `@font-face` rules come later in the page, so they win.

use std::path::Path;

pub const FONTS_PREFIX: &str = "/__reelcut/fonts/";

/// The `@font-face` rules of every vendored family and weight (`<slug>-<weight>.css`,
/// already pointing at [`FONTS_PREFIX`]), in name order so every render is the same.
pub fn font_faces(dir: &Path) -> String {
    let mut sheets: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "css"))
        .collect();
    sheets.sort();
    sheets
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Script for the page runtime: puts the rules first in `<head>` once it exists.
pub fn injection(dir: Option<&Path>) -> String {
    let Some(css) = dir.map(font_faces).filter(|c| !c.is_empty()) else {
        return String::new();
    };
    format!(
        r#"
(function () {{
  const style = document.createElement("style");
  style.setAttribute("data-reelcut-fonts", "");
  style.textContent = {css};
  const put = () => document.head.prepend(style);
  if (document.head) put(); else document.addEventListener("DOMContentLoaded", put);
}})();
"#,
        css = serde_json::Value::String(css)
    )
}
