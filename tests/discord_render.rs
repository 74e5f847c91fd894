//! Property test: replies built from random and adversarial records (very
//! long quotes, many sources, Markdown and mention syntax, right-to-left
//! and combining characters) always render within every Discord limit,
//! with mentions disabled, and with every citation mark shown beside the
//! source it points to.
#![cfg(feature = "discord")]

mod discord_support;

use casewatch::core::i18n::Locale;
use casewatch::core::reply::{Block, CitedSource, Paging, Reply, ReplyKind, Span, Style};
use casewatch::render::discord::render;
use discord_support::{check_message, visible_text};
use proptest::prelude::*;

/// Pieces that break naive renderers.
const NASTY: &[&str] = &[
    "**bold**",
    "__under__",
    "~~strike~~",
    "||spoiler||",
    "`code`",
    "```block```",
    "\\",
    "\\*",
    "@everyone",
    "@here",
    "<@123456789012345678>",
    "<@&987654321098765432>",
    "<#645027906669510667>",
    "<:emoji:123>",
    "[link](https://evil.example)",
    "# Heading",
    "\n- item",
    "\n> quote",
    "\n1. one",
    "-# small",
    "https://example.org/a_(b)",
    "مرحبا بالعالم",
    "שלום עולם",
    "\u{202e}reversed\u{202c}",
    "e\u{301}\u{302}\u{303}",
    "👍🏽",
    "👨‍👩‍👧‍👦",
    "𝕳𝖊𝖑𝖑𝖔",
    "\u{200b}",
    "Hernández",
    " ",
    "\n",
];

fn text(max_pieces: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(NASTY).prop_map(str::to_string),
            3 => "[a-zA-Z ]{1,40}",
            1 => any::<String>().prop_map(|s| s.chars().take(60).collect::<String>()),
            1 => "[x]{200,900}",
        ],
        0..max_pieces,
    )
    .prop_map(|pieces| pieces.concat())
}

fn source(number: usize) -> impl Strategy<Value = CitedSource> {
    (
        text(6),
        text(12),
        prop::option::of(text(3)),
        "https://[a-z]{1,20}\\.org/[a-z_()<>`]{0,40}",
        any::<bool>(),
        any::<bool>(),
        prop::option::of(Just("https://web.archive.org/x".to_string())),
    )
        .prop_map(
            move |(publication, title, author, url, url_exact, retracted, archive_url)| {
                CitedSource {
                    number,
                    id: format!("S{number}"),
                    publication,
                    title,
                    author,
                    published: "2025-03-14".to_string(),
                    url,
                    url_exact,
                    archive_url,
                    retracted,
                    address_gone: false,
                }
            },
        )
}

fn style() -> impl Strategy<Value = Style> {
    prop::sample::select(vec![
        Style::Plain,
        Style::Strong,
        Style::Emphasis,
        Style::Quoted,
        Style::Code,
    ])
}

fn reply() -> impl Strategy<Value = Reply> {
    (1usize..60)
        .prop_flat_map(|count| {
            let sources: Vec<_> = (1..=count).map(source).collect();
            let block = prop_oneof![
                1 => text(4).prop_map(|t| Block::Heading { text: t }),
                1 => text(10).prop_map(|t| Block::Note { text: t }),
                6 => (prop::option::of(Just("2025-03".to_string())), prop::collection::vec((text(30), style()), 1..4), prop::collection::btree_set(1..=count, 1..6))
                    .prop_map(|(date, spans, cites)| Block::Fact {
                        date,
                        record: None,
                        spans: spans.into_iter().map(|(text, style)| Span { text, style }).collect(),
                        cites: cites.into_iter().collect(),
                    }),
            ];
            (sources, prop::collection::vec(block, 0..40), text(8), prop::option::of((1u32..50, 1u32..50, 0u64..5000)), any::<bool>())
        })
        .prop_map(|(sources, blocks, title, paging, spanish)| {
            let mut reply = Reply::new(ReplyKind::Answer, title);
            reply.sources = sources;
            // Number the facts so each one can be found in the output.
            let mut n = 0;
            reply.blocks = blocks
                .into_iter()
                .map(|block| match block {
                    Block::Fact { date, spans, cites, .. } => {
                        n += 1;
                        Block::Fact { date, record: Some(format!("E{n}")), spans, cites }
                    }
                    other => other,
                })
                .collect();
            reply.paging = paging.map(|(page, pages, total)| Paging { page: page.min(pages), pages, total });
            if spanish {
                reply.ephemeral = true;
            }
            reply
        })
}

/// The numbers of the marks `[n]` in a text.
fn marks(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('[') {
        rest = &rest[start + 1..];
        if let Some(end) = rest.find(']') {
            if let Ok(n) = rest[..end].parse() {
                // An escaped bracket (`\[`) is stored text, not a mark.
                out.push(n);
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_rendered_part_fits_discord_and_keeps_its_citations(reply in reply(), spanish in any::<bool>()) {
        prop_assume!(reply.check_citations().is_ok());
        let locale = if spanish { Locale::Es } else { Locale::En };
        let parts = render(&reply, locale);
        prop_assert!(!parts.is_empty());
        let mut found = vec![false; reply.facts().count()];
        for message in &parts {
            check_message(message);
            let embed = &message["embeds"][0];
            let description = embed["description"].as_str().unwrap_or("");
            let listed: String = embed["fields"].as_array().into_iter().flatten().map(|f| f["value"].as_str().unwrap().to_string()).collect::<Vec<_>>().join("\n");
            for line in description.lines() {
                // A fact line ends with its marks and its record id.
                let Some(at) = line.rfind(" `E") else { continue };
                let id: usize = line[at + 3..line.len() - 1].parse().unwrap();
                found[id - 1] = true;
                let cited = marks(&line[..at]);
                let Block::Fact { cites, .. } = reply.facts().nth(id - 1).unwrap() else { unreachable!() };
                for n in cites {
                    prop_assert!(cited.contains(n), "E{} lost mark [{}]: {}", id, n, line);
                    prop_assert!(listed.contains(&format!("**[{n}]**")), "[{}] is not listed beside E{}", n, id);
                }
            }
            let text = visible_text(message);
            prop_assert!(!text.contains("@everyone") && !text.contains("@here"), "a mass mention survived");
            let unescaped_angle = text.char_indices().any(|(i, c)| c == '<' && !text[..i].ends_with('\\') && !text[i..].starts_with("<https://") && !text[i..].starts_with("<http://"));
            prop_assert!(!unescaped_angle, "an unescaped < could form a mention");
        }
        prop_assert!(found.iter().all(|f| *f), "every fact is shown in some part");
    }
}
