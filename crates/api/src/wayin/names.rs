//! WayinVideo's names for export options → reelcut's. Every value its Clips Export API
//! documents maps onto something real; an unknown one is `invalid_parameter` with the
//! field as `param`.
//!
//! Caption templates: WayinVideo publishes 37 `cc_style_tpl` ids but no pictures (its
//! style page is gone); a third-party client names a few (temp-7 "classic-yellow",
//! word-focus "bold-white", smart-bg-focus "white-card", box-highlight "black-box",
//! underline-focus "white-underline", temp-static-2 "static-comic", game-streamer-1
//! "gaming-magenta"). Those map to the nearest look; the numbered ids nobody describes
//! are spread over the looks so each id is a real, distinct choice — `temp-static-*` onto
//! the looks that show a page whole (WayinVideo's rule: `both` needs a static template).

use reelcut_captions::Style;
use reelcut_clipping::export::Frame;
use reelcut_clipping::{Aspect, LayoutChoice};

/// `cc_style_tpl` → a caption look.
pub fn caption_style(id: &str) -> Option<Style> {
    use Style::*;
    let style = match id {
        "temp-7" => Bold,
        "word-focus" => Pop,
        "smart-bg-focus" => WhiteCard,
        "box-highlight" => BoxHighlight,
        "underline-focus" => Underline,
        "temp-static-2" => Comic,
        "game-streamer-1" => Neon,
        _ => {
            let (prefix, n) = id.rsplit_once('-')?;
            let n: usize = n.parse().ok()?;
            let pool: &[Style] = match (prefix, n) {
                ("temp", 0..=17) => &[Classic, Karaoke, Hormozi, Pop, Minimal, Elegant, Rainbow, Bold, OneWord],
                ("temp-static", 1..=6) => &[BlackBox, Comic, Classic, Cinematic, WhiteCard, Minimal],
                ("game-streamer", 2..=7) => &[Rainbow, OneWord, Hormozi, Karaoke, Pop, Bold],
                _ => return None,
            };
            let first = if prefix == "game-streamer" {
                2
            } else {
                usize::from(prefix == "temp-static")
            };
            pool[(n - first) % pool.len()]
        }
    };
    Some(style)
}

/// Every documented `cc_style_tpl` id, in WayinVideo's order.
pub fn caption_style_ids() -> Vec<String> {
    let mut ids: Vec<String> = ["smart-bg-focus", "box-highlight", "word-focus", "underline-focus"]
        .map(String::from)
        .to_vec();
    ids.extend((0..=17).map(|n| format!("temp-{n}")));
    ids.extend((1..=6).map(|n| format!("temp-static-{n}")));
    ids.extend((1..=7).map(|n| format!("game-streamer-{n}")));
    ids
}

/// `resolution` → the short side in pixels.
pub fn resolution(name: &str) -> Option<u32> {
    Some(match name {
        "SD_480" => 480,
        "HD_720" => 720,
        "FHD_1080" => 1080,
        "QHD_2K" => 1440,
        "UHD_4K" => 2160,
        _ => return None,
    })
}

/// `ratio` (with `enable_ai_reframe`) → the output frame; `RATIO_ORIGINAL` (the older
/// version's default) is no reframe.
pub fn ratio(name: &str) -> Option<Frame> {
    Some(match name {
        "RATIO_9_16" => Frame::Aspect(Aspect::Portrait),
        "RATIO_1_1" => Frame::Aspect(Aspect::Square),
        "RATIO_4_5" => Frame::Aspect(Aspect::FourFive),
        "RATIO_16_9" => Frame::Aspect(Aspect::Landscape),
        "RATIO_ORIGINAL" => Frame::Original,
        _ => return None,
    })
}

/// `reframe_layout` → a layout. Exact, case- and space-sensitive names, as WayinVideo
/// takes them. The gameplay layouts (a game screen with a face cam) are screen-first;
/// over-the-shoulder has no layout of its own and follows the speaker.
pub fn layout(name: &str) -> Option<LayoutChoice> {
    Some(match name {
        "" | "Auto" => LayoutChoice::Auto,
        "Full" | "OTS" => LayoutChoice::Fill,
        "Fit" => LayoutChoice::Fit,
        "Split 2" => LayoutChoice::Split,
        "PiP" => LayoutChoice::Pip,
        "Screen First" | "Gameplay A" | "Gameplay B" => LayoutChoice::ScreenFirst,
        "Grid 4" | "Trio" => LayoutChoice::Grid,
        _ => return None,
    })
}

/// The `reframe_layout` names WayinVideo allows with each `ratio` (without a reframe,
/// the frame is kept and only `Auto` applies).
pub fn layouts_for(ratio: &str) -> &'static [&'static str] {
    match ratio {
        "RATIO_16_9" => &["Auto", "Full", "Fit", "Grid 4", "Split 2", "Trio", "PiP", "OTS", "Screen First"],
        "RATIO_9_16" | "RATIO_4_5" => &[
            "Auto",
            "Full",
            "Fit",
            "Grid 4",
            "Split 2",
            "Trio",
            "PiP",
            "Screen First",
            "Gameplay A",
            "Gameplay B",
        ],
        "RATIO_1_1" => &["Auto", "Full", "Fit", "Grid 4", "Trio"],
        _ => &["Auto"],
    }
}

/// `target_duration` → the duration types whose ranges cover the bucket best (ours:
/// 30 = 15–40 s, 60 = 35–90 s, 180 = 90–180 s, long = 180–600 s).
pub fn durations(bucket: &str) -> Option<&'static [&'static str]> {
    Some(match bucket {
        "DURATION_0_30" => &["30"],
        "DURATION_0_90" | "DURATION_30_60" => &["30", "60"],
        "DURATION_60_90" => &["60"],
        "DURATION_90_180" => &["180"],
        "DURATION_180_300" => &["long"],
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_name_maps_and_unknown_ones_do_not() {
        let ids = caption_style_ids();
        // api-wave2 says "37 ids"; its own ranges (4 named, temp-0…17, temp-static-1…6,
        // game-streamer-1…7) list 35, and these are they.
        assert_eq!(ids.len(), 35);
        for id in &ids {
            assert!(caption_style(id).is_some(), "{id}");
        }
        let looks: std::collections::HashSet<Style> = ids.iter().filter_map(|id| caption_style(id)).collect();
        assert!(looks.len() >= 12, "the ids reach {} looks", looks.len());
        for bad in ["temp-18", "temp-static-0", "game-streamer-8", "temp-x", "fancy"] {
            assert_eq!(caption_style(bad), None, "{bad}");
        }
        for r in ["SD_480", "HD_720", "FHD_1080", "QHD_2K", "UHD_4K"] {
            assert!(resolution(r).is_some());
        }
        for r in ["RATIO_9_16", "RATIO_1_1", "RATIO_4_5", "RATIO_16_9", "RATIO_ORIGINAL"] {
            assert!(ratio(r).is_some());
        }
        for l in [
            "Auto",
            "Full",
            "Fit",
            "Grid 4",
            "Split 2",
            "Trio",
            "PiP",
            "OTS",
            "Screen First",
            "Gameplay A",
            "Gameplay B",
        ] {
            assert!(layout(l).is_some(), "{l}");
        }
        assert_eq!(layout("split 2"), None, "names are case-sensitive");
    }
}
