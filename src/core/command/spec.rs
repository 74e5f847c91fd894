//! The one list of commands every adapter exposes, with each option's
//! kind, limit and help text in English and Spanish.

use crate::core::i18n::Locale;

/// What an option's value must look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    /// Free text up to the option's `max_len`.
    Text,
    /// A whole number in a range.
    Integer { min: i64, max: i64 },
    /// A date as precise as the source gives it (`2025`, `2025-03`, `2025-03-14`, `A/B`).
    Date,
    /// An http or https address.
    Url,
    /// A record id such as `E12` (or a bare number where the command says so).
    Id,
    /// A case slug: lowercase letters, digits and `-`.
    Slug,
    /// One of a fixed list.
    Choice(&'static [&'static str]),
}

/// One option of a command.
#[derive(Debug)]
pub struct OptionSpec {
    pub name: &'static str,
    pub kind: OptionKind,
    pub required: bool,
    /// Longest accepted value, in characters.
    pub max_len: usize,
    pub help_en: &'static str,
    pub help_es: &'static str,
    /// Offer completions from the store (speakers, people, ids).
    pub autocomplete: bool,
}

impl OptionSpec {
    pub fn help(&self, locale: Locale) -> &'static str {
        locale.pick(self.help_en, self.help_es)
    }
}

/// One command, as every platform exposes it.
#[derive(Debug)]
pub struct CommandSpec {
    /// `timeline`, `quote add`…: the root and an optional subcommand.
    pub path: &'static str,
    /// Only moderators may run it.
    pub moderator: bool,
    pub help_en: &'static str,
    pub help_es: &'static str,
    pub options: &'static [OptionSpec],
    /// Options a bare word fills, in order; the last takes every remaining word.
    pub positional: &'static [&'static str],
    /// A worked example for `/help`.
    pub example: &'static str,
}

impl CommandSpec {
    /// Whether the command changes a case's record, and so is for the
    /// case's editors only (`core/trust.rs`). Every moderator command does,
    /// except a place's own settings (its digest subscription), which stay
    /// with that place's moderators.
    pub fn edits_record(&self) -> bool {
        self.moderator && !self.path.starts_with("digest ")
    }

    pub fn help(&self, locale: Locale) -> &'static str {
        locale.pick(self.help_en, self.help_es)
    }

    pub fn option(&self, name: &str) -> Option<&'static OptionSpec> {
        self.options.iter().find(|o| o.name == name)
    }

    /// The usage line: `/quote [speaker:] [text:] [page:]`.
    pub fn usage(&self) -> String {
        let mut out = format!("/{}", self.path);
        for o in self.options {
            if o.required {
                out.push_str(&format!(" {}:…", o.name));
            } else {
                out.push_str(&format!(" [{}:]", o.name));
            }
        }
        out
    }
}

macro_rules! opt {
    ($name:literal, $kind:expr, $req:literal, $max:literal, $en:literal, $es:literal) => {
        OptionSpec {
            name: $name,
            kind: $kind,
            required: $req,
            max_len: $max,
            help_en: $en,
            help_es: $es,
            autocomplete: false,
        }
    };
    ($name:literal, $kind:expr, $req:literal, $max:literal, $en:literal, $es:literal, auto) => {
        OptionSpec {
            name: $name,
            kind: $kind,
            required: $req,
            max_len: $max,
            help_en: $en,
            help_es: $es,
            autocomplete: true,
        }
    };
}

/// Longest page number anyone should need.
const PAGE: OptionKind = OptionKind::Integer {
    min: 1,
    max: 10_000,
};

const CASE: OptionSpec = opt!(
    "case",
    OptionKind::Slug,
    false,
    64,
    "Case slug (defaults to the configured case)",
    "Identificador del caso (por defecto, el configurado)"
);
const PAGE_OPT: OptionSpec = opt!("page", PAGE, false, 6, "Page number", "Número de página");
const REASON: OptionSpec = opt!(
    "reason",
    OptionKind::Text,
    true,
    500,
    "Why, for the audit log",
    "Por qué, para el registro de auditoría"
);

