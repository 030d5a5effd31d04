//! The contact sheet's tiles: for each style, a script that shows the same sample page
//! with the same word being spoken, and the style's name on top, so a person can
//! compare the looks side by side (`reelcut captions preview`).

use std::collections::HashSet;

use reelcut_transcript::Word;

use crate::{ass_script, CaptionRequest, Display, Style};

const SAMPLE: &str = "Here is the secret nobody tells you about sleep.";
/// Seconds between sample words; the tile is drawn while the fourth word is spoken.
const STEP: f64 = 0.4;
pub const SHOWN_AT: f64 = 3.0 * STEP + 0.1;

fn sample_words() -> Vec<Word> {
    SAMPLE
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| Word {
            text: w.into(),
            start: i as f64 * STEP,
            end: i as f64 * STEP + STEP * 0.9,
            probability: 1.0,
        })
        .collect()
}

/// The ASS script of one tile (`width`×`height`), drawn at `SHOWN_AT` seconds.
pub fn tile(style: Style, width: u32, height: u32) -> String {
    let words = sample_words();
    let emphasis: HashSet<String> = ["secret".to_string()].into();
    let mut script = ass_script(&CaptionRequest {
        words: &words,
        translation: None,
        display: Display::Original,
        style,
        width,
        height,
        emphasis: &emphasis,
        hook: None,
        centred: false,
    });
    // The label: the style's name, small, top left, on every tile alike.
    let label_size = (width.min(height) as f64 * 0.06).round();
    let style_line = format!(
        "Style: Label,DejaVu Sans Mono,{label_size},&H00FFFFFF,&H00FFFFFF,&H00000000,&H00000000,-1,0,0,0,100,100,0,0,3,{},0,7,{m},{m},{m},1\n",
        (label_size / 4.0).round(),
        m = (label_size / 2.0).round()
    );
    let at = script.find("\n[Events]").expect("the script has events");
    script.insert_str(at, &format!("\n{}", style_line.trim_end()));
    script.push_str(&format!("Dialogue: 2,0:00:00.00,0:00:10.00,Label,,0,0,0,,{}\n", style.name()));
    script
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tile_names_its_style_and_shows_the_sample() {
        for style in Style::all() {
            let script = tile(style, 360, 640);
            assert!(script.contains(&format!("Label,,0,0,0,,{}", style.name())));
            assert!(script.contains("Style: Label,"));
            assert!(script.to_lowercase().contains("sleep"), "{script}");
        }
    }
}
