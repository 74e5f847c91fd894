//! The exact JSON Discord receives, reviewed as snapshots: interaction
//! responses for real commands on the seed data, and the registration of
//! the commands whose mapping needed a decision (`/quote`, `/quote-add`,
//! the `/action` group).
#![cfg(feature = "discord")]

mod discord_support;

use casewatch::adapters::discord::commands::registration;
use casewatch::adapters::discord::payload::Interaction;
use discord_support::{command, handler, seeded_core, shared, From, MEMBER_PERMISSIONS};
use serde_json::{json, Value};

const MEMBER: From<'static> = From::Guild {
    permissions: MEMBER_PERMISSIONS,
    roles: &[],
};

async fn respond(name: &str, options: Value, locale: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let handler = handler(shared(seeded_core(dir.path())));
    let interaction = Interaction::from_value(command(name, options, MEMBER, locale)).unwrap();
    let response = handler.handle(interaction).await;
    serde_json::to_string_pretty(&response.initial).unwrap()
}

#[tokio::test]
async fn quote_takano_response() {
    let options = json!([{ "name": "speaker", "type": 3, "value": "takano" }]);
    insta::assert_snapshot!(respond("quote", options, "en-US").await);
}

#[tokio::test]
async fn timeline_response_in_spanish() {
    insta::assert_snapshot!(respond("timeline", json!([]), "es-419").await);
}

#[tokio::test]
async fn cite_response() {
    let options = json!([{ "name": "id", "type": 3, "value": "Q1" }]);
    insta::assert_snapshot!(respond("cite", options, "en-US").await);
}

#[test]
fn registration_of_quote_and_action() {
    let picked: Vec<Value> = registration()
        .into_iter()
        .filter(|c| ["quote", "quote-add", "action"].contains(&c["name"].as_str().unwrap()))
        .collect();
    insta::assert_snapshot!(serde_json::to_string_pretty(&picked).unwrap());
}
