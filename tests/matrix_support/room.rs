//! The people and rooms of the Matrix end-to-end tests: member accounts as
//! real matrix-sdk clients (encryption on, their own stores), the bot
//! running in-process on a seeded SQLite file, and waiting for its answers.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use casewatch::adapters::matrix::config::Credentials;
use casewatch::adapters::matrix::{start, MatrixConfig, MatrixError};
use casewatch::config::Secret;
use casewatch::core::digest::run::DigestSettings;
use casewatch::core::i18n::Locale;
use casewatch::core::Core;
use casewatch::dataset;
use casewatch::store::Store;
use matrix_sdk::config::SyncSettings;
use matrix_sdk::room::MessagesOptions;
use matrix_sdk::ruma::api::client::room::create_room::v3::{Request as CreateRoom, RoomPreset};
use matrix_sdk::ruma::events::room::encryption::RoomEncryptionEventContent;
use matrix_sdk::ruma::events::room::message::RoomMessageEventContent;
use matrix_sdk::ruma::events::InitialStateEvent;
use matrix_sdk::ruma::{OwnedEventId, OwnedRoomId, OwnedUserId};
use matrix_sdk::Client;
use serde_json::Value;

use super::{synapse, Registered};
use crate::common;

/// How long to wait for the bot before failing.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A seeded case database in a real file.
pub fn seeded_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("casewatch.sqlite3");
    let mut store = Store::open(&path).unwrap();
    for file in dataset::case_files(&common::data_dir()).unwrap() {
        let case = dataset::load(&file).unwrap();
        dataset::import(&mut store, &case, "test").unwrap();
    }
    (dir, path)
}

/// A member of the rooms: a real client with its own encrypted store,
/// syncing in the background (so room keys arrive).
pub struct User {
    pub client: Client,
    pub id: OwnedUserId,
    pub token: String,
    sync: tokio::task::JoinHandle<()>,
    _store: tempfile::TempDir,
}

impl Drop for User {
    fn drop(&mut self) {
        self.sync.abort();
    }
}

pub async fn log_in(who: &Registered) -> User {
    let store = tempfile::tempdir().unwrap();
    let client = Client::builder()
        .homeserver_url(&synapse().url)
        .sqlite_store(store.path(), None)
        .build()
        .await
        .unwrap();
    client
        .matrix_auth()
        .login_username(&who.localpart, &who.password)
        .send()
        .await
        .unwrap();
    client.sync_once(SyncSettings::default()).await.unwrap();
    let background = client.clone();
    let sync = tokio::spawn(async move {
        let _ = background
            .sync(SyncSettings::default().timeout(Duration::from_secs(5)))
            .await;
    });
    User {
        id: client.user_id().unwrap().to_owned(),
        token: client.access_token().unwrap(),
        client,
        sync,
        _store: store,
    }
}

/// The bot, running in this process until stopped.
pub struct RunningBot {
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<Result<(), MatrixError>>,
}

pub fn bot_config(bot: &Registered, store_dir: &Path) -> MatrixConfig {
    MatrixConfig {
        homeserver: synapse().url.clone(),
        credentials: Credentials::Password {
            user: bot.user_id.clone(),
            password: Secret::new(bot.password.clone()),
        },
        store_dir: store_dir.to_path_buf(),
        store_passphrase: None,
        prefix: "!".into(),
        moderator_level: 50,
        allowed_inviters: Vec::new(),
        locale: Locale::En,
        digest: DigestSettings::default(),
    }
}

/// Starts the bot and returns once it listens (logged in, backlog absorbed).
pub async fn start_bot(db: &Path, config: MatrixConfig) -> RunningBot {
    let core = Core::new(Store::open(db).unwrap(), common::CASE);
    let started = start(Arc::new(core), config).await.expect("the bot starts");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(started.serve(async move {
        let _ = stopped.await;
    }));
    RunningBot { stop, task }
}

impl RunningBot {
    pub async fn stop(self) {
        let _ = self.stop.send(());
        self.task
            .await
            .expect("the adapter task")
            .expect("the adapter stops cleanly");
    }
}

pub fn path_id(id: &str) -> String {
    id.replace('!', "%21")
        .replace('@', "%40")
        .replace(':', "%3A")
        .replace('$', "%24")
}

