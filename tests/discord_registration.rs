//! The slash command registration built from the core's command list,
//! checked against Discord's rules in English and in both Spanish locales:
//! names, descriptions, option and choice counts, and the 8000-character
//! total per command.
#![cfg(feature = "discord")]

use casewatch::adapters::discord::commands::{command_for, registration, SPANISH_LOCALES};
use casewatch::core::command::COMMANDS;
use serde_json::Value;

/// `^[-_'\p{L}\p{N}]{1,32}$`, lowercase.
fn valid_name(name: &str) -> bool {
    let count = name.chars().count();
    (1..=32).contains(&count)
        && name
            .chars()
            .all(|c| c == '-' || c == '_' || c == '\'' || c.is_alphabetic() || c.is_numeric())
        && name.to_lowercase() == name
}

fn valid_description(text: &str) -> bool {
    (1..=100).contains(&text.chars().count())
}

/// The name and description an object shows in `locale` (`None`: English).
fn shown(object: &Value, locale: Option<&str>) -> (String, String) {
    let pick = |key: &str, localized: &str| {
        locale
            .and_then(|l| object[localized][l].as_str())
            .or_else(|| object[key].as_str())
            .unwrap_or_else(|| panic!("{object} has no {key}"))
            .to_string()
    };
    (
        pick("name", "name_localizations"),
        pick("description", "description_localizations"),
    )
}

/// Every name, description and choice value of an object and its options,
/// across all locales.
fn total_chars(object: &Value) -> usize {
    let mut total = 0;
    for key in ["name", "description"] {
        total += object[key].as_str().map_or(0, |s| s.chars().count());
        if let Some(map) = object[format!("{key}_localizations")].as_object() {
            total += map
                .values()
                .filter_map(Value::as_str)
                .map(|s| s.chars().count())
                .sum::<usize>();
        }
    }
    for choice in object["choices"].as_array().into_iter().flatten() {
        total += choice["name"].as_str().map_or(0, |s| s.chars().count())
            + choice["value"].as_str().map_or(0, |s| s.chars().count());
    }
    for option in object["options"].as_array().into_iter().flatten() {
        total += total_chars(option);
    }
    total
}

fn check_options(command: &Value, locale: Option<&str>, path: &str) {
    let options = command["options"].as_array().cloned().unwrap_or_default();
    assert!(options.len() <= 25, "{path}: {} options", options.len());
    let mut names = Vec::new();
    let mut seen_optional = false;
    for option in &options {
        let (name, description) = shown(option, locale);
        assert!(
            valid_name(&name),
            "{path} ({locale:?}): option name {name:?}"
        );
        assert!(
            valid_description(&description),
            "{path} ({locale:?}): {name} description {description:?}"
        );
        names.push(name.clone());
        let kind = option["type"].as_u64().unwrap();
        if kind == 1 {
            check_options(option, locale, &format!("{path} {name}"));
            continue;
        }
        let required = option["required"].as_bool().unwrap_or(false);
        assert!(
            !(required && seen_optional),
            "{path}: required {name} comes after an optional option"
        );
        seen_optional |= !required;
        let choices = option["choices"].as_array().cloned().unwrap_or_default();
        assert!(choices.len() <= 25);
        assert!(
            option["autocomplete"] != true || choices.is_empty(),
            "{path}: {name} has both choices and autocomplete"
        );
        for choice in choices {
            let value = choice["value"].as_str().unwrap();
            assert!(
                valid_description(choice["name"].as_str().unwrap())
                    && (1..=100).contains(&value.chars().count())
            );
        }
        if kind == 4 {
            let limit = 1i64 << 53;
            assert!(
                option["max_value"].as_i64().unwrap() <= limit
                    && option["min_value"].as_i64().unwrap() >= -limit
            );
        }
    }
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        names.len(),
        "{path} ({locale:?}): two options share a name: {names:?}"
    );
}

