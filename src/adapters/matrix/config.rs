//! Matrix settings from the environment (`.env` is loaded by `main`). The
//! password, access token and store passphrase are kept in [`Secret`], whose
//! `Debug` never shows the value.

use std::path::PathBuf;

pub use crate::config::Secret;
use crate::core::digest::run::DigestSettings;
use crate::core::i18n::Locale;

/// A setting that is missing or malformed. Messages name the variable and
/// say how to fix it; they never include a secret's value.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Neither a password nor an access token is set.
    #[error("MATRIX_HOMESERVER is set, but there is nothing to log in with: set MATRIX_USER and MATRIX_PASSWORD, or MATRIX_ACCESS_TOKEN.")]
    NoCredentials,
    /// A password without a user name.
    #[error("MATRIX_PASSWORD is set but MATRIX_USER is not: set MATRIX_USER to the bot's user id, such as @casewatch:example.org.")]
    NoUser,
    /// A number that is not one.
    #[error("{name}={value:?} is not a whole number; {hint}")]
    BadNumber {
        name: &'static str,
        value: String,
        hint: &'static str,
    },
    /// An entry of MATRIX_ALLOWED_INVITERS is neither a user nor a server.
    #[error("MATRIX_ALLOWED_INVITERS has {value:?}, which is neither a user (@name:server) nor a server (:server); separate entries with commas.")]
    BadInviter { value: String },
    /// The command prefix is empty or contains spaces.
    #[error("MATRIX_PREFIX={value:?} cannot be used: a prefix is one or a few characters without spaces, such as !")]
    BadPrefix { value: String },
}

/// How the bot logs in.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// `MATRIX_USER` + `MATRIX_PASSWORD`: the first start logs in and keeps
    /// the session (access token and device) in the store directory.
    Password { user: String, password: Secret },
    /// `MATRIX_ACCESS_TOKEN` (+ optional `MATRIX_USER`, `MATRIX_DEVICE_ID`):
    /// the user and device come from the token (`/whoami`) when not given.
    AccessToken {
        token: Secret,
        user: Option<String>,
        device_id: Option<String>,
    },
}

/// Who may invite the bot into a room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inviter {
    /// A user id, `@name:server`.
    User(String),
    /// Everyone on a server, written `:server`.
    Server(String),
}

/// Settings for the Matrix adapter (`MATRIX_HOMESERVER` set).
#[derive(Debug, Clone)]
pub struct MatrixConfig {
    /// Used as given; no `.well-known` discovery.
    pub homeserver: String,
    pub credentials: Credentials,
    /// matrix-sdk's SQLite state and crypto store, and the saved session.
    pub store_dir: PathBuf,
    /// Encrypts matrix-sdk's store when set.
    pub store_passphrase: Option<Secret>,
    /// Commands start with this (`!timeline`).
    pub prefix: String,
    /// Power level from which a sender is a moderator.
    pub moderator_level: i64,
    /// Empty: accept every invite.
    pub allowed_inviters: Vec<Inviter>,
    /// The language of replies (Matrix events carry no locale).
    pub locale: Locale,
    /// How due digests are posted to subscribed rooms.
    pub digest: DigestSettings,
}

impl MatrixConfig {
    /// Whether `user` (`@name:server`) may invite the bot.
    pub fn may_invite(&self, user: &str) -> bool {
        self.allowed_inviters.is_empty()
            || self.allowed_inviters.iter().any(|allowed| match allowed {
                Inviter::User(id) => id == user,
                Inviter::Server(server) => user
                    .split_once(':')
                    .is_some_and(|(_, s)| s.eq_ignore_ascii_case(server)),
            })
    }
}

/// Reads a variable; empty counts as unset.
fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn inviters(text: &str) -> Result<Vec<Inviter>, ConfigError> {
    text.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let bad = || ConfigError::BadInviter {
                value: entry.to_string(),
            };
            if let Some(server) = entry.strip_prefix(':') {
                if server.is_empty() || server.contains(char::is_whitespace) {
                    return Err(bad());
                }
                Ok(Inviter::Server(server.to_string()))
            } else if entry.starts_with('@')
                && entry
                    .split_once(':')
                    .is_some_and(|(l, s)| l.len() > 1 && !s.is_empty())
            {
                Ok(Inviter::User(entry.to_string()))
            } else {
                Err(bad())
            }
        })
        .collect()
}

