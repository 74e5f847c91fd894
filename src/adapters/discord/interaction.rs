//! Interaction payloads (serenity's model types) → core invocations: who is
//! asking, with which role, in which language, and which command with
//! which option values. Pure: no network, no store.

use serenity::model::application::{
    CommandData, CommandDataOption, CommandDataOptionValue, Interaction,
};
use serenity::model::guild::Member;
use serenity::model::id::{ChannelId, GuildId};
use serenity::model::user::User;
use serenity::model::Permissions;

use crate::core::command::CommandSpec;
use crate::core::i18n::Locale;
use crate::core::messages::platform::PlatformMsg;
use crate::core::{Actor, Invocation, Role};

use super::commands::command_for;

/// Why a request body is not an interaction we can read.
#[derive(Debug, thiserror::Error)]
pub enum UnreadableInteraction {
    /// Not JSON, or not shaped as an interaction.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// serenity's model panicked on a malformed field (see [`read_interaction`]).
    #[error("a field of the interaction is malformed (the reader panicked)")]
    Panicked,
}

/// Reads an interaction from a request body.
///
/// serenity 0.12.5's model can panic on a malformed field instead of
/// returning an error: `ImageHash::from_str` slices an avatar hash at a
/// byte index, so `"avatar": "a_d˗f…"` (a non-ASCII character after the
/// `a_` of an animated hash) panics inside `serde_json::from_slice`. Found
/// by the `discord_interaction` fuzz target. The panic is caught here so
/// such a body gets the same refusal as any unreadable one instead of
/// dropping the connection; the crate builds with `panic = "unwind"`.
pub fn read_interaction(body: &[u8]) -> Result<Interaction, UnreadableInteraction> {
    std::panic::catch_unwind(|| serde_json::from_slice::<Interaction>(body))
        .map_err(|_| UnreadableInteraction::Panicked)?
        .map_err(UnreadableInteraction::Json)
}

/// Who counts as a moderator beyond Discord's own permissions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ModeratorRule {
    /// Members with this role are moderators (`DISCORD_MODERATOR_ROLE_ID`).
    pub role_id: Option<u64>,
}

/// Moderator when the member's permissions in this channel (as Discord
/// computed them for the payload) include Manage Messages or
/// Administrator, or when they have the configured moderator role.
/// In a DM there is no member, so nobody is a moderator there.
pub fn role(member: Option<&Member>, rule: ModeratorRule) -> Role {
    let Some(member) = member else {
        return Role::Member;
    };
    let permitted = member.permissions.is_some_and(|p| {
        p.contains(Permissions::MANAGE_MESSAGES) || p.contains(Permissions::ADMINISTRATOR)
    });
    let has_role = rule
        .role_id
        .is_some_and(|id| member.roles.iter().any(|r| r.get() == id));
    if permitted || has_role {
        Role::Moderator
    } else {
        Role::Member
    }
}

/// The invocation for an interaction's user, member, place and locale.
pub fn invocation(
    user: &User,
    member: Option<&Member>,
    guild_id: Option<GuildId>,
    channel_id: ChannelId,
    locale: &str,
    rule: ModeratorRule,
) -> Invocation {
    let display = member
        .and_then(|m| m.nick.clone())
        .or_else(|| user.global_name.clone())
        .unwrap_or_else(|| user.name.clone());
    let place = match guild_id {
        Some(guild) => format!("discord:{guild}/{channel_id}"),
        None => format!("discord:dm/{channel_id}"),
    };
    Invocation {
        actor: Actor {
            id: format!("discord:{}", user.id),
            display,
            role: role(member, rule),
        },
        place,
        locale: Locale::from_tag(locale),
    }
}

/// A command's name and options as the core names them, before validation.
#[derive(Debug, Clone)]
pub struct CommandInput {
    pub command: &'static CommandSpec,
    pub values: Vec<(String, String)>,
    /// The option being typed, for autocomplete: (name, partial value).
    pub focused: Option<(String, String)>,
}

/// Why an interaction's command could not be read, as a sentence for the user.
pub fn unreadable(locale: Locale, name: &str) -> String {
    PlatformMsg::UnknownCommand {
        name: name.to_string(),
    }
    .say(locale)
}

/// Reads the command (and subcommand) and its option values.
pub fn command_input(data: &CommandData, locale: Locale) -> Result<CommandInput, String> {
    let (sub, options): (Option<&str>, &[CommandDataOption]) = match data.options.first() {
        Some(CommandDataOption {
            name,
            value: CommandDataOptionValue::SubCommand(options),
            ..
        }) => (Some(name.as_str()), options),
        Some(CommandDataOption {
            value: CommandDataOptionValue::SubCommandGroup(_),
            ..
        }) => {
            return Err(unreadable(locale, &data.name));
        }
        _ => (None, &data.options),
    };
    let full_name = match sub {
        Some(sub) => format!("{} {sub}", data.name),
        None => data.name.clone(),
    };
    let command = command_for(&data.name, sub).ok_or_else(|| unreadable(locale, &full_name))?;
    let mut values = Vec::new();
    let mut focused = None;
    for option in options {
        let value = match &option.value {
            CommandDataOptionValue::String(s) => s.clone(),
            CommandDataOptionValue::Integer(n) => n.to_string(),
            CommandDataOptionValue::Number(n) => n.to_string(),
            CommandDataOptionValue::Boolean(b) => b.to_string(),
            CommandDataOptionValue::Autocomplete { value, .. } => {
                focused = Some((option.name.clone(), value.clone()));
                continue;
            }
            _ => {
                return Err(PlatformMsg::NotText {
                    option: option.name.clone(),
                    name: full_name.clone(),
                }
                .say(locale))
            }
        };
        values.push((option.name.clone(), value));
    }
    Ok(CommandInput {
        command,
        values,
        focused,
    })
}
