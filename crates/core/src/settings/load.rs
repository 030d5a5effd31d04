//! Resolving the layers (defaults → file → environment → flags) into checked settings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Settings, SettingsError};

const ENV_PREFIX: &str = "REELCUT_";
/// `REELCUT_CONFIG` names the file layer; it is not itself a setting.
const CONFIG_FILE_VAR: &str = "REELCUT_CONFIG";
/// Kept for compatibility with the documented `$REELCUT_MODELS` shortcut.
const MODELS_DIR_VAR: &str = "REELCUT_MODELS";
/// `REELCUT_*` variables that are not settings: the two above, the log filter, and
/// where the test suite keeps fixture media.
/// The shared vendor directory the scripts fill (scripts/vendor.sh); sets `render.vendor_dir`.
const VENDOR_DIR_VAR: &str = "REELCUT_VENDOR";
const NOT_SETTINGS: &[&str] = &[CONFIG_FILE_VAR, MODELS_DIR_VAR, VENDOR_DIR_VAR, "REELCUT_LOG", "REELCUT_FIXTURES"];

impl Settings {
    /// Resolves the layers. `file` wins over `REELCUT_CONFIG`; `overrides` are the flags,
    /// as dotted keys (`speech.beam_size`) with TOML literal values.
    pub fn load(file: Option<&Path>, env: &BTreeMap<String, String>, overrides: &[(String, String)]) -> Result<Settings, SettingsError> {
        let mut tree = toml::Value::try_from(Settings::default()).expect("defaults serialise");

        let file = file.map(Path::to_path_buf).or_else(|| env.get(CONFIG_FILE_VAR).map(PathBuf::from));
        if let Some(path) = file {
            let text = std::fs::read_to_string(&path).map_err(|source| SettingsError::Read {
                path: path.clone(),
                source,
            })?;
            let layer: toml::Value = toml::from_str(&text).map_err(|e| SettingsError::Parse {
                path: path.clone(),
                message: e.message().to_string(),
            })?;
            merge(&mut tree, layer);
        }

        if let Some(dir) = env.get(MODELS_DIR_VAR) {
            set_dotted(&mut tree, "models_dir", dir)?;
        }
        if let Some(dir) = env.get(VENDOR_DIR_VAR) {
            set_dotted(&mut tree, "render.vendor_dir", dir)?;
        }
        for (name, value) in env {
            let Some(rest) = name.strip_prefix(ENV_PREFIX) else { continue };
            if NOT_SETTINGS.contains(&name.as_str()) {
                continue;
            }
            let key = rest.to_ascii_lowercase().replace("__", ".");
            set_dotted(&mut tree, &key, value)?;
        }
        for (key, value) in overrides {
            set_dotted(&mut tree, key, value)?;
        }

        let settings: Settings = tree.try_into().map_err(|e: toml::de::Error| SettingsError::Invalid {
            key: "config".into(),
            message: e.message().to_string(),
        })?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), SettingsError> {
        let invalid = |key: &str, message: &str| {
            Err(SettingsError::Invalid {
                key: key.into(),
                message: message.into(),
            })
        };
        if !(1..=8).contains(&self.render.workers) {
            return invalid("render.workers", "must be between 1 and 8");
        }
        if self.speech.threads == 0 {
            return invalid("speech.threads", "must be at least 1");
        }
        if !(1..=16).contains(&self.speech.beam_size) {
            return invalid("speech.beam_size", "must be between 1 and 16");
        }
        if !(5.0..=30.0).contains(&self.speech.max_chunk_s) {
            return invalid("speech.max_chunk_s", "must be between 5 and 30 seconds");
        }
        if !(0.05..=0.95).contains(&self.speech.vad_threshold) {
            return invalid("speech.vad_threshold", "must be between 0.05 and 0.95");
        }
        if self.llm.enabled() && self.llm.model.trim().is_empty() {
            return invalid("llm.model", "must name a model when llm.url is set");
        }
        if !(1..=50).contains(&self.llm.candidates) {
            return invalid("llm.candidates", "must be between 1 and 50");
        }
        if let Some(lang) = &self.speech.language {
            if crate::domain::Language::parse(lang).is_err() {
                return invalid("speech.language", "must be a two-letter ISO-639-1 code such as `en`");
            }
        }
        // An operator's setting: refused when the settings load, never reported later
        // as a caller's bad parameter.
        if self.service.stretch_s.is_nan() || self.service.stretch_s < 30.0 {
            return invalid("service.stretch_s", "must be at least 30 seconds");
        }
        if let Err(message) = crate::domain::parse_resolution(&self.service.clip_resolution) {
            return invalid("service.clip_resolution", &message);
        }
        if self.service.lease_s < 2 {
            return invalid("service.lease_s", "must be at least 2 seconds");
        }
        if let Some(bad) = self.service.kinds.iter().find(|k| crate::domain::JobKind::parse_short(k).is_none()) {
            return Err(SettingsError::Invalid {
                key: "service.kinds".into(),
                message: format!("`{bad}` is not a job kind (clip, render, export, agent)"),
            });
        }
        if !self.service.metrics_listen.is_empty() && self.service.metrics_listen.parse::<std::net::SocketAddr>().is_err() {
            return invalid("service.metrics_listen", "must be an address such as 0.0.0.0:9464");
        }
        if self.service.rate_limit_per_minute == 0 {
            return invalid("service.rate_limit_per_minute", "must be at least 1");
        }
        if let Some(bad) = self.service.fetch_allow.iter().find(|a| a.parse::<std::net::IpAddr>().is_err()) {
            return Err(SettingsError::Invalid {
                key: "service.fetch_allow".into(),
                message: format!("`{bad}` is not an IP address"),
            });
        }
        if self.media.max_processes == 0 {
            return invalid("media.max_processes", "must be at least 1");
        }
        if !(self.media.process_floor_s > 0.0 && self.media.process_factor >= 0.0) {
            return invalid("media.process_floor_s", "must be above 0 (and media.process_factor at least 0)");
        }
        Ok(())
    }

