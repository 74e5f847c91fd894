//! `/help`: what each command does, its options and an example, generated
//! from the one command list so it can never drift from what is accepted.

use crate::core::command::{did_you_mean, OptionKind, COMMANDS};
use crate::core::i18n::Locale;
use crate::core::reply::{Reply, ReplyKind};
use crate::core::{CoreError, Role};

pub fn help(command: Option<&str>, role: Role, loc: Locale) -> Result<Reply, CoreError> {
    match command {
        None => Ok(overview(role, loc)),
        Some(name) => one(name, loc),
    }
}

fn overview(role: Role, loc: Locale) -> Reply {
    let mut reply = Reply::new(
        ReplyKind::Help,
        loc.pick("casewatch commands", "Órdenes de casewatch"),
    );
    reply.note(loc.pick(
        "Every answer cites its sources: [1], [2] point to the list at the end.",
        "Cada respuesta cita sus fuentes: [1], [2] remiten a la lista del final.",
    ));
    reply.heading(loc.pick("For everyone", "Para todos"));
    for spec in COMMANDS.iter().filter(|c| !c.moderator) {
        reply.note(format!("{} — {}", spec.usage(), spec.help(loc)));
    }
    reply.heading(loc.pick("For moderators", "Para moderadores"));
    if role == Role::Moderator {
        for spec in COMMANDS.iter().filter(|c| c.moderator) {
            reply.note(format!("/{} — {}", spec.path, spec.help(loc)));
        }
    } else {
        reply.note(loc.pick(
            "Moderators add and correct records; every change needs a source and is logged. Use /suggest to propose an update.",
            "Los moderadores añaden y corrigen registros; cada cambio necesita una fuente y queda registrado. Usa /suggest para proponer una novedad.",
        ));
    }
    reply.note(loc.pick(
        "Values with spaces go in double quotes: text:\"two words\". /help COMMAND shows a command's options.",
        "Los valores con espacios van entre comillas dobles: text:\"dos palabras\". /help ORDEN muestra las opciones de una orden.",
    ));
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
        return Err(CoreError::Invalid(loc.pick(
            format!(
                "There is no command “/{wanted}”.{} /help lists them all.",
                did_you_mean(&wanted, &names, "/", loc)
            ),
            format!(
                "No existe la orden «/{wanted}».{} /help las muestra todas.",
                did_you_mean(&wanted, &names, "/", loc)
            ),
        )));
    }
    let mut reply = Reply::new(ReplyKind::Help, format!("/{wanted}"));
    for spec in matching {
        reply.heading(spec.usage());
        reply.note(spec.help(loc).to_string());
        if spec.moderator {
            reply.note(loc.pick("Moderators only.", "Solo moderadores."));
        }
        for o in spec.options {
            let shape = match o.kind {
                OptionKind::Text => loc.pick(
                    format!("text, up to {} characters", o.max_len),
                    format!("texto, hasta {} caracteres", o.max_len),
                ),
                OptionKind::Integer { min, max } => loc.pick(
                    format!("a number from {min} to {max}"),
                    format!("un número de {min} a {max}"),
                ),
                OptionKind::Date => "YYYY, YYYY-MM, YYYY-MM-DD, FROM/TO".to_string(),
                OptionKind::Url => loc
                    .pick("an http(s) address", "una dirección http(s)")
                    .to_string(),
                OptionKind::Id => loc.pick("a record id", "un id de registro").to_string(),
                OptionKind::Slug => loc
                    .pick("a case slug", "el identificador de un caso")
                    .to_string(),
                OptionKind::Choice(choices) => choices.join(" | "),
            };
            let required = if o.required {
                loc.pick(" (required)", " (obligatoria)")
            } else {
                ""
            };
            reply.note(format!("{}:{required} {} — {shape}", o.name, o.help(loc)));
        }
        if !spec.positional.is_empty() {
            reply.note(loc.pick(
                format!(
                        "Shorthand: words without a name fill {} in that order.",
                        spec.positional
                            .iter()
                            .map(|p| format!("{p}:"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                format!(
                        "Forma corta: las palabras sin nombre rellenan {} en ese orden.",
                        spec.positional
                            .iter()
                            .map(|p| format!("{p}:"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
            ));
        }
        reply.note(format!(
            "{} {}",
            loc.pick("Example:", "Ejemplo:"),
            spec.example
        ));
    }
    Ok(reply)
}