/// The options that name a write's source: an existing one, or a new one inline.
macro_rules! source_opts {
    () => {
        [
            opt!(
                "source",
                OptionKind::Id,
                false,
                20,
                "Id of an existing source (S7 or 7)",
                "Id de una fuente existente (S7 o 7)",
                auto
            ),
            opt!(
                "url",
                OptionKind::Url,
                false,
                500,
                "Address of a new source (http or https)",
                "Dirección de una fuente nueva (http o https)"
            ),
            opt!(
                "title",
                OptionKind::Text,
                false,
                300,
                "Headline of the new source",
                "Titular de la fuente nueva"
            ),
            opt!(
                "publication",
                OptionKind::Text,
                false,
                120,
                "Who published the new source",
                "Quién publicó la fuente nueva"
            ),
            opt!(
                "published",
                OptionKind::Date,
                false,
                21,
                "When the new source was published",
                "Cuándo se publicó la fuente nueva"
            ),
            opt!(
                "author",
                OptionKind::Text,
                false,
                120,
                "Author of the new source, if known",
                "Autor de la fuente nueva, si se conoce"
            ),
        ]
    };
}

const UPDATE_ADD_OPTS: [OptionSpec; 10] = {
    let s = source_opts!();
    let [a, b, c, d, e, f] = s;
    [
        opt!(
            "date",
            OptionKind::Date,
            true,
            21,
            "When it happened, as precise as the source",
            "Cuándo ocurrió, con la precisión de la fuente"
        ),
        opt!(
            "text",
            OptionKind::Text,
            true,
            1000,
            "What happened, in one or two sentences",
            "Qué ocurrió, en una o dos frases"
        ),
        opt!(
            "tags",
            OptionKind::Text,
            false,
            200,
            "Comma-separated tags",
            "Etiquetas separadas por comas"
        ),
        CASE,
        a,
        b,
        c,
        d,
        e,
        f,
    ]
};

const SUGGEST_OPTS: [OptionSpec; 10] = UPDATE_ADD_OPTS;

const QUOTE_ADD_OPTS: [OptionSpec; 16] = {
    let [a, b, c, d, e, f] = source_opts!();
    [
        opt!(
            "speaker",
            OptionKind::Text,
            true,
            100,
            "Who said it (a person in the case)",
            "Quién lo dijo (una persona del caso)",
            auto
        ),
        opt!(
            "text",
            OptionKind::Text,
            true,
            1500,
            "The exact words",
            "Las palabras exactas"
        ),
        opt!(
            "role",
            OptionKind::Text,
            false,
            200,
            "The speaker's role when speaking",
            "El cargo de quien habla en ese momento"
        ),
        opt!(
            "language",
            OptionKind::Choice(&["en", "es"]),
            false,
            2,
            "Language of the words",
            "Idioma de las palabras"
        ),
        opt!(
            "said",
            OptionKind::Date,
            false,
            21,
            "When it was said",
            "Cuándo se dijo"
        ),
        opt!(
            "place",
            OptionKind::Text,
            false,
            200,
            "Where it was said",
            "Dónde se dijo"
        ),
        opt!(
            "relay",
            OptionKind::Choice(&["direct", "second-hand"]),
            false,
            11,
            "Did the source hear it, or relay someone's account?",
            "¿La fuente lo oyó o lo relata de otra persona?"
        ),
        opt!(
            "relayed_by",
            OptionKind::Text,
            false,
            100,
            "Who relays it, for second-hand words",
            "Quién lo relata, si es de segunda mano"
        ),
        opt!(
            "context",
            OptionKind::Text,
            false,
            300,
            "One line of context",
            "Una línea de contexto"
        ),
        CASE,
        a,
        b,
        c,
        d,
        e,
        f,
    ]
};

