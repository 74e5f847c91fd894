//! Text or structured input → a validated command (pure, no store).
//!
//! [`COMMANDS`] is the one list of commands every adapter exposes: the
//! console parses lines against it, the Discord adapter registers slash
//! commands from it, `/help` prints it. Every limit a user can hit is
//! checked here, before anything reaches the store.

use std::collections::BTreeMap;

use crate::core::date::PartialDate;
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
        options: &[opt!("id", OptionKind::Id, false, 20, "A source id (S3 or 3)", "Id de una fuente (S3 o 3)", auto), PAGE_OPT, CASE],
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
        path: "correct",
        moderator: true,
        help_en: "Correct a record's text, with the reason",
        help_es: "Corregir el texto de un registro, con el motivo",
        options: &[
            opt!("id", OptionKind::Id, true, 20, "The record (E12, Q3…)", "El registro (E12, Q3…)", auto),
            opt!("text", OptionKind::Text, true, 1500, "The corrected text", "El texto corregido"),
            REASON,
        ],
        positional: &["id"],
        example: "/correct id:E3 text:\"…\" reason:\"The source gives March, not April\"",
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
        ],
        positional: &["id", "decision"],
        example: "/review id:2 decision:reject reason:\"The source does not say this\"",
    },
];

/// Looks a command up by its path (`quote add`).
pub fn spec(path: &str) -> Option<&'static CommandSpec> {
    COMMANDS.iter().find(|c| c.path == path)
}

/// A command whose options passed every check of its spec.
#[derive(Debug, Clone)]
pub struct ParsedCommand {
    pub spec: &'static CommandSpec,
    pub options: BTreeMap<&'static str, String>,
}

impl ParsedCommand {
    /// The value of an option, if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.options.get(name).map(String::as_str)
    }

    /// The value of an option the spec marks required (checked by parsing).
    pub fn required(&self, name: &str) -> &str {
        self.get(name).unwrap_or_default()
    }

    /// A page number, 1 when not given.
    pub fn page(&self) -> u32 {
        self.get("page").and_then(|p| p.parse().ok()).unwrap_or(1)
    }

    /// A date option, already validated.
    pub fn date(&self, name: &str) -> Option<PartialDate> {
        self.get(name).and_then(|d| d.parse().ok())
    }

    /// Builds a command from named values (the Discord adapter's path),
    /// running the same checks as text parsing.
    pub fn from_options(
        path: &str,
        values: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, UsageError> {
        let spec = find_spec(path)?;
        let mut options = BTreeMap::new();
        for (name, value) in values {
            let option = spec
                .option(&name)
                .ok_or_else(|| unknown_option(spec, &name))?;
            if options.insert(option.name, value).is_some() {
                return Err(UsageError::DuplicateOption {
                    command: spec.path,
                    option: option.name,
                });
            }
        }
        finish(spec, options)
    }
}

/// Why a command could not be understood. Each variant's message is a
/// sentence for the user: what was wrong, the value, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsageError {
    /// Nothing was typed.
    #[error("Type a command, for example /timeline. /help lists them all.")]
    Empty,
    /// A double quote was opened and never closed.
    #[error("A double quote (\") is not closed. Put quotes around values with spaces: text:\"two words\".")]
    UnclosedQuote,
    /// No command has that name.
    #[error("There is no command “/{name}”.{hint} /help lists them all.")]
    UnknownCommand { name: String, hint: String },
    /// The command has no option of that name.
    #[error("/{command} has no option “{option}”.{hint} Its options: {known}.")]
    UnknownOption {
        command: &'static str,
        option: String,
        hint: String,
        known: String,
    },
    /// The same option twice.
    #[error("/{command} got “{option}:” twice; give it once.")]
    DuplicateOption {
        command: &'static str,
        option: &'static str,
    },
    /// More bare words than the command takes.
    #[error("/{command} does not take “{word}” without a name. Write it as option:value, for example {example}.")]
    UnexpectedWord {
        command: &'static str,
        word: String,
        example: &'static str,
    },
    /// A required option is missing.
    #[error("/{command} needs {missing}. Usage: {usage}")]
    MissingOption {
        command: &'static str,
        missing: String,
        usage: String,
    },
    /// A value is over its length limit.
    #[error("“{option}:” is {len} characters long; the limit is {max}. Shorten it and try again.")]
    TooLong {
        option: &'static str,
        len: usize,
        max: usize,
    },
    /// A value is empty.
    #[error("“{option}:” is empty; give it a value.")]
    EmptyValue { option: &'static str },
    /// A value has the wrong shape.
    #[error("“{option}:{value}” is not valid: {why}")]
    InvalidValue {
        option: &'static str,
        value: String,
        why: String,
    },
}

