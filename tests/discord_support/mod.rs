//! Shared by the Discord tests: a core on a real SQLite file seeded from
//! `data/`, interaction payloads shaped as Discord's documentation shows
//! them, and a checker for every Discord limit on a response.
#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;

use casewatch::adapters::discord::{Handler, HandlerSettings, SharedCore};
use casewatch::config::DEFAULT_CASE;
use casewatch::core::Core;
use casewatch::dataset;
use casewatch::render::discord::{discord_len, limits};
use casewatch::store::Store;
use serde_json::{json, Value};

/// A core on `dir/casewatch.sqlite3`, seeded from the repository's `data/`.
pub fn seeded_core(dir: &Path) -> Core {
    let mut store = Store::open(&dir.join("casewatch.sqlite3")).expect("open the store");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for file in dataset::case_files(&data).expect("data/ lists case files") {
        let case = dataset::load(&file).expect("the seed data is valid");
        dataset::import(&mut store, &case, &file.display().to_string())
            .expect("the seed data imports");
    }
    Core::new(store, DEFAULT_CASE)
}

/// A seeded core whose case the test server (`GUILD`) may edit: its
/// moderators are the case's editors.
pub fn granted_core(dir: &Path) -> Core {
    let core = seeded_core(dir);
    let server: casewatch::core::trust::Grantee = format!("discord:{GUILD}")
        .parse()
        .expect("a server grantee");
    casewatch::core::trust::grant(
        &mut core.store_mut(),
        DEFAULT_CASE,
        &server,
        "console:local",
    )
    .expect("the grant is stored");
    core
}

pub fn shared(core: Core) -> SharedCore {
    Arc::new(core)
}

pub fn handler(core: SharedCore) -> Handler {
    Handler::new(core, HandlerSettings::default())
}

/// View channel, send messages, read history, use commands: a plain member.
pub const MEMBER_PERMISSIONS: &str = "2147552256";
/// A member who may manage messages.
pub const MODERATOR_PERMISSIONS: &str = "2147560448";

pub const GUILD: &str = "290926798626357250";
pub const CHANNEL: &str = "645027906669510667";
pub const APPLICATION: &str = "775799577604522054";

fn user(id: &str, name: &str) -> Value {
    json!({
        "id": id,
        "username": name,
        "avatar": "a_d5efa99b3eeaa7dd43acca82f5692432",
        "discriminator": "0",
        "public_flags": 131141,
        "global_name": name,
    })
}

/// Where an interaction comes from.
#[derive(Clone, Copy)]
pub enum From<'a> {
    /// A guild member with this permission bitfield.
    Guild {
        permissions: &'a str,
        roles: &'a [&'a str],
    },
    /// A direct message with the bot.
    Dm,
}

/// A new interaction id: Discord gives every interaction its own, and the
/// endpoint answers a repeated id from its replay cache.
pub fn next_id() -> String {
    static NEXT: std::sync::atomic::AtomicU64 =
        std::sync::atomic::AtomicU64::new(786008729715212338);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        .to_string()
}

/// Fills the fields every interaction has, as in Discord's interaction object example.
fn envelope(kind: u8, data: Value, from: From<'_>, locale: &str) -> Value {
    let mut payload = json!({
        "id": next_id(),
        "application_id": APPLICATION,
        "type": kind,
        "data": data,
        "channel_id": CHANNEL,
        "token": "A_UNIQUE_TOKEN",
        "version": 1,
        "app_permissions": "442368",
        "locale": locale,
        "entitlements": [],
        "attachment_size_limit": 524288000,
    });
    match from {
        From::Guild { permissions, roles } => {
            payload["guild_id"] = json!(GUILD);
            payload["guild_locale"] = json!("en-US");
            payload["channel"] = json!({ "id": CHANNEL, "type": 0, "name": "case-updates", "guild_id": GUILD, "permissions": permissions });
            payload["context"] = json!(0);
            payload["authorizing_integration_owners"] = json!({ "0": GUILD });
            payload["member"] = json!({
                "user": user("53908232506183680", "Mason"),
                "roles": roles,
                "premium_since": null,
                "permissions": permissions,
                "pending": false,
                "nick": null,
                "mute": false,
                "joined_at": "2017-03-13T19:19:14.040000+00:00",
                "deaf": false,
                "flags": 0,
            });
        }
        From::Dm => {
            payload["channel"] = json!({ "id": CHANNEL, "type": 1, "recipients": [user("53908232506183680", "Mason")] });
            payload["context"] = json!(1);
            payload["authorizing_integration_owners"] = json!({ "0": "53908232506183680" });
            payload["user"] = user("53908232506183680", "Mason");
        }
    }
    payload
}

/// APPLICATION_COMMAND (type 2): `/name` with these options.
pub fn command(name: &str, options: Value, from: From<'_>, locale: &str) -> Value {
    envelope(
        2,
        json!({ "id": "771825006014889984", "name": name, "type": 1, "options": options }),
        from,
        locale,
    )
}

