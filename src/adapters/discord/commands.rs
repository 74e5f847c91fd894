//! Slash command registration built from the core's one list of commands,
//! and the mapping between core command paths and Discord command names.
//!
//! Discord cannot give one top-level command both options and subcommands
//! (<https://discord.com/developers/docs/interactions/application-commands#subcommands-and-subcommand-groups>):
//! `/quote speaker:` (community) and `/quote add` (moderators) would clash.
//! The rule: a path `root sub` whose `root` is itself a command is
//! registered flat as `/root-sub` (so `/quote-add`); otherwise subcommands
//! of one root are grouped (`/action add`, `/action status`, `/update add`,
//! `/source add`). Interactions always carry the default (English) names,
//! so the Spanish names below only change what users see and type.

use serde_json::{json, Map, Value};

use crate::core::command::{spec, CommandSpec, OptionKind, OptionSpec, COMMANDS};
use crate::core::i18n::Locale;
use crate::core::messages::platform::{ChoiceMsg, PlatformMsg};

/// MANAGE_MESSAGES, the permission moderator commands are registered with.
pub const MANAGE_MESSAGES: u64 = 1 << 13;
/// ADMINISTRATOR, which implies every permission.
pub const ADMINISTRATOR: u64 = 1 << 3;

/// The Spanish-speaking locales Discord distinguishes.
pub const SPANISH_LOCALES: [&str; 2] = ["es-ES", "es-419"];

/// Discord's integer options are limited to ±2^53.
const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

// Discord option types.
const SUB_COMMAND: u8 = 1;
const STRING: u8 = 3;
const INTEGER: u8 = 4;

/// How a core command path is named on Discord: a top-level name and
/// maybe a subcommand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscordName {
    pub root: String,
    pub sub: Option<String>,
}

/// The Discord name of a core command path (see the module comment).
pub fn discord_name(path: &str) -> DiscordName {
    match path.split_once(' ') {
        Some((root, sub)) if spec(root).is_some() => DiscordName {
            root: format!("{root}-{sub}"),
            sub: None,
        },
        Some((root, sub)) => DiscordName {
            root: root.to_string(),
            sub: Some(sub.to_string()),
        },
        None => DiscordName {
            root: path.to_string(),
            sub: None,
        },
    }
}

/// The core command a Discord command name (and subcommand) stands for.
pub fn command_for(root: &str, sub: Option<&str>) -> Option<&'static CommandSpec> {
    COMMANDS.iter().find(|c| {
        let name = discord_name(c.path);
        name.root == root && name.sub.as_deref() == sub
    })
}

/// The Spanish name shown for a command, subcommand or option name.
fn spanish(name: &str) -> Option<&'static str> {
    Some(match name {
        // Commands and subcommands.
        "case" => "caso",
        "timeline" => "cronología",
        "quote" => "cita",
        "quote-add" => "cita-añadir",
        "actions" => "acciones",
        "action" => "acción",
        "person" => "persona",
        "search" => "buscar",
        "sources" => "fuentes",
        "source" => "fuente",
        "cite" => "citar",
        "history" => "historial",
        "help" => "ayuda",
        "suggest" => "proponer",
        "update" => "novedad",
        "correct" => "corregir",
        "retract" => "retirar",
        "review" => "revisar",
        "add" => "añadir",
        "digest" => "boletín",
        "show" => "ver",
        "preview" => "vista-previa",
        "subscribe" => "suscribir",
        "unsubscribe" => "desuscribir",
        // Watched feeds.
        "watch" => "vigilar",
        "list" => "listar",
        "remove" => "quitar",
        "keywords" => "palabras_clave",
        "interval" => "intervalo",
        // Options.
        "from" => "desde",
        "to" => "hasta",
        "tag" => "etiqueta",
        "tags" => "etiquetas",
        "page" => "página",
        "speaker" => "hablante",
        "text" => "texto",
        "status" => "estado",
        "name" => "nombre",
        "query" => "consulta",
        "command" => "orden",
        "date" => "fecha",
        "title" => "título",
        "publication" => "publicación",
        "published" => "publicada",
        "author" => "autor",
        "role" => "cargo",
        "language" => "idioma",
        "said" => "dicha",
        "place" => "lugar",
        "relay" => "relato",
        "relayed_by" => "relatada_por",
        "context" => "contexto",
        "kind" => "tipo",
        "summary" => "resumen",
        "led_by" => "encabezada_por",
        "co_led_by" => "codirigida_por",
        "reference" => "referencia",
        "note" => "nota",
        "reason" => "motivo",
        "archive" => "archivo",
        "decision" => "decisión",
        "time" => "hora",
        "timezone" => "zona_horaria",
        "daily" => "diario",
        // `/action bill` and its `bill:` option.
        "bill" => "proyecto",
        _ => return None,
    })
}

/// Descriptions of group roots, which have no spec of their own.
fn group_help(root: &str, locale: Locale) -> String {
    match root {
        "update" => PlatformMsg::GroupUpdate,
        "action" => PlatformMsg::GroupAction,
        "source" => PlatformMsg::GroupSource,
        "digest" => PlatformMsg::GroupDigest,
        "watch" => PlatformMsg::GroupWatch,
        _ => PlatformMsg::GroupModerators,
    }
    .say(locale)
}

fn localizations(en: &str, es: Option<&str>) -> Option<Value> {
    let es = es.filter(|es| *es != en)?;
    let mut map = Map::new();
    for locale in SPANISH_LOCALES {
        map.insert(locale.to_string(), json!(es));
    }
    Some(Value::Object(map))
}

