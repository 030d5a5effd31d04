//! What the page may load. The project is served under [`ORIGIN`]
//! from its directory; pre-extracted video frames under `/__reelcut/frames/`; the
//! well-known GSAP CDN URLs from the vendored npm `gsap` package (the CDNs cannot be
//! reached, and compositions often load GSAP from one); the vendored web fonts under
//! `/__reelcut/fonts/`. Everything else is refused.

use std::path::{Path, PathBuf};

use chromiumoxide::cdp::browser_protocol::network::ResourceType;

/// The origin the project is served under. `.invalid` never resolves, and every request
/// is answered by the interceptor, so the project never touches a socket.
pub const ORIGIN: &str = "http://hyperframes.invalid";

pub const FRAMES_PREFIX: &str = "/__reelcut/frames/";

pub enum Decision {
    Serve {
        body: Vec<u8>,
        mime: String,
    },
    NotFound,
    /// A request that leaves the project: refused and logged.
    Block {
        reason: &'static str,
    },
    /// Media the renderer plays itself: refused quietly.
    Ignore,
}

pub struct Origin {
    project_root: PathBuf,
    frames_dir: PathBuf,
    gsap_dir: Option<PathBuf>,
    fonts_dir: Option<PathBuf>,
}

impl Origin {
    pub fn new(project_root: &Path, frames_dir: &Path, gsap_dir: Option<&Path>) -> Origin {
        Origin {
            project_root: project_root.to_path_buf(),
            frames_dir: frames_dir.to_path_buf(),
            gsap_dir: gsap_dir.map(Path::to_path_buf),
            fonts_dir: None,
        }
    }

    /// Serves the vendored web fonts under [`crate::fonts::FONTS_PREFIX`].
    pub fn with_fonts(mut self, fonts_dir: Option<&Path>) -> Origin {
        self.fonts_dir = fonts_dir.map(Path::to_path_buf);
        self
    }

    pub fn decide(&self, url: &str, resource_type: &ResourceType) -> Decision {
        let Ok(parsed) = url::Url::parse(url) else {
            return Decision::Block { reason: "malformed URL" };
        };
        if url.starts_with(ORIGIN) && parsed.host_str() == Some("hyperframes.invalid") {
            if *resource_type == ResourceType::Media {
                return Decision::Ignore;
            }
            let path = parsed.path();
            let file = if let Some(rest) = path.strip_prefix(FRAMES_PREFIX) {
                inside(&self.frames_dir, rest)
            } else if let Some(rest) = path.strip_prefix(crate::fonts::FONTS_PREFIX) {
                self.fonts_dir.as_deref().and_then(|dir| inside(dir, rest))
            } else {
                inside(&self.project_root, path)
            };
            return match file.and_then(|f| std::fs::read(&f).ok().map(|body| (f, body))) {
                Some((file, body)) => Decision::Serve {
                    mime: mime_guess::from_path(&file).first_or_octet_stream().essence_str().to_string(),
                    body,
                },
                None => Decision::NotFound,
            };
        }
        if parsed.scheme() == "data" || parsed.scheme() == "blob" {
            // Never reach the interceptor in practice; harmless when they do.
            return Decision::NotFound;
        }
        if let (Some(dir), Some(name)) = (&self.gsap_dir, gsap_cdn_file(&parsed)) {
            return match std::fs::read(dir.join(&name)) {
                Ok(body) => Decision::Serve {
                    body,
                    mime: "text/javascript".into(),
                },
                Err(_) => Decision::NotFound,
            };
        }
        Decision::Block {
            reason: "outside the project",
        }
    }
}

/// A file under `root` named by a URL path, never outside it (canonical paths, so a
/// link that points out is refused too).
pub(crate) fn inside(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(url_path.trim_start_matches('/'))
        .decode_utf8_lossy()
        .into_owned();
    let relative = Path::new(&decoded);
    if relative.components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
        return None;
    }
    let root = root.canonicalize().ok()?;
    let file = root.join(relative).canonicalize().ok()?;
    (file.starts_with(&root) && file.is_file()).then_some(file)
}

/// The dist file a GSAP CDN URL asks for. Recognised (any version; we serve the one
/// vendored, see README):
/// - `https://cdn.jsdelivr.net/npm/gsap@V/dist/F` (and `/npm/gsap/dist/F`, `/npm/gsap@V`)
/// - `https://unpkg.com/gsap@V/dist/F` (and without a version or a path)
/// - `https://cdnjs.cloudflare.com/ajax/libs/gsap/V/F`
pub fn gsap_cdn_file(url: &url::Url) -> Option<String> {
    let host = url.host_str()?;
    let segments: Vec<&str> = url.path_segments()?.filter(|s| !s.is_empty()).collect();
    let is_gsap = |s: &str| s == "gsap" || s.starts_with("gsap@");
    let file = match (host, segments.as_slice()) {
        ("cdn.jsdelivr.net", ["npm", pkg, rest @ ..]) | ("unpkg.com", [pkg, rest @ ..]) if is_gsap(pkg) => match rest {
            [] => "gsap.min.js",
            ["dist", file] => file,
            _ => return None,
        },
        ("cdnjs.cloudflare.com", ["ajax", "libs", "gsap", _version, file]) => file,
        _ => return None,
    };
    let plain = file.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    (plain && file.ends_with(".js") && !file.starts_with('.')).then(|| file.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(url: &str) -> Option<String> {
        gsap_cdn_file(&url::Url::parse(url).unwrap())
    }

    #[test]
    fn gsap_cdn_urls_map_to_dist_files() {
        assert_eq!(
            file("https://cdn.jsdelivr.net/npm/gsap@3.12.5/dist/gsap.min.js").as_deref(),
            Some("gsap.min.js")
        );
        assert_eq!(
            file("https://cdn.jsdelivr.net/npm/gsap/dist/ScrollTrigger.min.js").as_deref(),
            Some("ScrollTrigger.min.js")
        );
        assert_eq!(file("https://cdn.jsdelivr.net/npm/gsap@3").as_deref(), Some("gsap.min.js"));
        assert_eq!(file("https://unpkg.com/gsap@3.15.0/dist/gsap.js").as_deref(), Some("gsap.js"));
        assert_eq!(
            file("https://cdnjs.cloudflare.com/ajax/libs/gsap/3.12.2/gsap.min.js").as_deref(),
            Some("gsap.min.js")
        );
        assert_eq!(file("https://cdn.jsdelivr.net/npm/lodash@4/lodash.min.js"), None);
        assert_eq!(file("https://evil.example/npm/gsap@3/dist/gsap.min.js"), None);
        assert_eq!(file("https://unpkg.com/gsap@3/dist/..%2F..%2Fetc"), None);
    }

    #[test]
    fn project_files_stay_inside() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<html></html>").unwrap();
        let frames = tempfile::tempdir().unwrap();
        let origin = Origin::new(dir.path(), frames.path(), None);
        assert!(matches!(
            origin.decide("http://hyperframes.invalid/index.html", &ResourceType::Document),
            Decision::Serve { .. }
        ));
        assert!(matches!(
            origin.decide("http://hyperframes.invalid/%2e%2e/%2e%2e/etc/passwd", &ResourceType::Document),
            Decision::NotFound
        ));
        assert!(matches!(
            origin.decide("http://127.0.0.1:8080/x.png", &ResourceType::Image),
            Decision::Block { .. }
        ));
        assert!(matches!(
            origin.decide("http://hyperframes.invalid/clip.mp4", &ResourceType::Media),
            Decision::Ignore
        ));
    }
}
