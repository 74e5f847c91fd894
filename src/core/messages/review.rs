//! Members' suggestions and the review queue (`/suggest`, `/review`).

use super::catalogue;

catalogue! {
    /// Messages of `/suggest` and `/review`.
    pub enum ReviewMsg {
        /// Heading of the confirmation of a suggestion.
        Received => "Suggestion received", "Propuesta recibida",
        /// The confirmation of a suggestion.
        ReceivedNote { id: i64 } =>
            "Thank you. Suggestion #{id} is waiting for the case's editors; it will not appear in answers until one approves it.",
            "Gracias. La propuesta #{id} espera a los editores del caso; no aparecerá en las respuestas hasta que uno la apruebe.",
        /// A user with too many suggestions waiting.
        TooManyPending { max: u32 } =>
            "You already have {max} suggestions waiting for review, the most one person may have; you can suggest again as soon as an editor has decided on one of them. Nothing was saved.",
            "Ya tienes {max} propuestas esperando revisión, el máximo por persona; podrás proponer de nuevo en cuanto un editor decida sobre alguna. No se guardó nada.",
        /// A place that sent too many suggestions in the last hour.
        PlaceBusy { max: u32, at: String } =>
            "This place has sent {max} suggestions in the last hour, the most it may; try again after {at} UTC. Nothing was saved.",
            "Desde este lugar se enviaron {max} propuestas en la última hora, el máximo; inténtalo de nuevo después de las {at} UTC. No se guardó nada.",
        /// Heading of an empty queue.
        Suggestions => "Suggestions", "Propuestas",
        /// An empty queue.
        NoneWaiting => "No suggestions are waiting.", "No hay propuestas pendientes.",
        /// Heading of the queue.
        Waiting => "Suggestions waiting for review", "Propuestas pendientes de revisión",
        /// Above the queue.
        Unverified =>
            "Unverified proposals from members, not part of the record until approved:",
            "Propuestas sin verificar de miembros; no forman parte del registro hasta que se aprueben:",
        /// Below the queue.
        HowToDecide =>
            "Decide with /review id:N decision:approve, or decision:reject reason:\"…\".",
            "Decide con /review id:N decision:approve, o decision:reject reason:\"…\".",
        /// Which page of the queue this is.
        Page { page: u64, pages: u64, total: u64 } =>
            "Page {page} of {pages} ({total} waiting); /review page:N shows another.",
            "Página {page} de {pages} ({total} pendientes); /review page:N muestra otra.",
        /// A page past the end of the queue.
        NoSuchPage { page: u64, pages: u64 } =>
            "There is no page {page}; the queue has {pages}.",
            "No existe la página {page}; la cola tiene {pages}.",
        /// One suggestion in the queue.
        Line { id: i64, by: String, from: String, at: String, date: String, text: String, source: String } =>
            "#{id} by {by} from {from} ({at}): [{date}] {text} — {source}",
            "#{id} de {by} desde {from} ({at}): [{date}] {text} — {source}",
        /// Where a suggestion came from, when the store does not know.
        UnknownPlace => "an unrecorded place", "un lugar no registrado",
        /// A Discord server and channel.
        DiscordChannel { guild: String, channel: String } =>
            "Discord server {guild}, channel {channel}",
            "servidor de Discord {guild}, canal {channel}",
        /// A Discord direct message.
        DiscordDm { channel: String } =>
            "a Discord direct message (channel {channel})",
            "un mensaje directo de Discord (canal {channel})",
        /// A Matrix room.
        MatrixRoom { room: String } => "Matrix room {room}", "sala de Matrix {room}",
        /// A watched feed (`/watch add`), which proposes articles itself.
        FromFeed { id: i64 } => "watched feed #{id}", "el canal vigilado #{id}",
        /// The local console.
        Console => "the local console", "la consola local",
        /// A suggestion's new source, inline.
        NewSource { publication: String, title: String, published: String, url: String } =>
            "new source: {publication}: “{title}”, {published}, {url}",
            "fuente nueva: {publication}: «{title}», {published}, {url}",
        /// A decision without an id.
        WhichOne =>
            "Say which suggestion: /review id:N decision:approve.",
            "Indica qué propuesta: /review id:N decision:approve.",
        /// An unknown suggestion.
        NoSuchSuggestion { id: i64 } =>
            "There is no suggestion #{id}; /review lists those waiting.",
            "No existe la propuesta #{id}; /review muestra las pendientes.",
        /// A suggestion decided before.
        AlreadyApproved { id: i64, by: String } =>
            "Suggestion #{id} was already approved by {by}; nothing was changed.",
            "La propuesta #{id} ya fue aprobada por {by}; no se cambió nada.",
        /// A suggestion decided before.
        AlreadyRejected { id: i64, by: String } =>
            "Suggestion #{id} was already rejected by {by}; nothing was changed.",
            "La propuesta #{id} ya fue rechazada por {by}; no se cambió nada.",
        /// How to approve one suggestion.
        HowToApprove { id: i64 } =>
            "Approve with /review id:{id} decision:approve.",
            "Apruébala con /review id:{id} decision:approve.",
        /// A rejection without a reason.
        RejectNeedsReason =>
            "Rejecting needs reason:, so the member knows why. Nothing was changed.",
            "Rechazar necesita reason:, para que el miembro sepa por qué. No se cambió nada.",
        /// Heading of a rejection.
        Rejected => "Suggestion rejected", "Propuesta rechazada",
        /// The confirmation of a rejection.
        RejectedNote { id: i64 } => "#{id} is kept with your reason.", "#{id} se conserva con tu motivo.",
        /// A suggestion whose source was retracted since.
        SourceRetracted { id: i64 } =>
            "The source of #{id} was retracted; reject it instead.",
            "La fuente de #{id} fue retirada; recházala.",
        /// A stored suggestion that cannot be read back (a date or source
        /// that no longer parses).
        Unreadable { id: i64 } =>
            "Suggestion #{id} cannot be approved as stored (its date or source no longer reads); reject it and ask for it again. Nothing was changed.",
            "La propuesta #{id} no se puede aprobar tal como está guardada (su fecha o su fuente ya no se leen); recházala y pide que la envíen de nuevo. No se cambió nada.",
        /// Heading of an approval.
        Approved => "Suggestion approved", "Propuesta aprobada",
        /// The confirmation of an approval.
        ApprovedNote { id: i64, event: i64 } =>
            "#{id} is now E{event} on the timeline.",
            "#{id} es ahora E{event} en la cronología.",
    }
}