fn find_spec(path: &str) -> Result<&'static CommandSpec, UsageError> {
    spec(path).ok_or_else(|| {
        let root = path.split_whitespace().next().unwrap_or(path);
        let names: Vec<&str> = COMMANDS.iter().map(|c| c.path).collect();
        UsageError::UnknownCommand {
            name: path.to_string(),
            hint: did_you_mean(root, &names, "/"),
        }
    })
}

fn option_hint(spec: &CommandSpec, name: &str) -> String {
    let names: Vec<&str> = spec.options.iter().map(|o| o.name).collect();
    did_you_mean(name, &names, "")
}

fn unknown_option(spec: &'static CommandSpec, name: &str) -> UsageError {
    let names: Vec<&str> = spec.options.iter().map(|o| o.name).collect();
    UsageError::UnknownOption {
        command: spec.path,
        option: name.to_string(),
        hint: option_hint(spec, name),
        known: names
            .iter()
            .map(|n| format!("{n}:"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// " Did you mean /quote?" when one name is close, else "".
pub fn did_you_mean(word: &str, candidates: &[&str], prefix: &str) -> String {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| format!(" Did you mean {prefix}{c}?"))
        .unwrap_or_default()
}

/// Splits a line into words; double quotes group words and `\"` is a
/// literal quote. A word records whether any part of it was quoted, so a
/// quoted word is never mistaken for `option:value`.
fn tokenize(line: &str) -> Result<Vec<(String, bool)>, UsageError> {
    let mut words = Vec::new();
    let mut current = String::new();
    let (mut in_word, mut in_quotes, mut starts_quoted) = (false, false, false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_quotes && matches!(chars.peek(), Some('"') | Some('\\')) => {
                current.push(chars.next().expect("peeked"));
            }
            '"' => {
                if !in_word {
                    starts_quoted = true;
                }
                in_quotes = !in_quotes;
                in_word = true;
            }
            c if c.is_whitespace() && !in_quotes => {
                if in_word {
                    words.push((std::mem::take(&mut current), starts_quoted));
                    in_word = false;
                    starts_quoted = false;
                }
            }
            c => {
                current.push(c);
                in_word = true;
            }
        }
    }
    if in_quotes {
        return Err(UsageError::UnclosedQuote);
    }
    if in_word {
        words.push((current, starts_quoted));
    }
    Ok(words)
}

/// Parses `/quote speaker:takano`, `/quote takano` or `quote takano`.
pub fn parse(line: &str) -> Result<ParsedCommand, UsageError> {
    let words = tokenize(line.trim())?;
    let mut words = words.into_iter().peekable();
    let (first, _) = words.next().ok_or(UsageError::Empty)?;
    let root = first.trim_start_matches('/').to_lowercase();
    if root.is_empty() {
        return Err(UsageError::Empty);
    }
    // A subcommand is the second word when `root word` names a command.
    let mut path = root.clone();
    if let Some((next, false)) = words.peek() {
        let candidate = format!("{root} {}", next.to_lowercase());
        if spec(&candidate).is_some() {
            path = candidate;
            words.next();
        }
    }
    let spec = match spec(&path) {
        Some(spec) => spec,
        None if COMMANDS
            .iter()
            .any(|c| c.path.starts_with(&format!("{root} "))) =>
        {
            let subs: Vec<&str> = COMMANDS
                .iter()
                .filter_map(|c| c.path.strip_prefix(&format!("{root} ")))
                .collect();
            return Err(UsageError::UnknownCommand {
                name: path,
                hint: format!(
                    " /{root} takes {}.",
                    subs.iter()
                        .map(|s| format!("“{s}”"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            });
        }
        None => return Err(find_spec(&path).expect_err("no such spec")),
    };

    let mut options: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut positional = spec.positional.iter().peekable();
    let mut rest: Vec<String> = Vec::new();
    for (word, quoted) in words {
        let named = if quoted { None } else { split_named(&word) };
        match named {
            Some((name, value)) if spec.option(&name).is_some() => {
                let option = spec.option(&name).expect("checked");
                if options.insert(option.name, value).is_some() {
                    return Err(UsageError::DuplicateOption {
                        command: spec.path,
                        option: option.name,
                    });
                }
            }
            // An unknown name is an error when nothing bare is expected, or
            // when it is a near miss of a real option (`speker:`).
            Some((name, _))
                if spec.positional.is_empty() || !option_hint(spec, &name).is_empty() =>
            {
                return Err(unknown_option(spec, &name))
            }
            _ => {
                // Bare words fill positional options; the last one takes the rest.
                if positional.peek().is_none() && rest.is_empty() {
                    return Err(UsageError::UnexpectedWord {
                        command: spec.path,
                        word,
                        example: spec.example,
                    });
                }
                if positional.len() > 1 {
                    let name = positional.next().expect("peeked");
                    if options.insert(name, word).is_some() {
                        return Err(UsageError::DuplicateOption {
                            command: spec.path,
                            option: name,
                        });
                    }
                } else {
                    rest.push(word);
                }
            }
        }
    }
    if !rest.is_empty() {
        let name = positional.next().expect("a last positional option");
        if options.insert(name, rest.join(" ")).is_some() {
            return Err(UsageError::DuplicateOption {
                command: spec.path,
                option: name,
            });
        }
    }
    finish(spec, options)
}

/// `name:value` when the word starts with an option-like name.
fn split_named(word: &str) -> Option<(String, String)> {
    let (name, value) = word.split_once(':')?;
    let looks_named = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '_' || c == '-');
    looks_named.then(|| (name.replace('-', "_"), value.to_string()))
}

/// Checks required options, lengths and value shapes.
fn finish(
    spec: &'static CommandSpec,
    mut options: BTreeMap<&'static str, String>,
) -> Result<ParsedCommand, UsageError> {
    for option in spec.options {
        let Some(value) = options.get_mut(option.name) else {
            continue;
        };
        *value = value.trim().to_string();
        let len = value.chars().count();
        if len == 0 {
            return Err(UsageError::EmptyValue {
                option: option.name,
            });
        }
        if len > option.max_len {
            return Err(UsageError::TooLong {
                option: option.name,
                len,
                max: option.max_len,
            });
        }
        check_value(option, value)?;
    }
    let missing: Vec<String> = spec
        .options
        .iter()
        .filter(|o| o.required && !options.contains_key(o.name))
        .map(|o| format!("{}:", o.name))
        .collect();
    if !missing.is_empty() {
        return Err(UsageError::MissingOption {
            command: spec.path,
            missing: missing.join(" and "),
            usage: spec.usage(),
        });
    }
    Ok(ParsedCommand { spec, options })
}

fn check_value(option: &'static OptionSpec, value: &mut String) -> Result<(), UsageError> {
    let invalid = |why: String| UsageError::InvalidValue {
        option: option.name,
        value: value.clone(),
        why,
    };
    match option.kind {
        OptionKind::Text => {
            if value.chars().any(|c| c.is_control() && c != '\n') {
                return Err(invalid("it contains control characters".into()));
            }
        }
        OptionKind::Integer { min, max } => match value.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => {}
            _ => return Err(invalid(format!("give a whole number from {min} to {max}"))),
        },
        OptionKind::Date => {
            if let Err(e) = value.parse::<PartialDate>() {
                return Err(invalid(format!(
                    "{}; write YYYY, YYYY-MM, YYYY-MM-DD or FROM/TO",
                    e.why
                )));
            }
        }
        OptionKind::Url => check_url(value).map_err(|why| invalid(why.to_string()))?,
        OptionKind::Id => {
            let ok = value.parse::<crate::core::model::RecordId>().is_ok()
                || (value.len() <= 15 && value.bytes().all(|b| b.is_ascii_digit()));
            if !ok {
                return Err(invalid(
                    "give a record id such as E12, Q3, A2, F1 or S4".into(),
                ));
            }
        }
        OptionKind::Slug => {
            if !is_key(value) {
                return Err(invalid("a case is named by its slug: lowercase letters, digits and “-”, such as andry-hernandez-romero".into()));
            }
        }
        OptionKind::Choice(choices) => {
            let lower = value.to_lowercase();
            if !choices.contains(&lower.as_str()) {
                return Err(invalid(format!("choose one of {}", choices.join(", "))));
            }
            *value = lower;
        }
    }
    Ok(())
}

/// A record or case key: lowercase ASCII letters, digits and `-`.
pub fn is_key(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Accepts only `http://` and `https://` addresses with a host, and no
/// spaces or control characters.
pub fn check_url(url: &str) -> Result<(), &'static str> {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or("only http:// and https:// addresses are accepted")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() {
        return Err("the address has no host name");
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == '"')
    {
        return Err("addresses cannot contain spaces, quotes, < or >");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_and_positional_forms_agree() {
        let a = parse("/quote speaker:takano").unwrap();
        let b = parse("/quote takano").unwrap();
        let c = parse("quote   takano").unwrap();
        assert_eq!(a.options, b.options);
        assert_eq!(b.options, c.options);
        assert_eq!(a.get("speaker"), Some("takano"));
    }

    #[test]
    fn last_positional_takes_the_rest_and_quotes_group() {
        assert_eq!(
            parse("/search crown tattoo").unwrap().get("query"),
            Some("crown tattoo")
        );
        let p = parse(r#"/update add date:2025-10-01 text:"Rep. X said \"no\"" source:7"#).unwrap();
        assert_eq!(p.spec.path, "update add");
        assert_eq!(p.get("text"), Some("Rep. X said \"no\""));
        assert_eq!(
            parse("/search \"note:x\"").unwrap().get("query"),
            Some("note:x")
        );
        assert_eq!(
            parse("/timeline 2025-03 2025-04").unwrap().get("to"),
            Some("2025-04")
        );
    }

    #[test]
    fn bad_input_is_named() {
        let cases: &[(&str, &str)] = &[
            ("", "Type a command"),
            ("/timelne", "Did you mean /timeline?"),
            ("/quote speker:x text:y", "has no option"),
            ("/person", "needs name:"),
            ("/timeline from:2025-02-30", "that day does not exist"),
            (
                "/source add url:javascript:alert(1) title:t publication:p published:2025",
                "only http:// and https://",
            ),
            ("/update add date:2025 text:\"open", "not closed"),
            ("/cite id:banana", "record id"),
            ("/quote takano page:0", "from 1 to"),
            ("/action frobnicate", "takes “add” or “status”"),
            ("/cite E1 E2", "is not valid"),
            ("/case x y z extra", "is not valid"),
            ("/quote speaker:a speaker:b", "twice"),
        ];
        for (line, expected) in cases {
            let err = parse(line).unwrap_err().to_string();
            assert!(err.contains(expected), "{line:?} gave {err:?}");
        }
        let long = format!("/search {}", "x".repeat(201));
        assert!(parse(&long)
            .unwrap_err()
            .to_string()
            .contains("limit is 200"));
    }

    #[test]
    fn every_spec_is_well_formed() {
        for spec in COMMANDS {
            for name in spec.positional {
                assert!(
                    spec.option(name).is_some(),
                    "{} positional {name}",
                    spec.path
                );
            }
            let mut names: Vec<_> = spec.options.iter().map(|o| o.name).collect();
            names.sort();
            names.dedup();
            assert_eq!(
                names.len(),
                spec.options.len(),
                "{} repeats an option",
                spec.path
            );
        }
    }
}
