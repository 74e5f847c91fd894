//! Settings from the environment (and a `.env` file), checked at start-up:
//! every malformed value is named, and secrets never appear in output.

use std::fmt;
use std::path::PathBuf;

use crate::core::command::is_key;
use crate::core::trust::Grantee;
use crate::core::SuggestLimits;

/// A secret value: usable, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// `CASEWATCH_LOG_FORMAT`: how log lines are written to standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// `text`: one human-readable line per event (the default).
    #[default]
    Text,
    /// `json`: one JSON object per line, for journald or a log collector.
    Json,
}

/// Everything casewatch reads from its environment.
#[derive(Debug, Clone)]
pub struct Config {
    /// `CASEWATCH_DB`: the SQLite file.
    pub db: PathBuf,
    /// `CASEWATCH_DATA`: the folder (or file) of case data imported at start-up.
    pub data: PathBuf,
    /// `CASEWATCH_CASE`: the case commands answer about when none is named.
    pub default_case: String,
    /// `CASEWATCH_DIGEST_CATCH_UP_HOURS`: how late a missed digest may still
    /// be posted the same local day (default 6).
    pub digest_catch_up_hours: u32,
    /// `DISCORD_TOKEN`: the gateway bot token; set → run on Discord.
    pub discord_token: Option<Secret>,
    /// `MATRIX_HOMESERVER`: set → run on Matrix.
    pub matrix_homeserver: Option<String>,
    /// `CASEWATCH_EDITORS`: places and people granted the right to edit
    /// the default case at start-up (comma-separated).
    pub editors: Vec<Grantee>,
    /// `CASEWATCH_SUGGEST_PENDING_PER_USER` and
    /// `CASEWATCH_SUGGEST_PER_PLACE_PER_HOUR`.
    pub suggest_limits: SuggestLimits,
    /// `CASEWATCH_LOG_FORMAT`: `text` (default) or `json`.
    pub log_format: LogFormat,
    /// `CASEWATCH_WATCH_INTERVAL_MINUTES`: between two polls of a healthy
    /// watched feed (default 60).
    pub watch_interval_minutes: u32,
    /// `CASEWATCH_PUBLIC_URL`: where the public site is reached (http or
    /// https, no trailing `/`); permalinks and feed links are built on it.
    pub public_url: Option<String>,
    /// `CONGRESS_API_KEY` (an api.data.gov key): set → bills are polled
    /// on congress.gov. Sent only as a header, never printed.
    pub congress_api_key: Option<Secret>,
    /// `CONGRESS_API_BASE`: the congress.gov API's address (default
    /// `https://api.congress.gov/v3`; tests point it at loopback).
    pub congress_api_base: String,
}

/// A setting that could not be used.
#[derive(Debug, thiserror::Error)]
#[error("setting {name}={value:?} is not valid: {why}")]
pub struct ConfigError {
    pub name: &'static str,
    pub value: String,
    pub why: String,
}

pub const DEFAULT_CASE: &str = "andry-hernandez-romero";

fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

impl Config {
    /// Reads the environment after loading `.env` if there is one.
    pub fn from_env() -> Result<Self, Vec<ConfigError>> {
        let _ = dotenvy::dotenv();
        let mut errors = Vec::new();
        let default_case = var("CASEWATCH_CASE").unwrap_or_else(|| DEFAULT_CASE.to_string());
        if !is_key(&default_case) {
            errors.push(ConfigError {
                name: "CASEWATCH_CASE",
                value: default_case.clone(),
                why: "a case slug is lowercase letters, digits and “-”, such as andry-hernandez-romero".into(),
            });
        }
        let matrix_homeserver = var("MATRIX_HOMESERVER");
        if let Some(url) = &matrix_homeserver {
            if let Err(why) = crate::core::command::check_url(url) {
                errors.push(ConfigError {
                    name: "MATRIX_HOMESERVER",
                    value: url.clone(),
                    why: why.to_string(),
                });
            }
        }
        let public_url = match var("CASEWATCH_PUBLIC_URL") {
            None => None,
            Some(url) => match public_url(&url) {
                Ok(url) => Some(url),
                Err(why) => {
                    errors.push(ConfigError {
                        name: "CASEWATCH_PUBLIC_URL",
                        value: url,
                        why,
                    });
                    None
                }
            },
        };
        let digest_catch_up_hours = match var("CASEWATCH_DIGEST_CATCH_UP_HOURS") {
            None => 6,
            Some(text) => match text.parse::<u32>() {
                Ok(h) if h <= 24 => h,
                _ => {
                    errors.push(ConfigError {
                        name: "CASEWATCH_DIGEST_CATCH_UP_HOURS",
                        value: text,
                        why: "give a whole number of hours from 0 to 24".into(),
                    });
                    6
                }
            },
        };
        let log_format = match var("CASEWATCH_LOG_FORMAT") {
            None => LogFormat::Text,
            Some(text) => match text.to_ascii_lowercase().as_str() {
                "text" => LogFormat::Text,
                "json" => LogFormat::Json,
                _ => {
                    errors.push(ConfigError {
                        name: "CASEWATCH_LOG_FORMAT",
                        value: text,
                        why: "give text (the default) or json".into(),
                    });
                    LogFormat::Text
                }
            },
        };
        let mut editors = Vec::new();
        if let Some(list) = var("CASEWATCH_EDITORS") {
            for item in list.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                match item.parse::<Grantee>() {
                    Ok(grantee) => editors.push(grantee),
                    Err(err) => errors.push(ConfigError {
                        name: "CASEWATCH_EDITORS",
                        value: item.to_string(),
                        why: err.to_string(),
                    }),
                }
            }
        }
        let watch_interval_minutes = match var("CASEWATCH_WATCH_INTERVAL_MINUTES") {
            None => 60,
            Some(text) => match text.parse::<u32>() {
                Ok(m) if (5..=10_080).contains(&m) => m,
                _ => {
                    errors.push(ConfigError {
                        name: "CASEWATCH_WATCH_INTERVAL_MINUTES",
                        value: text,
                        why: "give a whole number of minutes from 5 to 10080 (a week)".into(),
                    });
                    60
                }
            },
        };
        let mut limit = |name: &'static str, default: u32| match var(name) {
            None => default,
            Some(text) => match text.parse::<u32>() {
                Ok(n) if (1..=10_000).contains(&n) => n,
                _ => {
                    errors.push(ConfigError {
                        name,
                        value: text,
                        why: "give a whole number from 1 to 10000".into(),
                    });
                    default
                }
            },
        };
        let defaults = SuggestLimits::default();
        let suggest_limits = SuggestLimits {
            pending_per_user: limit(
                "CASEWATCH_SUGGEST_PENDING_PER_USER",
                defaults.pending_per_user,
            ),
            per_place_per_hour: limit(
                "CASEWATCH_SUGGEST_PER_PLACE_PER_HOUR",
                defaults.per_place_per_hour,
            ),
        };
        let congress_api_base = match var("CONGRESS_API_BASE") {
            None => "https://api.congress.gov/v3".to_string(),
            Some(url) => match congress_api_base(&url) {
                Ok(base) => base,
                Err(why) => {
                    errors.push(ConfigError {
                        name: "CONGRESS_API_BASE",
                        value: url,
                        why,
                    });
                    String::new()
                }
            },
        };
        let config = Config {
            congress_api_key: var("CONGRESS_API_KEY").map(Secret),
            congress_api_base,
            watch_interval_minutes,
            log_format,
            public_url,
            editors,
            suggest_limits,
            digest_catch_up_hours,
            db: var("CASEWATCH_DB")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("casewatch.sqlite3")),
            data: var("CASEWATCH_DATA")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("data")),
            default_case,
            discord_token: var("DISCORD_TOKEN").map(Secret),
            matrix_homeserver,
        };
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(errors)
        }
    }
}