impl MatrixConfig {
    /// The Matrix settings, or `None` when `homeserver` (MATRIX_HOMESERVER,
    /// already checked to be an http(s) address) is unset.
    pub fn from_env(
        homeserver: Option<&str>,
        digest: DigestSettings,
    ) -> Result<Option<Self>, Vec<ConfigError>> {
        let Some(homeserver) = homeserver else {
            return Ok(None);
        };
        let mut errors = Vec::new();
        let user = var("MATRIX_USER");
        let credentials = match (var("MATRIX_ACCESS_TOKEN"), var("MATRIX_PASSWORD")) {
            (Some(token), _) => Some(Credentials::AccessToken {
                token: Secret::new(token),
                user,
                device_id: var("MATRIX_DEVICE_ID"),
            }),
            (None, Some(password)) => match user {
                Some(user) => Some(Credentials::Password {
                    user,
                    password: Secret::new(password),
                }),
                None => {
                    errors.push(ConfigError::NoUser);
                    None
                }
            },
            (None, None) => {
                errors.push(ConfigError::NoCredentials);
                None
            }
        };
        let prefix = var("MATRIX_PREFIX").unwrap_or_else(|| "!".to_string());
        if prefix.contains(char::is_whitespace) || prefix.chars().count() > 8 {
            errors.push(ConfigError::BadPrefix {
                value: prefix.clone(),
            });
        }
        let moderator_level = match var("MATRIX_MODERATOR_LEVEL") {
            None => 50,
            Some(text) => text.parse::<i64>().unwrap_or_else(|_| {
                errors.push(ConfigError::BadNumber {
                    name: "MATRIX_MODERATOR_LEVEL",
                    value: text,
                    hint: "give a power level such as 50 (Element's “Moderator”) or 100 (“Admin”).",
                });
                50
            }),
        };
        let allowed_inviters = match var("MATRIX_ALLOWED_INVITERS") {
            None => Vec::new(),
            Some(text) => inviters(&text).unwrap_or_else(|err| {
                errors.push(err);
                Vec::new()
            }),
        };
        match credentials {
            Some(credentials) if errors.is_empty() => Ok(Some(MatrixConfig {
                homeserver: homeserver.to_string(),
                credentials,
                store_dir: var("MATRIX_STORE_DIR")
                    .map(PathBuf::from)
                    .unwrap_or_else(|| PathBuf::from("matrix-store")),
                store_passphrase: var("MATRIX_STORE_PASSPHRASE").map(Secret::new),
                prefix,
                moderator_level,
                allowed_inviters,
                locale: Locale::from_tag(&var("MATRIX_LOCALE").unwrap_or_default()),
                digest,
            })),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inviters_are_users_or_servers() {
        assert_eq!(
            inviters("@ana:example.org, :matrix.org").unwrap(),
            vec![
                Inviter::User("@ana:example.org".into()),
                Inviter::Server("matrix.org".into())
            ]
        );
        assert!(inviters("ana").is_err());
        assert!(inviters(":").is_err());
    }

    #[test]
    fn invites_are_filtered_by_user_and_server() {
        let mut config = MatrixConfig {
            homeserver: "http://127.0.0.1:8008".into(),
            credentials: Credentials::AccessToken {
                token: Secret::new("t"),
                user: None,
                device_id: None,
            },
            store_dir: "s".into(),
            store_passphrase: None,
            prefix: "!".into(),
            moderator_level: 50,
            allowed_inviters: Vec::new(),
            locale: Locale::En,
            digest: DigestSettings::default(),
        };
        assert!(config.may_invite("@anyone:anywhere.org"));
        config.allowed_inviters = inviters("@ana:example.org,:trusted.org").unwrap();
        assert!(config.may_invite("@ana:example.org"));
        assert!(config.may_invite("@bob:trusted.org"));
        assert!(!config.may_invite("@bob:example.org"));
        assert!(!format!("{config:?}").contains("\"t\""));
    }
}
