//! Interaction payloads read through our own small serde types, which
//! require only what the handler uses and tolerate every other field
//! missing or extra. serenity 0.12's typed structs refuse payloads that
//! lack fields Discord added over the years (`member.flags`,
//! `entitlements`, `attachment_size_limit`, `context`,
//! `authorizing_integration_owners`), and the documentation's older
//! examples lack them; a payload Discord may still send must never be a
//! 400. The gateway hands us serenity's `Interaction`: it is converted to
//! the same types (through its JSON form), so one handler serves both.

use serde::de::{self, Deserializer};
use serde::Deserialize;
use serde_json::Value;

/// Interaction types (<https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-interaction-type>).
mod kind {
    pub const PING: u8 = 1;
    pub const COMMAND: u8 = 2;
    pub const COMPONENT: u8 = 3;
    pub const AUTOCOMPLETE: u8 = 4;
    pub const MODAL: u8 = 5;
}

/// Option types that carry a subcommand or a group of them.
const SUB_COMMAND: u8 = 1;
const SUB_COMMAND_GROUP: u8 = 2;

/// Why a payload could not be read as an interaction.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Not JSON, or a field we need has the wrong type.
    #[error("the interaction is not readable JSON")]
    Json(#[from] serde_json::Error),
    /// A field this kind of interaction always carries is absent.
    #[error("a type {kind} interaction has no {field}")]
    Missing { kind: u8, field: &'static str },
}

/// A snowflake as Discord sends it (a string) or as some encoders write it
/// (a number).
fn snowflake<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::String(s) => s.parse().map_err(de::Error::custom),
        Value::Number(n) => n
            .as_u64()
            .ok_or_else(|| de::Error::custom("a snowflake is a positive integer")),
        other => Err(de::Error::custom(format!("not a snowflake: {other}"))),
    }
}

fn optional_snowflake<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    match Option::<Value>::deserialize(deserializer)? {
        None | Some(Value::Null) => Ok(None),
        Some(value) => snowflake(value).map(Some).map_err(de::Error::custom),
    }
}

fn snowflakes<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u64>, D::Error> {
    Option::<Vec<Value>>::deserialize(deserializer)?
        .unwrap_or_default()
        .into_iter()
        .map(|value| snowflake(value).map_err(de::Error::custom))
        .collect()
}

/// The raw envelope: every field optional, so that which ones a kind of
/// interaction needs is checked once, in [`Interaction::from_raw`].
#[derive(Debug, Deserialize)]
struct Raw {
    #[serde(rename = "type")]
    kind: u8,
    #[serde(default, deserialize_with = "optional_snowflake")]
    id: Option<u64>,
    #[serde(default, deserialize_with = "optional_snowflake")]
    application_id: Option<u64>,
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    locale: Option<String>,
    #[serde(default)]
    guild_locale: Option<String>,
    #[serde(default, deserialize_with = "optional_snowflake")]
    guild_id: Option<u64>,
    #[serde(default, deserialize_with = "optional_snowflake")]
    channel_id: Option<u64>,
    #[serde(default)]
    channel: Option<RawChannel>,
    #[serde(default)]
    member: Option<RawMember>,
    #[serde(default)]
    user: Option<User>,
    #[serde(default)]
    data: Option<RawData>,
}

#[derive(Debug, Deserialize)]
struct RawChannel {
    #[serde(deserialize_with = "snowflake")]
    id: u64,
}

#[derive(Debug, Deserialize)]
struct RawMember {
    #[serde(default)]
    user: Option<User>,
    #[serde(default)]
    nick: Option<String>,
    #[serde(default, deserialize_with = "snowflakes")]
    roles: Vec<u64>,
    /// A bitfield as a decimal string (Discord) or a number.
    #[serde(default, deserialize_with = "optional_snowflake")]
    permissions: Option<u64>,
}

#[derive(Debug, Deserialize)]
struct RawData {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    options: Vec<RawOption>,
    #[serde(default)]
    custom_id: Option<String>,
    #[serde(default)]
    component_type: Option<u8>,
}

#[derive(Debug, Deserialize)]
struct RawOption {
    name: String,
    #[serde(rename = "type", default)]
    kind: u8,
    #[serde(default)]
    value: Option<Value>,
    #[serde(default)]
    options: Vec<RawOption>,
    #[serde(default)]
    focused: bool,
}

/// The user behind an interaction (`member.user` in a server, `user` in a DM).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct User {
    #[serde(deserialize_with = "snowflake")]
    pub id: u64,
    pub username: String,
    #[serde(default)]
    pub global_name: Option<String>,
}

/// What a server says about the member: nickname, roles, and their
/// permissions in this channel as Discord computed them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Member {
    pub nick: Option<String>,
    pub roles: Vec<u64>,
    pub permissions: Option<u64>,
}

/// Who asked, where, in which language, and how to answer later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub id: u64,
    pub application_id: u64,
    /// Authorises follow-ups for 15 minutes; never logged.
    pub token: String,
    pub user: User,
    /// Absent in a DM.
    pub member: Option<Member>,
    pub guild_id: Option<u64>,
    pub channel_id: u64,
    /// The user's locale, else the server's, else empty (English).
    pub locale: String,
}

/// One option as sent: a value, or (for a subcommand) nested options.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandOption {
    pub name: String,
    pub kind: u8,
    pub value: Option<Value>,
    pub options: Vec<CommandOption>,
    /// The option being typed, in an autocomplete.
    pub focused: bool,
}

impl CommandOption {
    pub fn is_subcommand(&self) -> bool {
        self.kind == SUB_COMMAND
    }

