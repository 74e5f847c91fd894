//! Bills on record (`/action bill`): how a bill is labelled, what the
//! editor is told was understood, and why a reference is refused.

use super::catalogue;

catalogue! {
    /// Messages about the bills actions name.
    pub enum BillsMsg {
        /// A bill with its Congress; `ordinal` is the English ordinal
        /// (`119th`), `congress` the bare number.
        Label { bill: String, ordinal: String, congress: u32 } =>
            "{bill} ({ordinal})",
            "{bill} ({congress}.º Congreso)",
        /// A reference that matches none of the accepted forms.
        BadReference { text: String } =>
            "“{text}” is not a bill reference. Write it as H.R. 4001, HR 4001, hr4001, H.R. 4001 (119th) or 119-hr-4001; the types are H.R., S., H.J.Res., S.J.Res., H.Con.Res., S.Con.Res., H.Res. and S.Res. Nothing was saved.",
            "«{text}» no es una referencia de proyecto de ley. Escríbela como H.R. 4001, HR 4001, hr4001, H.R. 4001 (119th) o 119-hr-4001; los tipos son H.R., S., H.J.Res., S.J.Res., H.Con.Res., S.Con.Res., H.Res. y S.Res. No se guardó nada.",
        /// `/action bill` on an action of another kind; `kind` is its kind.
        NotABill { record: String, kind: String } =>
            "{record} is a {kind}; only a bill or resolution can name a bill. Nothing was saved.",
            "{record} es de tipo {kind}; solo un proyecto de ley (bill) o una resolución (resolution) puede nombrar uno. No se guardó nada.",
        /// `/action bill` on a retracted action.
        Retracted { record: String } =>
            "{record} was retracted; it cannot name a bill. Nothing was saved.",
            "{record} fue retirada; no puede nombrar un proyecto de ley. No se guardó nada.",
        /// `/action bill` naming the bill the action already names.
        AlreadyNamed { record: String, label: String } =>
            "{record} already names {label}. Nothing changed.",
            "{record} ya nombra {label}. No cambió nada.",
        /// Heading of the confirmation of `/action bill`.
        Recorded => "Bill recorded", "Proyecto de ley registrado",
        /// The reference named its Congress.
        UnderstoodGiven { label: String } =>
            "Understood as {label}.",
            "Entendido como {label}.",
        /// No Congress given: the one in session on the action's date.
        UnderstoodFromDate { label: String, date: String } =>
            "Understood as {label}: no Congress was given, so the one in session on the action's date ({date}) is used. If that is wrong, give it: /action bill … bill:\"… (118th)\".",
            "Entendido como {label}: no se indicó el Congreso, así que se usa el que sesionaba en la fecha de la acción ({date}). Si no es ese, indícalo: /action bill … bill:\"… (118th)\".",
        /// No Congress given and the action has no date: today's.
        UnderstoodFromToday { label: String, date: String } =>
            "Understood as {label}: no Congress was given and the action has no date, so the one in session today ({date}) is used. If that is wrong, give it: /action bill … bill:\"… (118th)\".",
            "Entendido como {label}: no se indicó el Congreso y la acción no tiene fecha, así que se usa el que sesiona hoy ({date}). Si no es ese, indícalo: /action bill … bill:\"… (118th)\".",
        /// Before an action's bill, in `/actions` and `/cite`.
        Bill => "Bill: ", "Proyecto de ley: ",
        /// Cosponsors now, how many of them were original, and how many withdrew.
        Cosponsors { now: usize, original: usize, withdrew: usize } =>
            "Cosponsors: {now} ({original} original); {withdrew} withdrew.",
            "Copatrocinadores: {now} ({original} desde el principio); {withdrew} se retiraron.",
        /// Above an action's earlier statuses in `/cite`.
        HistoryHeading => "Earlier steps, newest first", "Pasos anteriores, del más reciente al más antiguo",
        /// Above a bill's cosponsorships in `/cite`.
        CosponsorsHeading => "Cosponsors, as congress.gov lists them", "Copatrocinadores, según congress.gov",
        /// A status whose event congress.gov no longer lists.
        Vanished { date: String } =>
            " (congress.gov no longer lists this since {date}; kept on record)",
            " (congress.gov ya no lo muestra desde el {date}; se conserva en el registro)",
        /// A member who cosponsored from the start.
        JoinedOriginal { name: String } =>
            "{name} cosponsored it from the start.",
            "{name} lo copatrocinó desde el principio.",
        /// A member who cosponsored later.
        Joined { name: String } =>
            "{name} joined its cosponsors.",
            "{name} se sumó a sus copatrocinadores.",
        /// A member who withdrew.
        Withdrew { name: String } =>
            "{name} withdrew as a cosponsor.",
            "{name} retiró su copatrocinio.",
        /// `/history`: an editor named the action's bill.
        HistoryNamed { at: String, by: String, place: String, label: String } =>
            "Bill named: {label}, recorded {at} by {by}{place}",
            "Proyecto de ley indicado: {label}, registrado el {at} por {by}{place}",
        /// Above the digest's cosponsor changes.
        DigestCosponsors => "Cosponsors", "Copatrocinadores",
        /// `/actions` without `CONGRESS_API_KEY`, when an action names a bill.
        TrackingOff =>
            "Bills are not followed on congress.gov here, so their steps and cosponsors are only what editors recorded. The operator can turn it on by setting CONGRESS_API_KEY (a free key from https://api.data.gov/signup/).",
            "Aquí no se siguen los proyectos de ley en congress.gov, así que sus pasos y copatrocinadores son solo lo que registraron los editores. Quien opera el bot puede activarlo con CONGRESS_API_KEY (una clave gratuita de https://api.data.gov/signup/).",
    }
}
