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

/// Creates the store directory owner-only (0700), or, when it exists with
/// access for its group or others, takes that access away, and does the
/// same for `session.json` in it (0600). The directory holds the access
/// token and the encryption keys: anyone who can read it can be the bot.
/// Returns the paths whose permissions were changed (each is also logged).
pub fn prepare_store_dir(dir: &Path) -> Result<Vec<PathBuf>, MatrixError> {
    let fail = |source| MatrixError::StoreDir {
        path: dir.to_path_buf(),
        source,
    };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    let mut fixed = Vec::new();
    if !dir.exists() {
        builder.create(dir).map_err(fail)?;
        // The mode is filtered by the umask, which never adds access.
        return Ok(fixed);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mut tighten = |path: &Path, mode: u32| -> std::io::Result<()> {
            let current = std::fs::metadata(path)?.permissions().mode() & 0o777;
            if current & 0o077 != 0 {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
                tracing::warn!(
                    path = %path.display(),
                    was = format!("{current:o}"),
                    now = format!("{mode:o}"),
                    "the Matrix store holds the access token and encryption keys; removed the access of group and others"
                );
                fixed.push(path.to_path_buf());
            }
            Ok(())
        };
        tighten(dir, 0o700).map_err(fail)?;
        let session = dir.join(SESSION_FILE);
        if session.exists() {
            tighten(&session, 0o600).map_err(|source| MatrixError::SessionFile {
                path: session.clone(),
                source: source.into(),
            })?;
        }
    }
    Ok(fixed)
}

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

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    #[test]
    fn a_new_store_directory_is_owner_only() {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("deep").join("matrix-store");
        assert_eq!(prepare_store_dir(&dir).unwrap(), Vec::<PathBuf>::new());
        assert_eq!(mode(&dir), 0o700);
    }

    #[cfg(unix)]
    #[test]
    fn an_open_store_directory_and_session_are_closed_at_start() {
        use std::os::unix::fs::PermissionsExt as _;
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("matrix-store");
        let session = dir.join(SESSION_FILE);
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(&session, "{}").unwrap();
        let other = dir.join("matrix-sdk-state.sqlite3");
        std::fs::write(&other, "").unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(&session, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o644)).unwrap();

        assert_eq!(
            prepare_store_dir(&dir).unwrap(),
            vec![dir.clone(), session.clone()]
        );
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&session), 0o600);
        // Behind a 0700 directory the other files are out of reach anyway.
        assert_eq!(mode(&other), 0o644);
        assert_eq!(std::fs::read(&session).unwrap(), b"{}");

        // Already private: nothing to change, nothing logged.
        assert!(prepare_store_dir(&dir).unwrap().is_empty());
        std::fs::set_permissions(&session, std::fs::Permissions::from_mode(0o640)).unwrap();
        assert_eq!(prepare_store_dir(&dir).unwrap(), vec![session.clone()]);
        assert_eq!(mode(&session), 0o600);
    }

    #[test]
    fn a_store_path_that_is_a_file_is_an_error_naming_it() {
        let parent = tempfile::tempdir().unwrap();
        let file = parent.path().join("matrix-store");
        std::fs::write(&file, "").unwrap();
        let err = prepare_store_dir(&file.join("inner")).unwrap_err();
        assert!(err.to_string().contains("matrix-store"), "{err}");
    }

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