/// APPLICATION_COMMAND_AUTOCOMPLETE (type 4) with one focused option.
pub fn autocomplete(name: &str, options: Value, from: From<'_>, locale: &str) -> Value {
    envelope(
        4,
        json!({ "id": "771825006014889984", "name": name, "type": 1, "options": options }),
        from,
        locale,
    )
}

/// MESSAGE_COMPONENT (type 3): a click on a button of one of our messages.
pub fn button(custom_id: &str, from: From<'_>, locale: &str) -> Value {
    let data = json!({ "custom_id": custom_id, "component_type": 2 });
    let mut payload = envelope(3, data, from, locale);
    payload["message"] = json!({
        "id": "1098765432109876543",
        "channel_id": CHANNEL,
        "author": user(APPLICATION, "casewatch"),
        "content": "",
        "timestamp": "2026-11-22T16:00:00.000000+00:00",
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": false,
        "type": 20,
        "flags": 0,
        "application_id": APPLICATION,
        "components": [],
    });
    payload
}

/// PING (type 1), as Discord sends it when the endpoint URL is saved.
pub fn ping() -> Value {
    json!({ "id": next_id(), "application_id": APPLICATION, "type": 1, "token": "A_UNIQUE_TOKEN", "version": 1 })
}

/// The same payload as the documentation's older examples show it: without
/// the fields Discord added later (`member.flags`, `entitlements`,
/// `attachment_size_limit`, `context`, `authorizing_integration_owners`,
/// `app_permissions`, the `channel` object, `global_name`).
pub fn older_shape(mut payload: Value) -> Value {
    let object = payload.as_object_mut().expect("a payload is an object");
    // Another interaction: the same id would be answered as a replay.
    object.insert("id".into(), json!(next_id()));
    for field in [
        "entitlements",
        "attachment_size_limit",
        "context",
        "authorizing_integration_owners",
        "app_permissions",
        "channel",
    ] {
        object.remove(field);
    }
    for user in ["/member/user", "/user", "/message/author"] {
        if let Some(user) = payload.pointer_mut(user).and_then(Value::as_object_mut) {
            user.remove("global_name");
            user.insert("discriminator".into(), json!("1337"));
        }
    }
    if let Some(member) = payload.get_mut("member").and_then(Value::as_object_mut) {
        member.remove("flags");
    }
    payload
}

fn len_at(value: &Value, pointer: &str) -> usize {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .map(discord_len)
        .unwrap_or(0)
}

/// Asserts every Discord limit and the mentions rule on a message object
/// (the `data` of a type 4 or 7 response, or an edit's body).
pub fn check_message(message: &Value) {
    assert_eq!(
        message["allowed_mentions"],
        json!({ "parse": [] }),
        "every message disables mentions: {message}"
    );
    assert!(
        len_at(message, "/content") <= limits::CONTENT,
        "content over 2000"
    );
    let embeds = message["embeds"].as_array().cloned().unwrap_or_default();
    assert!(embeds.len() <= limits::EMBEDS);
    let mut total = 0;
    for embed in &embeds {
        let title = len_at(embed, "/title");
        let description = len_at(embed, "/description");
        let footer = len_at(embed, "/footer/text");
        assert!(title <= limits::EMBED_TITLE, "title {title}");
        assert!(
            description <= limits::EMBED_DESCRIPTION,
            "description {description}"
        );
        assert!(footer <= limits::FOOTER, "footer {footer}");
        let fields = embed["fields"].as_array().cloned().unwrap_or_default();
        assert!(
            fields.len() <= limits::EMBED_FIELDS,
            "{} fields",
            fields.len()
        );
        total += title + description + footer;
        for field in &fields {
            let name = len_at(field, "/name");
            let value = len_at(field, "/value");
            assert!(
                (1..=limits::FIELD_NAME).contains(&name),
                "field name {name}"
            );
            assert!(
                (1..=limits::FIELD_VALUE).contains(&value),
                "field value {value}"
            );
            total += name + value;
        }
        assert!(
            title + description + fields.len() > 0,
            "an embed needs some text"
        );
    }
    assert!(total <= limits::EMBED_TOTAL, "embeds total {total}");
    for row in message["components"]
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        let buttons = row["components"].as_array().cloned().unwrap_or_default();
        assert!(buttons.len() <= limits::BUTTONS_PER_ROW);
        for button in buttons {
            let id = button["custom_id"]
                .as_str()
                .expect("a button has a custom_id");
            assert!(
                (1..=limits::CUSTOM_ID).contains(&id.chars().count()),
                "custom_id {id}"
            );
            assert!(len_at(&button, "/label") <= limits::BUTTON_LABEL);
        }
    }
}

/// The visible text of a message: content, titles, descriptions, fields.
pub fn visible_text(message: &Value) -> String {
    let mut out = message["content"].as_str().unwrap_or("").to_string();
    for embed in message["embeds"].as_array().cloned().unwrap_or_default() {
        for pointer in ["/title", "/description", "/footer/text"] {
            out.push('\n');
            out.push_str(embed.pointer(pointer).and_then(Value::as_str).unwrap_or(""));
        }
        for field in embed["fields"].as_array().cloned().unwrap_or_default() {
            out.push('\n');
            out.push_str(field["name"].as_str().unwrap_or(""));
            out.push('\n');
            out.push_str(field["value"].as_str().unwrap_or(""));
        }
    }
    out
}

