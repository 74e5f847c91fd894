//! Logging in, and staying the same device across restarts. matrix-sdk's
//! SQLite store keeps the sync token and the encryption keys, but not the
//! access token; a password login saves its session (user, device, token)
//! to `session.json` in the store directory, readable by its owner only,
//! and later starts restore it instead of logging in again (a new login
//! would be a new device without the old keys).

use std::path::{Path, PathBuf};

use matrix_sdk::authentication::matrix::MatrixSession;
use matrix_sdk::ruma::{OwnedDeviceId, OwnedUserId};
use matrix_sdk::{Client, SessionMeta, SessionTokens};

use super::config::{Credentials, MatrixConfig};
use super::MatrixError;

const SESSION_FILE: &str = "session.json";

fn session_path(config: &MatrixConfig) -> PathBuf {
    config.store_dir.join(SESSION_FILE)
}

/// Whether a saved session belongs to the configured user (`@name:server`
/// or just `name`).
fn same_user(saved: &str, configured: &str) -> bool {
    if configured.starts_with('@') {
        saved == configured
    } else {
        saved
            .trim_start_matches('@')
            .split(':')
            .next()
            .is_some_and(|local| local == configured)
    }
}

fn read_session(path: &Path) -> Result<Option<MatrixSession>, MatrixError> {
    match std::fs::read(path) {
        Ok(bytes) => {
            serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|source| MatrixError::SessionFile {
                    path: path.to_path_buf(),
                    source: source.into(),
                })
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(MatrixError::SessionFile {
            path: path.to_path_buf(),
            source: source.into(),
        }),
    }
}

fn write_session(path: &Path, session: &MatrixSession) -> Result<(), MatrixError> {
    use std::io::Write as _;
    let fail = |source: Box<dyn std::error::Error + Send + Sync>| MatrixError::SessionFile {
        path: path.to_path_buf(),
        source,
    };
    let json = serde_json::to_vec_pretty(session).map_err(|e| fail(e.into()))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| fail(e.into()))?;
    file.write_all(&json)
        .and_then(|_| file.sync_all())
        .map_err(|e| fail(e.into()))
}

/// Asks the homeserver whose token this is (`/account/whoami`).
async fn whoami(
    homeserver: &str,
    token: &str,
) -> Result<(OwnedUserId, OwnedDeviceId), MatrixError> {
    #[derive(serde::Deserialize)]
    struct WhoAmI {
        user_id: OwnedUserId,
        device_id: Option<OwnedDeviceId>,
    }
    let url = format!(
        "{}/_matrix/client/v3/account/whoami",
        homeserver.trim_end_matches('/')
    );
    let response = matrix_sdk::reqwest::Client::new()
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .map_err(|err| MatrixError::WhoAmI(err.without_url().to_string()))?;
    let body = response
        .bytes()
        .await
        .map_err(|err| MatrixError::WhoAmI(err.without_url().to_string()))?;
    let who: WhoAmI =
        serde_json::from_slice(&body).map_err(|err| MatrixError::WhoAmI(err.to_string()))?;
    let device = who.device_id.ok_or_else(|| {
        MatrixError::WhoAmI(
            "the token has no device; set MATRIX_DEVICE_ID to the device it was issued for".into(),
        )
    })?;
    Ok((who.user_id, device))
}

/// Logs the client in: restores the saved session, or logs in with the
/// password (and saves the session), or uses the access token.
pub async fn log_in(client: &Client, config: &MatrixConfig) -> Result<(), MatrixError> {
    let path = session_path(config);
    match &config.credentials {
        Credentials::Password { user, password } => {
            if let Some(session) = read_session(&path)? {
                if !same_user(session.meta.user_id.as_str(), user) {
                    return Err(MatrixError::OtherUsersSession {
                        path,
                        saved: session.meta.user_id.to_string(),
                    });
                }
                tracing::info!(
                    "restoring the Matrix session of {} (device {})",
                    session.meta.user_id,
                    session.meta.device_id
                );
                return client
                    .restore_session(session)
                    .await
                    .map_err(MatrixError::Login);
            }
            let response = client
                .matrix_auth()
                .login_username(user, password.expose())
                .initial_device_display_name("casewatch")
                .send()
                .await
                .map_err(MatrixError::Login)?;
            tracing::info!(
                "logged in to Matrix as {} (new device {})",
                response.user_id,
                response.device_id
            );
            let session = client
                .matrix_auth()
                .session()
                .ok_or_else(|| MatrixError::WhoAmI("the login returned no session".into()))?;
            write_session(&path, &session)
        }
        Credentials::AccessToken {
            token,
            user,
            device_id,
        } => {
            let (user_id, device_id) = match (user, device_id) {
                (Some(user), Some(device)) if user.starts_with('@') => (
                    OwnedUserId::try_from(user.as_str()).map_err(|_| {
                        MatrixError::WhoAmI(format!(
                            "MATRIX_USER={user:?} is not a user id such as @casewatch:example.org"
                        ))
                    })?,
                    OwnedDeviceId::from(device.as_str()),
                ),
                _ => whoami(&config.homeserver, token.expose()).await?,
            };
            tracing::info!("using the access token of {user_id} (device {device_id})");
            let session = MatrixSession {
                meta: SessionMeta { user_id, device_id },
                tokens: SessionTokens {
                    access_token: token.expose().to_string(),
                    refresh_token: None,
                },
            };
            client
                .restore_session(session)
                .await
                .map_err(MatrixError::Login)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_sessions_are_matched_to_the_configured_user() {
        assert!(same_user(
            "@casewatch:example.org",
            "@casewatch:example.org"
        ));
        assert!(same_user("@casewatch:example.org", "casewatch"));
        assert!(!same_user("@other:example.org", "casewatch"));
        assert!(!same_user("@casewatch:other.org", "@casewatch:example.org"));
    }
}
