//! Corrections, retractions and record histories (/correct, /retract, /history).

use super::catalogue;

catalogue! {
    /// Messages of this area.
    pub enum RecordsMsg {
        /// Title of a saved correction.
        CorrectionSaved =>
            "Correction saved",
            "Corrección guardada",
        /// Under a saved correction, above the record as it now reads.
        CorrectionNote { record: String, source: String } =>
            "{record} now reads as below, cited to {source}. The previous text, your reason and the source are in /history {record}.",
            "{record} queda así, citado a {source}. El texto anterior, el motivo y la fuente están en /history {record}.",
        /// A correction of a source's title named another source.
        SourceCorrectsItself { record: String, given: String } =>
            "A source's title is checked against the source itself: give source:{record}, not {given}. Nothing was saved.",
            "El título de una fuente se comprueba con la propia fuente: da source:{record}, no {given}. No se guardó nada.",
        /// Title of a retraction.
        Retracted =>
            "Retracted",
            "Retirado",
        /// Under a retraction.
        RetractedNote { record: String } =>
            "{record} is hidden from answers and kept on file; /cite {record} and /history {record} still show it, marked retracted.",
            "{record} queda oculto en las respuestas y se conserva; /cite {record} y /history {record} lo siguen mostrando como retirado.",
        /// Under the retraction of a source that records cite.
        RetractedSourceCiters { record: String, hidden: usize, kept: usize } =>
            "Of the records citing {record}, {hidden} had no other source and are now hidden from every answer; {kept} still have another source and now show only that. /sources {record} lists them.",
            "De los registros que citan {record}, {hidden} no tenían otra fuente y quedan ocultos en todas las respuestas; {kept} conservan otra fuente y ahora solo muestran esa. /sources {record} los muestra.",
        /// A write to a record no live source supports.
        Unsupported { record: String } =>
            "{record} is hidden because its only source was retracted; correct it with a new source (/correct id:{record} … source:) first. Nothing was saved.",
            "{record} está oculto porque su única fuente fue retirada; corrígelo antes con una fuente nueva (/correct id:{record} … source:). No se guardó nada.",
        /// Added to a record shown although hidden (`/cite`, `/sources S…`, `/history`).
        HiddenMark =>
            " [hidden from answers: its only source was retracted]",
            " [oculto en las respuestas: su única fuente fue retirada]",
        /// `/history` and `/cite` of a record hidden by its sources' retraction.
        HiddenExplained { record: String } =>
            "{record} is hidden from every answer because its only source was retracted; it stays on file, as do the sources.",
            "{record} está oculto en todas las respuestas porque su única fuente fue retirada; se conserva, igual que sus fuentes.",
        /// `/cite` of a hidden record: nothing it could be cited to.
        NothingToPaste { record: String } =>
            "Nothing to paste: {record}'s only source was retracted.",
            "Nada que pegar: la única fuente de {record} fue retirada.",
        /// A case statement whose every source was retracted.
        CaseStatementHidden =>
            "A statement of the case is hidden here because its only source was retracted.",
            "Una afirmación del caso queda oculta aquí porque su única fuente fue retirada.",
        /// Title of `/history`.
        HistoryTitle { record: String } =>
            "History of {record}",
            "Historial de {record}",
        /// Heading above the record as it stands, in `/history`.
        HistoryNow =>
            "As it stands",
            "Tal como está",
        /// Heading above the changes, in `/history`.
        HistoryChanges =>
            "What changed, on what evidence",
            "Qué cambió y con qué pruebas",
        /// Where a change was made, after who made it.
        Where { place: String } =>
            " in {place}",
            " en {place}",
        /// A record's creation.
        Created { at: String, by: String, place: String } =>
            "Created {at} by {by}{place}.",
            "Creado el {at} por {by}{place}.",
        /// A correction, before the old and new text.
        Corrected { at: String, by: String, place: String } =>
            "Corrected {at} by {by}{place}: ",
            "Corregido el {at} por {by}{place}: ",
        /// Between a correction's old and new text.
        Became =>
            " became ",
            " pasó a ",
        /// After a change, its reason.
        Why { reason: String } =>
            ". Why: {reason}",
            ". Motivo: {reason}",
        /// A status change of an action.
        StatusChanged { at: String, by: String, place: String, from: String, to: String } =>
            "Status {from} → {to}, recorded {at} by {by}{place}",
            "Estado {from} → {to}, registrado el {at} por {by}{place}",
        /// The record's retraction.
        RecordRetracted { at: String, by: String, place: String } =>
            "Retracted {at} by {by}{place}",
            "Retirado el {at} por {by}{place}",
        /// One of the record's sources was retracted.
        SourceRetracted { source: String, at: String, by: String, reason: String } =>
            "Its source {source} was retracted {at} by {by}. Why: {reason}",
            "Su fuente {source} fue retirada el {at} por {by}. Motivo: {reason}",
        /// A history with no entries (a record older than the audit log).
        NoHistory { record: String } =>
            "No change to {record} is on file.",
            "No consta ningún cambio de {record}.",
        /// `/history` of a bare number: which kind is meant.
        HistoryNeedsKind { given: String } =>
            "“{given}” is not a full record id; give it with its letter, such as E12, Q3, A2, F1, P4 or S5.",
            "«{given}» no es un id completo; dalo con su letra, como E12, Q3, A2, F1, P4 o S5.",
    }
}
