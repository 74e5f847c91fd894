//! Exports: the few words the exported files add to the record (labels,
//! change notes) and the refusals of `casewatch export`.

use super::catalogue;

catalogue! {
    /// Messages of this area.
    pub enum ExportMsg {
        /// The case named is not in the store; `cases` lists those that are.
        NoSuchCase { case: String, cases: String } =>
            "There is no case “{case}” in the database. Cases on record: {cases}.",
            "No hay ningún caso “{case}” en la base de datos. Casos registrados: {cases}.",
        /// The name of a format that does not exist.
        UnknownFormat { format: String, formats: String } =>
            "“{format}” is not an export format. Choose one of: {formats}.",
            "“{format}” no es un formato de exportación. Elige uno de: {formats}.",
        /// `--format csv` without `--out`.
        CsvNeedsFolder =>
            "The csv export writes one file per kind of record (events.csv, quotes.csv…): give a folder with --out, such as --out export/.",
            "La exportación csv escribe un archivo por tipo de registro (events.csv, quotes.csv…): indica una carpeta con --out, por ejemplo --out export/.",
        /// `--format csv --out FILE` where FILE exists and is not a folder.
        OutNotFolder { path: String } =>
            "{path} is a file, but the csv export needs a folder: give a folder with --out (it is created if missing).",
            "{path} es un archivo, pero la exportación csv necesita una carpeta: indica una carpeta con --out (se crea si falta).",
        /// A one-file format with `--out` naming a folder.
        OutIsFolder { path: String, name: String } =>
            "{path} is a folder; give a file with --out, such as --out {path}/{name}.",
            "{path} es una carpeta; indica un archivo con --out, por ejemplo --out {path}/{name}.",
        /// A one-file format with `--out` in a folder that does not exist.
        OutFolderMissing { folder: String } =>
            "The folder {folder} does not exist; create it first, or give another --out.",
            "La carpeta {folder} no existe; créala primero o indica otro --out.",
        /// Heading of the list of sources under an exported statement.
        Sources =>
            "Sources",
            "Fuentes",
        /// Link text of a source's archived copy.
        ArchivedCopy =>
            "archived copy",
            "copia archivada",
        /// A source whose address the link check found gone.
        AddressGone =>
            "address gone",
            "dirección desaparecida",
        /// Link text of a record's permalink.
        Permalink =>
            "Permalink",
            "Enlace permanente",
        /// A correction, in the feed.
        Corrected { at: String, reason: String } =>
            "Corrected on {at}: {reason}",
            "Corregido el {at}: {reason}",
        /// A status change of an action, in the feed.
        StatusChanged { at: String, reason: String } =>
            "Status changed on {at}: {reason}",
            "Estado cambiado el {at}: {reason}",
        /// A retraction, in the feed.
        Retracted { at: String, reason: String } =>
            "Retracted on {at}: {reason}. It is no longer part of the record.",
            "Retirado el {at}: {reason}. Ya no forma parte del registro.",
        /// A retracted record's entry title, in the feed.
        RetractedTitle { title: String } =>
            "Retracted: {title}",
            "Retirado: {title}",
        /// The feed's title.
        FeedTitle { case: String } =>
            "{case}: changes to the cited record",
            "{case}: cambios en el registro citado",
        /// A yearly calendar event on a key date of the case.
        Anniversary { text: String } =>
            "Anniversary: {text}",
            "Aniversario: {text}",
        /// A date the source gives only as a span it falls within.
        Between { from: String, to: String } =>
            "Between {from} and {to}",
            "Entre {from} y {to}",
        /// An action's current status, in exports.
        Status { status: String } =>
            "Status: {status}",
            "Estado: {status}",
        /// Who said a quote, in the feed's entry title.
        QuoteBy { speaker: String } =>
            "Quote by {speaker}",
            "Cita de {speaker}",
    }
}
