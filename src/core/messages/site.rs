//! The public site's own words (adapters/web, render/html): page chrome,
//! navigation, forms, and the sentences of its error pages.

use super::catalogue;

catalogue! {
    /// Messages of this area.
    pub enum SiteMsg {
        /// The link that jumps over the navigation to the page's content.
        SkipToContent =>
            "Skip to content",
            "Saltar al contenido",
        /// The home page's title.
        Cases =>
            "Cases on record",
            "Casos registrados",
        /// The home page's description, for search engines and link previews.
        SiteDescription =>
            "A cited public record of human-rights cases: every statement links to its published source.",
            "Un registro público y citado de casos de derechos humanos: cada afirmación enlaza con su fuente publicada.",
        /// The footer of every page.
        Footer =>
            "Every statement on this site cites a stored source; a statement that cannot be cited is not printed.",
            "Cada afirmación de este sitio cita una fuente guardada; lo que no se puede citar no se publica.",
        /// The navigation's accessible name.
        Navigation =>
            "Sections of the case",
            "Secciones del caso",
        /// Navigation: the case card.
        NavCase =>
            "Case",
            "Caso",
        /// Navigation: the timeline.
        NavTimeline =>
            "Timeline",
            "Cronología",
        /// Navigation: the quotes.
        NavQuotes =>
            "Quotes",
            "Citas",
        /// Navigation: the congressional actions.
        NavActions =>
            "Actions",
            "Acciones",
        /// Navigation: the sources.
        NavSources =>
            "Sources",
            "Fuentes",
        /// Navigation: the list of cases.
        NavHome =>
            "All cases",
            "Todos los casos",
        /// The link to the page in the other language (its text is in that language).
        OtherLanguage =>
            "En español",
            "In English",
        /// Filter form: the first date.
        FilterFrom =>
            "From (YYYY, YYYY-MM or YYYY-MM-DD)",
            "Desde (AAAA, AAAA-MM o AAAA-MM-DD)",
        /// Filter form: the last date.
        FilterTo =>
            "To (YYYY, YYYY-MM or YYYY-MM-DD)",
            "Hasta (AAAA, AAAA-MM o AAAA-MM-DD)",
        /// Filter form: the tag.
        FilterTag =>
            "Tag",
            "Etiqueta",
        /// Filter form: a speaker's name.
        FilterSpeaker =>
            "Speaker",
            "Quién habla",
        /// Filter form: words of a quote.
        FilterWords =>
            "Words",
            "Palabras",
        /// Filter form: the button.
        FilterApply =>
            "Show",
            "Mostrar",
        /// The filter form's accessible name.
        FilterLegend =>
            "Filter",
            "Filtrar",
        /// Where a paged page stands.
        PageOf { page: u32, pages: u32, total: u64 } =>
            "Page {page} of {pages} ({total} in all)",
            "Página {page} de {pages} ({total} en total)",
        /// The link to a record's own page.
        Permalink =>
            "Permalink",
            "Enlace permanente",
        /// The link from a source entry to the source's page on this site.
        SourcePage =>
            "what cites it",
            "qué la cita",
        /// The link to the case's feed of changes.
        Feed =>
            "Changes (Atom feed)",
            "Cambios (canal Atom)",
        /// The link to the case's calendar export.
        Calendar =>
            "Dates (iCalendar)",
            "Fechas (iCalendar)",
        /// Before the links to the case's CSV tables (named by file).
        Tables =>
            "Tables (CSV)",
            "Tablas (CSV)",
        /// The 404 page's title.
        NotFoundTitle =>
            "Page not found",
            "Página no encontrada",
        /// No page at this address.
        NoSuchPage { path: String } =>
            "There is no page at {path}. The cases on record are listed on the home page.",
            "No hay ninguna página en {path}. Los casos registrados están en la página de inicio.",
        /// No case with this slug.
        NoSuchCase { case: String } =>
            "There is no case called “{case}”. The cases on record are listed on the home page.",
            "No hay ningún caso llamado «{case}». Los casos registrados están en la página de inicio.",
        /// No person with this slug in the case.
        NoSuchPerson { person: String } =>
            "Nobody called “{person}” is on record in this case.",
            "Nadie llamado «{person}» consta en este caso.",
        /// A record of another case.
        RecordOfAnotherCase { record: String } =>
            "{record} is not a record of this case.",
            "{record} no es un registro de este caso.",
        /// The 400 page's title.
        BadRequestTitle =>
            "This address could not be read",
            "No se pudo leer esta dirección",
        /// An unknown language asked for with `?lang=`.
        BadLanguage { value: String } =>
            "lang={value} is not a language of this site; use lang=en or lang=es.",
            "lang={value} no es un idioma de este sitio; usa lang=en o lang=es.",
        /// A query parameter the page does not take.
        UnknownParameter { name: String, known: String } =>
            "This page does not take “{name}”; it takes {known}.",
            "Esta página no admite «{name}»; admite {known}.",
        /// A page that takes no query parameters.
        NoParameters { name: String } =>
            "This page does not take “{name}” nor any other parameter but lang.",
            "Esta página no admite «{name}» ni otro parámetro salvo lang.",
        /// The 410 page's title.
        GoneTitle { record: String } =>
            "{record} was retracted",
            "{record} fue retirado",
        /// The 410 page's explanation before the record's history.
        GoneNote =>
            "This record was retracted: it is no longer part of the case's record. Its retraction note and history follow.",
            "Este registro fue retirado: ya no forma parte del registro del caso. Siguen su nota de retirada y su historial.",
        /// The 500 page: the store failed.
        FailureTitle =>
            "Something went wrong",
            "Algo salió mal",
    }
}
