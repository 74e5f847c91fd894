//! Interaction payloads shaped as Discord documents them, read as the
//! endpoint reads them (and, identically, as the gateway does through
//! serenity's model types) and answered by the shared handler, against a
//! real SQLite file seeded from `data/`.
#![cfg(feature = "discord")]

mod discord_support;

use casewatch::adapters::discord::payload::Interaction;
use casewatch::adapters::discord::Handler;
use discord_support::{
    autocomplete, button, check_message, command, granted_core, handler, ping, seeded_core, shared,
    visible_text, From, MEMBER_PERMISSIONS, MODERATOR_PERMISSIONS,
};
use serde_json::{json, Value};

const MEMBER: From<'static> = From::Guild {
    permissions: MEMBER_PERMISSIONS,
    roles: &[],
};
const MODERATOR: From<'static> = From::Guild {
    permissions: MODERATOR_PERMISSIONS,
    roles: &[],
};

/// Reads the payload as both transports do and answers it; a deferral
/// would fail the test, since these commands are fast on the seed data.
async fn answer(handler: &Handler, payload: Value) -> Value {
    let gateway: serenity::model::application::Interaction =
        serde_json::from_value(payload.clone()).expect("serenity reads the documented payload");
    let interaction = Interaction::from_value(payload).expect("the documented payload is read");
    assert_eq!(
        Interaction::from_gateway(&gateway).expect("the gateway's interaction converts"),
        interaction,
        "both transports read the same interaction"
    );
    let response = handler.handle(interaction).await;
    assert!(response.later.is_none(), "answered without deferring");
    response.initial
}

fn fingerprint(handler: &Handler) -> String {
    handler.core().store().fingerprint().unwrap()
}

#[tokio::test]
async fn ping_is_answered_with_pong() {
    let dir = tempfile::tempdir().unwrap();
    let handler = handler(shared(seeded_core(dir.path())));
    assert_eq!(answer(&handler, ping()).await, json!({ "type": 1 }));
}

#[tokio::test]
async fn timeline_in_a_guild_is_a_cited_embed_with_paging() {
    let dir = tempfile::tempdir().unwrap();
    let handler = handler(shared(seeded_core(dir.path())));
    let response = answer(&handler, command("timeline", json!([]), MEMBER, "en-US")).await;
    assert_eq!(response["type"], 4);
    let message = &response["data"];
    check_message(message);
    assert!(message.get("flags").is_none(), "an answer is public");
    let text = visible_text(message);
    assert!(text.contains("Timeline"), "{text}");
    assert!(
        text.contains("[1]") && text.contains("Sources"),
        "facts carry marks and sources are listed: {text}"
    );
    // The seed data has more events than one page: a Next button that encodes its page.
    let next = &message["components"][0]["components"][1];
    assert_eq!(next["disabled"], false, "{message}");
    assert!(next["custom_id"]
        .as_str()
        .unwrap()
        .starts_with("pg|timeline|"));
}

#[tokio::test]
async fn spanish_locale_is_answered_in_spanish_from_a_dm() {
    let dir = tempfile::tempdir().unwrap();
    let handler = handler(shared(seeded_core(dir.path())));
    let response = answer(&handler, command("timeline", json!([]), From::Dm, "es-419")).await;
    check_message(&response["data"]);
    let text = visible_text(&response["data"]);
    assert!(
        text.contains("Fuentes") && text.contains("Página"),
        "{text}"
    );
}

#[tokio::test]
async fn next_button_updates_the_message_with_the_next_page() {
    let dir = tempfile::tempdir().unwrap();
    let handler = handler(shared(seeded_core(dir.path())));
    let first = answer(&handler, command("timeline", json!([]), MEMBER, "en-US")).await;
    let next_id = first["data"]["components"][0]["components"][1]["custom_id"]
        .as_str()
        .unwrap()
        .to_string();
    // Any instance, even one started after the first answer, can follow the button.
    let fresh = discord_support::handler(shared(seeded_core(tempfile::tempdir().unwrap().path())));
    let response = answer(&fresh, button(&next_id, From::Dm, "en-US")).await;
    assert_eq!(response["type"], 7, "a button click updates its message");
    check_message(&response["data"]);
    assert_ne!(
        visible_text(&response["data"]),
        visible_text(&first["data"])
    );
    let previous = &response["data"]["components"][0]["components"][0];
    assert_eq!(previous["disabled"], false);
    assert!(response["data"].get("flags").is_none());
}

#[tokio::test]
async fn a_forged_button_cannot_run_a_moderator_command() {
    let dir = tempfile::tempdir().unwrap();
    let handler = handler(shared(seeded_core(dir.path())));
    let before = fingerprint(&handler);
    let response = answer(
        &handler,
        button(
            "pg|source add|1|0|url=https://x.org|title=t|publication=p|published=2025",
            MODERATOR,
            "en-US",
        ),
    )
    .await;
    assert_eq!(response["type"], 4);
    assert_eq!(response["data"]["flags"], 64);
    check_message(&response["data"]);
    assert_eq!(fingerprint(&handler), before);
}

