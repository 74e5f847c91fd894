//! Interaction payloads (our tolerant [`super::payload`] types) → core
//! invocations: who is asking, with which role, in which language, and
//! which command with which option values. Pure: no network, no store.

use serde_json::Value;
use serenity::model::Permissions;

use crate::core::command::CommandSpec;
use crate::core::i18n::Locale;
use crate::core::messages::platform::PlatformMsg;
use crate::core::{Actor, Invocation, Role};

use super::commands::command_for;
use super::payload::{CommandData, CommandOption, Member, Origin};

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
    let permitted = member.permissions.is_some_and(|bits| {
        let p = Permissions::from_bits_truncate(bits);
        p.contains(Permissions::MANAGE_MESSAGES) || p.contains(Permissions::ADMINISTRATOR)
    });
    let has_role = rule.role_id.is_some_and(|id| member.roles.contains(&id));
    if permitted || has_role {
        Role::Moderator
    } else {
        Role::Member
    }
}

/// The invocation for an interaction's user, member, place and locale.
pub fn invocation(origin: &Origin, rule: ModeratorRule) -> Invocation {
    let user = &origin.user;
    let member = origin.member.as_ref();
    let channel_id = origin.channel_id;
    let display = member
        .and_then(|m| m.nick.clone())
        .or_else(|| user.global_name.clone())
        .unwrap_or_else(|| user.username.clone());
    let place = match origin.guild_id {
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
        locale: Locale::from_tag(&origin.locale),
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
    let (sub, options): (Option<&str>, &[CommandOption]) = match data.options.first() {
        Some(first) if first.is_subcommand() => (Some(first.name.as_str()), &first.options),
        Some(first) if first.is_group() => return Err(unreadable(locale, &data.name)),
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
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::Bool(b)) => b.to_string(),
            _ => {
                return Err(PlatformMsg::NotText {
                    option: option.name.clone(),
                    name: full_name.clone(),
                }
                .say(locale))
            }
        };
        if option.focused {
            // What the user has typed so far; not yet a value.
            focused = Some((option.name.clone(), value));
            continue;
        }
        values.push((option.name.clone(), value));
    }
    Ok(CommandInput {
        command,
        values,
        focused,
    })
}
