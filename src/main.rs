//! The `casewatch` binary: parse the command line, load settings, open the
//! store, and start the chosen adapter (the console when no chat platform
//! is configured).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};

use casewatch::adapters::console;
#[cfg(feature = "net")]
use casewatch::adapters::supervise::{restart_on_panic, Restart};
use casewatch::config::{Config, ConfigError, LogFormat};
use casewatch::core::i18n::Locale;
use casewatch::core::messages::export::ExportMsg;
use casewatch::core::reply::ReplyKind;
use casewatch::core::trust::{self, GrantChange, Grantee};
use casewatch::core::{Core, Role};
use casewatch::dataset;
use casewatch::export::{ExportError, ExportFile, ExportFormat, ExportOptions};
use casewatch::render::text;
use casewatch::store::Store;

#[derive(Parser)]
#[command(
    name = "casewatch",
    version,
    about = "Keeps a community's cited record of a human-rights case, and answers questions about it."
)]
struct Cli {
    /// The SQLite database file (default: casewatch.sqlite3, or CASEWATCH_DB).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Clone, Copy, ValueEnum)]
enum LocaleArg {
    En,
    Es,
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Member,
    Moderator,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// The data/ format, for review in git.
    Toml,
    /// The data/ format as JSON.
    Json,
    /// timeline.json, Knight Lab TimelineJS3.
    Timelinejs,
    /// timeline.csv, the TimelineJS Google Sheets template's columns.
    TimelinejsCsv,
    /// feed.atom, the record's changes.
    Atom,
    /// calendar.ics, dated events and anniversaries.
    Ics,
    /// One CSV file per record kind, into the --out folder.
    Csv,
}

impl Format {
    /// The export format, for all but the data/ formats.
    fn export(self) -> Option<ExportFormat> {
        match self {
            Format::Toml | Format::Json => None,
            Format::Timelinejs => Some(ExportFormat::TimelineJs),
            Format::TimelinejsCsv => Some(ExportFormat::TimelineJsCsv),
            Format::Atom => Some(ExportFormat::Atom),
            Format::Ics => Some(ExportFormat::Ics),
            Format::Csv => Some(ExportFormat::Csv),
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Run the bot: on Discord or Matrix when configured, else the local console (the default).
    Run {
        /// Speak as a member instead of a moderator in the console.
        #[arg(long = "as", value_enum, default_value = "moderator")]
        role: RoleArg,
        #[arg(long, value_enum, default_value = "en")]
        locale: LocaleArg,
    },
    /// Answer one command and exit (0: answered, 1: the command was refused or malformed, 2: system error).
    Ask {
        /// The command, e.g. "/quote takano".
        line: String,
        /// Print the reply document as JSON instead of text.
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value = "en")]
        locale: LocaleArg,
        #[arg(long = "as", value_enum, default_value = "moderator")]
        role: RoleArg,
    },
    /// Import a case file, or every *.toml in a folder (adds new records; importing twice changes nothing).
    Import { path: PathBuf },
    /// Write a case in the data/ format (toml, json), or for reuse: TimelineJS, Atom, iCalendar, CSV.
    Export {
        #[arg(long, value_enum, default_value = "toml")]
        format: Format,
        /// The case (default: CASEWATCH_CASE).
        #[arg(long, value_name = "SLUG")]
        case: Option<String>,
        /// Write to this file instead of standard output (csv: this folder, created if missing).
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// Language of the words an export adds (labels, change notes) and of its refusals.
        #[arg(long, value_enum, default_value = "en")]
        locale: LocaleArg,
    },
    /// Check a case file (or folder) without touching any database.
    Validate { path: PathBuf },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Write a consistent, checked copy of the database to PATH, even while the bot runs.
    Backup {
        /// The file to write (its folder must exist).
        path: PathBuf,
        /// Replace PATH if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Daily digests of the console's subscription: post the due ones, or preview.
    Digest {
        #[command(subcommand)]
        action: DigestAction,
    },
    /// Who may change a case's record besides this console: grant, revoke, list.
    Editors {
        #[command(subcommand)]
        action: EditorsAction,
    },
    /// Sources' addresses: check that they still answer.
    #[cfg(feature = "net")]
    Sources {
        #[command(subcommand)]
        action: SourcesAction,
    },
    /// Serve the public read-only site at CASEWATCH_HTTP_ADDR, and Discord
    /// interactions at /interactions when DISCORD_PUBLIC_KEY is set.
    Serve,
    /// Bills that actions name, followed on congress.gov (CONGRESS_API_KEY).
    Bills {
        #[command(subcommand)]
        action: BillsAction,
    },
    /// Watched feeds (/watch add): poll them once now and exit.
    Watch {
        #[command(subcommand)]
        action: WatchAction,
    },
}

#[derive(Subcommand)]
enum BillsAction {
    /// Poll congress.gov once for every bill on record, record what is new, and exit
    /// (0: every bill polled; 1: no key, an unknown case, or a bill failed or was not reached; 2: system error).
    Poll {
        /// Only this case's bills (default: every case).
        #[arg(long, value_name = "SLUG")]
        case: Option<String>,
    },
}

#[derive(Subcommand)]
enum WatchAction {
    /// Poll every watched feed once now, due or not, and exit (0: every feed
    /// answered, 1: a feed failed or the case is unknown, 2: system error).
    Poll {
        /// Only this case's feeds (default: every case's).
        #[arg(long, value_name = "SLUG")]
        case: Option<String>,
    },
}

#[derive(Subcommand)]
enum EditorsAction {
    /// Let a place's moderators, or one person, change the case's record.
    Add {
        /// discord:GUILD_ID, discord-user:USER_ID, matrix:!ROOM_ID:SERVER or matrix-user:@USER:SERVER.
        #[arg(value_name = "PLACE", value_parser = parse_grantee)]
        place: Grantee,
        /// The case (default: CASEWATCH_CASE).
        #[arg(long, value_name = "SLUG")]
        case: Option<String>,
    },
    /// Take that right back; what they changed stays in the audit log.
    Remove {
        #[arg(value_name = "PLACE", value_parser = parse_grantee)]
        place: Grantee,
        /// The case (default: CASEWATCH_CASE).
        #[arg(long, value_name = "SLUG")]
        case: Option<String>,
    },
    /// The places and people who may change the case's record.
    List {
        /// The case (default: CASEWATCH_CASE).
        #[arg(long, value_name = "SLUG")]
        case: Option<String>,
        /// Also list revoked grants.
        #[arg(long)]
        all: bool,
    },
}

#[cfg(feature = "net")]
#[derive(Subcommand)]
enum SourcesAction {
    /// GET each source's address once, record ok, moved, gone or flaky, and store an
    /// archived copy of a gone or moved one (exit 0: checked, 1: no such case, 2: a bad
    /// argument or setting, or a system error).
    Check {
        /// Only this case's sources (default: every case).
        #[arg(long, value_name = "SLUG")]
        case: Option<String>,
        /// At most N sources, the least recently checked first.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        limit: Option<u32>,
    },
}

fn parse_grantee(text: &str) -> Result<Grantee, String> {
    text.parse::<Grantee>().map_err(|e| e.to_string())
}

#[derive(Subcommand)]
enum DigestAction {
    /// Post the digests due now to standard output, then keep checking every 30 s (or exit with --once).
    Run {
        /// Check once and exit.
        #[arg(long)]
        once: bool,
        /// Act as if it were this time (UTC, e.g. 2026-06-01T08:00:00Z).
        #[arg(long, value_name = "DATETIME")]
        at: Option<String>,
    },
    /// Print what would be posted, without posting or recording anything.
    Preview {
        /// As of this time (UTC, e.g. 2026-06-01T08:00:00Z); default now.
        #[arg(long, value_name = "DATETIME")]
        at: Option<String>,
        /// A subscription id (default: the console's, or the last 24 hours).
        #[arg(long, value_name = "ID")]
        subscription: Option<i64>,
    },
}

fn main() -> ExitCode {
    casewatch::tune_allocator();
    let cli = Cli::parse();
    // Settings first (they load `.env`), so CASEWATCH_LOG_FORMAT and
    // CASEWATCH_LOG may be set there too.
    let config = Config::from_env();
    let format = config.as_ref().map(|c| c.log_format).unwrap_or_default();
    let filter = || {
        tracing_subscriber::EnvFilter::try_from_env("CASEWATCH_LOG")
            .unwrap_or_else(|_| "warn".into())
    };
    match format {
        LogFormat::Text => tracing_subscriber::fmt()
            .with_env_filter(filter())
            .with_writer(std::io::stderr)
            .init(),
        // One object a line; the event's fields stay fields, so a collector
        // can filter on them.
        LogFormat::Json => tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter())
            .with_writer(std::io::stderr)
            .init(),
    }
    match run(cli, config) {
        Ok(code) => code,
        // A collector reading JSON lines gets the fatal error as one more.
        Err(err) if format == LogFormat::Json => {
            tracing::error!(error = format!("{err:#}"), "casewatch stopped");
            ExitCode::from(2)
        }
        Err(err) => {
            eprintln!("casewatch: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// `casewatch export`: refusals (an unknown case, a missing or wrong
/// `--out`) are said in the chosen language, exit 1, and write nothing.
fn export(
    store: &Store,
    case: &str,
    format: Format,
    out: Option<&Path>,
    options: &ExportOptions,
) -> anyhow::Result<ExitCode> {
    let loc = options.locale;
    let refuse = |message: ExportMsg| {
        eprintln!("casewatch: {}", message.say(loc));
        Ok(ExitCode::from(1))
    };
    let refused = |err: ExportError| match err.refusal() {
        Some(message) => refuse(message),
        None => Err(err.into()),
    };
    let files = match format.export() {
        None => {
            if let Err(err) = casewatch::export::find_case(store, case) {
                return refused(err);
            }
            let file = dataset::export(store, case)?;
            let (name, text) = match format {
                Format::Json => ("case.json", serde_json::to_string_pretty(&file)? + "\n"),
                _ => ("case.toml", file.to_toml()),
            };
            vec![ExportFile {
                name: name.into(),
                content_type: "text/plain; charset=utf-8",
                bytes: text.into_bytes(),
            }]
        }
        Some(format) => {
            if format.is_several_files() {
                match out {
                    None => return refuse(ExportMsg::CsvNeedsFolder),
                    Some(path) if path.exists() && !path.is_dir() => {
                        return refuse(ExportMsg::OutNotFolder {
                            path: path.display().to_string(),
                        })
                    }
                    Some(_) => {}
                }
            }
            match casewatch::export::export(store, case, format, options) {
                Ok(files) => files,
                Err(err) => return refused(err),
            }
        }
    };
    match (out, files.as_slice()) {
        (None, [file]) => std::io::stdout().write_all(&file.bytes)?,
        (Some(path), [file]) if !format.export().is_some_and(ExportFormat::is_several_files) => {
            if path.is_dir() {
                return refuse(ExportMsg::OutIsFolder {
                    path: path.display().to_string(),
                    name: file.name.clone(),
                });
            }
            let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
            if let Some(folder) = folder.filter(|f| !f.is_dir()) {
                return refuse(ExportMsg::OutFolderMissing {
                    folder: folder.display().to_string(),
                });
            }
            write_whole(path, &file.bytes)?;
        }
        (Some(folder), files) => {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("cannot create the folder {}", folder.display()))?;
            for file in files {
                write_whole(&folder.join(&file.name), &file.bytes)?;
            }
        }
        (None, _) => unreachable!("several files are refused without --out above"),
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a file whole or not at all: to a temporary name beside it, then
/// renamed over it, so a failed write never leaves half a file at `path`.
fn write_whole(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut temp = path.as_os_str().to_owned();
    temp.push(".partial");
    let temp = PathBuf::from(temp);
    std::fs::write(&temp, bytes).with_context(|| format!("cannot write {}", temp.display()))?;
    std::fs::rename(&temp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

fn locale(arg: LocaleArg) -> Locale {
    match arg {
        LocaleArg::En => Locale::En,
        LocaleArg::Es => Locale::Es,
    }
}

fn role(arg: RoleArg) -> Role {
    match arg {
        RoleArg::Member => Role::Member,
        RoleArg::Moderator => Role::Moderator,
    }
}

fn run(cli: Cli, config: Result<Config, Vec<ConfigError>>) -> anyhow::Result<ExitCode> {
    let config = config.map_err(|errors| {
        anyhow::anyhow!(
            "{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })?;
    let db = cli.db.clone().unwrap_or_else(|| config.db.clone());
    let command = cli.command.unwrap_or(Command::Run {
        role: RoleArg::Moderator,
        locale: LocaleArg::En,
    });
    match command {
        Command::Validate { path } => validate(&path),
        Command::Digest { action } => digest(open(&db)?, &config, action),
        Command::Editors { action } => editors(open(&db)?, &config, action),
        Command::Bills {
            action: BillsAction::Poll { case },
        } => bills_poll(open(&db)?, &config, case),
        Command::Watch {
            action: WatchAction::Poll { case },
        } => watch_poll(open(&db)?, &config, case.as_deref()),
        #[cfg(feature = "net")]
        Command::Sources {
            action: SourcesAction::Check { case, limit },
        } => check_sources(open(&db)?, case.as_deref(), limit),
        Command::Migrate => {
            open(&db)?;
            println!("{} is up to date.", db.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup { path, force } => backup(&db, &path, force, config.log_format),
        Command::Import { path } => {
            let mut store = open(&db)?;
            import(&mut store, &path, true, false)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            format,
            case,
            out,
            locale: loc,
        } => {
            let store = open(&db)?;
            let case = case.unwrap_or(config.default_case.clone());
            let options = ExportOptions {
                public_url: config.public_url.as_deref(),
                locale: locale(loc),
            };
            export(&store, &case, format, out.as_deref(), &options)
        }
        Command::Ask {
            line,
            json,
            locale: loc,
            role: r,
        } => {
            let mut store = open(&db)?;
            if store.cases()?.is_empty() {
                seed(&mut store, &config.data, config.log_format)?;
            }
            let core = new_core(store, &config);
            let invocation = console::invocation(role(r), locale(loc));
            let reply = core.handle_line(&invocation, &line);
            let mut out = BufWriter::new(std::io::stdout());
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&reply)?)?;
            } else {
                write!(out, "{}", text::render(&reply, locale(loc)))?;
            }
            out.flush()?;
            Ok(if reply.kind == ReplyKind::Error {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Run {
            role: r,
            locale: loc,
        } => {
            // The daily link check's settings, checked before anything starts.
            #[cfg(feature = "net")]
            link_check_settings()?;
            let mut store = open(&db)?;
            prepare(&mut store, &config)?;
            // Matrix: started when MATRIX_HOMESERVER is set; on a thread of
            // its own (with its own connection to the database) when
            // Discord runs too.
            #[cfg(feature = "matrix")]
            let matrix = matrix_config(&config)?;
            // The daily bill poll runs beside the chat adapters, never the console.
            if config.discord_token.is_some() || config.matrix_homeserver.is_some() {
                start_bill_poll(&db, &config)?;
            }
            // Discord gateway: started when DISCORD_TOKEN is set.
            #[cfg(feature = "discord")]
            if let Some(mut discord) = casewatch::adapters::discord::GatewayConfig::from_env()? {
                start_watch_poller(open(&db)?, &config);
                discord.digest.catch_up =
                    chrono::Duration::hours(config.digest_catch_up_hours.into());
                discord.digest.bill_tracking = config.congress_api_key.is_some();
                #[cfg(feature = "matrix")]
                if let Some(matrix) = matrix {
                    start_matrix_beside_discord(open(&db)?, &config, matrix);
                }
                let core = new_core(store, &config);
                casewatch::adapters::discord::run_gateway(core, discord)?;
                return Ok(ExitCode::SUCCESS);
            }
            #[cfg(feature = "matrix")]
            if let Some(matrix) = matrix {
                start_watch_poller(open(&db)?, &config);
                let core = new_core(store, &config);
                casewatch::adapters::matrix::run_blocking(core, matrix)?;
                return Ok(ExitCode::SUCCESS);
            }
            if (cfg!(not(feature = "discord")) && config.discord_token.is_some())
                || (cfg!(not(feature = "matrix")) && config.matrix_homeserver.is_some())
            {
                anyhow::bail!(
                    "DISCORD_TOKEN or MATRIX_HOMESERVER is set, but this build has no Discord or Matrix adapter; build with the `discord` and `matrix` features, or unset them to use the console"
                );
            }
            let mut core = new_core(store, &config);
            let invocation = console::invocation(role(r), locale(loc));
            let stdin = std::io::stdin();
            console::run(&mut core, &invocation, stdin.lock(), std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
        // The public site, and Discord's HTTP interactions endpoint when
        // its public key is set.
        #[cfg(feature = "web")]
        Command::Serve => {
            let web = casewatch::adapters::web::WebConfig::from_env(config.public_url.clone())?;
            #[cfg(feature = "discord")]
            let discord = match std::env::var("DISCORD_PUBLIC_KEY") {
                Ok(key) if !key.trim().is_empty() => {
                    Some(casewatch::adapters::discord::EndpointConfig::from_env()?)
                }
                _ => None,
            };
            #[cfg(not(feature = "discord"))]
            if std::env::var("DISCORD_PUBLIC_KEY").is_ok_and(|k| !k.trim().is_empty()) {
                anyhow::bail!("DISCORD_PUBLIC_KEY is set but this build has no Discord adapter; build it with `cargo build --release --features discord`");
            }
            let mut store = open(&db)?;
            prepare(&mut store, &config)?;
            start_watch_poller(open(&db)?, &config);
            // With a key, the site's answers say bills are followed: so
            // they are, here as under `run`.
            start_bill_poll(&db, &config)?;
            let core = new_core(store, &config);
            casewatch::adapters::web::serve(
                core,
                web,
                #[cfg(feature = "discord")]
                discord,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(not(feature = "web"))]
        Command::Serve => anyhow::bail!(
            "this build has no web server; build it with `cargo build --release --features web`"
        ),
    }
}

/// The feed poller's settings from the configuration.
#[cfg(feature = "net")]
fn watch_settings(config: &Config) -> casewatch::watch::WatchSettings {
    casewatch::watch::WatchSettings {
        interval: std::time::Duration::from_secs(u64::from(config.watch_interval_minutes) * 60),
        ..Default::default()
    }
}

/// Polls the watched feeds that are due, every minute, on a thread of its
/// own with its own connection to the database (beside the chat adapters
/// and the site): it takes the database only between fetches, so it never
/// holds up a command or a digest.
#[cfg(feature = "net")]
#[cfg_attr(
    not(any(feature = "web", feature = "discord", feature = "matrix")),
    allow(dead_code)
)]
fn start_watch_poller(store: Store, config: &Config) {
    let settings = watch_settings(config);
    let fetcher = match casewatch::net::Fetcher::new(Default::default()) {
        Ok(fetcher) => std::sync::Arc::new(fetcher),
        Err(err) => {
            tracing::error!("the feed poller cannot start: {err}");
            return;
        }
    };
    let db = std::sync::Arc::new(casewatch::store::Database::new(store));
    spawn_supervised("feed poller", "casewatch-watch", move || {
        casewatch::watch::run(
            std::sync::Arc::clone(&db),
            std::sync::Arc::clone(&fetcher),
            settings.clone(),
        )
    });
}

/// Runs the loop `start` makes on a thread of its own (`thread`) with a
/// runtime of its own, so it never holds up commands or digests, and
/// starts it again after a panic (`adapters::supervise`).
#[cfg(feature = "net")]
fn spawn_supervised<F, Fut>(name: &'static str, thread: &str, start: F)
where
    F: FnMut() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let spawned = std::thread::Builder::new()
        .name(thread.into())
        .spawn(move || {
            match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime.block_on(restart_on_panic(name, Restart::default(), start)),
                Err(err) => tracing::error!("the {name} cannot start: {err}"),
            }
        });
    if let Err(err) = spawned {
        tracing::error!("the {name} cannot start: {err}");
    }
}

/// Without outgoing HTTP there is nothing to poll with.
#[cfg(not(feature = "net"))]
#[cfg_attr(
    not(any(feature = "web", feature = "discord", feature = "matrix")),
    allow(dead_code)
)]
fn start_watch_poller(_: Store, _: &Config) {}

/// `casewatch watch poll [--case SLUG]`: every watched feed once, each
/// one's outcome on standard error as it comes, a summary on standard
/// output. Exits 1 when the case is unknown or a feed failed.
#[cfg(feature = "net")]
fn watch_poll(store: Store, config: &Config, case: Option<&str>) -> anyhow::Result<ExitCode> {
    use casewatch::watch::{poll, Which};
    if let Some(case) = case {
        if store.case_by_key(case)?.is_none() {
            eprintln!("casewatch: there is no case “{case}” in the database; `casewatch import data/` loads the cases in data/. Nothing was polled.");
            return Ok(ExitCode::from(1));
        }
    }
    let settings = watch_settings(config);
    let fetcher = std::sync::Arc::new(casewatch::net::Fetcher::new(Default::default())?);
    let db = std::sync::Arc::new(casewatch::store::Database::new(store));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let polls = runtime.block_on(poll(db, fetcher, &settings, Which::All(case)))?;
    let (mut suggested, mut failed) = (0, 0);
    for p in &polls {
        match &p.result {
            Ok(report) => {
                suggested += report.suggested.len();
                let mut line = format!("watch #{} {}: ", p.watch_id, p.url);
                if report.primed > 0 {
                    line.push_str(&format!(
                        "first poll, {} items marked as seen (none proposed)",
                        report.primed
                    ));
                } else {
                    line.push_str(&format!(
                        "{} new suggestions, {} new items not about the case, {} seen before",
                        report.suggested.len(),
                        report.irrelevant,
                        report.known
                    ));
                }
                eprintln!("{line}");
                for (id, title) in &report.suggested {
                    eprintln!("  suggestion #{id}: {title}");
                }
                for (item, why) in &report.skipped {
                    eprintln!("  skipped “{item}”: {}", why.as_str());
                }
            }
            Err(err) => {
                failed += 1;
                eprintln!("watch #{} {}: failed: {err}", p.watch_id, p.url);
            }
        }
    }
    println!(
        "Polled {} feeds: {suggested} new suggestions for /review, {failed} failed.",
        polls.len()
    );
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(not(feature = "net"))]
fn watch_poll(_: Store, _: &Config, _: Option<&str>) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "this build has no outgoing HTTP; build it with the `net` feature (on by default)"
    )
}

/// The Matrix settings when MATRIX_HOMESERVER is set; every bad one named.
#[cfg(feature = "matrix")]
fn matrix_config(
    config: &Config,
) -> anyhow::Result<Option<casewatch::adapters::matrix::MatrixConfig>> {
    let digest = casewatch::core::digest::run::DigestSettings {
        catch_up: chrono::Duration::hours(config.digest_catch_up_hours.into()),
        bill_tracking: config.congress_api_key.is_some(),
        ..Default::default()
    };
    casewatch::adapters::matrix::MatrixConfig::from_env(config.matrix_homeserver.as_deref(), digest)
        .map_err(|errors| {
            anyhow::anyhow!(
                "{}",
                errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        })
}

/// Runs Matrix on a thread of its own while Discord runs on the main one.
/// If Matrix stops with an error, the whole process stops: a half-running
/// bot would look healthy while ignoring one platform.
#[cfg(all(feature = "matrix", feature = "discord"))]
fn start_matrix_beside_discord(
    store: Store,
    config: &Config,
    matrix: casewatch::adapters::matrix::MatrixConfig,
) {
    let core = new_core(store, config);
    std::thread::spawn(move || {
        if let Err(err) = casewatch::adapters::matrix::run_blocking(core, matrix) {
            eprintln!("casewatch: {:#}", anyhow::Error::from(err));
            std::process::exit(2);
        }
    });
}

/// The core with the configured default case and limits.
fn new_core(store: Store, config: &Config) -> Core {
    Core::new(store, config.default_case.clone())
        .with_suggest_limits(config.suggest_limits)
        .with_public_url(config.public_url.clone())
        .with_bill_tracking(config.congress_api_key.is_some())
}

/// Why nothing polls without a key, and how to get one.
#[cfg(feature = "net")]
const NO_CONGRESS_KEY: &str = "CONGRESS_API_KEY is not set, so bill tracking is off. Get a free key at https://api.data.gov/signup/ and set it (README, \"Bills\").";

/// The congress.gov client for the configured key and base.
#[cfg(feature = "net")]
fn congress_api(config: &Config) -> anyhow::Result<Option<casewatch::congress::api::CongressApi>> {
    use casewatch::congress::api::{ApiSettings, CongressApi};
    let Some(key) = config.congress_api_key.clone() else {
        return Ok(None);
    };
    Ok(Some(CongressApi::new(ApiSettings::new(
        &config.congress_api_base,
        key,
    ))?))
}

/// Starts the daily bill poll on a thread of its own, with its own
/// runtime and database connection, so a slow congress.gov never holds up
/// commands or digests.
#[cfg(feature = "net")]
fn start_bill_poll(db: &Path, config: &Config) -> anyhow::Result<()> {
    let Some(api) = congress_api(config)? else {
        tracing::info!("{NO_CONGRESS_KEY}");
        return Ok(());
    };
    let core = std::sync::Arc::new(new_core(open(db)?, config));
    let api = std::sync::Arc::new(api);
    spawn_supervised("daily bill poll", "casewatch-bills", move || {
        casewatch::congress::poll_daily(std::sync::Arc::clone(&core), std::sync::Arc::clone(&api))
    });
    Ok(())
}

#[cfg(not(feature = "net"))]
fn start_bill_poll(_db: &Path, config: &Config) -> anyhow::Result<()> {
    if config.congress_api_key.is_some() {
        anyhow::bail!("CONGRESS_API_KEY is set but this build has no outgoing HTTP; build it with the `net` feature");
    }
    Ok(())
}

/// `casewatch bills poll`: one poll, progress on standard error, a summary
/// on standard output.
#[cfg(feature = "net")]
fn bills_poll(store: Store, config: &Config, case: Option<String>) -> anyhow::Result<ExitCode> {
    let Some(api) = congress_api(config)? else {
        eprintln!("casewatch: {NO_CONGRESS_KEY} Nothing was polled.");
        return Ok(ExitCode::from(1));
    };
    let case_id = match &case {
        None => None,
        Some(slug) => match store.case_by_key(slug)? {
            Some(row) => Some(row.id),
            None => {
                eprintln!("casewatch: there is no case “{slug}” in the database; `casewatch import data/` loads the cases in data/. Nothing was polled.");
                return Ok(ExitCode::from(1));
            }
        },
    };
    let core = std::sync::Arc::new(new_core(store, config));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let report =
        runtime.block_on(casewatch::congress::poll(core, &api, case_id, |bill| {
            let label = format!(
                "{} ({}) [A{}, {}]",
                bill.bill.citation(),
                casewatch::domain::bill::ordinal_en(bill.bill.congress),
                bill.action_id,
                bill.case
            );
            match &bill.result {
                Ok(c) => eprintln!(
                "{label}: {} new steps, {} cosponsors joined, {} withdrew, {} no longer listed{}",
                c.statuses,
                c.joined,
                c.withdrew,
                c.vanished,
                if c.source_created { "; its Congress.gov source was added" } else { "" }
            ),
                Err(why) => eprintln!("{label}: failed: {why}"),
            }
        }))?;
    let failed = report.failed();
    println!(
        "Bills polled: {}; requests to congress.gov: {}; failed: {}{}.",
        report.bills.len(),
        report.requests,
        failed,
        match &report.stopped {
            Some(why) => format!("; stopped before {} more: {why}", report.skipped),
            None => String::new(),
        }
    );
    if report.bills.is_empty() && report.stopped.is_none() {
        println!("No action names a bill yet; an editor names one with /action bill.");
    }
    Ok(if failed > 0 || report.stopped.is_some() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(not(feature = "net"))]
fn bills_poll(_store: Store, _config: &Config, _case: Option<String>) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "this build has no outgoing HTTP; build it with the `net` feature to poll congress.gov"
    )
}

/// Imports the data and applies `CASEWATCH_EDITORS`: what every long-running
/// start does before it answers anyone.
fn prepare(store: &mut Store, config: &Config) -> anyhow::Result<()> {
    seed(store, &config.data, config.log_format)?;
    for grantee in &config.editors {
        match trust::grant(
            store,
            &config.default_case,
            grantee,
            "env:CASEWATCH_EDITORS",
        ) {
            Ok(GrantChange::Done) => {
                tracing::info!(%grantee, case = %config.default_case, "granted by CASEWATCH_EDITORS")
            }
            Ok(GrantChange::Unchanged) => {}
            Err(err) => {
                return Err(anyhow::Error::from(err)
                    .context(format!("CASEWATCH_EDITORS cannot grant {grantee}")))
            }
        }
    }
    Ok(())
}

/// `casewatch editors add|remove|list`.
fn editors(mut store: Store, config: &Config, action: EditorsAction) -> anyhow::Result<ExitCode> {
    const OPERATOR: &str = "console:local";
    let case_of = |case: Option<String>| case.unwrap_or_else(|| config.default_case.clone());
    match action {
        EditorsAction::Add { place, case } => {
            let case = case_of(case);
            match trust::grant(&mut store, &case, &place, OPERATOR)? {
                GrantChange::Done => println!(
                    "{place} can now change the record of {case} ({}).",
                    describe(&place)
                ),
                GrantChange::Unchanged => println!(
                    "{place} could already change the record of {case}; nothing was changed."
                ),
            }
        }
        EditorsAction::Remove { place, case } => {
            let case = case_of(case);
            match trust::revoke(&mut store, &case, &place, OPERATOR)? {
                GrantChange::Done => println!(
                    "{place} can no longer change the record of {case}. What it changed stays, with its author, in the audit log: review it with /history id:… and mend it with /correct."
                ),
                GrantChange::Unchanged => {
                    println!("{place} had no grant for {case}; nothing was changed.");
                    return Ok(ExitCode::from(1));
                }
            }
        }
        EditorsAction::List { case, all } => {
            let case = case_of(case);
            let Some(row) = store.case_by_key(&case)? else {
                anyhow::bail!("there is no case “{case}” in the database; `casewatch import data/` loads the cases in data/");
            };
            let grants = store.editor_grants(row.id, all)?;
            println!("Editors of {case}: the local console (always).");
            if grants.is_empty() {
                println!("No place or person is granted; chat writes are refused. Grant one with: casewatch editors add PLACE --case {case}");
            }
            for g in grants {
                let grantee = g
                    .grantee
                    .parse::<Grantee>()
                    .map(|p| describe(&p))
                    .unwrap_or_default();
                match (&g.revoked_at, &g.revoked_by) {
                    (Some(at), Some(by)) => println!(
                        "{}  ({grantee}) granted {} by {}, revoked {at} by {by}",
                        g.grantee, g.granted_at, g.granted_by
                    ),
                    _ => println!(
                        "{}  ({grantee}) granted {} by {}",
                        g.grantee, g.granted_at, g.granted_by
                    ),
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `CASEWATCH_LINK_CHECK_*` and `CASEWATCH_ARCHIVE_API`, every bad one named.
#[cfg(feature = "net")]
fn link_check_settings() -> anyhow::Result<casewatch::links::LinkCheckSettings> {
    casewatch::links::LinkCheckSettings::from_env().map_err(|errors| {
        anyhow::anyhow!(
            "{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

/// `casewatch sources check`: a line per source on standard error as it
/// is checked, the summary on standard output.
#[cfg(feature = "net")]
fn check_sources(
    mut store: Store,
    case: Option<&str>,
    limit: Option<u32>,
) -> anyhow::Result<ExitCode> {
    use casewatch::links::{self, report};
    let settings = link_check_settings()?;
    let started = std::time::Instant::now();
    let limit = limit.map(|n| n as usize);
    let each = |done, total, stored: &links::Stored| {
        eprintln!("{}", report::progress_line(done, total, stored))
    };
    match links::check_sources(&mut store, &settings, case, limit, each) {
        Ok(summary) => {
            println!(
                "{}",
                report::summary_line(&summary, started.elapsed().as_secs_f64())
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(links::LinkError::Store(casewatch::store::StoreError::NotFound(_))) => {
            let known: Vec<String> = store.cases()?.into_iter().map(|c| c.key).collect();
            eprintln!(
                "casewatch: there is no case “{}” in the database; the cases are: {}.",
                case.unwrap_or_default(),
                if known.is_empty() {
                    "none yet (`casewatch import data/` loads them)".to_string()
                } else {
                    known.join(", ")
                }
            );
            Ok(ExitCode::from(1))
        }
        Err(err) => Err(err.into()),
    }
}

/// What a grant covers, for the operator.
fn describe(grantee: &Grantee) -> &'static str {
    match grantee {
        Grantee::DiscordServer(_) => "the moderators of that Discord server",
        Grantee::DiscordUser(_) => "that Discord user, wherever they write",
        Grantee::MatrixRoom(_) => "the moderators of that Matrix room",
        Grantee::MatrixUser(_) => "that Matrix user, wherever they write",
    }
}

/// `casewatch backup PATH`: refusals (PATH exists, is a folder, has no
/// folder) exit 1 with the reason; a failed copy exits 2. Nothing is left
/// at PATH unless the checked copy is complete. With JSON logs (a timer's
/// output read by a collector) a refusal is logged as an error event.
fn backup(db: &Path, path: &Path, force: bool, format: LogFormat) -> anyhow::Result<ExitCode> {
    match casewatch::store::backup::backup(db, path, force) {
        Ok(report) => {
            let migrations = match (report.migrations.first(), report.migrations.last()) {
                (Some(first), Some(last)) => format!("migrations {first} to {last}"),
                _ => "no migrations".to_string(),
            };
            println!(
                "Backed up {} to {}: {} pages ({} KiB); integrity check ok; {migrations}, as in the database.",
                db.display(),
                path.display(),
                report.pages,
                report.bytes.div_ceil(1024),
            );
            if report.restarts > 0 {
                tracing::info!(
                    restarts = report.restarts,
                    "the backup restarted because the bot wrote meanwhile"
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(err) if err.is_refusal() => {
            match format {
                LogFormat::Json => tracing::error!(error = %err, "backup refused"),
                LogFormat::Text => eprintln!("casewatch: {err}"),
            }
            Ok(ExitCode::from(1))
        }
        Err(err) => Err(anyhow::Error::from(err)),
    }
}

fn open(db: &Path) -> anyhow::Result<Store> {
    Store::open(db).with_context(|| format!("cannot use the database {}", db.display()))
}

/// Imports the data folder at start-up; a missing folder is not an error
/// (the store may have been seeded elsewhere). With JSON logs its report
/// is logged, so standard error stays one JSON object a line.
fn seed(store: &mut Store, data: &Path, format: LogFormat) -> anyhow::Result<()> {
    if !data.exists() {
        tracing::warn!(
            "no case data at {}; set CASEWATCH_DATA to import some",
            data.display()
        );
        return Ok(());
    }
    import(store, data, false, format == LogFormat::Json)
}

/// `log`: the report goes to the log instead of standard error.
fn import(store: &mut Store, path: &Path, verbose: bool, log: bool) -> anyhow::Result<()> {
    let say = |line: String| {
        if log {
            tracing::info!("{line}");
        } else {
            eprintln!("{line}");
        }
    };
    let files = dataset::case_files(path)?;
    if files.is_empty() {
        anyhow::bail!("no *.toml case files in {}", path.display());
    }
    for file in files {
        let case = dataset::load(&file)?;
        let report = dataset::import(store, &case, &file.display().to_string())?;
        let added: Vec<String> = report
            .added
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        if verbose || !added.is_empty() || !report.differing.is_empty() {
            say(format!(
                "{}: case {}: {} added, {} unchanged.",
                file.display(),
                report.case,
                if added.is_empty() {
                    "nothing".to_string()
                } else {
                    added.join(", ")
                },
                report.unchanged
            ));
        }
        for record in &report.differing {
            say(format!(
                "  {record} differs from the database; the database's version was kept (change it with /correct, or review `casewatch export`)."
            ));
        }
    }
    Ok(())
}

fn validate(path: &Path) -> anyhow::Result<ExitCode> {
    let files = dataset::case_files(path)?;
    if files.is_empty() {
        anyhow::bail!("no *.toml case files in {}", path.display());
    }
    let mut failed = false;
    for file in files {
        match dataset::load(&file) {
            Ok(case) => {
                // A dry run into a private in-memory store checks what the
                // file alone cannot: that the store accepts every record.
                let mut scratch = Store::open_in_memory()?;
                match dataset::import(&mut scratch, &case, &file.display().to_string()) {
                    Ok(report) => println!(
                        "{}: valid ({} records).",
                        file.display(),
                        report.added_total()
                    ),
                    Err(err) => {
                        failed = true;
                        println!("{}: {err}", file.display());
                    }
                }
            }
            Err(err) => {
                failed = true;
                println!("{err}");
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads `--at`: RFC 3339, or `YYYY-MM-DDTHH:MM[:SS]` taken as UTC.
fn parse_at(text: &str) -> anyhow::Result<chrono::DateTime<chrono::Utc>> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&chrono::Utc));
    }
    for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(text, format) {
            return Ok(t.and_utc());
        }
    }
    anyhow::bail!("--at {text:?} is not a time; write it like 2026-06-01T08:00:00Z")
}

/// Prints digests of `console` subscriptions to standard output.
struct ConsoleDigestSink;

impl casewatch::core::digest::run::DigestSink for ConsoleDigestSink {
    fn platform(&self) -> &str {
        "console"
    }

    /// One message per section of the digest, as text.
    fn prepare(&self, digest: &casewatch::core::reply::Reply, loc: Locale) -> Vec<String> {
        digest
            .sections()
            .iter()
            .map(|section| text::render(section, loc))
            .collect()
    }

    fn send(
        &mut self,
        _: &casewatch::store::digest::Subscription,
        key: &str,
        payload: &str,
    ) -> Result<(), casewatch::core::digest::run::SendError> {
        let mut out = std::io::stdout().lock();
        writeln!(out, "── digest message · key {key} ──\n{payload}")
            .and_then(|_| out.flush())
            .map_err(|e| {
                casewatch::core::digest::run::SendError::Permanent(format!(
                    "standard output is closed: {e}"
                ))
            })
    }
}

fn digest(store: Store, config: &Config, action: DigestAction) -> anyhow::Result<ExitCode> {
    use casewatch::core::digest::run::{run_due, DigestSettings};
    use casewatch::core::digest::schedule::{Clock, ManualClock, SystemClock};
    match action {
        DigestAction::Run { once, at } => {
            let clock: Box<dyn Clock> = match at {
                Some(at) => Box::new(ManualClock::new(parse_at(&at)?)),
                None => Box::new(SystemClock),
            };
            let mut sink = ConsoleDigestSink;
            let db = casewatch::store::Database::new(store);
            loop {
                let settings = DigestSettings {
                    bill_tracking: config.congress_api_key.is_some(),
                    ..DigestSettings::default()
                };
                let report = run_due(&db, clock.as_ref(), &mut sink, settings)?;
                for (sub, date, parts) in &report.posted {
                    tracing::info!(subscription = sub, %date, parts, "digest posted");
                }
                for (sub, why) in &report.disabled {
                    eprintln!("casewatch: digest subscription {sub} disabled: {why}");
                }
                for (sub, why) in &report.failed {
                    eprintln!("casewatch: digest subscription {sub} failed this time: {why}");
                }
                if once {
                    return Ok(ExitCode::SUCCESS);
                }
                std::thread::sleep(std::time::Duration::from_secs(30));
            }
        }
        DigestAction::Preview { at, subscription } => {
            let now = match at {
                Some(at) => parse_at(&at)?,
                None => chrono::Utc::now(),
            };
            let reply = match subscription {
                Some(id) => {
                    let sub = store
                        .subscription(id)?
                        .ok_or_else(|| anyhow::anyhow!("there is no digest subscription {id}"))?;
                    let schedule = casewatch::core::digest::schedule::Schedule::parse(
                        &sub.time_of_day,
                        &sub.timezone,
                    )
                    .map_err(anyhow::Error::msg)?;
                    let to = store.last_audit_id()?;
                    casewatch::core::digest::run::digest_for(
                        &store,
                        &sub,
                        sub.covered_audit_id,
                        to,
                        schedule.local_date(now),
                    )?
                    .reply
                }
                None => {
                    let core = new_core(store, config)
                        .with_clock(std::sync::Arc::new(ManualClock::new(now)));
                    core.handle_line(
                        &console::invocation(Role::Moderator, Locale::En),
                        "/digest preview",
                    )
                }
            };
            print!("{}", text::render(&reply, Locale::En));
            Ok(if reply.kind == ReplyKind::Error {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}