#[tokio::test]
async fn subcommand_of_a_group_runs_for_a_moderator() {
    let dir = tempfile::tempdir().unwrap();
    let handler = handler(shared(granted_core(dir.path())));
    let options = json!([{ "name": "add", "type": 1, "options": [
        { "name": "url", "type": 3, "value": "https://example.org/report" },
        { "name": "title", "type": 3, "value": "A **new** report <@&123> @everyone" },
        { "name": "publication", "type": 3, "value": "Example Post" },
        { "name": "published", "type": 3, "value": "2025-10-02" },
    ]}]);
    let before = fingerprint(&handler);
    let response = answer(&handler, command("source", options, MODERATOR, "en-US")).await;
    assert_eq!(response["type"], 4);
    let message = &response["data"];
    check_message(message);
    assert_eq!(
        message["flags"], 64,
        "moderator confirmations are ephemeral: {message}"
    );
    assert_ne!(fingerprint(&handler), before, "the source was added");
    let text = visible_text(message);
    assert!(
        text.contains(r"\<@&123>") && text.contains(r"\*\*new\*\*"),
        "stored text is escaped: {text}"
    );
    assert!(
        !text.contains("@everyone"),
        "@everyone is broken up: {text}"
    );
}

#[tokio::test]
async fn flat_moderator_command_maps_back_to_its_core_path() {
    let dir = tempfile::tempdir().unwrap();
    let handler = handler(shared(seeded_core(dir.path())));
    // `/quote-add` stands for the core's `quote add`; a missing option is named.
    let response = answer(
        &handler,
        command(
            "quote-add",
            json!([{ "name": "speaker", "type": 3, "value": "Mark Takano" }]),
            MODERATOR,
            "en-US",
        ),
    )
    .await;
    let message = &response["data"];
    check_message(message);
    assert_eq!(message["flags"], 64);
    assert!(
        message["content"]
            .as_str()
            .unwrap()
            .contains("quote add needs"),
        "{message}"
    );
}

#[tokio::test]
async fn a_write_from_a_server_that_is_not_an_editor_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let handler = handler(shared(seeded_core(dir.path())));
    let before = fingerprint(&handler);
    let options = json!([
        { "name": "id", "type": 3, "value": "E19" },
        { "name": "reason", "type": 3, "value": "I say so" },
    ]);
    for (from, expected) in [
        (MODERATOR, "This server can read the record of “Andry José Hernández Romero” and /suggest updates, but it cannot change it, so /retract changed nothing. The bot's operator can grant this server's moderators the right to edit with: casewatch editors add discord:290926798626357250 --case andry-hernandez-romero"),
        (MEMBER, "but it cannot change it, so /retract changed nothing"),
        (From::Dm, "The bot's operator can grant you the right to edit with: casewatch editors add discord-user:53908232506183680"),
    ] {
        let response = answer(&handler, command("retract", options.clone(), from, "en-US")).await;
        let message = &response["data"];
        check_message(message);
        assert_eq!(message["flags"], 64);
        let content = message["content"].as_str().unwrap();
        assert!(content.contains(expected), "{content}");
    }
    let spanish = answer(
        &handler,
        command("retract", options.clone(), MODERATOR, "es-ES"),
    )
    .await;
    let content = spanish["data"]["content"].as_str().unwrap();
    assert!(
        content.contains("Este servidor puede leer el registro")
            && content.contains("no cambió nada"),
        "{content}"
    );
    assert_eq!(fingerprint(&handler), before);
}

#[tokio::test]
async fn in_a_granted_server_a_member_is_refused_and_a_moderator_s_write_lands_audited() {
    let dir = tempfile::tempdir().unwrap();
    let handler = handler(shared(granted_core(dir.path())));
    let before = fingerprint(&handler);
    let options = json!([
        { "name": "id", "type": 3, "value": "E19" },
        { "name": "reason", "type": 3, "value": "A duplicate of E18" },
    ]);
    let response = answer(
        &handler,
        command("retract", options.clone(), MEMBER, "en-US"),
    )
    .await;
    let content = response["data"]["content"].as_str().unwrap();
    assert!(
        content.contains("/retract is for moderators, and nothing was changed"),
        "{content}"
    );
    assert_eq!(fingerprint(&handler), before);
    let response = answer(&handler, command("retract", options, MODERATOR, "en-US")).await;
    check_message(&response["data"]);
    let core = handler.core();
    let log = core.store().audit_since(0, u64::MAX >> 1).unwrap();
    let last = log.last().unwrap();
    assert_eq!(
        (
            last.action.as_str(),
            last.kind.as_str(),
            last.record_id,
            last.actor.as_str()
        ),
        ("retract", "events", Some(19), "discord:53908232506183680")
    );
    assert_eq!(last.reason.as_deref(), Some("A duplicate of E18"));
}

