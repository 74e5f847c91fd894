//! Writes each target's seed corpus from real inputs: the `/help` examples
//! of every command, the curated `data/` files, and interaction payloads
//! built by the Discord tests' own helpers. `scripts/fuzz` runs it first,
//! so the seeds follow the code instead of going stale in the repository.
//!
//! Usage: `seeds <corpus dir>`; writes `<dir>/<target>/<name>`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use casewatch::adapters::discord::commands::discord_name;
use casewatch::adapters::discord::paging::{pageable, PageTarget, Part};
use casewatch::core::command::{parse, OptionKind, COMMANDS};
use casewatch::dataset::{self, CaseFile};
use casewatch_fuzz::{encode_options, read_interaction};
use serde_json::{json, Value};

#[path = "../../../tests/discord_support/mod.rs"]
mod discord_support;

use discord_support::{From, MEMBER_PERMISSIONS, MODERATOR_PERMISSIONS};

fn write(dir: &Path, target: &str, name: &str, bytes: &[u8]) {
    let folder = dir.join(target);
    std::fs::create_dir_all(&folder).expect("create the corpus folder");
    std::fs::write(folder.join(name), bytes).expect("write a seed");
}

fn slug(path: &str) -> String {
    path.replace(' ', "-")
}

/// The options of a parsed example as a Discord command's `options` array.
fn discord_options(path: &str, options: &[(&str, &str)]) -> (String, Value) {
    let spec = casewatch::core::command::spec(path).expect("a command path");
    let values: Vec<Value> = options
        .iter()
        .map(|(name, value)| {
            let kind = spec.option(name).map(|o| &o.kind);
            match (kind, value.parse::<i64>()) {
                (Some(OptionKind::Integer { .. }), Ok(n)) => {
                    json!({ "name": name, "type": 4, "value": n })
                }
                _ => json!({ "name": name, "type": 3, "value": value }),
            }
        })
        .collect();
    let name = discord_name(path);
    match name.sub {
        Some(sub) => (
            name.root,
            json!([{ "name": sub, "type": 1, "options": values }]),
        ),
        None => (name.root, Value::Array(values)),
    }
}