    /// The resolved settings as TOML, for `reelcut config show`.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).expect("settings serialise")
    }
}

fn merge(base: &mut toml::Value, layer: toml::Value) {
    match (base, layer) {
        (toml::Value::Table(base), toml::Value::Table(layer)) => {
            for (key, value) in layer {
                match base.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (base, layer) => *base = layer,
    }
}

/// Sets `a.b.c` to `raw`, read as a TOML literal when it parses as one (numbers,
/// booleans) and as a string otherwise. Unknown keys are refused here, with the key named.
fn set_dotted(tree: &mut toml::Value, key: &str, raw: &str) -> Result<(), SettingsError> {
    let unknown = || SettingsError::Invalid {
        key: key.into(),
        message: "unknown setting".into(),
    };
    let mut node = tree;
    let parts: Vec<&str> = key.split('.').collect();
    for part in &parts[..parts.len() - 1] {
        node = node.get_mut(*part).filter(|n| n.is_table()).ok_or_else(unknown)?;
    }
    let table = node.as_table_mut().ok_or_else(unknown)?;
    let leaf = parts[parts.len() - 1];
    let value = parse_literal(raw);
    match table.get(leaf) {
        Some(existing) if existing.is_table() => return Err(unknown()),
        Some(_) => {}
        // Optional settings are absent from the serialised defaults.
        None if OPTIONAL_KEYS.contains(&key) => {}
        None => return Err(unknown()),
    }
    table.insert(leaf.to_string(), value);
    Ok(())
}

const OPTIONAL_KEYS: &[&str] = &["speech.language", "speech.remote.api_key", "llm.api_key", "service.secret"];

fn parse_literal(raw: &str) -> toml::Value {
    if let Ok(toml::Value::Table(t)) = toml::from_str::<toml::Value>(&format!("v = {raw}")) {
        if let Some(v) = t.get("v") {
            return v.clone();
        }
    }
    toml::Value::String(raw.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn layers_apply_in_order() {
        let dir = std::env::temp_dir().join(format!("reelcut-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("reelcut.toml");
        std::fs::write(&file, "[speech]\nbeam_size = 3\nmodel = \"tiny.en\"\n").unwrap();
        let e = env(&[
            ("REELCUT_SPEECH__BEAM_SIZE", "2"),
            ("REELCUT_SPEECH__LANGUAGE", "de"),
            ("PATH", "/bin"),
        ]);
        let s = Settings::load(Some(&file), &e, &[("speech.beam_size".into(), "1".into())]).unwrap();
        assert_eq!(s.speech.beam_size, 1, "flag beats env");
        assert_eq!(s.speech.model, "tiny.en", "file beats default");
        assert_eq!(s.speech.language.as_deref(), Some("de"), "env sets an optional key");
        let s = Settings::load(Some(&file), &e, &[]).unwrap();
        assert_eq!(s.speech.beam_size, 2, "env beats file");
    }

    #[test]
    fn unknown_keys_are_named() {
        let err = Settings::load(None, &env(&[("REELCUT_SPEECH__BEEM_SIZE", "2")]), &[]).unwrap_err();
        assert!(err.to_string().contains("speech.beem_size"), "{err}");
        let err = Settings::load(None, &env(&[]), &[("speech.beam_size".into(), "0".into())]).unwrap_err();
        assert!(err.to_string().contains("speech.beam_size"), "{err}");
        let err = Settings::load(None, &env(&[]), &[("service.fetch_allow".into(), "[\"minio:9000\"]".into())]).unwrap_err();
        assert!(err.to_string().contains("service.fetch_allow"), "{err}");
    }

    #[test]
    fn models_shortcut_and_show_round_trip() {
        let s = Settings::load(None, &env(&[("REELCUT_MODELS", "/opt/m")]), &[]).unwrap();
        assert_eq!(s.models_dir, PathBuf::from("/opt/m"));
        let back: Settings = toml::from_str(&s.to_toml()).unwrap();
        assert_eq!(back, s);
    }
}