#[tokio::test]
async fn configured_moderator_role_counts_as_moderator() {
    use casewatch::adapters::discord::interaction::ModeratorRule;
    use casewatch::adapters::discord::HandlerSettings;
    let dir = tempfile::tempdir().unwrap();
    let settings = HandlerSettings {
        moderators: ModeratorRule {
            role_id: Some(539082325061836999),
        },
        ..HandlerSettings::default()
    };
    let handler = Handler::new(shared(granted_core(dir.path())), settings);
    let from = From::Guild {
        permissions: MEMBER_PERMISSIONS,
        roles: &["539082325061836999"],
    };
    let response = answer(&handler, command("review", json!([]), from, "en-US")).await;
    assert!(
        visible_text(&response["data"]).contains("No suggestions are waiting."),
        "{response}"
    );
}

#[tokio::test]
async fn unknown_option_is_a_polite_ephemeral_error() {
    let dir = tempfile::tempdir().unwrap();
    let handler = handler(shared(seeded_core(dir.path())));
    let before = fingerprint(&handler);
    let response = answer(
        &handler,
        command(
            "quote",
            json!([{ "name": "speker", "type": 3, "value": "takano" }]),
            MEMBER,
            "en-US",
        ),
    )
    .await;
    let message = &response["data"];
    check_message(message);
    assert_eq!(message["flags"], 64);
    let content = message["content"].as_str().unwrap();
    assert!(
        content.contains("has no option") && content.contains("speaker"),
        "{content}"
    );
    let unknown = answer(&handler, command("frobnicate", json!([]), MEMBER, "es-ES")).await;
    assert!(unknown["data"]["content"]
        .as_str()
        .unwrap()
        .contains("No conozco la orden /frobnicate"));
    assert_eq!(fingerprint(&handler), before);
}

#[tokio::test]
async fn autocomplete_offers_speakers_accent_insensitively() {
    let dir = tempfile::tempdir().unwrap();
    let handler = handler(shared(seeded_core(dir.path())));
    let options = json!([{ "name": "speaker", "type": 3, "value": "hernan", "focused": true }]);
    let response = answer(&handler, autocomplete("quote", options, MEMBER, "en-US")).await;
    assert_eq!(response["type"], 8);
    let choices = response["data"]["choices"].as_array().unwrap();
    assert!(!choices.is_empty() && choices.len() <= 25, "{response}");
    assert!(
        choices
            .iter()
            .any(|c| c["value"].as_str().unwrap().contains("Hernández")),
        "{response}"
    );
    for choice in choices {
        let name = choice["name"].as_str().unwrap().chars().count();
        let value = choice["value"].as_str().unwrap().chars().count();
        assert!((1..=100).contains(&name) && (1..=100).contains(&value));
    }
    // Inside a subcommand, with other options already filled.
    let options = json!([{ "name": "status", "type": 1, "options": [
        { "name": "status", "type": 3, "value": "passed" },
        { "name": "id", "type": 3, "value": "", "focused": true },
    ]}]);
    let response = answer(
        &handler,
        autocomplete("action", options, MODERATOR, "en-US"),
    )
    .await;
    assert_eq!(response["type"], 8);
    assert!(
        !response["data"]["choices"].as_array().unwrap().is_empty(),
        "{response}"
    );
}

#[tokio::test]
async fn a_failed_page_turn_tells_only_the_clicker_and_keeps_the_message() {
    let dir = tempfile::tempdir().unwrap();
    let handler = handler(shared(seeded_core(dir.path())));
    // A malformed option, and a record that does not exist: neither replaces the paged message.
    for custom_id in ["pg|timeline|1|0|from=2025-13", "pg|sources|1|0|id=S999"] {
        let response = answer(&handler, button(custom_id, MEMBER, "en-US")).await;
        assert_eq!(response["type"], 4, "{custom_id}: {response}");
        assert_eq!(response["data"]["flags"], 64);
        check_message(&response["data"]);
    }
}

#[tokio::test]
async fn the_same_question_gets_the_same_answer_until_the_record_changes() {
    let dir = tempfile::tempdir().unwrap();
    let handler = handler(shared(granted_core(dir.path())));
    let cite = || {
        command(
            "cite",
            json!([{ "name": "id", "type": 3, "value": "E19" }]),
            MEMBER,
            "en-US",
        )
    };
    let first = answer(&handler, cite()).await;
    check_message(&first["data"]);
    let again = answer(&handler, cite()).await;
    assert_eq!(again, first, "answered again, byte for byte");
    let retract = json!([
        { "name": "id", "type": 3, "value": "E19" },
        { "name": "reason", "type": 3, "value": "A duplicate of E18" },
    ]);
    answer(&handler, command("retract", retract, MODERATOR, "en-US")).await;
    let after = answer(&handler, cite()).await;
    assert_ne!(after, first, "the retraction shows at once");
    let shown = visible_text(&after["data"]);
    assert!(shown.contains("A duplicate of E18"), "{shown}");
}
