//! Discord settings from the environment (`.env` is loaded by `main`).
//! The token and the public key are kept in [`Secret`], whose `Debug`
//! never shows the value, so they cannot reach a log or an error.

use std::fmt;
use std::net::SocketAddr;

use serenity::interactions_endpoint::Verifier;

pub use crate::config::Secret;
use crate::core::digest::run::DigestSettings;

use super::interaction::ModeratorRule;

/// A setting that is missing or malformed. Messages name the variable and
/// say how to fix it; they never include a secret's value.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A required variable is not set.
    #[error("{name} is not set. {hint}")]
    Missing {
        name: &'static str,
        hint: &'static str,
    },
    /// A numeric id is not a number.
    #[error("{name}={value:?} is not a Discord id: copy it with Developer Mode on (a number such as 123456789012345678).")]
    BadId { name: &'static str, value: String },
    /// The listen address does not parse.
    #[error("CASEWATCH_HTTP_ADDR={value:?} is not an address to listen on; write host:port, such as 127.0.0.1:8080.")]
    BadAddr { value: String },
    /// The public key is not 64 hex digits or not a valid Ed25519 key.
    #[error("DISCORD_PUBLIC_KEY is not a valid public key: copy the 64 hexadecimal characters of \"Public Key\" from the application's General Information page.")]
    BadPublicKey,
}

/// Settings for the gateway bot (`DISCORD_TOKEN` set).
#[derive(Debug, Clone)]
pub struct GatewayConfig {
    pub token: Secret,
    /// Register commands to this guild only (instant); globally when unset.
    pub guild_id: Option<u64>,
    pub moderators: ModeratorRule,
    /// How due digests are posted to subscribed channels.
    pub digest: DigestSettings,
}

/// Settings for `casewatch serve`.
#[derive(Clone)]
pub struct EndpointConfig {
    pub addr: SocketAddr,
    pub public_key: Secret,
    pub verifier: Verifier,
    /// Optional here: when set, commands are registered at start and
    /// deferred answers are edited with it.
    pub token: Option<Secret>,
    /// Where to register commands when `token` is set (globally when unset).
    pub guild_id: Option<u64>,
    pub moderators: ModeratorRule,
}

impl fmt::Debug for EndpointConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EndpointConfig")
            .field("addr", &self.addr)
            .field("public_key", &self.public_key)
            .field("token", &self.token)
            .field("guild_id", &self.guild_id)
            .field("moderators", &self.moderators)
            .finish()
    }
}

/// Reads a variable; empty counts as unset.
fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn id(name: &'static str) -> Result<Option<u64>, ConfigError> {
    match var(name) {
        None => Ok(None),
        Some(value) => value
            .parse::<u64>()
            .ok()
            .filter(|n| *n > 0)
            .map(Some)
            .ok_or(ConfigError::BadId { name, value }),
    }
}

fn moderators() -> Result<ModeratorRule, ConfigError> {
    Ok(ModeratorRule {
        role_id: id("DISCORD_MODERATOR_ROLE_ID")?,
    })
}

impl GatewayConfig {
    /// `None` when `DISCORD_TOKEN` is unset (the gateway is not wanted).
    pub fn from_env() -> Result<Option<Self>, ConfigError> {
        let Some(token) = var("DISCORD_TOKEN") else {
            return Ok(None);
        };
        Ok(Some(GatewayConfig {
            token: Secret::new(token),
            guild_id: id("DISCORD_GUILD_ID")?,
            moderators: moderators()?,
            digest: DigestSettings::default(),
        }))
    }
}

/// Parses the public key as the developer portal shows it.
pub fn verifier(public_key_hex: &str) -> Result<Verifier, ConfigError> {
    let hex = public_key_hex.trim();
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ConfigError::BadPublicKey);
    }
    let mut bytes = [0u8; 32];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16)
            .map_err(|_| ConfigError::BadPublicKey)?;
    }
    Verifier::try_new(bytes).map_err(|_| ConfigError::BadPublicKey)
}

impl EndpointConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        let public_key = var("DISCORD_PUBLIC_KEY").ok_or(ConfigError::Missing {
            name: "DISCORD_PUBLIC_KEY",
            hint: "`casewatch serve` checks every request against it: copy \"Public Key\" from the application's General Information page.",
        })?;
        let addr_text = var("CASEWATCH_HTTP_ADDR").unwrap_or_else(|| "127.0.0.1:8080".to_string());
        let addr = addr_text.parse().map_err(|_| ConfigError::BadAddr {
            value: addr_text.clone(),
        })?;
        Ok(EndpointConfig {
            addr,
            verifier: verifier(&public_key)?,
            public_key: Secret::new(public_key),
            token: var("DISCORD_TOKEN").map(Secret::new),
            guild_id: id("DISCORD_GUILD_ID")?,
            moderators: moderators()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let secret = Secret::new("MTIz.very-secret");
        assert!(!format!("{secret:?}").contains("very-secret"));
        let config = GatewayConfig {
            token: secret,
            guild_id: Some(1),
            moderators: ModeratorRule::default(),
            digest: DigestSettings::default(),
        };
        assert!(!format!("{config:?}").contains("very-secret"));
    }

    #[test]
    fn public_keys_are_checked() {
        assert!(
            verifier("67c6bd767ca099e79efac9fcce4d2022a63bf7dea780e7f3d813f694c1597089").is_ok()
        );
        assert!(matches!(verifier("xyz"), Err(ConfigError::BadPublicKey)));
        assert!(matches!(
            verifier(&"g".repeat(64)),
            Err(ConfigError::BadPublicKey)
        ));
    }
}
