//! Command parsing and option errors (core/command), and why a date or an
//! address is refused.

use super::catalogue;

catalogue! {
    /// Messages of this area.
    pub enum UsageMsg {
        /// Nothing was typed.
        Empty =>
            "Type a command, for example /timeline. /help lists them all.",
            "Escribe una orden, por ejemplo /timeline. /help las muestra todas.",
        /// A double quote was opened and never closed.
        UnclosedQuote =>
            "A double quote (\") is not closed. Put quotes around values with spaces: text:\"two words\".",
            "Falta cerrar unas comillas dobles (\"). Pon entre comillas los valores con espacios: text:\"dos palabras\".",
        /// No command has that name; `hint` is a [`UsageMsg::DidYouMean`] or [`UsageMsg::Takes`], or empty.
        UnknownCommand { name: String, hint: String } =>
            "There is no command “/{name}”.{hint} /help lists them all.",
            "No existe la orden «/{name}».{hint} /help las muestra todas.",
        /// The command has no option of that name; `known` lists its options.
        UnknownOption { command: String, option: String, hint: String, known: String } =>
            "/{command} has no option “{option}”.{hint} Its options: {known}.",
            "/{command} no tiene la opción «{option}».{hint} Sus opciones: {known}.",
        /// The same option twice.
        DuplicateOption { command: String, option: String } =>
            "/{command} got “{option}:” twice; give it once.",
            "/{command} recibió «{option}:» dos veces; dala una sola vez.",
        /// More bare words than the command takes.
        UnexpectedWord { command: String, word: String, example: String } =>
            "/{command} does not take “{word}” without a name. Write it as option:value, for example {example}.",
            "/{command} no admite «{word}» sin nombre. Escríbelo como opción:valor, por ejemplo {example}.",
        /// Required options are missing; `list` is joined with [`UsageMsg::And`].
        MissingOption { command: String, list: String, usage: String } =>
            "/{command} needs {list}. Usage: {usage}",
            "/{command} necesita {list}. Uso: {usage}",
        /// A value is over its length limit.
        TooLong { option: String, len: usize, max: usize } =>
            "“{option}:” is {len} characters long; the limit is {max}. Shorten it and try again.",
            "«{option}:» tiene {len} caracteres; el límite es {max}. Acórtalo y vuelve a intentarlo.",
        /// A value is empty.
        EmptyValue { option: String } =>
            "“{option}:” is empty; give it a value.",
            "«{option}:» está vacía; dale un valor.",
        /// A value has the wrong shape; `why` is one of the reasons below.
        InvalidValue { option: String, value: String, why: String } =>
            "“{option}:{value}” is not valid: {why}",
            "«{option}:{value}» no es válido: {why}",
        /// The hint of an unknown name close to a known one (`name` has its `/`).
        DidYouMean { name: String } =>
            " Did you mean {name}?",
            " ¿Quisiste decir {name}?",
        /// The hint of an unknown subcommand; `list` is joined with [`UsageMsg::Or`].
        Takes { root: String, list: String } =>
            " /{root} takes {list}.",
            " /{root} admite {list}.",
        /// A word quoted inside a sentence.
        Quoted { text: String } =>
            "“{text}”",
            "«{text}»",
        /// Joins the last two items of a list.
        And =>
            " and ",
            " y ",
        /// Joins alternatives.
        Or =>
            " or ",
            " o ",
        /// Why a text value is refused.
        ControlCharacters =>
            "it contains control characters",
            "contiene caracteres de control",
        /// Why a number is refused.
        WholeNumber { min: i64, max: i64 } =>
            "give a whole number from {min} to {max}",
            "da un número entero de {min} a {max}",
        /// Why a date is refused; `why` is one of the `Date…` reasons.
        BadDate { why: String } =>
            "{why}; write YYYY, YYYY-MM, YYYY-MM-DD or FROM/TO",
            "{why}; escribe AAAA, AAAA-MM, AAAA-MM-DD o DESDE/HASTA",
        /// Why a record id is refused.
        BadRecordId =>
            "give a record id such as E12, Q3, A2, F1 or S4",
            "da un id de registro como E12, Q3, A2, F1 o S4",
        /// Why a case slug is refused.
        BadSlug =>
            "a case is named by its slug: lowercase letters, digits and “-”, such as andry-hernandez-romero",
            "un caso se nombra por su identificador: minúsculas, dígitos y «-», como andry-hernandez-romero",
        /// Why a choice is refused; `list` is the choices, comma-separated.
        Choose { list: String } =>
            "choose one of {list}",
            "elige una de estas: {list}",
        /// A date: nothing was given.
        DateEmpty =>
            "it is empty",
            "está vacía",
        /// A date: the range ends before it starts.
        DateBackwards =>
            "the range ends before it starts",
            "el intervalo termina antes de empezar",
        /// A date: a part is not all digits, or not of the right length.
        DateDigits =>
            "each part must be digits (4 for the year, 2 for month and day)",
            "cada parte deben ser dígitos (4 para el año, 2 para mes y día)",
        /// A date: a part is not a number.
        DateNotNumber =>
            "a part is not a number",
            "una parte no es un número",
        /// A date: the month is out of range.
        DateMonth =>
            "the month must be 01 to 12",
            "el mes debe ir de 01 a 12",
        /// A date: the day does not exist.
        DateNoSuchDay =>
            "that day does not exist in that month",
            "ese día no existe en ese mes",
        /// A date: more than year, month and day.
        DateTooManyParts =>
            "it has too many parts",
            "tiene demasiadas partes",
        /// An address: not http(s).
        UrlScheme =>
            "only http:// and https:// addresses are accepted",
            "solo se aceptan direcciones http:// y https://",
        /// An address: no host.
        UrlNoHost =>
            "the address has no host name",
            "la dirección no tiene nombre de servidor",
        /// An address: a character that cannot be in one.
        UrlCharacters =>
            "addresses cannot contain spaces, quotes, < or >",
            "las direcciones no pueden contener espacios, comillas, < ni >",
    }
}
