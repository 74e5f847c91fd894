//! The real `casewatch serve` binary on loopback, on a fresh database that
//! it seeds from `data/` at start, with no Discord or Matrix setting: the
//! public site as a deployment without chat would run it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::free_port;

/// Settings that would make `serve` talk to Discord or Matrix, or change
/// what the site shows, removed so the developer's environment does not
/// leak into the test.
const REMOVED_SETTINGS: &[&str] = &[
    "DISCORD_TOKEN",
    "DISCORD_PUBLIC_KEY",
    "DISCORD_GUILD_ID",
    "MATRIX_HOMESERVER",
    "MATRIX_ACCESS_TOKEN",
    "CASEWATCH_EDITORS",
    "CASEWATCH_PUBLIC_URL",
    "CASEWATCH_CASE",
    "CASEWATCH_DB",
];

/// A running `casewatch serve`, stopped when dropped.
pub struct Site {
    child: Child,
    pub port: u16,
    pub db: PathBuf,
    log: PathBuf,
    // Dropped last: the database and the log live there.
    dir: tempfile::TempDir,
}

impl Site {
    pub fn start() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let db = dir.path().join("casewatch.sqlite3");
        let log = dir.path().join("serve.log");
        let mut command = Command::new(env!("CARGO_BIN_EXE_casewatch"));
        command
            .arg("--db")
            .arg(&db)
            .arg("serve")
            // No `.env` of the developer's is read from a temporary folder.
            .current_dir(dir.path())
            .env(
                "CASEWATCH_DATA",
                Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
            )
            .env("CASEWATCH_HTTP_ADDR", format!("127.0.0.1:{port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap());
        for name in REMOVED_SETTINGS {
            command.env_remove(name);
        }
        let child = command.spawn().unwrap();
        let mut site = Site {
            child,
            port,
            db,
            log,
            dir,
        };
        site.wait_until_up();
        site
    }

    fn wait_until_up(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!(
                    "casewatch serve exited ({status}) before it served the site; it said:\n{}",
                    self.log()
                );
            }
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "casewatch serve did not listen within 60 s; it said:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// What the server wrote to standard error.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn folder(&self) -> &Path {
        self.dir.path()
    }

    /// The bot's own answer to `line` on the site's database, as the reply
    /// document (`casewatch ask --json`): what a page must show.
    pub fn ask(&self, line: &str) -> serde_json::Value {
        self.ask_in("en", line)
    }

    /// [`Site::ask`] in the language `locale` (`en` or `es`).
    pub fn ask_in(&self, locale: &str, line: &str) -> serde_json::Value {
        let out = self.casewatch(&["ask", "--json", "--locale", locale, line]);
        serde_json::from_slice(&out).unwrap_or_else(|err| {
            panic!("`casewatch ask --json {line:?}` did not print JSON ({err})")
        })
    }

    /// Runs another `casewatch` command on the site's database (SQLite in
    /// WAL mode lets it read while `serve` runs) and returns its output.
    pub fn casewatch(&self, args: &[&str]) -> Vec<u8> {
        let mut command = Command::new(env!("CARGO_BIN_EXE_casewatch"));
        command
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .current_dir(self.dir.path())
            .env(
                "CASEWATCH_DATA",
                Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
            )
            .stdin(Stdio::null());
        for name in REMOVED_SETTINGS {
            command.env_remove(name);
        }
        let out = command.output().unwrap();
        assert!(
            out.status.success(),
            "`casewatch {}` failed ({}): {}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
