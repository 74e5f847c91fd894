//! Source addresses that stay reachable (`core/moderation/archive.rs`):
//! the confirmation of `/source archive` and why it is refused.

use super::catalogue;

catalogue! {
    /// Messages of `/source archive`.
    pub enum LinksMsg {
        /// `id:` that is not a source id.
        NotSourceId { id: String } =>
            "id:{id} is not a source id; source ids look like S3 or 3. Nothing was saved.",
            "id:{id} no es un id de fuente; son como S3 o 3. No se guardó nada.",
        /// The address given is already the source's archived copy.
        ArchiveUnchanged { record: String } =>
            "That address is already the archived copy of {record}; nothing was changed.",
            "Esa dirección ya es la copia archivada de {record}; no se cambió nada.",
        /// The archived copy given is the source's own address.
        ArchiveIsSource { record: String } =>
            "That is the address of {record} itself; give the address of an archived copy (web.archive.org, archive.today…). Nothing was saved.",
            "Esa es la dirección de {record}; da la de una copia archivada (web.archive.org, archive.today…). No se guardó nada.",
        /// Heading of the confirmation of `/source archive`.
        ArchiveSet => "Archived copy set", "Copia archivada registrada",
        /// The note when it replaced another copy.
        ArchiveReplaced { before: String } =>
            "It replaces {before}; the audit log keeps both.",
            "Sustituye a {before}; el registro de auditoría guarda las dos.",
        /// Heading of `/sources status:`; `status` is its ChoiceMsg label.
        LinkProblems { status: String, case: String } =>
            "Sources whose address is {status}: {case}",
            "Fuentes cuya dirección está {status}: {case}",
        /// `/sources id: status:` together: one source, or a status list.
        StatusWithId { id: String, status: String } =>
            "Give either id:{id} (one source) or status:{status} (the sources whose address is {status}), not both; for example /sources status:{status}.",
            "Indica id:{id} (una fuente) o status:{status} (las fuentes cuya dirección está en ese estado), no ambos; por ejemplo /sources status:{status}.",
        /// `/sources status:` with none.
        NoLinkProblems { status: String } =>
            "No source's address is {status} as of the last check (casewatch sources check).",
            "Ninguna dirección de fuente está {status} según la última comprobación (casewatch sources check).",
        /// Status line of a gone source.
        LinkGone { since: String, checked: String } =>
            "Gone since {since} (last checked {checked}).",
            "Desaparecida desde {since} (última comprobación: {checked}).",
        /// Status line of a moved source.
        LinkMoved { url: String, since: String } =>
            "Moved to {url} (since {since}).",
            "Trasladada a {url} (desde {since}).",
        /// Status line of a flaky source.
        LinkFlaky { since: String, checked: String } =>
            "Not answering reliably since {since} (last checked {checked}).",
            "No responde de forma fiable desde {since} (última comprobación: {checked}).",
        /// Digest section heading: sources whose address went gone.
        DigestGone =>
            "Sources no longer reachable",
            "Fuentes que ya no responden",
        /// Digest line of a gone source with an archived copy.
        DigestGoneArchived { day: String, archive: String } =>
            "Its address stopped answering on {day}; archived copy: {archive}",
            "Su dirección dejó de responder el {day}; copia archivada: {archive}",
        /// Digest line of a gone source without one.
        DigestGoneNoCopy { day: String } =>
            "Its address stopped answering on {day}; no archived copy is known yet (editors: /source archive).",
            "Su dirección dejó de responder el {day}; aún no se conoce copia archivada (editores: /source archive).",
    }
}
