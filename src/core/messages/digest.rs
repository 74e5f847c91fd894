//! The daily digest (core/digest): the /digest commands, the digest itself
//! and the schedule errors.

use super::catalogue;

catalogue! {
    /// Messages of this area.
    pub enum DigestMsg {
        /// A digest's title.
        Title { case: String, date: String } =>
            "Daily digest — {case} — {date}",
            "Resumen diario — {case} — {date}",
        /// Section heading: new events.
        NewEvents =>
            "New on the timeline",
            "Nuevo en la cronología",
        /// Section heading: new quotes.
        NewQuotes =>
            "New quotes",
            "Citas nuevas",
        /// Section heading: new actions.
        NewActions =>
            "New congressional actions",
            "Nuevas acciones del Congreso",
        /// Section heading: new figures.
        NewFigures =>
            "New figures",
            "Cifras nuevas",
        /// Section heading: new people.
        NewPeople =>
            "New people on record",
            "Personas nuevas en el registro",
        /// Section heading: new sources.
        NewSources =>
            "New sources",
            "Fuentes nuevas",
        /// Section heading: status changes, corrections, retractions.
        Changes =>
            "Status changes and corrections",
            "Cambios de estado y correcciones",
        /// An action's status change.
        StatusChange { title: String, from: String, to: String } =>
            "{title}: status {from} → {to}",
            "{title}: estado {from} → {to}",
        /// Before a corrected record's new text.
        CorrectedNowReads =>
            "corrected: now reads ",
            "corregido: ahora dice ",
        /// After a change: its reason.
        Why { reason: String } =>
            " — why: {reason}",
            " — motivo: {reason}",
        /// A retracted record.
        RetractedHidden =>
            "retracted and hidden from answers",
            "retirado y oculto en las respuestas",
        /// Section heading: anniversaries and round day counts.
        MilestonesToday =>
            "Milestones today",
            "Aniversarios de hoy",
        /// An anniversary.
        YearsSince { years: i64, day: String } =>
            "{years} year(s) since {day}: ",
            "{years} año(s) desde el {day}: ",
        /// A round day count.
        DaysSince { days: i64, day: String } =>
            "{days} days since {day}: ",
            "{days} días desde el {day}: ",
        /// Section heading: actions not yet closed.
        StillOpen =>
            "Congressional actions still open",
            "Acciones del Congreso aún abiertas",
        /// A digest with nothing in it.
        NothingNew =>
            "Nothing new since the last digest.",
            "Nada nuevo desde el último resumen.",
        /// /digest subscribe title.
        Subscribed =>
            "Digest subscribed",
            "Resumen activado",
        /// /digest subscribe; `quiet` is [`DigestMsg::EvenQuietDays`] or [`DigestMsg::QuietDaysSkipped`].
        SubscribedNote { time: String, zone: String, quiet: String, first: String } =>
            "Every day at {time} ({zone}) this channel gets a digest of what changed{quiet}. The first is due {first} UTC. /digest preview shows it now.",
            "Cada día a las {time} ({zone}) este canal recibirá un resumen de lo que cambió{quiet}. El primero llega el {first} UTC. /digest preview lo muestra ahora.",
        /// A digest that posts on quiet days too.
        EvenQuietDays =>
            ", even on quiet days",
            ", también los días sin novedades",
        /// A digest that skips quiet days.
        QuietDaysSkipped =>
            "; quiet days are skipped",
            "; los días sin novedades se omiten",
        /// /digest unsubscribe title.
        Stopped =>
            "Digest stopped",
            "Resumen desactivado",
        /// /digest unsubscribe.
        StoppedNote =>
            "This channel will get no more digests. /digest subscribe starts them again.",
            "Este canal no recibirá más resúmenes. /digest subscribe los reactiva.",
        /// /digest unsubscribe where there is none.
        NothingToStop =>
            "This channel has no digest to stop.",
            "Este canal no tiene resumen que desactivar.",
        /// /digest show title.
        DailyDigest =>
            "Daily digest",
            "Resumen diario",
        /// /digest show, active; `quiet` is [`DigestMsg::EvenQuietDays`] or empty.
        ShowActive { time: String, zone: String, language: String, quiet: String, last: String } =>
            "Every day at {time} ({zone}), in {language}{quiet}. Last digest: {last}.",
            "Cada día a las {time} ({zone}), en {language}{quiet}. Último resumen: {last}.",
        /// /digest show before the first digest went out.
        NoneYet =>
            "none yet",
            "ninguno aún",
        /// /digest show, disabled; `why` is the stored reason.
        ShowOff { why: String } =>
            "The digest here is off ({why}). /digest subscribe turns it on.",
            "El resumen está desactivado ({why}). /digest subscribe lo activa.",
        /// /digest show where there is none.
        ShowNone =>
            "This channel has no daily digest. A moderator can start one with /digest subscribe time:08:00 timezone:Europe/Madrid.",
            "Este canal no tiene resumen diario. Un moderador puede activarlo con /digest subscribe time:08:00 timezone:Europe/Madrid.",
        /// /digest preview of a subscribed channel.
        PreviewNext =>
            "Preview, not posted: the next digest for this channel if it went out now.",
            "Vista previa, sin publicar: el próximo resumen de este canal si saliera ahora.",
        /// /digest preview of a channel without a digest.
        PreviewLastDay =>
            "Preview, not posted: the last 24 hours (this channel has no digest subscription).",
            "Vista previa, sin publicar: las últimas 24 horas (este canal no tiene resumen).",
        /// A time of day that is not HH:MM.
        BadTime { text: String } =>
            "“{text}” is not a time of day; write it as HH:MM on a 24-hour clock, such as 08:00 or 18:30",
            "«{text}» no es una hora del día; escríbela como HH:MM en formato de 24 horas, como 08:00 o 18:30",
        /// A time zone that is not an IANA name.
        BadZone { text: String } =>
            "“{text}” is not a time zone name; use an IANA name such as America/Los_Angeles, Europe/Madrid or America/Caracas",
            "«{text}» no es el nombre de una zona horaria; usa un nombre IANA como America/Los_Angeles, Europe/Madrid o America/Caracas",
        /// After a refused /digest subscribe; `why` is [`DigestMsg::BadTime`] or [`DigestMsg::BadZone`].
        NothingChanged { why: String } =>
            "{why}. Nothing was changed.",
            "{why}. No se cambió nada.",
    }
}