const ACTION_ADD_OPTS: [OptionSpec; 15] = {
    let [a, b, c, d, e, f] = source_opts!();
    [
        opt!(
            "kind",
            OptionKind::Choice(crate::core::model::ACTION_KINDS),
            true,
            20,
            "What kind of action",
            "Qué tipo de acción"
        ),
        opt!(
            "name",
            OptionKind::Text,
            true,
            200,
            "A short name for the action",
            "Un nombre corto para la acción"
        ),
        opt!(
            "summary",
            OptionKind::Text,
            true,
            1000,
            "What it does or demands",
            "Qué hace o exige"
        ),
        opt!(
            "led_by",
            OptionKind::Text,
            false,
            300,
            "Who led it (names, comma-separated)",
            "Quién la encabezó (nombres separados por comas)"
        ),
        opt!(
            "co_led_by",
            OptionKind::Text,
            false,
            300,
            "Who co-led it",
            "Quién la codirigió"
        ),
        opt!(
            "date",
            OptionKind::Date,
            false,
            21,
            "When, if a source says",
            "Cuándo, si una fuente lo dice"
        ),
        opt!(
            "reference",
            OptionKind::Text,
            false,
            200,
            "Bill number or similar",
            "Número de proyecto o similar"
        ),
        opt!(
            "status",
            OptionKind::Choice(crate::core::model::ACTION_STATUSES),
            false,
            20,
            "Its status now",
            "Su estado actual"
        ),
        CASE,
        a,
        b,
        c,
        d,
        e,
        f,
    ]
};

const ACTION_STATUS_OPTS: [OptionSpec; 11] = {
    let [a, b, c, d, e, f] = source_opts!();
    [
        opt!(
            "id",
            OptionKind::Id,
            true,
            20,
            "The action (A3)",
            "La acción (A3)",
            auto
        ),
        opt!(
            "status",
            OptionKind::Choice(crate::core::model::ACTION_STATUSES),
            true,
            20,
            "The new status",
            "El nuevo estado"
        ),
        opt!(
            "date",
            OptionKind::Date,
            false,
            21,
            "When the status changed",
            "Cuándo cambió el estado"
        ),
        opt!(
            "note",
            OptionKind::Text,
            false,
            300,
            "One line on the change",
            "Una línea sobre el cambio"
        ),
        REASON,
        a,
        b,
        c,
        d,
        e,
        f,
    ]
};

const ACTION_BILL_OPTS: [OptionSpec; 9] = {
    let [a, b, c, d, e, f] = source_opts!();
    [
        opt!(
            "id",
            OptionKind::Id,
            true,
            20,
            "The action (A3)",
            "La acción (A3)",
            auto
        ),
        opt!(
            "bill",
            OptionKind::Text,
            true,
            40,
            "H.R. 4001, hr4001, H.R. 4001 (119th) or 119-hr-4001",
            "H.R. 4001, hr4001, H.R. 4001 (119th) o 119-hr-4001"
        ),
        REASON,
        a,
        b,
        c,
        d,
        e,
        f,
    ]
};

const CORRECT_OPTS: [OptionSpec; 9] = {
    let [a, b, c, d, e, f] = source_opts!();
    [
        opt!(
            "id",
            OptionKind::Id,
            true,
            20,
            "The record (E12, Q3…)",
            "El registro (E12, Q3…)",
            auto
        ),
        opt!(
            "text",
            OptionKind::Text,
            true,
            1500,
            "The corrected text",
            "El texto corregido"
        ),
        REASON,
        a,
        b,
        c,
        d,
        e,
        f,
    ]
};

