//! The exact Matrix messages (plain body and HTML) for real commands on the
//! seed data and for a digest in each language, reviewed as snapshots; and
//! a property test that no stored text can inject markup, links with other
//! schemes, or mentions into what the bot sends.

mod common;

use casewatch::core::i18n::Locale;
use casewatch::core::reply::{Block, CitedSource, Reply, ReplyKind, Span, Style};
use casewatch::core::Role;
use casewatch::render::matrix::{render, render_messages, split, MAX_MESSAGE_BYTES};
use common::Seeded;
use proptest::prelude::*;

/// The messages as sent; the HTML gets a line break after each block's
/// closing tag, for review only (the wire form has none).
fn messages(reply: &Reply, locale: Locale) -> String {
    render_messages(reply, locale)
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let html = ["</h3>", "</h4>", "</p>", "<ul>", "</li>", "</ul>"]
                .iter()
                .fold(m.html.clone(), |html, tag| {
                    html.replace(tag, &format!("{tag}\n"))
                });
            format!("── message {} body\n{}\n── html\n{}", i + 1, m.body, html)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[rstest::rstest]
#[case::quote_takano("/quote takano", Locale::En)]
#[case::timeline_in_spanish("/timeline", Locale::Es)]
#[case::cite("/cite Q1", Locale::En)]
#[case::refusal("/retract id:Q1 reason:\"x\"", Locale::En)]
fn command_messages(#[case] line: &str, #[case] locale: Locale) {
    let mut bot = Seeded::new();
    let reply = bot.ask_as(Role::Member, locale, line);
    insta::with_settings!({ snapshot_suffix => line.split_whitespace().next().unwrap().trim_start_matches('/').to_string() + "_" + locale.code() }, {
        insta::assert_snapshot!(messages(&reply, locale));
    });
}

#[rstest::rstest]
#[case::en("en")]
#[case::es("es")]
fn digest_messages(#[case] language: &str) {
    let mut bot = Seeded::new();
    let reply = bot.ask(&format!("/digest subscribe 08:00 UTC language:{language}"));
    common::assert_answered(&reply, "subscribe");
    let reply = bot.ask("/update add date:2026-11-21 text:\"A new hearing was announced\" url:https://example.org/hearing title:\"Hearing <announced>\" publication:\"Example & Co\" published:2026-11-21");
    common::assert_answered(&reply, "update add");
    let locale = Locale::from_tag(language);
    let digest = bot.ask_as(Role::Moderator, locale, "/digest preview");
    common::assert_answered(&digest, "digest preview");
    insta::with_settings!({ snapshot_suffix => language }, {
        insta::assert_snapshot!(messages(&digest, locale));
    });
}

/// Pieces of stored text that try to become markup, links or mentions.
const HOSTILE: &[&str] = &[
    "<b>bold</b>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"https://matrix.to/#/@carol:example.org\">carol</a>",
    "<a href='javascript:alert(1)'>x</a>",
    "@room",
    "@ROOM",
    "@carol:example.org",
    "\"><b>",
    "'",
    "&lt;b&gt;",
    "&amp;",
    "<mx-reply>",
    "<!-- comment -->",
    "]]>",
    "\n",
    "مرحبا",
    "\u{202e}rev",
    "Hernández",
];

/// Source addresses a store could hold (the store checks http/https, but
/// the renderer must not trust that).
const URLS: &[&str] = &[
    "https://example.org/a?b=1&c=<2>",
    "https://matrix.to/#/@carol:example.org",
    "javascript:alert(1)",
    "data:text/html,<b>x</b>",
    "mxc://example.org/abc",
    "https://example.org/\"onmouseover=\"alert(1)",
    "http://example.org/plain",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(HOSTILE).prop_map(str::to_string),
            2 => "[a-zA-Z ]{1,20}",
            1 => any::<String>().prop_map(|s| s.chars().take(30).collect::<String>()),
        ],
        1..6,
    )
    .prop_map(|pieces| pieces.concat())
}

fn source(number: usize) -> impl Strategy<Value = CitedSource> {
    (
        text(),
        text(),
        prop::sample::select(URLS),
        prop::option::of(prop::sample::select(URLS)),
        any::<bool>(),
    )
        .prop_map(
            move |(publication, title, url, archive, retracted)| CitedSource {
                number,
                id: format!("S{number}"),
                publication,
                title,
                author: None,
                published: "2026-01-01".into(),
                url: url.to_string(),
                url_exact: true,
                archive_url: archive.map(str::to_string),
                retracted,
                address_gone: false,
            },
        )
}