    pub fn is_group(&self) -> bool {
        self.kind == SUB_COMMAND_GROUP
    }
}

/// A slash command or an autocomplete request's data.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandData {
    pub name: String,
    pub options: Vec<CommandOption>,
}

/// An interaction, with what each kind needs checked present.
#[derive(Debug, Clone, PartialEq)]
pub enum Interaction {
    Ping,
    Command(Origin, CommandData),
    Autocomplete(Origin, CommandData),
    /// A click on a component of one of our messages.
    Component {
        origin: Origin,
        custom_id: String,
        component_type: u8,
    },
    /// A modal submit: we send no forms, but it is answered politely.
    Modal {
        locale: String,
    },
    /// A kind we do not know yet; Discord expects some answer.
    Other {
        kind: u8,
    },
}

impl Interaction {
    /// Reads a request body; also returns the interaction's id (a PING's
    /// too), by which a replay is recognised.
    pub fn read(body: &[u8]) -> Result<(Option<u64>, Interaction), ReadError> {
        let raw: Raw = serde_json::from_slice(body)?;
        let id = raw.id;
        Ok((id, Interaction::from_raw(raw)?))
    }

    /// Reads a JSON value (as serenity's `Interaction` serialises to).
    pub fn from_value(value: Value) -> Result<Interaction, ReadError> {
        Interaction::from_raw(serde_json::from_value(value)?)
    }

    /// The gateway's interaction, read as the endpoint reads one.
    pub fn from_gateway(
        interaction: &serenity::model::application::Interaction,
    ) -> Result<Interaction, ReadError> {
        let mut value = serde_json::to_value(interaction)?;
        // serenity writes each kind's fields but not the `type` it was
        // read from (a command and an autocomplete look alike): put it back.
        if let Some(object) = value.as_object_mut() {
            object.insert("type".into(), u8::from(interaction.kind()).into());
        }
        Interaction::from_value(value)
    }

    /// Checks that the fields this kind needs are present.
    fn from_raw(raw: Raw) -> Result<Interaction, ReadError> {
        let kind = raw.kind;
        let missing = |field| ReadError::Missing { kind, field };
        let locale = raw
            .locale
            .clone()
            .or_else(|| raw.guild_locale.clone())
            .unwrap_or_default();
        match kind {
            kind::PING => Ok(Interaction::Ping),
            kind::MODAL => Ok(Interaction::Modal { locale }),
            kind::COMMAND | kind::AUTOCOMPLETE | kind::COMPONENT => {
                let data = raw.data.ok_or_else(|| missing("data"))?;
                let (user, member) = match raw.member {
                    Some(member) => (
                        member
                            .user
                            .or(raw.user)
                            .ok_or_else(|| missing("member.user"))?,
                        Some(Member {
                            nick: member.nick,
                            roles: member.roles,
                            permissions: member.permissions,
                        }),
                    ),
                    None => (raw.user.ok_or_else(|| missing("user"))?, None),
                };
                let origin = Origin {
                    id: raw.id.ok_or_else(|| missing("id"))?,
                    application_id: raw
                        .application_id
                        .ok_or_else(|| missing("application_id"))?,
                    token: raw.token.ok_or_else(|| missing("token"))?,
                    user,
                    member,
                    guild_id: raw.guild_id,
                    channel_id: raw
                        .channel_id
                        .or(raw.channel.map(|c| c.id))
                        .ok_or_else(|| missing("channel_id"))?,
                    locale,
                };
                if kind == kind::COMPONENT {
                    return Ok(Interaction::Component {
                        origin,
                        custom_id: data.custom_id.ok_or_else(|| missing("data.custom_id"))?,
                        component_type: data.component_type.unwrap_or_default(),
                    });
                }
                let command = CommandData {
                    name: data.name.ok_or_else(|| missing("data.name"))?,
                    options: data.options.into_iter().map(option).collect(),
                };
                Ok(if kind == kind::COMMAND {
                    Interaction::Command(origin, command)
                } else {
                    Interaction::Autocomplete(origin, command)
                })
            }
            other => Ok(Interaction::Other { kind: other }),
        }
    }
}

fn option(raw: RawOption) -> CommandOption {
    CommandOption {
        name: raw.name,
        kind: raw.kind,
        value: raw.value,
        options: raw.options.into_iter().map(option).collect(),
        focused: raw.focused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_command_needs_its_user_and_says_which_field_is_missing() {
        let body = json!({ "type": 2, "id": "1", "application_id": "2", "token": "t",
            "channel_id": "3", "data": { "name": "timeline" } });
        let err = Interaction::from_value(body).unwrap_err();
        assert_eq!(err.to_string(), "a type 2 interaction has no user");
    }

    #[test]
    fn ids_may_be_strings_or_numbers_and_the_server_locale_is_the_fallback() {
        let body = json!({ "type": 2, "id": 1, "application_id": "2", "token": "t",
            "channel": { "id": "3" }, "guild_locale": "es-ES", "guild_id": "9",
            "member": { "user": { "id": "4", "username": "ana" }, "permissions": 8192 },
            "data": { "name": "timeline" } });
        let Interaction::Command(origin, _) = Interaction::from_value(body).unwrap() else {
            panic!("a command");
        };
        assert_eq!(
            (origin.id, origin.channel_id, origin.guild_id),
            (1, 3, Some(9))
        );
        assert_eq!(origin.locale, "es-ES");
        assert_eq!(origin.member.unwrap().permissions, Some(8192));
    }
}