/// Waits until `member` has joined `room` (as `user` sees it on the server).
pub async fn wait_joined(user: &User, room: &OwnedRoomId, member: &str) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let (_, body) = synapse()
            .http(
                "GET",
                &format!(
                    "/_matrix/client/v3/rooms/{}/joined_members",
                    path_id(room.as_str())
                ),
                None,
                Some(&user.token),
            )
            .unwrap();
        let joined: Value = serde_json::from_str(&body).unwrap_or_default();
        if joined["joined"].get(member).is_some() {
            return;
        }
        assert!(Instant::now() < deadline, "{member} never joined {room}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

pub async fn create_room(owner: &User, invite: &[&str], encrypted: bool) -> OwnedRoomId {
    let mut request = CreateRoom::new();
    request.preset = Some(RoomPreset::PrivateChat);
    request.invite = invite
        .iter()
        .map(|id| OwnedUserId::try_from(*id).unwrap())
        .collect();
    if encrypted {
        request.initial_state = vec![InitialStateEvent::with_empty_state_key(
            RoomEncryptionEventContent::with_recommended_defaults(),
        )
        .to_raw_any()];
    }
    owner
        .client
        .create_room(request)
        .await
        .unwrap()
        .room_id()
        .to_owned()
}

pub async fn join(user: &User, room: &OwnedRoomId) {
    user.client.join_room_by_id(room).await.unwrap();
}

pub async fn say(user: &User, room: &OwnedRoomId, text: &str) -> OwnedEventId {
    send(user, room, RoomMessageEventContent::text_plain(text)).await
}

pub async fn send(
    user: &User,
    room: &OwnedRoomId,
    content: RoomMessageEventContent,
) -> OwnedEventId {
    let deadline = Instant::now() + PATIENCE;
    let room = loop {
        if let Some(room) = user.client.get_room(room) {
            break room;
        }
        assert!(Instant::now() < deadline, "{room} never synced");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    room.send(content).await.unwrap().response.event_id
}

/// The (decrypted) events `user` sees from `sender` that reply to `event`.
pub async fn replies(
    user: &User,
    room: &OwnedRoomId,
    sender: &str,
    event: &OwnedEventId,
) -> Vec<Value> {
    let room = user.client.get_room(room).expect("a synced room");
    let mut options = MessagesOptions::backward();
    options.limit = 100u32.into();
    let messages = room.messages(options).await.unwrap();
    let mut found: Vec<Value> = messages
        .chunk
        .iter()
        .filter_map(|e| e.raw().deserialize_as::<Value>().ok())
        .filter(|e| e["sender"] == sender && e["type"] == "m.room.message")
        .filter(|e| {
            let relates = &e["content"]["m.relates_to"];
            relates["m.in_reply_to"]["event_id"] == event.as_str()
        })
        .collect();
    found.reverse();
    found
}

/// Waits for the bot's answer to `event`: every notice replying to it, in order.
pub async fn answer(
    user: &User,
    room: &OwnedRoomId,
    bot: &str,
    event: &OwnedEventId,
) -> Vec<Value> {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let found = replies(user, room, bot, event).await;
        if !found.is_empty() {
            // A long answer is several notices; give the rest a moment.
            tokio::time::sleep(Duration::from_millis(500)).await;
            return replies(user, room, bot, event).await;
        }
        assert!(Instant::now() < deadline, "no answer from {bot} to {event}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

pub fn body(answer: &[Value]) -> String {
    answer
        .iter()
        .map(|e| e["content"]["body"].as_str().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn html(answer: &[Value]) -> String {
    answer
        .iter()
        .map(|e| e["content"]["formatted_body"].as_str().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// What every answer must be: notices replying to the command, HTML plus
/// plain text, no reply fallback, an empty `m.mentions`.
pub fn assert_well_formed(answer: &[Value], command: &OwnedEventId) {
    assert!(!answer.is_empty());
    for event in answer {
        let content = &event["content"];
        assert_eq!(content["msgtype"], "m.notice", "{event:#}");
        assert_eq!(content["format"], "org.matrix.custom.html", "{event:#}");
        assert_eq!(
            content["m.relates_to"]["m.in_reply_to"]["event_id"],
            command.as_str(),
            "{event:#}"
        );
        assert_eq!(content["m.mentions"], serde_json::json!({}), "{event:#}");
        let body = content["body"].as_str().unwrap();
        assert!(
            !body.starts_with("> <"),
            "a reply fallback was sent: {body}"
        );
        assert!(!content["formatted_body"]
            .as_str()
            .unwrap()
            .contains("<mx-reply>"));
    }
}

pub fn register(scenario: &str, who: &str) -> Registered {
    synapse().register(
        &format!("{scenario}-{who}"),
        if who == "bot" { "casewatch" } else { who },
    )
}

/// A room with the bot (running) and `members` joined; the first member
/// created it.
pub async fn room_with_bot(
    owner: &User,
    members: &[&User],
    bot: &Registered,
    encrypted: bool,
) -> OwnedRoomId {
    let mut invite: Vec<&str> = members.iter().map(|m| m.id.as_str()).collect();
    invite.push(&bot.user_id);
    let room = create_room(owner, &invite, encrypted).await;
    for member in members {
        join(member, &room).await;
    }
    wait_joined(owner, &room, &bot.user_id).await;
    room
}
