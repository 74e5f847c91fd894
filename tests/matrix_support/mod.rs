//! A real Synapse homeserver for the Matrix end-to-end tests: installed from
//! PyPI into `target/synapse-venv` the first time (reused afterwards),
//! configured for loopback only, started once per test binary, and stopped
//! by its process id when the tests end.
//!
//! If Python 3 or PyPI is not available, the tests fail and say so: they
//! never pass without having talked to a homeserver.
#![allow(dead_code)]

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};

pub mod room;

/// A running Synapse on 127.0.0.1.
pub struct Synapse {
    pub url: String,
    pub port: u16,
    pub server_name: String,
    shared_secret: String,
    /// The `sh` that runs Synapse and kills it when this process's end of
    /// its stdin closes, which happens when the test process exits (a
    /// `static` is never dropped).
    watchdog: Child,
    _dir: tempfile::TempDir,
}

impl Drop for Synapse {
    fn drop(&mut self) {
        let _ = self.watchdog.kill();
        let _ = self.watchdog.wait();
    }
}

/// A user registered through the admin API.
#[derive(Debug, Clone)]
pub struct Registered {
    pub user_id: String,
    pub localpart: String,
    pub password: String,
}

static SYNAPSE: OnceLock<Synapse> = OnceLock::new();

/// The Synapse release the tests run against, pinned so that a new release
/// (new defaults, new rate limits) cannot change the tests' outcome unseen.
const SYNAPSE_VERSION: &str = "1.163.2";

/// The Synapse shared by every test of this binary, started on first use.
pub fn synapse() -> &'static Synapse {
    SYNAPSE.get_or_init(Synapse::start)
}

fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is inside the target directory")
        .to_path_buf()
}

