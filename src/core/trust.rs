//! Who may change a case's record. Reading is open to everyone; changing
//! the record is granted per case, never taken from the place a user
//! happens to type in. This is the one place that decides, from the
//! invocation (platform, place, user, role there) and the case's grants;
//! adapters only report what their platform says about the user.
//!
//! The editors of a case are:
//! - the local console's operator (the owner of the database), always;
//! - the moderators of a granted Discord server or Matrix room (`discord:ID`,
//!   `matrix:!room:server`), by the rules their adapter applies;
//! - granted people (`discord-user:ID`, `matrix-user:@user:server`), wherever
//!   they write from.

use std::fmt;
use std::str::FromStr;

use crate::core::messages::trust::TrustMsg;
use crate::core::{CoreError, Invocation, Role};
use crate::store::{CaseRow, Store};

/// A place or person that can be granted the right to edit a case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Grantee {
    /// The moderators of a Discord server (`discord:GUILD_ID`).
    DiscordServer(u64),
    /// One Discord user (`discord-user:USER_ID`).
    DiscordUser(u64),
    /// The moderators of a Matrix room (`matrix:!room:server`).
    MatrixRoom(String),
    /// One Matrix user (`matrix-user:@user:server`).
    MatrixUser(String),
}

/// The forms a grantee is written in, for error messages and help.
pub const GRANTEE_FORMS: &str =
    "discord:GUILD_ID, discord-user:USER_ID, matrix:!ROOM_ID:SERVER or matrix-user:@USER:SERVER";

/// Why a grantee could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "“{given}” is not a place or person casewatch can grant: {why}; write it as {GRANTEE_FORMS}"
)]
pub struct GranteeError {
    pub given: String,
    pub why: &'static str,
}

fn snowflake(text: &str) -> Option<u64> {
    (!text.is_empty() && text.len() <= 20 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse::<u64>().ok())
        .flatten()
        .filter(|id| *id > 0)
}

/// A Matrix identifier with its sigil: `!opaque[:server]` for rooms (room
/// version 12 ids have no server part), `@local:server` for users.
fn matrix_id(text: &str, sigil: char, server_required: bool) -> bool {
    let Some(rest) = text.strip_prefix(sigil) else {
        return false;
    };
    let (local, server) = match rest.split_once(':') {
        Some((local, server)) => (local, Some(server)),
        None => (rest, None),
    };
    let clean = |s: &str| !s.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control());
    text.len() <= 255
        && clean(local)
        && match server {
            Some(server) => clean(server),
            None => !server_required,
        }
}

impl FromStr for Grantee {
    type Err = GranteeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let fail = |why| GranteeError {
            given: text.to_string(),
            why,
        };
        let text = text.trim();
        let Some((kind, value)) = text.split_once(':') else {
            return Err(fail("it has no “kind:” prefix"));
        };
        match kind {
            "discord" => snowflake(value)
                .map(Grantee::DiscordServer)
                .ok_or_else(|| fail("a Discord server id is a number such as 123456789012345678")),
            "discord-user" => snowflake(value)
                .map(Grantee::DiscordUser)
                .ok_or_else(|| fail("a Discord user id is a number such as 123456789012345678")),
            "matrix" if matrix_id(value, '!', false) => Ok(Grantee::MatrixRoom(value.to_string())),
            "matrix" => Err(fail(
                "a Matrix room id starts with “!”, such as !abc:example.org",
            )),
            "matrix-user" if matrix_id(value, '@', true) => {
                Ok(Grantee::MatrixUser(value.to_string()))
            }
            "matrix-user" => Err(fail("a Matrix user id looks like @name:example.org")),
            _ => Err(fail(
                "the kind must be discord, discord-user, matrix or matrix-user",
            )),
        }
    }
}

impl fmt::Display for Grantee {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Grantee::DiscordServer(id) => write!(f, "discord:{id}"),
            Grantee::DiscordUser(id) => write!(f, "discord-user:{id}"),
            Grantee::MatrixRoom(room) => write!(f, "matrix:{room}"),
            Grantee::MatrixUser(user) => write!(f, "matrix-user:{user}"),
        }
    }
}

impl Invocation {
    /// The community the command was typed in, as a grantee: a Discord
    /// server or a Matrix room. `None` in a Discord DM and in the console.
    pub fn place_grantee(&self) -> Option<Grantee> {
        let (platform, rest) = self.place.split_once(':')?;
        match platform {
            "discord" => snowflake(rest.split('/').next()?).map(Grantee::DiscordServer),
            "matrix" if matrix_id(rest, '!', false) => Some(Grantee::MatrixRoom(rest.to_string())),
            _ => None,
        }
    }

    /// The user, as a grantee. `None` for the console.
    pub fn person_grantee(&self) -> Option<Grantee> {
        let (platform, id) = self.actor.id.split_once(':')?;
        match platform {
            "discord" => snowflake(id).map(Grantee::DiscordUser),
            "matrix" if matrix_id(id, '@', true) => Some(Grantee::MatrixUser(id.to_string())),
            _ => None,
        }
    }

    /// Whether this is the local console (the database's owner).
    pub fn is_console(&self) -> bool {
        self.place == "console"
    }
}

