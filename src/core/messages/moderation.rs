//! Moderator writes (`core/moderation`): the confirmations of `/update add`,
//! `/quote add`, `/action add`, `/action status` and `/source add`, and why
//! a write is refused.

use super::catalogue;

catalogue! {
    /// Messages of the moderator writes.
    pub enum ModerationMsg {
        /// A write command the moderation module does not answer.
        NotAnswered { command: String } =>
            "/{command} is not a command this version answers.",
            "/{command} no es una orden que responda esta versión.",
        /// Both `source:` and inline source options; `given` lists the
        /// inline ones, comma-separated.
        SourceAndInline { given: String } =>
            "Give either source: (an existing source) or a new one with url: title: publication: published:, not both (you gave source: and {given}).",
            "Da source: (una fuente existente) o una nueva con url: title: publication: published:, no ambas (diste source: y {given}).",
        /// A write without any source.
        NeedsSource =>
            "Every record needs a source: give source:ID (see /sources) or a new one with url: title: publication: published:. Nothing was saved.",
            "Todo registro necesita una fuente: da source:ID (mira /sources) o una nueva con url: title: publication: published:. No se guardó nada.",
        /// `source:` that is not a source id.
        NotSourceId { id: String } =>
            "source:{id} is not a source id; source ids look like S3 or 3.",
            "source:{id} no es un id de fuente; son como S3 o 3.",
        /// `source:` names a retracted source.
        SourceRetracted { id: i64 } =>
            "Source S{id} was retracted and cannot be cited. Nothing was saved.",
            "La fuente S{id} fue retirada y no se puede citar. No se guardó nada.",
        /// `source:` names no source of this case.
        NoSuchSource { id: i64 } =>
            "There is no source S{id} in this case; /sources lists them. Nothing was saved.",
            "No existe la fuente S{id} en este caso; /sources las muestra. No se guardó nada.",
        /// An inline source with options missing; `list` is joined with
        /// [`UsageMsg::And`](super::usage::UsageMsg::And).
        NewSourceNeeds { list: String } =>
            "A new source also needs {list}. Nothing was saved.",
            "Una fuente nueva también necesita {list}. No se guardó nada.",
        /// An inline source whose address is a retracted source.
        AddressRetracted { record: String } =>
            "That address is source {record}, which was retracted. Nothing was saved.",
            "Esa dirección es la fuente {record}, que fue retirada. No se guardó nada.",
        /// A tag that is not a key.
        BadTag { tag: String } =>
            "The tag “{tag}” may only hold lowercase letters, digits and “-”; separate tags with commas.",
            "La etiqueta «{tag}» solo admite minúsculas, dígitos y «-»; separa las etiquetas con comas.",
        /// Heading of the confirmation of `/update add`.
        UpdateAdded => "Update added", "Novedad añadida",
        /// The confirmation of `/update add`.
        UpdateSaved { id: i64 } =>
            "Saved as E{id} and logged. /cite E{id} shows it.",
            "Guardada como E{id} y registrada. /cite E{id} la muestra.",
        /// A name that fits several people; `names` is
        /// [`people::name_list`](crate::core::people::name_list).
        Ambiguous { query: String, names: String } =>
            "“{query}” matches {names}; use the full name. Nothing was saved.",
            "«{query}» coincide con {names}; usa el nombre completo. No se guardó nada.",
        /// An unknown speaker without `role:`; `hint` is a
        /// [`UsageMsg::DidYouMean`](super::usage::UsageMsg::DidYouMean) or empty.
        UnknownSpeaker { query: String, hint: String } =>
            "Nobody on record is called “{query}”.{hint} To add a new speaker, also give role: (who they are). Nothing was saved.",
            "No hay nadie registrado con el nombre «{query}».{hint} Para añadir a alguien nuevo, da también role: (quién es). No se guardó nada.",
        /// `relayed_by:` names nobody on record.
        UnknownRelay { query: String } =>
            "relayed_by: “{query}” is nobody on record; /person lists people. Nothing was saved.",
            "relayed_by: «{query}» no es nadie registrado. No se guardó nada.",
        /// Heading of the confirmation of `/quote add`.
        QuoteAdded => "Quote added", "Cita añadida",
        /// The confirmation of `/quote add`.
        QuoteSaved { id: i64 } =>
            "Saved as Q{id} and logged.",
            "Guardada como Q{id} y registrada.",
        /// `led_by:` or `co_led_by:` names nobody on record.
        UnknownLeader { name: String } =>
            "“{name}” is nobody on record. Add them first with a sourced quote (/quote add … role:) or check /person. Nothing was saved.",
            "«{name}» no es nadie registrado. Añádelo antes con una cita con fuente (/quote add … role:) o revisa /person. No se guardó nada.",
        /// Heading of the confirmation of `/action add`.
        ActionAdded => "Action added", "Acción añadida",
        /// The confirmation of `/action add`.
        ActionSaved { id: i64 } =>
            "Saved as A{id} and logged.",
            "Guardada como A{id} y registrada.",
        /// An id without its kind letter, where a write needs one.
        NotFullId { text: String } =>
            "“{text}” is not a full record id; give it with its letter, such as E12, Q3, A2, F1, P4 or S5.",
            "«{text}» no es un id completo; dalo con su letra, como E12, Q3, A2, F1, P4 o S5.",
        /// `/action status` on a record that is not an action.
        NotAnAction { record: String } =>
            "{record} is not an action; action ids start with A (see /actions).",
            "{record} no es una acción; sus ids empiezan por A (mira /actions).",
        /// `/action status` on a retracted action.
        ActionRetracted { record: String } =>
            "{record} was retracted; its status cannot change.",
            "{record} fue retirada; su estado no puede cambiar.",
        /// Heading of the confirmation of `/action status`.
        StatusRecorded => "Status recorded", "Estado registrado",
        /// `/source add` with an address already on record.
        AlreadySource { record: String } =>
            "That address is already source {record}; cite it with source:{record}. Nothing was saved.",
            "Esa dirección ya es la fuente {record}; cítala con source:{record}. No se guardó nada.",
        /// Heading of the confirmation of `/source add`.
        SourceAdded => "Source added", "Fuente añadida",
        /// The confirmation of `/source add`.
        CiteWith { id: i64 } =>
            "Cite it with source:S{id}.",
            "Cítala con source:S{id}.",
        /// A correction over the length limit; `noun` is the English kind
        /// (“event”).
        CorrectionTooLong { len: usize, noun: String, max: usize } =>
            "The corrected text is {len} characters; a {noun} takes at most {max}. Nothing was saved.",
            "El texto corregido tiene {len} caracteres; el máximo es {max}. No se guardó nada.",
    }
}
