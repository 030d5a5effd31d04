//! The render fields WayinVideo's create, find-moments and export requests share, read
//! into the domain's export options. Every name goes through [`super::names`]; a value
//! it does not know is a 400 naming the field.

use reelcut_captions::Display;
use reelcut_clipping::export::{translation_wanted, ExportOptions, Frame, HookChoice, HookField};
use reelcut_core::Settings;
use serde::Deserialize;
use utoipa::ToSchema;

use super::names;
use crate::error::{ApiError, ApiResult};

/// How the clips are drawn. On create and find-moments these apply only with
/// `enable_export: true`; on export they always do.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct RenderFields {
    /// false (default): clips as metadata, no `export_link`; true: render every clip.
    pub enable_export: Option<bool>,
    /// SD_480 (default), HD_720, FHD_1080, QHD_2K, UHD_4K.
    pub resolution: Option<String>,
    /// Burn in animated captions (default false).
    pub enable_caption: Option<bool>,
    /// original (default), translation or both (with `target_lang`).
    pub caption_display: Option<String>,
    /// A caption template id (default temp-7).
    pub cc_style_tpl: Option<String>,
    pub enable_ai_hook: Option<bool>,
    /// One of the 13 script styles (default serious).
    pub ai_hook_script_style: Option<String>,
    /// beginning (default) or end.
    pub ai_hook_position: Option<String>,
    pub ai_hook_keywords: Option<String>,
    /// How long the hook shows, in ms (default 3000).
    pub ai_hook_text_duration: Option<u32>,
    /// Reframe to `ratio` (then required); false keeps the original frame.
    pub enable_ai_reframe: Option<bool>,
    /// RATIO_9_16, RATIO_1_1, RATIO_4_5, RATIO_16_9, or RATIO_ORIGINAL.
    pub ratio: Option<String>,
    /// A layout name allowed for the ratio (default Auto).
    pub reframe_layout: Option<String>,
    /// Accepted; reelcut offers every passage it finds either way.
    pub enable_more_results: Option<bool>,
    /// Accepted; reelcut has one speed.
    pub enable_express_mode: Option<bool>,
}

impl RenderFields {
    pub fn export_wanted(&self) -> bool {
        self.enable_export == Some(true)
    }

    /// The domain's options for these fields. `source_lang` is what the caller said the
    /// talk is in (or what it turned out to be); a target the server cannot translate
    /// into is refused here, before any work.
    pub fn options(&self, settings: &Settings, source_lang: Option<&str>, target_lang: Option<&str>) -> ApiResult<ExportOptions> {
        let frame = self.frame()?;
        let ratio_name = self.ratio.as_deref().unwrap_or("RATIO_ORIGINAL");
        let layout_name = self.reframe_layout.as_deref().unwrap_or("");
        let layout = names::layout(layout_name)
            .filter(|_| layout_name.is_empty() || names::layouts_for(ratio_name).contains(&layout_name))
            .ok_or_else(|| {
                ApiError::invalid(
                    "reframe_layout",
                    format!(
                        "'{layout_name}' is not a layout for {ratio_name}; use one of: {}.",
                        names::layouts_for(ratio_name).join(", ")
                    ),
                )
            })?;
        let resolution_name = self.resolution.as_deref().unwrap_or("SD_480");
        let resolution = names::resolution(resolution_name).ok_or_else(|| {
            ApiError::invalid(
                "resolution",
                format!("'{resolution_name}' is not a resolution: SD_480, HD_720, FHD_1080, QHD_2K or UHD_4K."),
            )
        })?;
        let display_name = self.caption_display.as_deref().unwrap_or("original");
        // WayinVideo's own clients send `none` for "no captions".
        let captions = self.enable_caption == Some(true) && display_name != "none";
        let caption_style = match captions {
            false => None,
            true => {
                let id = self.cc_style_tpl.as_deref().unwrap_or("temp-7");
                Some(names::caption_style(id).ok_or_else(|| {
                    ApiError::invalid("cc_style_tpl", format!("'{id}' is not a caption template id (temp-0 … temp-17, temp-static-1 … 6, game-streamer-1 … 7, word-focus, box-highlight, underline-focus, smart-bg-focus)."))
                })?)
            }
        };
        let display = match display_name {
            "none" => Display::Original,
            name => Display::parse(name).map_err(|m| ApiError::invalid("caption_display", m))?,
        };
        let target_language = target(source_lang, target_lang)?;
        // WayinVideo: "when null, the output language matches the source" — so with no
        // second language, `both` and `translation` show the spoken words (its own
        // export example sends `both` without a target_lang).
        let display = if target_language.is_none() { Display::Original } else { display };
        translation_wanted(settings, source_lang.unwrap_or(""), target_language.as_deref())
            .map_err(|e| ApiError::from(e).with_param("target_lang"))?;
        Ok(ExportOptions {
            clips: None,
            frame,
            resolution,
            layout,
            caption_style,
            display,
            target_language,
            hook: self.hook()?,
            trims: Vec::new(),
        })
    }

    /// With `enable_ai_reframe` the ratio is required; `false` keeps the frame (today's
    /// docs); left out, a given ratio is honoured (the older version had no switch).
    fn frame(&self) -> ApiResult<Frame> {
        let ratio = match (self.enable_ai_reframe, self.ratio.as_deref()) {
            (Some(false), _) | (None, None) => return Ok(Frame::Original),
            (Some(true), None) => return Err(ApiError::invalid("ratio", "'ratio' is required when 'enable_ai_reframe' is true.")),
            (_, Some(ratio)) => ratio,
        };
        names::ratio(ratio).ok_or_else(|| {
            ApiError::invalid(
                "ratio",
                format!("'{ratio}' is not a ratio: RATIO_9_16, RATIO_1_1, RATIO_4_5, RATIO_16_9 or RATIO_ORIGINAL."),
            )
        })
    }

    fn hook(&self) -> ApiResult<Option<HookChoice>> {
        if self.enable_ai_hook != Some(true) {
            return Ok(None);
        }
        HookChoice::from_names(
            self.ai_hook_script_style.as_deref(),
            self.ai_hook_position.as_deref(),
            self.ai_hook_text_duration,
            self.ai_hook_keywords.clone(),
        )
        .map(Some)
        .map_err(|(field, message)| {
            let param = match field {
                HookField::Style => "ai_hook_script_style",
                HookField::Position => "ai_hook_position",
                HookField::Duration => "ai_hook_text_duration",
            };
            ApiError::invalid(param, message)
        })
    }
}

/// WayinVideo's language code (`en`, `pt`, `zh-cn`) as the two-letter code the domain
/// uses.
pub fn language(param: &'static str, code: &str) -> ApiResult<String> {
    let base = code.split(['-', '_']).next().unwrap_or(code).to_ascii_lowercase();
    reelcut_core::Language::parse(&base)
        .map(|l| l.as_str().to_string())
        .map_err(|_| ApiError::invalid(param, format!("'{code}' is not a supported language code.")))
}

/// The captions' second language: none when it is the source's own.
fn target(source: Option<&str>, target: Option<&str>) -> ApiResult<Option<String>> {
    let Some(target) = target.filter(|t| !t.trim().is_empty()) else {
        return Ok(None);
    };
    let target = language("target_lang", target)?;
    Ok((source != Some(target.as_str())).then_some(target))
}