/// A small valid case file cut from a curated one: the case, its first
/// record of each kind, and only the people and sources those name.
fn small_case(file: &CaseFile) -> CaseFile {
    let mut small = file.clone();
    small.events.truncate(1);
    small.quotes.truncate(1);
    small.actions.truncate(1);
    small.figures.truncate(1);
    let events: HashSet<&str> = small.events.iter().map(|e| e.key.as_str()).collect();
    for bound in [
        &mut small.case.detained_from,
        &mut small.case.detained_until,
    ] {
        if bound.as_deref().is_some_and(|k| !events.contains(k)) {
            *bound = None;
        }
    }
    let mut people: HashSet<String> = HashSet::from([small.case.subject.clone()]);
    people.extend(small.events.iter().flat_map(|e| e.people.clone()));
    people.extend(
        small
            .quotes
            .iter()
            .flat_map(|q| std::iter::once(q.speaker.clone()).chain(q.relayed_by.clone())),
    );
    people.extend(
        small
            .actions
            .iter()
            .flat_map(|a| a.led_by.iter().chain(&a.co_led_by).cloned()),
    );
    small.people.retain(|p| people.contains(&p.key));
    let mut sources: HashSet<String> = HashSet::new();
    sources.extend(small.case.summary_sources.iter().cloned());
    sources.extend(small.case.status_sources.iter().cloned());
    sources.extend(small.people.iter().flat_map(|p| p.sources.clone()));
    sources.extend(small.events.iter().flat_map(|e| e.sources.clone()));
    sources.extend(small.quotes.iter().flat_map(|q| q.sources.clone()));
    sources.extend(small.figures.iter().flat_map(|f| f.sources.clone()));
    for action in &small.actions {
        sources.extend(action.sources.iter().cloned());
        sources.extend(action.statuses.iter().flat_map(|s| s.sources.clone()));
    }
    small.sources.retain(|s| sources.contains(&s.key));
    small
}

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: seeds <corpus dir>"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");

    let mut lines = 0;
    let mut payloads = 0;
    for spec in COMMANDS {
        let name = slug(spec.path);
        write(&dir, "command_line", &name, spec.example.as_bytes());
        write(
            &dir,
            "command_line",
            &format!("{name}-usage"),
            spec.usage().as_bytes(),
        );
        lines += 2;
        let parsed = parse(spec.example).unwrap_or_else(|e| panic!("{}: {e}", spec.example));
        let options: Vec<(&str, &str)> = parsed
            .options
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        write(
            &dir,
            "command_options",
            &name,
            encode_options(spec.path, options.clone()).as_bytes(),
        );

        let (discord, values) = discord_options(spec.path, &options);
        let guild = From::Guild {
            permissions: MODERATOR_PERMISSIONS,
            roles: &[],
        };
        let member = From::Guild {
            permissions: MEMBER_PERMISSIONS,
            roles: &["1"],
        };
        for (suffix, from, locale) in [
            ("guild", guild, "en-US"),
            ("member", member, "es-419"),
            ("dm", From::Dm, "es-ES"),
        ] {
            let payload = discord_support::command(&discord, values.clone(), from, locale);
            // A seed the reader refuses would only exercise serde.
            let read = read_interaction(payload.to_string().as_bytes());
            assert!(
                matches!(read, Some((_, Ok(_)))),
                "{name}: the reader refuses the seed: {read:?}"
            );
            write(
                &dir,
                "discord_interaction",
                &format!("{name}-{suffix}"),
                payload.to_string().as_bytes(),
            );
            payloads += 1;
        }
        if let Some(first) = spec.options.first() {
            let focused =
                json!([{ "name": first.name, "type": 3, "value": "ta", "focused": true }]);
            let payload = discord_support::autocomplete(&discord, focused, guild, "en-US");
            write(
                &dir,
                "discord_interaction",
                &format!("{name}-autocomplete"),
                payload.to_string().as_bytes(),
            );
            payloads += 1;
        }
        if pageable(spec) {
            let target = PageTarget {
                command: spec,
                options: options
                    .iter()
                    .filter(|(k, _)| *k != "page")
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                page: 2,
                part: Part::Index(1),
            };
            if let Some(custom_id) = target.encode() {
                let payload = discord_support::button(&custom_id, guild, "en-US");
                let read = read_interaction(payload.to_string().as_bytes());
                assert!(
                    matches!(read, Some((_, Ok(_)))),
                    "{name}: the reader refuses the button: {read:?}"
                );
                write(
                    &dir,
                    "discord_interaction",
                    &format!("{name}-button"),
                    payload.to_string().as_bytes(),
                );
                payloads += 1;
            }
        }
    }
    write(
        &dir,
        "discord_interaction",
        "ping",
        discord_support::ping().to_string().as_bytes(),
    );
    payloads += 1;

    let mut files = 0;
    for path in dataset::case_files(&root.join("data")).expect("data/ lists case files") {
        let name = path
            .file_stem()
            .expect("a file name")
            .to_string_lossy()
            .to_string();
        let text = std::fs::read(&path).expect("read a case file");
        write(&dir, "dataset_import", &name, &text);
        let file = dataset::load(&path).expect("the curated data is valid");
        let small = small_case(&file);
        assert!(
            small.validate("small").is_empty(),
            "the cut-down case is valid"
        );
        write(
            &dir,
            "dataset_import",
            &format!("{name}-small"),
            small.to_toml().as_bytes(),
        );
        files += 2;
    }
    println!(
        "seeds: {lines} lines, {} option sets, {payloads} interactions, {files} case files in {}",
        COMMANDS.len(),
        dir.display()
    );
}