/// Discord descriptions are 1–100 characters.
fn description(text: &str) -> String {
    if text.chars().count() <= 100 {
        return text.to_string();
    }
    let mut out: String = text.chars().take(99).collect();
    out.push('…');
    out
}

fn describe(object: &mut Map<String, Value>, name: &str, help_en: &str, help_es: &str) {
    object.insert("name".into(), json!(name));
    if let Some(names) = localizations(name, spanish(name)) {
        object.insert("name_localizations".into(), names);
    }
    object.insert("description".into(), json!(description(help_en)));
    if let Some(descriptions) = localizations(&description(help_en), Some(&description(help_es))) {
        object.insert("description_localizations".into(), descriptions);
    }
}

fn option_json(option: &OptionSpec) -> Value {
    let mut object = Map::new();
    describe(&mut object, option.name, option.help_en, option.help_es);
    object.insert("required".into(), json!(option.required));
    match option.kind {
        OptionKind::Integer { min, max } => {
            object.insert("type".into(), json!(INTEGER));
            object.insert(
                "min_value".into(),
                json!(min.clamp(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER)),
            );
            object.insert(
                "max_value".into(),
                json!(max.clamp(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER)),
            );
        }
        OptionKind::Choice(choices) => {
            object.insert("type".into(), json!(STRING));
            let choices: Vec<Value> = choices.iter().take(25).map(|c| choice_json(c)).collect();
            object.insert("choices".into(), json!(choices));
        }
        OptionKind::Text
        | OptionKind::Date
        | OptionKind::Url
        | OptionKind::Id
        | OptionKind::Slug => {
            object.insert("type".into(), json!(STRING));
            object.insert("min_length".into(), json!(1));
            object.insert("max_length".into(), json!(option.max_len.clamp(1, 6000)));
            // `autocomplete` and `choices` exclude each other; only these kinds get it.
            if option.autocomplete {
                object.insert("autocomplete".into(), json!(true));
            }
        }
    }
    // Key order of the map does not matter to Discord; `type` first reads better in logs.
    Value::Object(object)
}

/// One choice: the value the core parses, shown as itself in English and
/// by its catalogue label in Spanish.
fn choice_json(value: &str) -> Value {
    let mut object = Map::new();
    object.insert("name".into(), json!(value));
    let label = ChoiceMsg::for_value(value).map(|c| c.say(Locale::Es));
    if let Some(names) = localizations(value, label.as_deref()) {
        object.insert("name_localizations".into(), names);
    }
    object.insert("value".into(), json!(value));
    Value::Object(object)
}

/// Discord wants required options before optional ones.
fn options_json(spec: &CommandSpec) -> Vec<Value> {
    let mut options: Vec<&OptionSpec> = spec.options.iter().collect();
    options.sort_by_key(|o| !o.required);
    options.into_iter().map(option_json).collect()
}

/// A top-level chat-input command (or group). Moderator commands carry
/// Manage Messages as their default permission and are left out of DMs,
/// where nobody is a moderator.
fn top_level(name: &str, help_en: &str, help_es: &str, options: Value, moderator: bool) -> Value {
    let mut object = Map::new();
    object.insert("type".into(), json!(1));
    describe(&mut object, name, help_en, help_es);
    object.insert("options".into(), options);
    if moderator {
        object.insert(
            "default_member_permissions".into(),
            json!(MANAGE_MESSAGES.to_string()),
        );
    }
    object.insert(
        "contexts".into(),
        json!(if moderator { vec![0] } else { vec![0, 1] }),
    );
    Value::Object(object)
}

/// The bulk-overwrite body for `PUT /applications/{id}/commands` (or a
/// guild's): every core command, in both languages.
pub fn registration() -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for command in COMMANDS {
        let name = discord_name(command.path);
        match &name.sub {
            None => out.push(top_level(
                &name.root,
                command.help_en,
                command.help_es,
                json!(options_json(command)),
                command.moderator,
            )),
            Some(sub) => {
                let mut object = Map::new();
                describe(&mut object, sub, command.help_en, command.help_es);
                object.insert("type".into(), json!(SUB_COMMAND));
                object.insert("options".into(), json!(options_json(command)));
                let sub = Value::Object(object);
                let group = out.iter_mut().find(|c| c["name"] == json!(name.root));
                match group {
                    Some(group) => {
                        group["options"]
                            .as_array_mut()
                            .expect("a group has options")
                            .push(sub);
                        // The group is for moderators only if every subcommand is.
                        if !command.moderator {
                            group
                                .as_object_mut()
                                .expect("object")
                                .remove("default_member_permissions");
                            group["contexts"] = json!([0, 1]);
                        }
                    }
                    None => out.push(top_level(
                        &name.root,
                        &group_help(&name.root, Locale::En),
                        &group_help(&name.root, Locale::Es),
                        json!([sub]),
                        command.moderator,
                    )),
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_round_trips_through_its_discord_name() {
        for command in COMMANDS {
            let name = discord_name(command.path);
            let back = command_for(&name.root, name.sub.as_deref()).expect(command.path);
            assert_eq!(back.path, command.path);
        }
        assert_eq!(discord_name("quote add").root, "quote-add");
        assert_eq!(
            discord_name("action status"),
            DiscordName {
                root: "action".into(),
                sub: Some("status".into())
            }
        );
    }
}
