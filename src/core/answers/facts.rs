//! How each kind of record becomes cited statements in a reply. Shared by
//! every command and by the digest, so a record reads the same everywhere.

use crate::core::i18n::Locale;
use crate::core::messages::answers::AnswersMsg;
use crate::core::model::{
    CongressionalAction, Figure, Person, Quote, RecordId, RecordKind, Relay, Source, TimelineEntry,
};
use crate::core::reply::{Reply, Span};

/// `E12`, `Q3`…
pub(crate) fn rid(kind: RecordKind, id: i64) -> Option<String> {
    Some(RecordId { kind, id }.to_string())
}

/// Adds one timeline entry as a cited fact.
pub fn push_event(reply: &mut Reply, e: &TimelineEntry) {
    reply.fact(
        Some(e.date.to_string()),
        rid(RecordKind::Event, e.id),
        vec![Span::plain(&e.text)],
        &e.sources,
    );
}

/// Adds one quote as a cited fact: the words, who, role, where, and
/// whether the source heard them itself.
pub fn push_quote(reply: &mut Reply, q: &Quote, people: &[Person], loc: Locale) {
    let mut spans = vec![
        Span::quoted(&q.text),
        Span::plain(" — "),
        Span::strong(&q.speaker.name),
        Span::plain(format!(", {}", q.role)),
    ];
    if let Some(place) = &q.place {
        spans.push(Span::plain(format!(" ({place})")));
    }
    if q.relay == Relay::SecondHand {
        let by = q
            .relayed_by
            .as_ref()
            .and_then(|k| people.iter().find(|p| &p.key == k))
            .map(|p| p.name.as_str());
        spans.push(Span::emphasis(match by {
            Some(by) => AnswersMsg::SecondHandBy { by: by.to_string() }.say(loc),
            None => AnswersMsg::SecondHand.say(loc),
        }));
    }
    if q.relay == Relay::SecondHand {
        if let Some(context) = &q.context {
            spans.push(Span::emphasis(format!(" ({context})")));
        }
    }
    if let Some(from) = &q.translated_from {
        let said_in = match from.as_str() {
            "es" => AnswersMsg::SpokenInSpanish,
            other => AnswersMsg::TranslatedFrom {
                language: other.to_string(),
            },
        };
        spans.push(Span::emphasis(format!(" [{}]", said_in.say(loc))));
    }
    if q.language != loc.code() {
        spans.push(Span::emphasis(format!(" [{}]", q.language)));
    }
    reply.fact(
        q.said.map(|d| d.to_string()),
        rid(RecordKind::Quote, q.id),
        spans,
        &q.sources,
    );
}

fn names(keys: &[String], people: &[Person]) -> String {
    Person::names(keys, people, ", ")
}

/// Adds an action and its current status, each cited.
pub fn push_action(reply: &mut Reply, a: &CongressionalAction, people: &[Person], loc: Locale) {
    let mut spans = vec![
        Span::strong(&a.title),
        Span::plain(format!(" ({}). ", a.kind)),
    ];
    if !a.led_by.is_empty() {
        spans.push(Span::plain(
            AnswersMsg::LedBy {
                names: names(&a.led_by, people),
            }
            .say(loc),
        ));
    }
    if !a.co_led_by.is_empty() {
        spans.push(Span::plain(
            AnswersMsg::CoLedBy {
                names: names(&a.co_led_by, people),
            }
            .say(loc),
        ));
    }
    if let Some(reference) = &a.reference {
        spans.push(Span::plain(format!("{reference}. ")));
    }
    spans.push(Span::plain(&a.summary));
    reply.fact(
        a.date.map(|d| d.to_string()),
        rid(RecordKind::Action, a.id),
        spans,
        &a.sources,
    );
    if let Some(bill) = &a.bill {
        crate::core::bills::push_bill(reply, bill, loc);
    }
    if let Some(status) = a.current_status() {
        let mut spans = vec![
            Span::plain(AnswersMsg::Status.say(loc)),
            Span::strong(&status.status),
        ];
        if let Some(note) = &status.note {
            spans.push(Span::plain(format!(" — {note}")));
        }
        spans.extend(crate::core::bills::vanished_mark(
            status.vanished.as_deref(),
            loc,
        ));
        reply.fact(
            status.date.map(|d| d.to_string()),
            None,
            spans,
            &status.sources,
        );
    }
}

/// Adds a person's role, cited.
pub fn push_person(reply: &mut Reply, p: &Person) {
    reply.fact(
        None,
        rid(RecordKind::Person, p.id),
        vec![Span::strong(&p.name), Span::plain(format!(" — {}", p.role))],
        &p.sources,
    );
}

/// Adds figures, grouping those that measure the same thing so that
/// disagreeing sources stand side by side.
pub fn push_figures(reply: &mut Reply, figures: &[Figure], loc: Locale) {
    let mut measures: Vec<&str> = Vec::new();
    for f in figures {
        if !measures.contains(&f.measure.as_str()) {
            measures.push(&f.measure);
        }
    }
    // Figures that stand alone first, then each group under its heading, so
    // a lone figure never sits under another group's heading.
    let size = |m: &str| figures.iter().filter(|f| f.measure == m).count();
    measures.sort_by_key(|m| size(m) > 1);
    for measure in measures {
        let group: Vec<&Figure> = figures.iter().filter(|f| f.measure == measure).collect();
        if group.len() > 1 {
            let distinct = group
                .iter()
                .map(|f| &f.value)
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            reply.heading(if distinct > 1 {
                AnswersMsg::SourcesDiffer {
                    measure: measure.replace('-', " "),
                }
                .say(loc)
            } else {
                measure.replace('-', " ")
            });
        }
        for f in group {
            reply.fact(
                None,
                rid(RecordKind::Figure, f.id),
                vec![
                    Span::strong(&f.value),
                    Span::plain(format!(" — {} ", f.label)),
                    Span::plain("("),
                    Span::quoted(&f.stated_as),
                    Span::plain(")"),
                ],
                &f.sources,
            );
        }
    }
}

/// Adds a source as a fact that cites itself.
pub fn push_source(reply: &mut Reply, s: &Source, cited_by: Option<usize>, loc: Locale) {
    let mut spans = vec![
        Span::strong(&s.publication),
        Span::plain(": "),
        Span::quoted(&s.title),
        Span::plain(format!(", {}", s.published)),
    ];
    if let Some(author) = &s.author {
        spans.push(Span::plain(format!(", {author}")));
    }
    if let Some(n) = cited_by {
        spans.push(Span::plain(AnswersMsg::CitedByCount { count: n }.say(loc)));
    }
    if let Some(r) = &s.retracted {
        spans.push(Span::emphasis(
            AnswersMsg::RetractedSource {
                at: r.at.to_string(),
                reason: r.reason.clone(),
            }
            .say(loc),
        ));
    }
    reply.fact(
        Some(s.published.to_string()),
        Some(s.record_id()),
        spans,
        std::slice::from_ref(s),
    );
}
