//! Matrix: the same commands in Matrix rooms, through matrix-sdk. A text
//! message addressed to the bot (`!timeline`, `casewatch: timeline`) becomes
//! a core invocation; the reply document is rendered by
//! [`crate::render::matrix`] and sent as `m.notice`s. Nothing here decides
//! what the bot says; the core does.
//!
//! Start-up follows matrix-sdk's command-bot example
//! (`examples/command_bot/src/main.rs`): log in or restore the saved
//! session, one `sync_once` so the backlog is absorbed without answering
//! it, then attach the handlers and sync for ever. A command sent while the
//! bot was stopped is therefore not answered; answered event ids are also
//! claimed in SQLite, so no command is ever answered twice.

pub mod command;
pub mod config;
pub mod digest;
pub mod handler;
pub mod session;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use matrix_sdk::config::SyncSettings;
use matrix_sdk::Client;

use crate::core::Core;

pub use config::{ConfigError, MatrixConfig};

/// The core shared by the handlers; reached only inside `spawn_blocking`,
/// never locked across an `.await`.
pub type SharedCore = Arc<Core>;

/// Why the Matrix adapter stopped. Secrets never appear in these.
#[derive(Debug, thiserror::Error)]
pub enum MatrixError {
    /// The async runtime could not start.
    #[error("could not start the async runtime")]
    Runtime(#[source] std::io::Error),
    /// The store directory could not be created or made owner-only.
    #[error("cannot create MATRIX_STORE_DIR {path}, or make it private to its owner")]
    StoreDir {
        path: PathBuf,
        source: std::io::Error,
    },
    /// matrix-sdk could not set up the client or open its store.
    #[error("could not set up the Matrix client (homeserver {homeserver}, store {store}); if the store was made with another MATRIX_STORE_PASSPHRASE, use that one or a new MATRIX_STORE_DIR")]
    Client {
        homeserver: String,
        store: PathBuf,
        source: Box<matrix_sdk::ClientBuildError>,
    },
    /// Logging in or restoring the session failed.
    #[error(
        "could not log in to Matrix; check that MATRIX_HOMESERVER is reachable and that MATRIX_USER and MATRIX_PASSWORD (or MATRIX_ACCESS_TOKEN) are right"
    )]
    Login(#[source] matrix_sdk::Error),
    /// The saved session file could not be read or written.
    #[error("cannot use the saved Matrix session {path}; delete it to log in again")]
    SessionFile {
        path: PathBuf,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The store directory belongs to another account.
    #[error("{path} holds the session of {saved}, not MATRIX_USER; use another MATRIX_STORE_DIR for this account")]
    OtherUsersSession { path: PathBuf, saved: String },
    /// The access token could not be resolved to a user and device.
    #[error("could not find out whose MATRIX_ACCESS_TOKEN this is: {0}")]
    WhoAmI(String),
    /// Syncing with the homeserver failed.
    #[error("syncing with the Matrix homeserver failed")]
    Sync(#[source] matrix_sdk::Error),
    /// The homeserver no longer accepts the saved access token.
    #[error("the homeserver no longer accepts the bot's session (logged out or token revoked); to log in again as a new device, delete {store} (its encryption keys belong to the old device) or set a new MATRIX_ACCESS_TOKEN")]
    SessionRevoked { store: PathBuf },
}

/// A sync error, naming the fix when the session itself was revoked.
fn sync_error(err: matrix_sdk::Error, config: &MatrixConfig) -> MatrixError {
    use matrix_sdk::ruma::api::error::ErrorKind;
    match err.client_api_error_kind() {
        Some(ErrorKind::UnknownToken(_)) => MatrixError::SessionRevoked {
            store: config.store_dir.clone(),
        },
        _ => MatrixError::Sync(err),
    }
}

/// Builds the client with its SQLite state and crypto store, and logs in.
pub async fn connect(config: &MatrixConfig) -> Result<Client, MatrixError> {
    session::prepare_store_dir(&config.store_dir)?;
    let client = Client::builder()
        .homeserver_url(&config.homeserver)
        .sqlite_store(
            &config.store_dir,
            config.store_passphrase.as_ref().map(|p| p.expose()),
        )
        .build()
        .await
        .map_err(|source| MatrixError::Client {
            homeserver: config.homeserver.clone(),
            store: config.store_dir.clone(),
            source: Box::new(source),
        })?;
    session::log_in(&client, config).await?;
    Ok(client)
}

/// A logged-in bot whose backlog is absorbed and whose handlers are
/// attached: messages from now on are answered once [`Started::serve`] syncs.
pub struct Started {
    client: Client,
    core: SharedCore,
    config: Arc<MatrixConfig>,
    bot: Arc<handler::Bot>,
}

/// Logs in, absorbs the backlog and attaches the handlers.
pub async fn start(core: SharedCore, config: MatrixConfig) -> Result<Started, MatrixError> {
    let started_at = matrix_sdk::ruma::MilliSecondsSinceUnixEpoch::now();
    let config = Arc::new(config);
    let client = connect(&config).await?;
    // Absorbs everything that happened before this start (and while the
    // bot was stopped) before any handler is attached, so none of it is
    // answered. The SQLite store keeps the sync token between starts.
    client
        .sync_once(SyncSettings::default())
        .await
        .map_err(|err| sync_error(err, &config))?;
    let user_id = client
        .user_id()
        .map(|id| id.to_string())
        .unwrap_or_default();
    let display_name = match client.account().get_display_name().await {
        Ok(name) => name,
        Err(err) => {
            tracing::warn!("could not read the bot's display name: {err:#}");
            None
        }
    };
    let addressing = command::Addressing::new(&config.prefix, &user_id, display_name.as_deref());
    tracing::info!(
        "answering commands starting with {:?} or addressed to {}",
        config.prefix,
        addressing.names.join(", ")
    );
    let bot = Arc::new(handler::Bot::new(
        Arc::clone(&core),
        Arc::clone(&config),
        addressing,
        started_at,
    ));
    client.add_event_handler_context(Arc::clone(&bot));
    client.add_event_handler(handler::on_room_message);
    client.add_event_handler(handler::on_stripped_member);
    handler::answer_pending_invites(&client, &bot).await;
    Ok(Started {
        client,
        core,
        config,
        bot,
    })
}

impl Started {
    /// Syncs, answers and posts digests until `shutdown` completes (or
    /// syncing fails for good).
    pub async fn serve(self, shutdown: impl Future<Output = ()>) -> Result<(), MatrixError> {
        #[cfg(feature = "net")]
        let links = tokio::spawn({
            let core = Arc::clone(&self.core);
            crate::adapters::supervise::restart_on_panic(
                "daily link check",
                crate::adapters::supervise::Restart::default(),
                move || crate::adapters::links_loop::check_sources_daily(Arc::clone(&core)),
            )
        });
        let digests = tokio::spawn(digest::post_due_digests(
            self.core,
            self.client.clone(),
            self.config.digest,
        ));
        let settings = SyncSettings::default().timeout(Duration::from_secs(30));
        let result = tokio::select! {
            result = self.client.sync(settings) => result.map_err(|err| sync_error(err, &self.config)),
            () = shutdown => {
                tracing::info!("stopping the Matrix adapter");
                // Syncing has stopped, so no new command arrives; the ones
                // being answered finish.
                self.bot.in_flight.drained(crate::adapters::shutdown::GRACE).await;
                Ok(())
            }
        };
        // A digest pass cut short is resumed at the next start (the runner is crash-safe).
        digests.abort();
        #[cfg(feature = "net")]
        links.abort();
        result
    }
}

/// Runs the bot until `shutdown` completes (or syncing fails for good).
pub async fn run(
    core: SharedCore,
    config: MatrixConfig,
    shutdown: impl Future<Output = ()>,
) -> Result<(), MatrixError> {
    start(core, config).await?.serve(shutdown).await
}

/// Runs the bot until SIGTERM or Ctrl-C on a runtime of its own, then stops
/// the runtime without waiting long for a digest pass still on the blocking
/// pool (it is resumed at the next start). Blocks; call it from `main` (or
/// from a thread of its own when Discord runs too).
pub fn run_blocking(core: Core, config: MatrixConfig) -> Result<(), MatrixError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(MatrixError::Runtime)?;
    let result = runtime.block_on(run(
        Arc::new(core),
        config,
        crate::adapters::shutdown::stop_signal(),
    ));
    runtime.shutdown_timeout(Duration::from_secs(1));
    result
}
