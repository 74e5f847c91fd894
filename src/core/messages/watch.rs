//! Watched feeds (`/watch add`, `/watch list`, `/watch remove`).

use super::catalogue;

catalogue! {
    /// Messages of the `/watch` commands.
    pub enum WatchMsg {
        /// Heading of a confirmation of `/watch add`.
        Added => "Feed watched", "Canal vigilado",
        /// The confirmation of `/watch add`.
        AddedNote { id: i64, url: String } =>
            "Watch #{id}: {url}. Its first poll (by the running bot, or the next `casewatch watch poll`) only marks the items already there as seen; after that, each new item whose title or summary mentions the case's people or a keyword becomes a suggestion in /review. Nothing is published without an editor's approval.",
            "Vigilancia #{id}: {url}. La primera consulta (la hará el bot en marcha, o el próximo `casewatch watch poll`) solo marca como vistas las entradas que ya hay; después, cada entrada nueva cuyo título o resumen mencione a las personas del caso o una palabra clave se convierte en una propuesta en /review. Nada se publica sin la aprobación de un editor.",
        /// A feed the case already watches.
        AlreadyWatched { id: i64, url: String } =>
            "This case already watches {url} (watch #{id}); nothing was changed.",
            "Este caso ya vigila {url} (vigilancia #{id}); no se cambió nada.",
        /// An address the HTTP client cannot fetch.
        BadAddress { url: String } =>
            "“{url}” is not an address casewatch can fetch: give an http:// or https:// address with a host name, such as https://example.org/feed.xml. Nothing was saved.",
            "«{url}» no es una dirección que casewatch pueda consultar: indica una dirección http:// o https:// con nombre de servidor, como https://example.org/feed.xml. No se guardó nada.",
        /// `keywords:` with no word in it.
        NoKeywords { given: String } =>
            "“{given}” gives no word to look for: write keywords separated by commas, such as keywords:\"CECOT, asylum\". Nothing was saved.",
            "«{given}» no contiene ninguna palabra que buscar: escribe palabras clave separadas por comas, como keywords:\"CECOT, asilo\". No se guardó nada.",
        /// Too many keywords.
        TooManyKeywords { count: usize, max: usize } =>
            "That is {count} keywords; a watch takes at most {max}. Nothing was saved.",
            "Son {count} palabras clave; una vigilancia admite como máximo {max}. No se guardó nada.",
        /// Heading of `/watch list`.
        ListHeading { case: String } => "Watched feeds of {case}", "Canales vigilados de {case}",
        /// No watch.
        NoneWatched =>
            "No feed is watched yet; an editor adds one with /watch add url:….",
            "Aún no se vigila ningún canal; un editor añade uno con /watch add url:….",
        /// One watch in the list.
        Line { id: i64, url: String, title: String, keywords: String, every: String, state: String } =>
            "#{id} {url}{title} — keywords: {keywords}; {every}. {state}",
            "#{id} {url}{title} — palabras clave: {keywords}; {every}. {state}",
        /// A watch's own polling interval.
        Every { minutes: u32 } => "polled every {minutes} minutes", "consultado cada {minutes} minutos",
        /// A watch polled at the bot's interval.
        EveryDefault =>
            "polled at the bot's interval (CASEWATCH_WATCH_INTERVAL_MINUTES)",
            "consultado con el intervalo del bot (CASEWATCH_WATCH_INTERVAL_MINUTES)",
        /// A watch with no keyword of its own.
        PeopleOnly => "none (the case's people only)", "ninguna (solo las personas del caso)",
        /// A watch never polled.
        NotPolled => "Not polled yet.", "Aún no se ha consultado.",
        /// A watch whose last poll succeeded.
        Healthy { at: String } => "Last success {at}.", "Último éxito: {at}.",
        /// A watch whose polls fail.
        Failing { failures: u32, error: String, last: String, next: String } =>
            "{failures} failed polls in a row; last error: {error}. Last success: {last}. Next try after {next} (it backs off while the feed fails).",
            "{failures} consultas fallidas seguidas; último error: {error}. Último éxito: {last}. Próximo intento después de {next} (se espacia mientras el canal falle).",
        /// Why the last poll failed: the feed's server answered an error status.
        FailHttp { status: String } =>
            "the feed's server answered HTTP {status}",
            "el servidor del canal respondió HTTP {status}",
        /// The body is not a feed.
        FailNotAFeed { detail: String } =>
            "the answer is not a readable RSS or Atom feed ({detail})",
            "la respuesta no es un canal RSS o Atom legible ({detail})",
        /// Too many redirects.
        FailRedirects { max: String } =>
            "more than {max} redirects",
            "más de {max} redirecciones",
        /// A redirect with no usable address.
        FailBadRedirect =>
            "a redirect without a usable address",
            "una redirección sin una dirección utilizable",
        /// A body over the cap.
        FailTooLarge { bytes: String } =>
            "the feed is larger than {bytes} bytes",
            "el canal ocupa más de {bytes} bytes",
        /// Not an address the client fetches.
        FailAddress =>
            "not an http or https address",
            "no es una dirección http o https",
        /// No answer in time.
        FailTimeout =>
            "no answer within the time limit",
            "sin respuesta dentro del tiempo límite",
        /// The host name did not resolve.
        FailDns { detail: String } =>
            "the host name could not be resolved ({detail})",
            "no se pudo resolver el nombre del servidor ({detail})",
        /// TLS failed.
        FailTls { detail: String } =>
            "the secure connection failed ({detail})",
            "falló la conexión segura ({detail})",
        /// Connection refused.
        FailRefused =>
            "the server refused the connection",
            "el servidor rechazó la conexión",
        /// Connection reset.
        FailReset =>
            "the connection was cut before a whole answer",
            "la conexión se cortó antes de una respuesta completa",
        /// Any other network failure.
        FailNetwork { detail: String } =>
            "a network error ({detail})",
            "un error de red ({detail})",
        /// A watch that never succeeded.
        Never => "never", "nunca",
        /// Heading of `/watch remove`.
        Removed => "Watch removed", "Vigilancia retirada",
        /// The confirmation of `/watch remove`.
        RemovedNote { id: i64, url: String } =>
            "Watch #{id} ({url}) is removed and no longer polled; the suggestions it made stay in /review, and the removal is in the audit log.",
            "La vigilancia #{id} ({url}) queda retirada y ya no se consulta; sus propuestas siguen en /review, y la retirada consta en el registro de auditoría.",
        /// An unknown or removed watch.
        NoSuchWatch { id: i64 } =>
            "There is no watch #{id} for this case; /watch list shows them. Nothing was changed.",
            "No existe la vigilancia #{id} en este caso; /watch list las muestra. No se cambió nada.",
    }
}
