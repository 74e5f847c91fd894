//! The words renderers add around a reply (render/: text, Discord, Matrix).

use super::catalogue;

catalogue! {
    /// Messages of this area.
    pub enum RenderMsg {
        /// Heading over the numbered sources.
        Sources =>
            "Sources",
            "Fuentes",
        /// Text: a source known only by its site.
        SiteOnlyNote =>
            " (site only; exact address not captured)",
            " (solo el sitio; dirección exacta no registrada)",
        /// Text: before an archived copy's address.
        Archived =>
            "archived:",
            "archivo:",
        /// Text: a retracted source.
        RetractedSourceNote =>
            " [retracted source]",
            " [fuente retirada]",
        /// Text and Matrix: where a paged answer stands.
        Paging { page: u32, pages: u32, total: u64, next: u32 } =>
            "Page {page} of {pages} ({total} in all). Add page:{next} for more.",
            "Página {page} de {pages} ({total} en total). Añade page:{next} para ver más.",
        /// Matrix and Discord: a source known only by its site.
        SiteOnly =>
            "site only",
            "solo el sitio",
        /// Matrix and Discord: the link to an archived copy.
        Archive =>
            "archive",
            "archivo",
        /// Every renderer: a source whose address the link check found gone.
        AddressGone =>
            "address gone",
            "dirección desaparecida",
        /// Every renderer: the archived copy of a source whose address is gone.
        ArchivedCopy =>
            "archived copy",
            "copia archivada",
        /// Matrix: a retracted source.
        RetractedSource =>
            "retracted source",
            "fuente retirada",
        /// Discord: a retracted source.
        Retracted =>
            "retracted",
            "retirada",
        /// Discord footer: where a paged answer stands.
        PageOf { page: u32, pages: u32, total: u64 } =>
            "Page {page} of {pages} · {total} results",
            "Página {page} de {pages} · {total} resultados",
        /// Discord footer: one message of several.
        Part { index: usize, parts: usize } =>
            "part {index}/{parts}",
            "parte {index}/{parts}",
        /// Discord: the button to the previous page.
        Previous =>
            "Previous",
            "Anterior",
        /// Discord: the button to the next page.
        Next =>
            "Next",
            "Siguiente",
        /// Discord: a statement split over several fields.
        Continued =>
            "continued",
            "continúa",
    }
}