/// A throwaway Ed25519 key pair for signing requests as Discord would.
pub fn test_key(seed: u8) -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[seed; 32])
}

pub fn public_key_hex(key: &ed25519_dalek::SigningKey) -> String {
    key.verifying_key()
        .to_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn now_seconds() -> String {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string()
}

/// `X-Signature-Ed25519` for a timestamp and body.
pub fn sign(key: &ed25519_dalek::SigningKey, timestamp: &str, body: &[u8]) -> String {
    use ed25519_dalek::Signer;
    let message = [timestamp.as_bytes(), body].concat();
    key.sign(&message)
        .to_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One HTTP/1.1 connection to the endpoint (kept alive between requests).
pub struct Client {
    sender: hyper::client::conn::http1::SendRequest<http_body_util::Full<hyper::body::Bytes>>,
}

impl Client {
    pub async fn connect(addr: std::net::SocketAddr) -> Client {
        let stream = tokio::net::TcpStream::connect(addr)
            .await
            .expect("connect to the endpoint");
        let (sender, connection) =
            hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                .await
                .expect("HTTP handshake");
        tokio::spawn(connection);
        Client { sender }
    }

    /// POSTs `body` with the given headers; returns the status and body.
    pub async fn post(
        &mut self,
        path: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> (u16, Vec<u8>) {
        use http_body_util::BodyExt;
        let mut request = hyper::Request::post(path)
            .header("host", "localhost")
            .header("content-type", "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .body(http_body_util::Full::new(hyper::body::Bytes::from(body)))
            .unwrap();
        self.sender.ready().await.expect("connection ready");
        let response = self.sender.send_request(request).await.expect("a response");
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("a body")
            .to_bytes()
            .to_vec();
        (status, body)
    }

    /// POSTs a payload signed with `key` at the current time.
    pub async fn signed(
        &mut self,
        key: &ed25519_dalek::SigningKey,
        payload: &Value,
    ) -> (u16, Vec<u8>) {
        let body = serde_json::to_vec(payload).unwrap();
        let timestamp = now_seconds();
        let signature = sign(key, &timestamp, &body);
        self.post(
            "/interactions",
            &[
                ("x-signature-ed25519", &signature),
                ("x-signature-timestamp", &timestamp),
            ],
            body,
        )
        .await
    }
}

/// A loopback stand-in for Discord's REST API that records what serenity sends.
pub async fn recorder() -> (
    String,
    tokio::sync::mpsc::UnboundedReceiver<(String, String, Value)>,
) {
    recorder_answering(|_, _, _| None).await
}

/// The message object Discord returns for a message with this id.
pub fn message_object(id: &str) -> Value {
    json!({
        "id": id, "channel_id": CHANNEL,
        "author": { "id": APPLICATION, "username": "casewatch", "discriminator": "0", "avatar": null },
        "content": "", "timestamp": "2026-11-22T16:00:00.000000+00:00", "edited_timestamp": null,
        "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [],
        "embeds": [], "pinned": false, "type": 0,
    })
}

/// The stand-in, answering a request with `answer(method, path, n)` (`n`
/// counts requests from 1) when it gives a status and body, and as
/// [`recorder`] does otherwise.
pub async fn recorder_answering(
    answer: fn(&str, &str, u64) -> Option<(u16, Value)>,
) -> (
    String,
    tokio::sync::mpsc::UnboundedReceiver<(String, String, Value)>,
) {
    use http_body_util::{BodyExt, Full};
    use hyper::body::Bytes;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let count = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let tx = tx.clone();
            let count = std::sync::Arc::clone(&count);
            tokio::spawn(async move {
                let service = hyper::service::service_fn(
                    move |request: hyper::Request<hyper::body::Incoming>| {
                        let tx = tx.clone();
                        let n = count.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                        async move {
                            let method = request.method().to_string();
                            let path = request.uri().path().to_string();
                            let body = request.into_body().collect().await.unwrap().to_bytes();
                            let json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                            let registration = path.ends_with("/commands");
                            let given = answer(&method, &path, n);
                            tx.send((method, path, json)).unwrap();
                            // The message object Discord returns for an edit.
                            let mut message = message_object("1098765432109876543");
                            message["type"] = json!(20);
                            // Command registration is a bulk overwrite that
                            // answers with the list of commands.
                            let (status, answer) = match given {
                                Some(given) => given,
                                None if registration => (200, json!([])),
                                None => (200, message),
                            };
                            let mut response =
                                hyper::Response::new(Full::new(Bytes::from(answer.to_string())));
                            *response.status_mut() = hyper::StatusCode::from_u16(status).unwrap();
                            response
                                .headers_mut()
                                .insert("content-type", "application/json".parse().unwrap());
                            Ok::<_, std::convert::Infallible>(response)
                        }
                    },
                );
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (format!("http://{addr}"), rx)
}