fn reply() -> impl Strategy<Value = Reply> {
    (
        text(),
        prop::collection::vec((text(), text(), 0..4usize), 1..6),
        prop::collection::vec(source(0), 1..4),
    )
        .prop_map(|(title, facts, sources)| {
            let mut reply = Reply::new(ReplyKind::Answer, title);
            let count = sources.len();
            reply.sources = sources
                .into_iter()
                .enumerate()
                .map(|(i, s)| CitedSource {
                    number: i + 1,
                    id: format!("S{}", i + 1),
                    ..s
                })
                .collect();
            for (i, (date, words, style)) in facts.into_iter().enumerate() {
                let style = [Style::Plain, Style::Strong, Style::Quoted, Style::Code][style];
                reply.heading(date.clone());
                reply.blocks.push(Block::Fact {
                    date: Some(date),
                    record: Some(format!("E{i}")),
                    spans: vec![Span { text: words, style }],
                    cites: vec![i % count + 1],
                });
                reply.note(format!("note {i}"));
            }
            reply
        })
}

/// The tags the renderer itself writes; anything else is an injection.
const OWN_TAGS: &[&str] = &[
    "h3", "/h3", "h4", "/h4", "p", "/p", "ul", "/ul", "li", "/li", "strong", "/strong", "em",
    "/em", "code", "/code", "br", "a", "/a",
];

fn check_html(html: &str) {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        assert!(
            !rest[..open].contains('>'),
            "a stray > outside a tag: {html}"
        );
        let tag = &rest[open + 1..];
        let end = tag.find('>').expect("every tag is closed");
        let inside = &tag[..end];
        let name = inside.split_whitespace().next().unwrap_or("");
        assert!(
            OWN_TAGS.contains(&name),
            "injected tag <{inside}> in {html}"
        );
        if name == "a" {
            let href = inside
                .strip_prefix("a href=\"")
                .and_then(|h| h.strip_suffix('"'))
                .unwrap_or_else(|| panic!("a link with more than an href: <{inside}>"));
            assert!(
                href.starts_with("https://") || href.starts_with("http://"),
                "link to {href}"
            );
            assert!(!href.contains("matrix.to"), "mention pill {href}");
            assert!(!href.contains('"') && !href.contains('<'), "{href}");
        }
        rest = &tag[end + 1..];
    }
    assert!(!rest.contains('>'), "a stray > outside a tag: {html}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn stored_text_never_becomes_markup_links_or_mentions(reply in reply(), spanish in any::<bool>()) {
        let locale = if spanish { Locale::Es } else { Locale::En };
        for message in render_messages(&reply, locale) {
            check_html(&message.html);
            let lower_html = message.html.to_lowercase();
            let lower_body = message.body.to_lowercase();
            prop_assert!(!lower_html.contains("@room"), "{}", message.html);
            prop_assert!(!lower_body.contains("@room"), "{}", message.body);
            prop_assert!(message.html.len() + message.body.len() <= MAX_MESSAGE_BYTES);
        }
    }

    #[test]
    fn splitting_keeps_every_statement_with_its_sources(reply in reply()) {
        let parts = split(&reply, Locale::En);
        let facts: usize = parts.iter().map(|p| p.facts().count()).sum();
        prop_assert_eq!(facts, reply.facts().count());
        for part in &parts {
            prop_assert!(part.check_citations().is_ok());
        }
    }
}

#[test]
fn a_reply_too_long_for_one_event_is_split_at_its_headings_and_keeps_its_citations() {
    let mut bot = Seeded::new();
    let mut reply = bot.ask("/timeline");
    // Many copies of the page, each under its own heading.
    let page = reply.blocks.clone();
    for copy in 0..60 {
        reply.heading(format!("Copy {copy}"));
        reply.blocks.extend(page.iter().cloned());
    }
    let parts = split(&reply, Locale::En);
    assert!(parts.len() > 1);
    for part in &parts {
        part.check_citations().unwrap();
        let message = render(part, Locale::En);
        assert!(message.body.len() + message.html.len() <= MAX_MESSAGE_BYTES);
    }
    let facts: usize = parts.iter().map(|p| p.facts().count()).sum();
    assert_eq!(facts, reply.facts().count());
}
