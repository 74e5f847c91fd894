//! Discord: slash commands over the gateway (`DISCORD_TOKEN`) or Discord's
//! signed HTTP interactions endpoint (`casewatch serve` with
//! `DISCORD_PUBLIC_KEY`, beside the site: [`crate::adapters::web`]). Both transports
//! share one [`handler::Handler`]: interaction → core invocation → reply
//! document → [`crate::render::discord`] → interaction response JSON.
//! Nothing here decides what the bot says; the core does.

pub mod commands;
pub mod config;
pub mod digest;
pub mod endpoint;
pub mod gateway;
pub mod handler;
pub mod interaction;
pub mod paging;
pub mod payload;
pub mod remember;
mod replay;
mod response;

use std::sync::Arc;

use crate::adapters::shutdown;

use serenity::http::HttpBuilder;
use serenity::Client;

use crate::core::Core;

pub use config::{ConfigError, EndpointConfig, GatewayConfig, Secret};
pub use handler::{Handler, HandlerSettings, SharedCore};

/// Why the Discord adapter stopped. Secrets never appear in these.
#[derive(Debug, thiserror::Error)]
pub enum DiscordError {
    /// The async runtime could not start.
    #[error("could not start the async runtime")]
    Runtime(#[source] std::io::Error),
    /// The gateway client failed (bad token, network, Discord refused).
    #[error("the Discord gateway connection failed")]
    Gateway(#[source] Box<serenity::Error>),
}

fn runtime() -> Result<tokio::runtime::Runtime, DiscordError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(DiscordError::Runtime)
}

/// Runs `work` on a runtime of its own, then stops the runtime without
/// waiting long for a digest pass still on the blocking pool (it is
/// resumed at the next start), so a stop takes at most [`shutdown::GRACE`]
/// and a moment.
fn run_to_end<T>(
    work: impl std::future::Future<Output = Result<T, DiscordError>>,
) -> Result<T, DiscordError> {
    let runtime = runtime()?;
    let result = runtime.block_on(work);
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    result
}

fn shared(core: Core) -> SharedCore {
    Arc::new(core)
}

/// Runs the gateway bot until Ctrl-C, and posts due digests to subscribed
/// channels. Blocks; call it from `main`.
pub fn run_gateway(core: Core, config: GatewayConfig) -> Result<(), DiscordError> {
    run_to_end(async move {
        let settings = HandlerSettings {
            moderators: config.moderators,
            ..HandlerSettings::default()
        };
        let core = shared(core);
        let handler = Handler::new(Arc::clone(&core), settings);
        let in_flight = handler.in_flight().clone();
        let events = gateway::GatewayEvents {
            handler,
            guild_id: config.guild_id,
            registered: Default::default(),
        };
        let mut client = Client::builder(config.token.expose(), gateway::intents())
            .event_handler(events)
            .await
            .map_err(|err| DiscordError::Gateway(Box::new(err)))?;
        let shards = Arc::clone(&client.shard_manager);
        #[cfg(feature = "net")]
        let links = tokio::spawn({
            let core = Arc::clone(&core);
            crate::adapters::supervise::restart_on_panic(
                "daily link check",
                crate::adapters::supervise::Restart::default(),
                move || crate::adapters::links_loop::check_sources_daily(Arc::clone(&core)),
            )
        });
        let digests = tokio::spawn(digest::post_due_digests(
            core,
            Arc::clone(&client.http),
            config.digest,
        ));
        let result = tokio::select! {
            // As many shards as Discord recommends: one shard may hold at
            // most 2,500 guilds, and Discord refuses an unsharded
            // connection past that (docs: topics/gateway#sharding).
            result = client.start_autosharded() => result.map_err(|err| DiscordError::Gateway(Box::new(err))),
            () = shutdown::stop_signal() => {
                tracing::info!("shutting down the Discord gateway");
                shards.shutdown_all().await;
                in_flight.drained(shutdown::GRACE).await;
                Ok(())
            }
        };
        // A pass cut short is resumed at the next start (the runner is crash-safe).
        digests.abort();
        #[cfg(feature = "net")]
        links.abort();
        result
    })
}

/// Registers the commands with the bot token (serve mode has no gateway
/// `ready` event to do it). A failure is logged, not fatal: the endpoint
/// still answers commands registered earlier.
pub async fn register_over_http(http: &serenity::http::Http, guild_id: Option<u64>) {
    let result = async {
        let application = http.get_current_application_info().await?;
        http.set_application_id(application.id);
        register_commands(http, guild_id).await
    }
    .await;
    match result {
        Ok(registered) => tracing::info!("registered {registered} slash commands"),
        Err(err) => tracing::error!("could not register slash commands: {err:#}"),
    }
}

/// Registers every command, to `guild_id` when given (instant, for
/// testing) and globally otherwise; returns how many. Registering to a
/// guild also empties the global list: global commands left by an earlier
/// start would otherwise keep offering every command, moderator ones
/// included, in every server the bot is in. Both calls are Discord's bulk
/// overwrites, so the lists end up exactly as given.
pub async fn register_commands(
    http: &serenity::http::Http,
    guild_id: Option<u64>,
) -> Result<usize, serenity::Error> {
    let commands = commands::registration();
    match guild_id {
        Some(guild) => {
            let registered = http
                .create_guild_commands(serenity::model::id::GuildId::new(guild), &commands)
                .await?;
            let stale: Vec<serde_json::Value> = Vec::new();
            http.create_global_commands(&stale).await?;
            Ok(registered.len())
        }
        None => Ok(http.create_global_commands(&commands).await?.len()),
    }
}

/// The endpoint for a shared core and settings (also used by tests and the bench).
pub fn endpoint_for(core: SharedCore, config: &EndpointConfig) -> endpoint::Endpoint {
    let settings = HandlerSettings {
        moderators: config.moderators,
        ..HandlerSettings::default()
    };
    // Interaction webhooks are authorised by their token; a bot token is
    // only sent when configured.
    let token = config
        .token
        .as_ref()
        .map(|t| t.expose().to_string())
        .unwrap_or_default();
    let http = HttpBuilder::new(token).build();
    endpoint::Endpoint::new(
        Handler::new(core, settings),
        config.verifier.clone(),
        Arc::new(http),
    )
}
