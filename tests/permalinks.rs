//! With `CASEWATCH_PUBLIC_URL` set, chat answers link each record id to its
//! permalink on the site: console text, Matrix HTML, Discord embeds. Unset,
//! they are as before (the snapshot tests hold that output).

mod common;

use casewatch::core::i18n::Locale;
use casewatch::core::Role;
use common::Seeded;

const SITE: &str = "https://casewatch.example.org";
const E12: &str = "https://casewatch.example.org/andry-hernandez-romero/r/E12";

fn cite_e12(public_url: Option<&str>) -> casewatch::core::reply::Reply {
    let seeded = Seeded::new();
    let core = seeded.core.with_public_url(public_url.map(str::to_string));
    let invocation = casewatch::adapters::console::invocation(Role::Member, Locale::En);
    core.handle_line(&invocation, "/cite id:E12")
}

#[test]
fn console_text_puts_the_permalink_after_the_id() {
    let text = casewatch::render::text::render(&cite_e12(Some(SITE)), Locale::En);
    assert!(text.contains(&format!("(E12 {E12})")), "{text}");
    let plain = casewatch::render::text::render(&cite_e12(None), Locale::En);
    assert!(
        plain.contains("(E12)") && !plain.contains("https://casewatch"),
        "{plain}"
    );
}

#[test]
fn the_console_binary_reads_the_setting() {
    let seeded = Seeded::new();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_casewatch"))
        .arg("--db")
        .arg(seeded.db_path())
        .args(["ask", "/cite id:E12"])
        .env("CASEWATCH_DATA", common::data_dir())
        .env("CASEWATCH_PUBLIC_URL", "https://casewatch.example.org/")
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{text}");
    assert!(text.contains(&format!("(E12 {E12})")), "{text}");
}

#[test]
fn matrix_html_links_the_id() {
    let message = casewatch::render::matrix::render(&cite_e12(Some(SITE)), Locale::En);
    assert!(
        message
            .html
            .contains(&format!("<a href=\"{E12}\"><code>E12</code></a>")),
        "{}",
        message.html
    );
    assert!(message.body.contains(E12));
    let plain = casewatch::render::matrix::render(&cite_e12(None), Locale::En);
    assert!(!plain.html.contains("casewatch.example.org"));
}

#[cfg(feature = "discord")]
#[test]
fn discord_embeds_link_the_id_in_markdown() {
    let messages = casewatch::render::discord::render(&cite_e12(Some(SITE)), Locale::En);
    let json = serde_json::to_string(&messages).unwrap();
    assert!(json.contains(&format!("[`E12`]({E12})")), "{json}");
    let plain = casewatch::render::discord::render(&cite_e12(None), Locale::En);
    assert!(!serde_json::to_string(&plain)
        .unwrap()
        .contains("casewatch.example.org"));
}