/// Checks a public site address and trims its trailing `/`, so links are
/// built as `{url}/{case}/r/{id}` without a doubled slash. A query or
/// fragment would end up in the middle of every link, so they are refused.
fn public_url(url: &str) -> Result<String, String> {
    crate::core::command::check_url(url).map_err(|e| {
        format!("{e}; give the site's address, such as https://casewatch.example.org")
    })?;
    if url.contains(['?', '#']) {
        return Err("the address cannot have a ? query or # fragment; give the site's base address, such as https://casewatch.example.org".into());
    }
    Ok(url.trim_end_matches('/').to_string())
}

/// `CONGRESS_API_BASE` checked and without a trailing `/`. The key
/// travels in a header to this address, so it must be https, or plain
/// http only to this machine (127.0.0.1, ::1, localhost), where tests run
/// a stand-in; anywhere else the key would cross the network in clear.
pub fn congress_api_base(url: &str) -> Result<String, String> {
    crate::core::command::check_url(url).map_err(|why| why.to_string())?;
    let lower = url.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("http://") {
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        // `user@host`: the host is after the last `@`.
        let host_port = authority.rsplit('@').next().unwrap_or("");
        let host = match host_port.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or(""),
            None => host_port.split(':').next().unwrap_or(""),
        };
        if !matches!(host, "127.0.0.1" | "::1" | "localhost") {
            return Err(format!(
                "the congress.gov key would be sent unencrypted to {host}; use an https:// address (plain http is accepted only for 127.0.0.1, ::1 or localhost)"
            ));
        }
    }
    Ok(url.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_url_is_trimmed_and_checked() {
        assert_eq!(
            public_url("https://cw.example.org/").unwrap(),
            "https://cw.example.org"
        );
        assert_eq!(
            public_url("http://127.0.0.1:8080/site//").unwrap(),
            "http://127.0.0.1:8080/site"
        );
        for bad in [
            "ftp://cw.example.org",
            "cw.example.org",
            "https://",
            "https://cw.example.org/?a=1",
            "https://cw.example.org/#top",
            "https://cw example.org",
        ] {
            assert!(public_url(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn the_congress_api_base_is_https_unless_it_is_this_machine() {
        for good in [
            "https://api.congress.gov/v3/",
            "HTTPS://api.congress.gov/v3",
            "http://127.0.0.1:8080/v3",
            "http://[::1]:8080/v3",
            "http://localhost/v3",
        ] {
            let base = congress_api_base(good).unwrap();
            assert!(!base.ends_with('/'), "{base}");
        }
        for bad in [
            "http://api.congress.gov/v3",
            "http://127.0.0.1.example.org/v3",
            "http://localhost@evil.example.org/v3",
            "http://10.0.0.1/v3",
            "ftp://127.0.0.1/v3",
            "api.congress.gov/v3",
        ] {
            assert!(congress_api_base(bad).is_err(), "{bad} was accepted");
        }
        let why = congress_api_base("http://api.congress.gov/v3").unwrap_err();
        assert!(why.contains("https://"), "{why}");
    }

    #[test]
    fn secrets_are_redacted_in_debug_output() {
        let s = Secret("very-secret-token".into());
        assert!(!format!("{s:?}").contains("very-secret"));
    }
}