/// Allows a write to `case`'s record, or says why not (nothing changes
/// then). `command` is the command's name, for the refusal.
pub fn check_editor(
    store: &Store,
    case: &CaseRow,
    inv: &Invocation,
    command: &str,
) -> Result<(), CoreError> {
    let loc = inv.locale;
    let moderator = inv.actor.role == Role::Moderator;
    if inv.is_console() {
        return if moderator {
            Ok(())
        } else {
            Err(CoreError::Invalid(
                TrustMsg::ConsoleMember {
                    command: command.to_string(),
                }
                .say(loc),
            ))
        };
    }
    if let Some(person) = inv.person_grantee() {
        if store.is_granted(case.id, &person.to_string())? {
            return Ok(());
        }
    }
    let place = inv.place_grantee();
    let place_granted = match &place {
        Some(place) => store.is_granted(case.id, &place.to_string())?,
        None => false,
    };
    let refusal = match (&place, place_granted, moderator) {
        (Some(_), true, true) => return Ok(()),
        (Some(_), true, false) => {
            let mut sentence = TrustMsg::ModeratorsOnly {
                command: command.to_string(),
            }
            .say(loc);
            if command == "update add" {
                sentence.push(' ');
                sentence.push_str(&TrustMsg::MembersMaySuggest.say(loc));
            }
            return Err(CoreError::Invalid(sentence));
        }
        (Some(Grantee::MatrixRoom(_)), false, _) => TrustMsg::RoomNotEditor {
            command: command.to_string(),
            case: case.title.clone(),
            grant: grant_command(place.as_ref(), &case.key),
        },
        (Some(_), false, _) => TrustMsg::ServerNotEditor {
            command: command.to_string(),
            case: case.title.clone(),
            grant: grant_command(place.as_ref(), &case.key),
        },
        (None, _, _) => TrustMsg::PersonNotEditor {
            command: command.to_string(),
            case: case.title.clone(),
            grant: grant_command(inv.person_grantee().as_ref(), &case.key),
        },
    };
    Err(CoreError::Invalid(refusal.say(loc)))
}

/// What the operator's grant or revocation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantChange {
    /// The grant was written (and audited).
    Done,
    /// Nothing to do: the grantee already had (or had no) live grant.
    Unchanged,
}

/// Grants `grantee` the right to edit the case `case_key`, as `actor`
/// (`console:local`, `env:CASEWATCH_EDITORS`). Audited.
pub fn grant(
    store: &mut Store,
    case_key: &str,
    grantee: &Grantee,
    actor: &str,
) -> Result<GrantChange, OperatorError> {
    change_grant(store, case_key, actor, |w, case_id| {
        w.grant_editor(case_id, &grantee.to_string())
    })
}

/// Revokes `grantee`'s right to edit the case. What it changed stays, with
/// its author, in the audit log (`/history`, then `/correct`).
pub fn revoke(
    store: &mut Store,
    case_key: &str,
    grantee: &Grantee,
    actor: &str,
) -> Result<GrantChange, OperatorError> {
    change_grant(store, case_key, actor, |w, case_id| {
        w.revoke_editor(case_id, &grantee.to_string())
    })
}

/// Runs one grant change on the case `case_key`; `change` says whether it
/// wrote anything.
fn change_grant(
    store: &mut Store,
    case_key: &str,
    actor: &str,
    change: impl FnOnce(&mut crate::store::Writer<'_>, i64) -> crate::store::Result<bool>,
) -> Result<GrantChange, OperatorError> {
    let case = store
        .case_by_key(case_key)?
        .ok_or_else(|| OperatorError::NoCase(case_key.to_string()))?;
    let written = store.write(actor, |w| change(w, case.id))?;
    Ok(if written {
        GrantChange::Done
    } else {
        GrantChange::Unchanged
    })
}

/// Why an operator's grant could not be made.
#[derive(Debug, thiserror::Error)]
pub enum OperatorError {
    /// No case has that slug.
    #[error("there is no case “{0}” in the database; `casewatch export` names the cases on record, `casewatch import data/` loads them")]
    NoCase(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// The operator's command that would grant `grantee`.
fn grant_command(grantee: Option<&Grantee>, case: &str) -> String {
    match grantee {
        Some(grantee) => format!("casewatch editors add {grantee} --case {case}"),
        None => format!("casewatch editors add PLACE --case {case}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grantees_read_and_write_the_same_forms() {
        for text in [
            "discord:123456789012345678",
            "discord-user:42",
            "matrix:!abc:example.org",
            "matrix:!hashonlyroomid",
            "matrix-user:@mod:example.org",
        ] {
            assert_eq!(text.parse::<Grantee>().unwrap().to_string(), text);
        }
    }

    #[test]
    fn malformed_grantees_are_refused_with_the_accepted_forms() {
        for text in [
            "",
            "123",
            "discord:",
            "discord:abc",
            "discord:0",
            "discord:123456789012345678901",
            "discord-user:-5",
            "matrix:abc:example.org",
            "matrix:!",
            "matrix:!a b:example.org",
            "matrix-user:mod:example.org",
            "matrix-user:@mod",
            "slack:T123",
        ] {
            let err = text.parse::<Grantee>().unwrap_err();
            assert!(err.to_string().contains(GRANTEE_FORMS), "{text}: {err}");
        }
    }
}