#[test]
fn registration_follows_discords_rules_in_every_locale() {
    let commands = registration();
    assert!(!commands.is_empty() && commands.len() <= 100);
    for locale in [None, Some(SPANISH_LOCALES[0]), Some(SPANISH_LOCALES[1])] {
        let mut names = Vec::new();
        for command in &commands {
            let (name, description) = shown(command, locale);
            assert!(valid_name(&name), "command name {name:?} in {locale:?}");
            assert!(
                valid_description(&description),
                "{name}: description {description:?}"
            );
            names.push(name.clone());
            check_options(command, locale, &name);
        }
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            unique.len(),
            names.len(),
            "two commands share a name in {locale:?}"
        );
    }
    for command in &commands {
        let total = total_chars(command);
        assert!(total <= 8000, "{}: {total} characters", command["name"]);
        assert!(
            command.get("name_localizations").is_some()
                && command.get("description_localizations").is_some()
        );
    }
}

#[test]
fn every_core_command_is_registered_once_and_moderator_ones_need_manage_messages() {
    let commands = registration();
    let mut registered = 0;
    for command in &commands {
        let root = command["name"].as_str().unwrap();
        let subs: Vec<&Value> = command["options"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["type"] == 1)
            .collect();
        let specs: Vec<_> = if subs.is_empty() {
            vec![command_for(root, None)
                .unwrap_or_else(|| panic!("/{root} maps to no core command"))]
        } else {
            subs.iter()
                .map(|s| {
                    command_for(root, s["name"].as_str())
                        .expect("a subcommand maps to a core command")
                })
                .collect()
        };
        registered += specs.len();
        let moderator = specs.iter().all(|s| s.moderator);
        assert_eq!(
            command
                .get("default_member_permissions")
                .and_then(Value::as_str),
            moderator.then_some("8192"),
            "/{root}"
        );
    }
    assert_eq!(registered, COMMANDS.len());
    // Discord cannot mix options and subcommands on /quote: the moderator write is flat.
    assert!(commands.iter().any(|c| c["name"] == "quote-add"));
    assert!(commands
        .iter()
        .any(|c| c["name"] == "action" && c["options"].as_array().unwrap().len() == 3));
}

mod discord_support;

/// What the registration code path sends to Discord's API (a loopback
/// stand-in that records each request): to a test guild, the commands go
/// there and the global list is emptied, so commands registered globally
/// by an earlier start (moderator ones included) do not linger in every
/// server; without a guild, the commands go to the global list only.
#[tokio::test]
async fn registering_to_a_guild_removes_stale_global_commands() {
    use casewatch::adapters::discord::register_commands;
    use discord_support::{recorder, APPLICATION, GUILD};
    for guild in [Some(GUILD), None] {
        let (api, mut recorded) = recorder().await;
        let http = serenity::http::HttpBuilder::new("")
            .proxy(api)
            .ratelimiter_disabled(true)
            .application_id(APPLICATION.parse::<u64>().unwrap().into())
            .build();
        register_commands(&http, guild.map(|g| g.parse().unwrap()))
            .await
            .expect("the stand-in accepts the registration");
        drop(http);
        let mut calls = Vec::new();
        while let Ok(call) = recorded.try_recv() {
            calls.push(call);
        }
        let commands = casewatch::adapters::discord::commands::registration().len();
        let global = format!("/api/v10/applications/{APPLICATION}/commands");
        match guild {
            Some(guild) => {
                assert_eq!(calls.len(), 2, "{calls:?}");
                let (method, path, body) = &calls[0];
                assert_eq!(method, "PUT");
                assert_eq!(
                    path,
                    &format!("/api/v10/applications/{APPLICATION}/guilds/{guild}/commands")
                );
                assert_eq!(body.as_array().unwrap().len(), commands);
                let (method, path, body) = &calls[1];
                assert_eq!((method.as_str(), path), ("PUT", &global));
                assert_eq!(body, &serde_json::json!([]), "the global list is emptied");
            }
            None => {
                assert_eq!(calls.len(), 1, "{calls:?}");
                let (method, path, body) = &calls[0];
                assert_eq!((method.as_str(), path), ("PUT", &global));
                assert_eq!(body.as_array().unwrap().len(), commands);
            }
        }
    }
}