/// Every command, community first. Order is the order of `/help`.
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        path: "case",
        moderator: false,
        help_en: "A cited summary of the case: who, where things stand, key dates, figures",
        help_es: "Resumen citado del caso: quién, en qué punto está, fechas clave, cifras",
        options: &[CASE],
        positional: &["case"],
        example: "/case",
    },
    CommandSpec {
        path: "timeline",
        moderator: false,
        help_en: "What happened, in date order, each line cited",
        help_es: "Lo que ocurrió, por fecha, cada línea citada",
        options: &[
            opt!("from", OptionKind::Date, false, 21, "Earliest date (2025, 2025-03 or 2025-03-14)", "Fecha más temprana (2025, 2025-03 o 2025-03-14)"),
            opt!("to", OptionKind::Date, false, 21, "Latest date", "Fecha más tardía"),
            opt!("tag", OptionKind::Text, false, 40, "Only entries with this tag", "Solo entradas con esta etiqueta", auto),
            PAGE_OPT,
            CASE,
        ],
        positional: &["from", "to"],
        example: "/timeline from:2025-03 to:2025-07",
    },
    CommandSpec {
        path: "quote",
        moderator: false,
        help_en: "Quotes, by speaker (name, surname or alias) or by words",
        help_es: "Citas, por persona (nombre, apellido o alias) o por palabras",
        options: &[
            opt!("speaker", OptionKind::Text, false, 100, "Who said it", "Quién lo dijo", auto),
            opt!("text", OptionKind::Text, false, 200, "Words the quote contains", "Palabras que contiene la cita"),
            PAGE_OPT,
            CASE,
        ],
        positional: &["speaker"],
        example: "/quote takano",
    },
    CommandSpec {
        path: "actions",
        moderator: false,
        help_en: "What Congress and its members did: kind, who led, status, dates",
        help_es: "Lo que hizo el Congreso y sus miembros: tipo, quién lo encabezó, estado, fechas",
        options: &[
            opt!("status", OptionKind::Choice(crate::core::model::ACTION_STATUSES), false, 20, "Only actions with this status", "Solo acciones con este estado"),
            PAGE_OPT,
            CASE,
        ],
        positional: &["status"],
        example: "/actions",
    },
    CommandSpec {
        path: "person",
        moderator: false,
        help_en: "One person's role, actions and quotes",
        help_es: "El cargo, las acciones y las citas de una persona",
        options: &[opt!("name", OptionKind::Text, true, 100, "Name, surname or alias", "Nombre, apellido o alias", auto), CASE],
        positional: &["name"],
        example: "/person garcia",
    },
    CommandSpec {
        path: "search",
        moderator: false,
        help_en: "Search events, quotes, actions and sources",
        help_es: "Buscar en hechos, citas, acciones y fuentes",
        options: &[opt!("query", OptionKind::Text, true, 200, "Words to look for", "Palabras a buscar"), PAGE_OPT, CASE],
        positional: &["query"],
        example: "/search crown tattoo",
    },
    CommandSpec {
        path: "sources",
        moderator: false,
        help_en: "The sources on record, or one source and what cites it",
        help_es: "Las fuentes registradas, o una fuente y lo que la cita",
        options: &[
            opt!("id", OptionKind::Id, false, 20, "A source id (S3 or 3)", "Id de una fuente (S3 o 3)", auto),
            opt!("status", OptionKind::Choice(&["gone", "moved", "flaky"]), false, 20, "Editors: sources whose address is gone, moved or flaky", "Editores: fuentes cuya dirección desapareció, se trasladó o falla"),
            PAGE_OPT,
            CASE,
        ],
        positional: &["id"],
        example: "/sources S1",
    },
    CommandSpec {
        path: "cite",
        moderator: false,
        help_en: "A ready-to-paste citation of one record",
        help_es: "Una cita lista para pegar de un registro",
        options: &[opt!("id", OptionKind::Id, true, 20, "A record id (E12, Q3, A2, F1, S4)", "Id de un registro (E12, Q3, A2, F1, S4)", auto)],
        positional: &["id"],
        example: "/cite E3",
    },
    CommandSpec {
        path: "history",
        moderator: false,
        help_en: "A record's life: created, corrected, status changes, retracted; who, where, on what source",
        help_es: "La vida de un registro: creación, correcciones, estados, retirada; quién, dónde, con qué fuente",
        options: &[opt!("id", OptionKind::Id, true, 20, "A record id (E12, Q3, A2, F1, P4, S5)", "Id de un registro (E12, Q3, A2, F1, P4, S5)", auto)],
        positional: &["id"],
        example: "/history E3",
    },
    CommandSpec {
        path: "help",
        moderator: false,
        help_en: "What each command does, with an example",
        help_es: "Qué hace cada orden, con un ejemplo",
        options: &[opt!("command", OptionKind::Text, false, 40, "A command name", "Nombre de una orden")],
        positional: &["command"],
        example: "/help quote",
    },
    CommandSpec {
        path: "suggest",
        moderator: false,
        help_en: "Suggest a sourced update for moderators to review",
        help_es: "Proponer una novedad con su fuente para que la revisen los moderadores",
        options: &SUGGEST_OPTS,
        positional: &[],
        example: "/suggest date:2025-10-01 text:\"…\" url:https://example.org/a title:\"…\" publication:\"…\" published:2025-10-02",
    },
    CommandSpec {
        path: "digest show",
        moderator: false,
        help_en: "This channel's daily digest setting",
        help_es: "La configuración del resumen diario de este canal",
        options: &[CASE],
        positional: &[],
        example: "/digest show",
    },
    CommandSpec {
        path: "digest preview",
        moderator: false,
        help_en: "Today's digest for this channel, shown now and not posted",
        help_es: "El resumen de hoy para este canal, mostrado ahora y sin publicarlo",
        options: &[CASE],
        positional: &[],
        example: "/digest preview",
    },
    CommandSpec {
        path: "digest subscribe",
        moderator: true,
        help_en: "Post a daily digest of what changed in this channel",
        help_es: "Publicar en este canal un resumen diario de lo que cambió",
        options: &[
            opt!("time", OptionKind::Text, true, 5, "Local time of day, HH:MM (24-hour)", "Hora local, HH:MM (24 horas)"),
            opt!("timezone", OptionKind::Text, true, 64, "IANA time zone, e.g. America/Los_Angeles", "Zona horaria IANA, p. ej. Europe/Madrid"),
            opt!("language", OptionKind::Choice(&["en", "es"]), false, 2, "Language of the digest", "Idioma del resumen"),
            opt!("daily", OptionKind::Choice(&["yes", "no"]), false, 3, "Post even on days with nothing new", "Publicar aunque no haya novedades"),
            CASE,
        ],
        positional: &["time", "timezone"],
        example: "/digest subscribe time:08:00 timezone:America/Los_Angeles",
    },
    CommandSpec {
        path: "digest unsubscribe",
        moderator: true,
        help_en: "Stop this channel's daily digest",
        help_es: "Dejar de publicar el resumen diario en este canal",
        options: &[CASE],
        positional: &[],
        example: "/digest unsubscribe",
    },
    CommandSpec {
        path: "update add",
        moderator: true,
        help_en: "Add a dated, sourced event to the timeline",
        help_es: "Añadir a la cronología un hecho fechado y con fuente",
        options: &UPDATE_ADD_OPTS,
        positional: &[],
        example: "/update add date:2025-10-01 text:\"…\" source:3",
    },
    CommandSpec {
        path: "quote add",
        moderator: true,
        help_en: "Add a sourced quote",
        help_es: "Añadir una cita con su fuente",
        options: &QUOTE_ADD_OPTS,
        positional: &[],
        example: "/quote add speaker:\"Robert Garcia\" text:\"…\" source:7",
    },
    CommandSpec {
        path: "action add",
        moderator: true,
        help_en: "Add a sourced congressional action",
        help_es: "Añadir una acción del Congreso con su fuente",
        options: &ACTION_ADD_OPTS,
        positional: &[],
        example: "/action add kind:letter name:\"…\" summary:\"…\" led_by:\"Mark Takano\" source:1",
    },
    CommandSpec {
        path: "action status",
        moderator: true,
        help_en: "Record a sourced status change of an action",
        help_es: "Registrar un cambio de estado de una acción, con su fuente",
        options: &ACTION_STATUS_OPTS,
        positional: &[],
        example: "/action status id:A1 status:passed reason:\"…\" source:9",
    },
    CommandSpec {
        path: "action bill",
        moderator: true,
        help_en: "Name the bill an action is about (H.R. 4001…), to follow it on congress.gov",
        help_es: "Indicar el proyecto de ley de una acción (H.R. 4001…), para seguirlo en congress.gov",
        options: &ACTION_BILL_OPTS,
        positional: &[],
        example: "/action bill id:A1 bill:\"H.R. 4001 (119th)\" reason:\"The release gives the number\" source:2",
    },
    CommandSpec {
        path: "source add",
        moderator: true,
        help_en: "Add a source to cite later",
        help_es: "Añadir una fuente para citarla después",
        options: &[
            opt!("url", OptionKind::Url, true, 500, "Address (http or https)", "Dirección (http o https)"),
            opt!("title", OptionKind::Text, true, 300, "Headline", "Titular"),
            opt!("publication", OptionKind::Text, true, 120, "Who published it", "Quién la publicó"),
            opt!("published", OptionKind::Date, true, 21, "When it was published", "Cuándo se publicó"),
            opt!("author", OptionKind::Text, false, 120, "Author, if known", "Autor, si se conoce"),
            opt!("archive", OptionKind::Url, false, 500, "An archived copy's address", "Dirección de una copia archivada"),
            CASE,
        ],
        positional: &[],
        example: "/source add url:https://example.org/a title:\"…\" publication:\"…\" published:2025-10-02",
    },
    CommandSpec {
        path: "source archive",
        moderator: true,
        help_en: "Set the address of a source's archived copy",
        help_es: "Registrar la dirección de la copia archivada de una fuente",
        options: &[
            opt!("id", OptionKind::Id, true, 20, "The source (S3 or 3)", "La fuente (S3 o 3)", auto),
            opt!("url", OptionKind::Url, true, 500, "The archived copy's address (http or https)", "Dirección de la copia archivada (http o https)"),
            CASE,
        ],
        positional: &["id", "url"],
        example: "/source archive id:S4 url:https://web.archive.org/web/2025/https://example.org/a",
    },
    CommandSpec {
        path: "correct",
        moderator: true,
        help_en: "Correct a record's text, with the reason and a source that says so",
        help_es: "Corregir el texto de un registro, con el motivo y una fuente que lo diga",
        options: &CORRECT_OPTS,
        positional: &["id"],
        example: "/correct id:E3 text:\"…\" reason:\"The source gives March, not April\" source:4",
    },
    CommandSpec {
        path: "retract",
        moderator: true,
        help_en: "Hide a record from answers, keeping it on file",
        help_es: "Ocultar un registro de las respuestas, conservándolo archivado",
        options: &[opt!("id", OptionKind::Id, true, 20, "The record (E12, Q3…)", "El registro (E12, Q3…)", auto), REASON],
        positional: &["id"],
        example: "/retract id:Q4 reason:\"Misattributed; see S6\"",
    },
    CommandSpec {
        path: "review",
        moderator: true,
        help_en: "List suggestions, or approve or reject one",
        help_es: "Ver las propuestas, o aprobar o rechazar una",
        options: &[
            opt!("id", OptionKind::Integer { min: 1, max: i64::MAX }, false, 19, "Suggestion number", "Número de propuesta"),
            opt!("decision", OptionKind::Choice(&["approve", "reject"]), false, 7, "approve or reject", "approve (aprobar) o reject (rechazar)"),
            opt!("reason", OptionKind::Text, false, 500, "Why (required to reject)", "Por qué (obligatorio al rechazar)"),
            PAGE_OPT,
            CASE,
        ],
        positional: &["id", "decision"],
        example: "/review id:2 decision:reject reason:\"The source does not say this\"",
    },
    // Watched feeds (issue 11 part 3): new items that mention the case
    // become suggestions in /review.
    CommandSpec {
        path: "watch add",
        moderator: true,
        help_en: "Watch an RSS or Atom feed: new items that mention the case become suggestions in /review",
        help_es: "Vigilar un canal RSS o Atom: las entradas nuevas que mencionen el caso se convierten en propuestas en /review",
        options: &[
            opt!("url", OptionKind::Url, true, 500, "The feed's address (http or https)", "Dirección del canal (http o https)"),
            opt!("keywords", OptionKind::Text, false, 300, "Words that also make an item relevant, comma-separated", "Palabras que también hacen relevante una entrada, separadas por comas"),
            opt!("interval", OptionKind::Integer { min: 5, max: 10080 }, false, 5, "Minutes between polls of this feed (5 to 10080; default: the bot's setting)", "Minutos entre consultas de este canal (5 a 10080; por defecto, el ajuste del bot)"),
            CASE,
        ],
        positional: &["url"],
        example: "/watch add url:https://example.org/feed.xml keywords:\"CECOT, asylum\"",
    },
    CommandSpec {
        path: "watch list",
        moderator: false,
        help_en: "The watched feeds: address, keywords, last success, failures and last error",
        help_es: "Los canales vigilados: dirección, palabras clave, último éxito, fallos y último error",
        options: &[CASE],
        positional: &[],
        example: "/watch list",
    },
    CommandSpec {
        path: "watch remove",
        moderator: true,
        help_en: "Stop watching a feed (kept on file, with who removed it)",
        help_es: "Dejar de vigilar un canal (queda archivado, con quién lo retiró)",
        options: &[
            opt!("id", OptionKind::Integer { min: 1, max: i64::MAX }, true, 19, "The watch's number, from /watch list", "El número de la vigilancia, según /watch list"),
            CASE,
        ],
        positional: &["id"],
        example: "/watch remove id:2",
    },
];

/// Looks a command up by its path (`quote add`).
pub fn spec(path: &str) -> Option<&'static CommandSpec> {
    COMMANDS.iter().find(|c| c.path == path)
}
