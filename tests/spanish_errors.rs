//! A Spanish-speaking user who makes a mistake reads the refusal in
//! Spanish, with no English word glued in, and nothing changes. Each case
//! runs against a real seeded SQLite file and compares every table before
//! and after.

mod common;

use casewatch::core::i18n::Locale;
use casewatch::core::messages::not_spanish;
use casewatch::core::reply::{Reply, ReplyKind};
use casewatch::core::Role;
use common::Seeded;
use rstest::rstest;

fn text_in(reply: &Reply, loc: Locale) -> String {
    casewatch::render::text::render(reply, loc)
}

#[rstest]
#[case::unknown_command(
    "/timelnie",
    "No existe la orden «/timelnie». ¿Quisiste decir /timeline?"
)]
#[case::unknown_subcommand("/action frobnicate", "/action admite «add» o «status» o «bill».")]
#[case::two_missing_options("/update add source:1", "/update add necesita date: y text:.")]
#[case::impossible_day(
    "/timeline from:2025-02-30",
    "«from:2025-02-30» no es válido: ese día no existe en ese mes; escribe AAAA, AAAA-MM, AAAA-MM-DD o DESDE/HASTA"
)]
#[case::backwards_range(
    "/timeline from:2025-07/2025-03",
    "el intervalo termina antes de empezar"
)]
#[case::javascript_url(
    "/source add url:javascript:alert(1) title:t publication:p published:2025",
    "solo se aceptan direcciones http:// y https://"
)]
#[case::address_with_space(
    "/source add url:\"https://a.org/x y\" title:t publication:p published:2025",
    "las direcciones no pueden contener espacios, comillas, < ni >"
)]
#[case::bad_choice("/actions status:won", "elige una de estas:")]
#[case::page_past_the_end("/timeline page:99", "Solo hay")]
#[case::unknown_person("/person zzzzzz", "No hay nadie registrado con el nombre «zzzzzz»")]
#[case::unknown_help(
    "/help timelnie",
    "No existe la orden «/timelnie». ¿Quisiste decir /timeline?"
)]
#[case::bad_time(
    "/digest subscribe time:8am timezone:Europe/Madrid",
    "«8am» no es una hora del día; escríbela como HH:MM en formato de 24 horas, como 08:00 o 18:30. No se cambió nada."
)]
#[case::bad_zone(
    "/digest subscribe time:08:00 timezone:Mars/Olympus",
    "«Mars/Olympus» no es el nombre de una zona horaria"
)]
fn spanish_refusals_are_spanish_and_change_nothing(#[case] line: &str, #[case] expected: &str) {
    let mut bot = Seeded::new();
    let before = bot.fingerprint();
    let es = bot.ask_as(Role::Moderator, Locale::Es, line);
    let en = bot.ask_as(Role::Moderator, Locale::En, line);
    let (es_text, en_text) = (text_in(&es, Locale::Es), text_in(&en, Locale::En));
    assert_eq!(
        es.kind,
        ReplyKind::Error,
        "{line} was not refused:\n{es_text}"
    );
    assert!(
        es_text.contains(expected),
        "{line}: expected {expected:?} in:\n{es_text}"
    );
    assert_eq!(
        not_spanish(&en_text, &es_text),
        None,
        "{line}: {es_text:?} (English: {en_text:?})"
    );
    assert_eq!(bot.fingerprint(), before, "{line} changed the store");
}

#[test]
fn a_write_to_a_retracted_record_is_refused_in_spanish() {
    let mut bot = Seeded::new();
    assert_eq!(
        bot.ask("/retract id:E2 reason:\"duplicate entry\"").kind,
        ReplyKind::Confirmation
    );
    let before = bot.fingerprint();
    let es = bot.ask_as(
        Role::Moderator,
        Locale::Es,
        "/retract id:E2 reason:\"otra vez\"",
    );
    let text = text_in(&es, Locale::Es);
    assert_eq!(es.kind, ReplyKind::Error, "{text}");
    assert!(text.contains("El registro E2 se retiró el "), "{text}");
    assert!(text.contains("ya no se puede cambiar."), "{text}");
    let en = bot.ask("/retract id:E2 reason:\"again\"");
    assert!(
        text_in(&en, Locale::En).contains("The event E2 was retracted on "),
        "{}",
        text_in(&en, Locale::En)
    );
    assert_eq!(bot.fingerprint(), before);
}

#[test]
fn help_describes_option_shapes_in_spanish() {
    let mut bot = Seeded::new();
    let es = bot.ask_as(Role::Member, Locale::Es, "/help timeline");
    let text = text_in(&es, Locale::Es);
    assert!(
        text.contains("— AAAA, AAAA-MM, AAAA-MM-DD, DESDE/HASTA"),
        "{text}"
    );
    assert!(!text.contains("YYYY"), "{text}");
}