fn tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// The venv's python with Synapse importable, installing it if needed.
fn ensure_installed() -> PathBuf {
    let venv = target_dir().join("synapse-venv");
    let python = venv.join("bin").join("python");
    let importable = |python: &Path| {
        Command::new(python)
            .args([
                "-c",
                &format!(
                    "import synapse, synapse.app.homeserver; assert synapse.__version__.split()[0] == {SYNAPSE_VERSION:?}"
                ),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if importable(&python) {
        return python;
    }
    let started = Instant::now();
    let version = Command::new("python3")
        .args([
            "-c",
            "import sys; assert sys.version_info >= (3, 10), sys.version",
        ])
        .output();
    match version {
        Err(err) => panic!(
            "the Matrix end-to-end tests install Synapse with Python 3.10+, but python3 cannot be run ({err}); install python3 and python3-venv"
        ),
        Ok(out) if !out.status.success() => panic!(
            "the Matrix end-to-end tests need Python 3.10 or newer for Synapse: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Ok(_) => {}
    }
    let out = Command::new("python3")
        .args(["-m", "venv", "--clear"])
        .arg(&venv)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "`python3 -m venv` failed, so Synapse cannot be installed for the Matrix end-to-end tests (on Debian/Ubuntu: apt-get install python3-venv):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!(
        "installing matrix-synapse {SYNAPSE_VERSION} from PyPI into {} …",
        venv.display()
    );
    let log = venv.join("pip-install.log");
    let status = Command::new(venv.join("bin").join("pip"))
        .args([
            "install",
            "--disable-pip-version-check",
            "--no-input",
            &format!("matrix-synapse=={SYNAPSE_VERSION}"),
        ])
        .stdout(std::fs::File::create(&log).expect("pip log"))
        .stderr(Stdio::from(
            std::fs::File::options()
                .append(true)
                .open(&log)
                .expect("pip log"),
        ))
        .status()
        .expect("pip runs");
    assert!(
        status.success() && importable(&python),
        "could not install matrix-synapse from PyPI for the Matrix end-to-end tests (is PyPI reachable?). pip said:\n{}",
        tail(&log)
    );
    eprintln!(
        "installed Synapse in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    python
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

/// The homeserver config: loopback only, no outbound traffic, fast start,
/// and rate limits out of the way of quick tests.
fn homeserver_yaml(dir: &Path, port: u16, secret: &str) -> String {
    let dir = dir.display();
    let mut yaml = format!(
        r#"server_name: "localhost"
pid_file: "{dir}/homeserver.pid"
public_baseurl: "http://127.0.0.1:{port}/"
listeners:
  - port: {port}
    bind_addresses: ["127.0.0.1"]
    type: http
    tls: false
    x_forwarded: false
    resources:
      - names: [client]
        compress: false
database:
  name: sqlite3
  args:
    database: "{dir}/homeserver.db"
media_store_path: "{dir}/media_store"
signing_key_path: "{dir}/localhost.signing.key"
registration_shared_secret: "{secret}"
macaroon_secret_key: "{secret}-macaroon"
form_secret: "{secret}-form"
enable_registration: false
report_stats: false
trusted_key_servers: []
federation_domain_whitelist: []
url_preview_enabled: false
bcrypt_rounds: 4
caches:
  sync_response_cache_duration: 0
background_updates:
  sleep_enabled: false
"#
    );
    let lots = "{per_second: 10000, burst_count: 10000}";
    for limit in [
        "rc_message",
        "rc_registration",
        "rc_joins_per_room",
        "rc_3pid_validation",
        "rc_admin_redaction",
        "rc_room_creation",
        "rc_key_requests",
        "rc_media_create",
        "rc_reports",
        "rc_delayed_event_mgmt",
        "rc_registration_token_validity",
    ] {
        yaml.push_str(&format!("{limit}: {lots}\n"));
    }
    yaml.push_str(&format!(
        "rc_login:\n  address: {lots}\n  account: {lots}\n  failed_attempts: {lots}\n"
    ));
    yaml.push_str(&format!("rc_joins:\n  local: {lots}\n  remote: {lots}\n"));
    yaml.push_str(&format!(
        "rc_invites:\n  per_room: {lots}\n  per_user: {lots}\n  per_issuer: {lots}\n"
    ));
    yaml.push_str(&format!("rc_presence:\n  per_user: {lots}\n"));
    yaml
}

impl Synapse {
    fn start() -> Synapse {
        let python = ensure_installed();
        let started = Instant::now();
        let dir = tempfile::tempdir().expect("a temporary folder for Synapse");
        let port = free_port();
        let secret = format!("casewatch-test-{port}-{}", std::process::id());
        let config = dir.path().join("homeserver.yaml");
        std::fs::write(&config, homeserver_yaml(dir.path(), port, &secret))
            .expect("write homeserver.yaml");
        let out = Command::new(&python)
            .args([
                "-m",
                "synapse.app.homeserver",
                "--generate-keys",
                "--config-path",
            ])
            .arg(&config)
            .output()
            .expect("Synapse runs");
        assert!(
            out.status.success(),
            "Synapse could not generate its keys:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let log = dir.path().join("synapse.log");
        // `exec`-less on purpose: the shell stays to kill Synapse by its pid
        // once its stdin (our pipe) reaches end of file.
        let script = r#""$0" -m synapse.app.homeserver --config-path "$1" >"$2" 2>&1 &
pid=$!
cat >/dev/null
kill "$pid" 2>/dev/null
wait "$pid""#;
        let watchdog = Command::new("sh")
            .args(["-c", script])
            .arg(&python)
            .arg(&config)
            .arg(&log)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sh runs");
        let mut synapse = Synapse {
            url: format!("http://127.0.0.1:{port}"),
            port,
            server_name: "localhost".into(),
            shared_secret: secret,
            watchdog,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            if let Ok((200, _)) = synapse.http("GET", "/_matrix/client/versions", None, None) {
                break;
            }
            if let Ok(Some(status)) = synapse.watchdog.try_wait() {
                panic!(
                    "Synapse exited ({status}) before it answered:\n{}",
                    tail(&log)
                );
            }
            assert!(
                Instant::now() < deadline,
                "Synapse did not answer on port {port} within 90 s:\n{}",
                tail(&log)
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        eprintln!(
            "Synapse answering at {} after {:.1} s",
            synapse.url,
            started.elapsed().as_secs_f64()
        );
        synapse
    }

    /// A minimal HTTP/1.0 request to the homeserver: (status, body).
    pub fn http(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        token: Option<&str>,
    ) -> std::io::Result<(u16, String)> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port))?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        let body = body.unwrap_or("");
        let auth = token
            .map(|t| format!("Authorization: Bearer {t}\r\n"))
            .unwrap_or_default();
        write!(
            stream,
            "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )?;
        let mut response = String::new();
        stream.read_to_string(&mut response)?;
        let status = response
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        Ok((status, body))
    }

    /// Registers a user through the shared-secret admin API
    /// (<https://element-hq.github.io/synapse/latest/admin_api/register_api.html>).
    pub fn register(&self, localpart: &str, displayname: &str) -> Registered {
        self.register_as(localpart, displayname, false).0
    }

    /// Registers a server admin and returns its access token too.
    pub fn register_admin(&self, localpart: &str) -> (Registered, String) {
        let (user, token) = self.register_as(localpart, localpart, true);
        (user, token.expect("the admin API returns an access token"))
    }

    fn register_as(
        &self,
        localpart: &str,
        displayname: &str,
        admin: bool,
    ) -> (Registered, Option<String>) {
        let (_, body) = self
            .http("GET", "/_synapse/admin/v1/register", None, None)
            .expect("nonce request");
        let nonce = serde_json::from_str::<serde_json::Value>(&body).expect("nonce JSON")["nonce"]
            .as_str()
            .expect("a nonce")
            .to_string();
        let password = format!("pw-{localpart}-secret");
        let mut mac = Hmac::<sha1::Sha1>::new_from_slice(self.shared_secret.as_bytes())
            .expect("any key length");
        let kind = if admin { "admin" } else { "notadmin" };
        mac.update(format!("{nonce}\0{localpart}\0{password}\0{kind}").as_bytes());
        let mac: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let request = serde_json::json!({
            "nonce": nonce,
            "username": localpart,
            "displayname": displayname,
            "password": password,
            "admin": admin,
            "mac": mac,
        });
        let (status, body) = self
            .http(
                "POST",
                "/_synapse/admin/v1/register",
                Some(&request.to_string()),
                None,
            )
            .expect("register request");
        assert_eq!(status, 200, "registering {localpart} failed: {body}");
        let token = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|b| b["access_token"].as_str().map(str::to_string));
        let user = Registered {
            user_id: format!("@{localpart}:{}", self.server_name),
            localpart: localpart.to_string(),
            password,
        };
        (user, token)
    }

    /// Gives `user` its own message rate limit (Synapse admin API), so a
    /// test can make the homeserver answer `M_LIMIT_EXCEEDED`.
    pub fn limit_messages(&self, admin_token: &str, user: &str, per_second: u32, burst: u32) {
        let (status, body) = self
            .http(
                "POST",
                &format!(
                    "/_synapse/admin/v1/users/{}/override_ratelimit",
                    user.replace('@', "%40").replace(':', "%3A")
                ),
                Some(&format!(
                    r#"{{"messages_per_second": {per_second}, "burst_count": {burst}}}"#
                )),
                Some(admin_token),
            )
            .expect("rate limit request");
        assert_eq!(status, 200, "could not limit {user}: {body}");
    }
}
