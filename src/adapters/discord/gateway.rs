//! The gateway transport: serenity's client receives interactions over the
//! websocket, the shared [`Handler`] answers them, and the answer is POSTed
//! back through serenity's HTTP client (which honours Discord's rate-limit
//! headers). Commands are (re)registered once per start.

use std::sync::atomic::{AtomicBool, Ordering};

use serenity::all::{Context, EventHandler, GatewayIntents, Interaction, Ready};
use serenity::async_trait;

use super::handler::{redact_token, Handler};
use super::payload;
use super::remember;

/// Receives gateway events.
pub struct GatewayEvents {
    pub handler: Handler,
    /// Register to this guild (instant) instead of globally.
    pub guild_id: Option<u64>,
    /// `ready` comes again after every new session; register only once
    /// per process (Discord limits command creations per day).
    pub registered: AtomicBool,
}

#[async_trait]
impl EventHandler for GatewayEvents {
    async fn ready(&self, ctx: Context, ready: Ready) {
        if self.registered.swap(true, Ordering::SeqCst) {
            tracing::info!("reconnected as {}", ready.user.name);
            return;
        }
        match super::register_commands(&ctx.http, self.guild_id).await {
            Ok(registered) => tracing::info!(
                "connected as {}; registered {registered} commands {}",
                ready.user.name,
                match self.guild_id {
                    Some(guild) => format!("to guild {guild}, and removed the global ones"),
                    None => "globally (may take a while to appear)".to_string(),
                }
            ),
            Err(err) => tracing::error!("could not register slash commands: {err:#}"),
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let id = interaction.id();
        let token = interaction.token().to_string();
        let incoming = match payload::Interaction::from_gateway(&interaction) {
            Ok(incoming) => incoming,
            Err(err) => {
                tracing::warn!("interaction {id} could not be read: {err:#}");
                return;
            }
        };
        let response = self.handler.handle(incoming).await;
        if let Err(err) = ctx
            .http
            .create_interaction_response(id, &token, &response.initial, Vec::new())
            .await
        {
            let err = redact_token(&format!("{err:#}"), &token);
            tracing::error!("could not answer interaction {id}: {err}");
            return;
        }
        let remember = match response.later {
            Some(later) => later.send(&ctx.http).await,
            None => response.remember,
        };
        if let Some(answer) = remember {
            remember::remember(self.handler.core(), answer, &token).await;
        }
    }
}

/// Interactions need no privileged intent; none other is asked for.
pub fn intents() -> GatewayIntents {
    GatewayIntents::empty()
}
