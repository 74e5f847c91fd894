//! Answers to the read commands (core/answers), people lookups and /help.

use super::catalogue;

catalogue! {
    /// Messages of this area.
    pub enum AnswersMsg {
        /// A page number past the last page.
        OnlyPages { pages: u32 } =>
            "There are only {pages} page(s); ask for page 1 to {pages}.",
            "Solo hay {pages} página(s); pide una de la 1 a la {pages}.",
        /// Case card heading.
        WhereThingsStand =>
            "Where things stand",
            "En qué punto está",
        /// Case card heading.
        KeyDates =>
            "Key dates",
            "Fechas clave",
        /// Case card heading.
        LatestUpdate =>
            "Latest update",
            "Última novedad",
        /// Case card heading.
        Figures =>
            "Figures",
            "Cifras",
        /// The case card's closing line.
        OnRecord { events: u64, quotes: u64, actions: u64, sources: u64 } =>
            "On record: {events} events, {quotes} quotes, {actions} congressional actions, {sources} sources. Try /timeline, /quote, /actions.",
            "Registrados: {events} hechos, {quotes} citas, {actions} acciones del Congreso, {sources} fuentes. Prueba /timeline, /quote, /actions.",
        /// A range whose ends are swapped.
        FromAfterTo { from: String, to: String } =>
            "from:{from} is after to:{to}; swap them.",
            "from:{from} es posterior a to:{to}; inviértelas.",
        /// Timeline title when nothing matches.
        Timeline =>
            "Timeline",
            "Cronología",
        /// Timeline title.
        TimelineOf { case: String } =>
            "Timeline — {case}",
            "Cronología — {case}",
        /// A hint after an empty timeline: the tag asked for is not used.
        NoSuchTag { tag: String, list: String } =>
            " There is no tag “{tag}”; tags in use: {list}.",
            " No existe la etiqueta «{tag}»; etiquetas en uso: {list}.",
        /// An empty timeline; `hint` is [`AnswersMsg::NoSuchTag`] or empty.
        NoTimelineMatch { hint: String } =>
            "No timeline entries match these filters.{hint} Try /timeline without options.",
            "Ninguna entrada de la cronología coincide con estos filtros.{hint} Prueba /timeline sin opciones.",
        /// A speaker query that names several people; `names` is joined with [`AnswersMsg::And`].
        QuotesFromEach { query: String, names: String } =>
            "“{query}” matches {names}; showing quotes from each.",
            "«{query}» coincide con {names}; se muestran citas de cada una.",
        /// Quotes title and heading.
        Quotes =>
            "Quotes",
            "Citas",
        /// No quote matches.
        NoQuotesMatch =>
            "No quotes on record match that. Try /quote with only a speaker, or /search.",
            "No hay citas registradas que coincidan. Prueba /quote solo con una persona, o /search.",
        /// Actions title.
        CongressionalActions =>
            "Congressional actions",
            "Acciones del Congreso",
        /// No action matches.
        NoActionsMatch =>
            "No congressional actions on record match that.",
            "No hay acciones del Congreso registradas que coincidan.",
        /// /person title when a name matches several people.
        SeveralPeopleMatch =>
            "Several people match",
            "Varias personas coinciden",
        /// /person when a name matches several people.
        MatchesPeople { query: String, count: usize } =>
            "“{query}” matches {count} people; ask for one by full name.",
            "«{query}» coincide con {count} personas; pide una por su nombre completo.",
        /// /person heading.
        Actions =>
            "Actions",
            "Acciones",
        /// /person: more quotes than shown.
        MoreQuotes { more: u64, name: String } =>
            "{more} more: /quote speaker:\"{name}\" page:2",
            "{more} más: /quote speaker:\"{name}\" page:2",
        /// A day count whose ends are not known to the day.
        DaysBetween { shortest: i64, longest: i64 } =>
            "between {shortest} and {longest}",
            "entre {shortest} y {longest}",
        /// Days detained, from arrest to release.
        DaysDetained { days: String, from: String, to: String } =>
            "Days detained: {days} (from {from} to {to}, counted from the dates above).",
            "Días detenido: {days} (del {from} al {to}, contados a partir de las fechas anteriores).",
        /// Days detained, still detained.
        DaysDetainedSoFar { days: String, from: String } =>
            "Days detained so far: {days} (since {from}).",
            "Días detenido hasta hoy: {days} (desde {from}).",
        /// No case loaded at all.
        NoCaseYet =>
            "No case is on record yet. An operator can load one with `casewatch import data/`.",
            "Aún no hay ningún caso registrado. Un operador puede cargarlo con `casewatch import data/`.",
        /// An unknown case key; `list` is the keys on record.
        NoSuchCase { key: String, list: String } =>
            "There is no case “{key}”. Cases on record: {list}.",
            "No existe el caso «{key}». Casos registrados: {list}.",
        /// A quote heard from someone who heard it.
        SecondHandBy { by: String } =>
            " [second-hand: as {by} reported hearing it]",
            " [de segunda mano: según lo que {by} contó haber oído]",
        /// A quote heard second-hand, relayer unknown.
        SecondHand =>
            " [second-hand account]",
            " [relato de segunda mano]",
        /// An action's leads.
        LedBy { names: String } =>
            "Led by {names}. ",
            "Encabezada por {names}. ",
        /// An action's co-leads.
        CoLedBy { names: String } =>
            "Co-led by {names}. ",
            "Codirigida por {names}. ",
        /// Before an action's status.
        Status =>
            "Status: ",
            "Estado: ",
        /// Figures whose sources disagree.
        SourcesDiffer { measure: String } =>
            "Sources differ: {measure}",
            "Las fuentes difieren: {measure}",
        /// After a source in /sources.
        CitedByCount { count: usize } =>
            " — cited by {count} record(s)",
            " — citada por {count} registro(s)",
        /// A retracted source (fuente is feminine).
        RetractedSource { at: String, reason: String } =>
            " [retracted {at}: {reason}]",
            " [retirada {at}: {reason}]",
        /// A retracted record (registro is masculine).
        RetractedRecord { at: String, reason: String } =>
            " [retracted {at}: {reason}]",
            " [retirado {at}: {reason}]",
        /// A search with nothing to search for.
        NoWordsToSearch { query: String } =>
            "“{query}” has no words to search for; try /search crown tattoo.",
            "«{query}» no tiene palabras que buscar; prueba /search crown tattoo.",
        /// Search title when nothing matches.
        Search =>
            "Search",
            "Búsqueda",
        /// Search title.
        SearchFor { query: String } =>
            "Search: {query}",
            "Búsqueda: {query}",
        /// A search that found nothing.
        NothingMatches { query: String } =>
            "Nothing on record matches “{query}”. Every word must appear; try fewer words, or a word's start followed by * (tatt*).",
            "Nada registrado coincide con «{query}». Deben aparecer todas las palabras; prueba con menos, o con el comienzo de una palabra y * (tatt*).",
        /// Sources title, and the label before a source in a paste line.
        Sources =>
            "Sources",
            "Fuentes",
        /// No source at all.
        NoSourcesYet =>
            "No sources on record yet.",
            "Aún no hay fuentes registradas.",
        /// Sources title.
        SourcesOf { case: String } =>
            "Sources — {case}",
            "Fuentes — {case}",
        /// /cite of a source: heading over the records citing it.
        CitedBy { count: usize } =>
            "Cited by {count} record(s)",
            "Citada por {count} registro(s)",
        /// /cite of a source cited by a case-level text; `what` is one of the three below.
        AlsoCitedBy { what: String } =>
            "Also cited by {what}.",
            "También la cita {what}.",
        /// What cites a source: the case summary.
        TheCaseSummary =>
            "the case summary",
            "el resumen del caso",
        /// What cites a source: the case status.
        TheCaseStatus =>
            "where the case stands",
            "el estado del caso",
        /// What cites a source: an action's status.
        AnActionsStatus =>
            "an action's status",
            "el estado de una acción",
        /// More records than listed.
        AndMore { count: usize } =>
            "…and {count} more.",
            "…y {count} más.",
        /// /cite title.
        CitationFor { record: String } =>
            "Citation for {record}",
            "Cita de {record}",
        /// A source known only by its site.
        SiteOnly =>
            " (site; exact address not captured)",
            " (sitio; dirección exacta no registrada)",
        /// /cite heading over the ready-to-paste line.
        ToPaste =>
            "To paste",
            "Para pegar",
        /// The label before the sources of a paste line.
        Source =>
            "Source",
            "Fuente",
        /// Not a record id.
        NotARecordId { text: String } =>
            "“{text}” is not a record id; ids look like E12, Q3, A2, F1 or S4.",
            "«{text}» no es un id de registro; los ids son como E12, Q3, A2, F1 o S4.",
        /// No record with that id; `noun` is the English kind (“event”).
        NoSuchRecord { noun: String, record: String } =>
            "There is no {noun} {record}. /sources and /search show the ids on record.",
            "No existe el registro {record}. /sources y /search muestran los ids registrados.",
        /// Nobody by that name.
        NobodyCalled { query: String } =>
            "Nobody on record is called “{query}”. /search {query} looks everywhere.",
            "No hay nadie registrado con el nombre «{query}». /search {query} busca en todo.",
        /// Nobody by that name, but some close; `names` is joined with [`AnswersMsg::Or`].
        NobodyCalledDidYouMean { query: String, names: String } =>
            "Nobody on record is called “{query}”. Did you mean {names}?",
            "No hay nadie registrado con el nombre «{query}». ¿Quisiste decir {names}?",
        /// Joins names.
        And =>
            " and ",
            " y ",
        /// Joins alternatives.
        Or =>
            " or ",
            " o ",
        /// /help title.
        HelpTitle =>
            "casewatch commands",
            "Órdenes de casewatch",
        /// /help opening line.
        HelpCites =>
            "Every answer cites its sources: [1], [2] point to the list at the end.",
            "Cada respuesta cita sus fuentes: [1], [2] remiten a la lista del final.",
        /// /help heading.
        ForEveryone =>
            "For everyone",
            "Para todos",
        /// /help heading.
        ForModerators =>
            "For moderators",
            "Para moderadores",
        /// /help for members, under the moderators' heading.
        ModeratorsExplained =>
            "A channel's moderators set up its daily digest.",
            "Los moderadores de un canal configuran su resumen diario.",
        /// /help heading.
        ForEditors =>
            "For the case's editors",
            "Para los editores del caso",
        /// /help, under the editors' heading.
        EditorsExplained =>
            "The record is shared by every server and room; only the case's editors change it (the bot's operator grants a server's or room's moderators, or a person), every change needs a source and is logged. Everyone can propose an update with /suggest.",
            "El registro es compartido por todos los servidores y salas; solo los editores del caso lo cambian (el operador del bot se lo concede a los moderadores de un servidor o sala, o a una persona), cada cambio necesita una fuente y queda registrado. Cualquiera puede proponer una novedad con /suggest.",
        /// /help COMMAND for a command that changes the record.
        EditorsOnly =>
            "Only for the case's editors.",
            "Solo para los editores del caso.",
        /// /help closing line.
        HelpQuoting =>
            "Values with spaces go in double quotes: text:\"two words\". /help COMMAND shows a command's options.",
            "Los valores con espacios van entre comillas dobles: text:\"dos palabras\". /help ORDEN muestra las opciones de una orden.",
        /// /help COMMAND for a moderator command.
        ModeratorsOnly =>
            "Moderators only.",
            "Solo moderadores.",
        /// The shape of a text option.
        ShapeText { max: usize } =>
            "text, up to {max} characters",
            "texto, hasta {max} caracteres",
        /// The shape of a number option.
        ShapeNumber { min: i64, max: i64 } =>
            "a number from {min} to {max}",
            "un número de {min} a {max}",
        /// The shape of a date option.
        ShapeDate =>
            "YYYY, YYYY-MM, YYYY-MM-DD, FROM/TO",
            "AAAA, AAAA-MM, AAAA-MM-DD, DESDE/HASTA",
        /// The shape of an address option.
        ShapeUrl =>
            "an http(s) address",
            "una dirección http(s)",
        /// The shape of a record id option.
        ShapeId =>
            "a record id",
            "un id de registro",
        /// The shape of a case option.
        ShapeSlug =>
            "a case slug",
            "el identificador de un caso",
        /// After a required option's name.
        Required =>
            " (required)",
            " (obligatoria)",
        /// Which options bare words fill.
        Shorthand { list: String } =>
            "Shorthand: words without a name fill {list} in that order.",
            "Forma corta: las palabras sin nombre rellenan {list} en ese orden.",
        /// Before a command's example.
        Example =>
            "Example:",
            "Ejemplo:",
        /// Marks a quote whose English is the source's translation from Spanish.
        SpokenInSpanish => "Spoken in Spanish", "Dicho en español",
        /// Marks a quote translated from another language, named by its code.
        TranslatedFrom { language: String } =>
            "Translated from “{language}”", "Traducido del idioma “{language}”",
    }
}
