//! `/help`: what each command does, its options and an example, generated
//! from the one command list so it can never drift from what is accepted.

use crate::core::command::{did_you_mean, OptionKind, COMMANDS};
use crate::core::i18n::Locale;
use crate::core::messages::answers::AnswersMsg;
use crate::core::messages::usage::UsageMsg;
use crate::core::reply::{Reply, ReplyKind};
use crate::core::{CoreError, Role};

pub fn help(command: Option<&str>, role: Role, loc: Locale) -> Result<Reply, CoreError> {
    match command {
        None => Ok(overview(role, loc)),
        Some(name) => one(name, loc),
    }
}

fn overview(role: Role, loc: Locale) -> Reply {
    let mut reply = Reply::new(ReplyKind::Help, AnswersMsg::HelpTitle.say(loc));
    reply.note(AnswersMsg::HelpCites.say(loc));
    reply.heading(AnswersMsg::ForEveryone.say(loc));
    for spec in COMMANDS.iter().filter(|c| !c.moderator) {
        reply.note(format!("{} — {}", spec.usage(), spec.help(loc)));
    }
    reply.heading(AnswersMsg::ForModerators.say(loc));
    if role == Role::Moderator {
        for spec in COMMANDS.iter().filter(|c| c.moderator && !c.edits_record()) {
            reply.note(format!("/{} — {}", spec.path, spec.help(loc)));
        }
    } else {
        reply.note(AnswersMsg::ModeratorsExplained.say(loc));
    }
    reply.heading(AnswersMsg::ForEditors.say(loc));
    reply.note(AnswersMsg::EditorsExplained.say(loc));
    if role == Role::Moderator {
        for spec in COMMANDS.iter().filter(|c| c.edits_record()) {
            reply.note(format!("/{} — {}", spec.path, spec.help(loc)));
        }
    }
    reply.note(AnswersMsg::HelpQuoting.say(loc));
    reply
}

fn one(name: &str, loc: Locale) -> Result<Reply, CoreError> {
    let wanted = name.trim().trim_start_matches('/').to_lowercase();
    let matching: Vec<_> = COMMANDS
        .iter()
        .filter(|c| c.path == wanted || c.path.split(' ').next() == Some(wanted.as_str()))
        .collect();
    if matching.is_empty() {
        let names: Vec<&str> = COMMANDS.iter().map(|c| c.path).collect();
        // The same sentence as an unknown command typed in full.
        return Err(CoreError::Invalid(
            UsageMsg::UnknownCommand {
                hint: did_you_mean(&wanted, &names, "/", loc),
                name: wanted,
            }
            .say(loc),
        ));
    }
    let mut reply = Reply::new(ReplyKind::Help, format!("/{wanted}"));
    for spec in matching {
        reply.heading(spec.usage());
        reply.note(spec.help(loc).to_string());
        if spec.edits_record() {
            reply.note(AnswersMsg::EditorsOnly.say(loc));
        } else if spec.moderator {
            reply.note(AnswersMsg::ModeratorsOnly.say(loc));
        }
        for o in spec.options {
            let shape = match o.kind {
                OptionKind::Text => AnswersMsg::ShapeText { max: o.max_len }.say(loc),
                OptionKind::Integer { min, max } => AnswersMsg::ShapeNumber { min, max }.say(loc),
                OptionKind::Date => AnswersMsg::ShapeDate.say(loc),
                OptionKind::Url => AnswersMsg::ShapeUrl.say(loc),
                OptionKind::Id => AnswersMsg::ShapeId.say(loc),
                OptionKind::Slug => AnswersMsg::ShapeSlug.say(loc),
                OptionKind::Choice(choices) => choices.join(" | "),
            };
            let required = if o.required {
                AnswersMsg::Required.say(loc)
            } else {
                String::new()
            };
            reply.note(format!("{}:{required} {} — {shape}", o.name, o.help(loc)));
        }
        if !spec.positional.is_empty() {
            reply.note(
                AnswersMsg::Shorthand {
                    list: spec
                        .positional
                        .iter()
                        .map(|p| format!("{p}:"))
                        .collect::<Vec<_>>()
                        .join(", "),
                }
                .say(loc),
            );
        }
        reply.note(format!("{} {}", AnswersMsg::Example.say(loc), spec.example));
    }
    Ok(reply)
}
