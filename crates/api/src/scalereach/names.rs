//! ScaleReach's `captionTemplateId` → reelcut's caption looks. Its backend's template
//! table has exactly these 18 ids (`src/data/caption-templates.ts`); each maps to the
//! look nearest its name: the named creator styles to their namesakes, the colour
//! themes to the look with that colour treatment.

use reelcut_captions::Style;

pub const TEMPLATE_IDS: [&str; 18] = [
    "classic",
    "rainbow",
    "basker",
    "billy",
    "simple",
    "hormozi",
    "mrbeast-pro",
    "garyvee",
    "tiktok-native",
    "neon-pop",
    "cinematic",
    "electric-blue",
    "sunset-fire",
    "ice-cold",
    "coral-pop",
    "midnight-purple",
    "toxic-green",
    "georgia-elegance",
];

pub fn caption_style(id: &str) -> Option<Style> {
    use Style::*;
    Some(match id {
        "classic" => Classic,
        "rainbow" => Rainbow,
        // Baskerville: a book serif.
        "basker" => Elegant,
        "billy" => Pop,
        "simple" => Minimal,
        "hormozi" => Hormozi,
        "mrbeast-pro" => OneWord,
        // Gary Vee's captions: the spoken word boxed.
        "garyvee" => BoxHighlight,
        // TikTok's own captions: white text on a dark box.
        "tiktok-native" => BlackBox,
        "neon-pop" => Neon,
        "cinematic" => Cinematic,
        "electric-blue" => WhiteCard,
        "sunset-fire" => Karaoke,
        "ice-cold" => Underline,
        "coral-pop" => Comic,
        "midnight-purple" => BoxHighlight,
        "toxic-green" => Hormozi,
        "georgia-elegance" => Elegant,
        // The docs' older names.
        "karaoke" => Karaoke,
        "word-by-word" => Pop,
        "sentence" => Classic,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_maps() {
        for id in TEMPLATE_IDS {
            assert!(caption_style(id).is_some(), "{id}");
        }
        assert_eq!(caption_style("comic-sans"), None);
    }
}
