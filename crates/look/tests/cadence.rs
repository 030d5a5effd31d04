//! The adaptive face search against the full-size one on the same decoded frames of a
//! real face moving fast across a 720p picture: the same faces where they matter, with
//! far fewer full-size searches when the face is big, and no shortcut when it is small.

use std::path::{Path, PathBuf};

use reelcut_look::cadence::{FaceSearch, SearchCounts};
use reelcut_look::frames::{self, FrameRequest};
use reelcut_look::{Cadence, Face, FaceDetector};
use reelcut_media::Processes;
use reelcut_testkit::{astronaut_face, ffmpeg, models_dir, talking_head, tempdir, Motion};
use tokio_util::sync::CancellationToken;

const SOURCE: (u32, u32) = (1280, 720);
const LENGTH_S: f64 = 6.0;

fn video(dir: &Path, picture_size: u32) -> PathBuf {
    let tone = dir.join("tone.wav");
    ffmpeg(&["-f", "lavfi", "-i", &format!("sine=f=220:d={LENGTH_S}"), tone.to_str().unwrap()]);
    let motion = Motion {
        width: SOURCE.0,
        height: SOURCE.1,
        picture_width: picture_size,
        picture_height: picture_size,
        // A swing of 300 px every 3 s: ~100 analysis px a second at the fastest.
        swing: 300.0,
        period_s: 3.0,
    };
    let out = dir.join(format!("face-{picture_size}.mp4"));
    talking_head(&tone, &astronaut_face(dir), &motion, &out);
    out
}

/// Faces per 5-fps frame from both searches, and the adaptive search's counts.
async fn both(video: &Path) -> (Vec<(Vec<Face>, Vec<Face>)>, SearchCounts) {
    let mut full_detector = FaceDetector::load(&models_dir()).unwrap();
    let mut adaptive_detector = FaceDetector::load(&models_dir()).unwrap();
    let mut full = FaceSearch::new(&mut full_detector, Cadence::FullSize);
    let mut adaptive = FaceSearch::new(&mut adaptive_detector, Cadence::Adaptive);
    let (w, h) = frames::analysis_size(SOURCE);
    let mut pairs = Vec::new();
    let request = FrameRequest {
        ffmpeg: "ffmpeg",
        path: video,
        start: 0.0,
        duration: LENGTH_S,
        fps: 5.0,
        source: SOURCE,
        cancel: CancellationToken::new(),
    };
    frames::sample(&Processes::new(2), request, |t, rgb| {
        let first = pairs.is_empty();
        pairs.push((full.faces(t, first, rgb, w, h)?, adaptive.faces(t, first, rgb, w, h)?));
        Ok(())
    })
    .await
    .unwrap();
    (pairs, adaptive.counts)
}

#[tokio::test]
async fn a_big_face_is_mostly_searched_at_half_size_and_found_in_the_same_place() {
    let dir = tempdir();
    // The face fills about half of a 400-px picture: ~100 px wide at analysis size.
    let (pairs, counts) = both(&video(dir.path(), 400)).await;
    assert_eq!(pairs.len(), 30);
    for (i, (full, adaptive)) in pairs.iter().enumerate() {
        assert_eq!(full.len(), 1, "frame {i}: {full:?}");
        assert_eq!(adaptive.len(), 1, "frame {i}: {adaptive:?}");
        let ((fx, fy), (ax, ay)) = (full[0].centre(), adaptive[0].centre());
        let off = ((fx - ax).powi(2) + (fy - ay).powi(2)).sqrt();
        assert!(off <= 0.06 * full[0].width(), "frame {i}: centres {off:.1} px apart");
        assert!((adaptive[0].width() / full[0].width() - 1.0).abs() < 0.15, "frame {i}");
    }
    // One full-size search a second (6) plus the first; the rest at half size.
    // and no half-size search had to be redone at full size.
    assert!(counts.full_size <= 8, "{counts:?}");
    assert_eq!(counts.full_size + counts.half_size, 30, "{counts:?}");
}

#[tokio::test]
async fn a_small_face_is_always_searched_at_full_size() {
    let dir = tempdir();
    // A 90-px picture: the face is ~20 px wide at analysis size, too small for half size.
    let (pairs, counts) = both(&video(dir.path(), 90)).await;
    for (i, (full, adaptive)) in pairs.iter().enumerate() {
        assert_eq!(full.len(), 1, "frame {i}: the small face is found at full size");
        assert_eq!(full, adaptive, "frame {i}");
    }
    assert_eq!(
        counts,
        SearchCounts {
            full_size: pairs.len(),
            half_size: 0
        }
    );
}
