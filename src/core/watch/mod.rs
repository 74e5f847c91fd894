//! Watched feeds, the commands: `/watch add` and `/watch remove` (the
//! case's editors; audited, a removal is soft) and `/watch list` (anyone).
//! Polling lives in `crate::watch` (feature `net`); deciding which feed
//! items become suggestions lives in [`items`], pure and testable.

pub mod items;

use crate::core::command::ParsedCommand;
use crate::core::i18n::Locale;
use crate::core::messages::watch::WatchMsg;
use crate::core::reply::{Reply, ReplyKind};
use crate::core::{Core, CoreError, Ctx, Invocation};
use crate::store::{Store, Watch};

/// Most keywords one watch takes.
pub const MAX_KEYWORDS: usize = 20;

fn refused(msg: WatchMsg, loc: Locale) -> CoreError {
    CoreError::Invalid(msg.say(loc))
}

/// `/watch add` and `/watch remove`, after the editors check.
pub fn command(
    core: &Core,
    store: &mut Store,
    inv: &Invocation,
    cmd: &ParsedCommand,
) -> Result<Reply, CoreError> {
    let loc = inv.locale;
    let case = core.ctx(store, cmd, loc).case()?;
    match cmd.spec.path {
        "watch add" => {
            let url = cmd.required("url");
            if !web_address(url) {
                return Err(refused(
                    WatchMsg::BadAddress {
                        url: url.to_string(),
                    },
                    loc,
                ));
            }
            let keywords = keywords(cmd.get("keywords"), loc)?;
            // Checked against the option's bounds (5 to 10080) when parsed.
            let interval = cmd.get("interval").and_then(|m| m.parse::<u32>().ok());
            // Checked in the write's own transaction: a second process
            // adding the same feed at once gets the existing watch named.
            let added = store.write_at(&inv.actor.id, &inv.place, |w| {
                w.add_watch(case.id, url, &keywords, interval)
            })?;
            let id = match added {
                Ok(id) => id,
                Err(existing) => {
                    return Err(refused(
                        WatchMsg::AlreadyWatched {
                            id: existing,
                            url: url.to_string(),
                        },
                        loc,
                    ))
                }
            };
            let mut reply = Reply::new(ReplyKind::Confirmation, WatchMsg::Added.say(loc));
            reply.note(
                WatchMsg::AddedNote {
                    id,
                    url: url.to_string(),
                }
                .say(loc),
            );
            Ok(reply)
        }
        _ => {
            let id = cmd
                .required("id")
                .parse::<i64>()
                .expect("validated by the parser");
            let watch = match store.watch(id)? {
                Some(w) if w.case_id == case.id && w.removed_at.is_none() => w,
                _ => return Err(refused(WatchMsg::NoSuchWatch { id }, loc)),
            };
            let removed = store.write_at(&inv.actor.id, &inv.place, |w| w.remove_watch(id))?;
            if !removed {
                return Err(refused(WatchMsg::NoSuchWatch { id }, loc));
            }
            let mut reply = Reply::new(ReplyKind::Confirmation, WatchMsg::Removed.say(loc));
            reply.note(WatchMsg::RemovedNote { id, url: watch.url }.say(loc));
            Ok(reply)
        }
    }
}

/// `/watch list`: every live watch with its health.
pub fn list(ctx: &Ctx<'_>) -> Result<Reply, CoreError> {
    let loc = ctx.loc;
    let case = ctx.case()?;
    let watches = ctx.store.watches(case.id)?;
    let heading = WatchMsg::ListHeading { case: case.key }.say(loc);
    if watches.is_empty() {
        let mut reply = Reply::new(ReplyKind::Empty, heading);
        reply.note(WatchMsg::NoneWatched.say(loc));
        return Ok(reply);
    }
    let mut reply = Reply::new(ReplyKind::Answer, heading);
    for watch in &watches {
        reply.note(line(watch, loc));
    }
    Ok(reply)
}

/// A failure as the poller stored it (`kind:detail`), in the reader's
/// language; the detail (a parser's or the network's own words) is kept
/// as it is. A text in no known form is shown as stored.
pub fn failure_words(stored: &str, loc: Locale) -> String {
    let (kind, detail) = stored.split_once(':').unwrap_or((stored, ""));
    let detail = detail.to_string();
    let msg = match kind {
        "http" => WatchMsg::FailHttp { status: detail },
        "feed" => WatchMsg::FailNotAFeed { detail },
        "redirects" => WatchMsg::FailRedirects { max: detail },
        "bad-redirect" => WatchMsg::FailBadRedirect,
        "too-large" => WatchMsg::FailTooLarge { bytes: detail },
        "address" => WatchMsg::FailAddress,
        "transport" => {
            let (what, detail) = detail.split_once(':').unwrap_or((detail.as_str(), ""));
            let detail = detail.to_string();
            match what {
                "timeout" => WatchMsg::FailTimeout,
                "dns" => WatchMsg::FailDns { detail },
                "tls" => WatchMsg::FailTls { detail },
                "refused" => WatchMsg::FailRefused,
                "reset" => WatchMsg::FailReset,
                _ => WatchMsg::FailNetwork { detail },
            }
        }
        "client" => WatchMsg::FailNetwork { detail },
        _ => return stored.to_string(),
    };
    msg.say(loc)
}

/// One watch, in words.
pub fn line(watch: &Watch, loc: Locale) -> String {
    let keywords = if watch.keywords.is_empty() {
        WatchMsg::PeopleOnly.say(loc)
    } else {
        watch.keywords.join(", ")
    };
    let state = match (&watch.last_error, &watch.last_success_at) {
        (Some(error), last) if watch.failures > 0 => WatchMsg::Failing {
            failures: watch.failures,
            error: failure_words(error, loc),
            last: last.clone().unwrap_or_else(|| WatchMsg::Never.say(loc)),
            next: watch.next_poll_at.clone().unwrap_or_default(),
        },
        (_, Some(at)) => WatchMsg::Healthy { at: at.clone() },
        _ => WatchMsg::NotPolled,
    };
    WatchMsg::Line {
        id: watch.id,
        url: watch.url.clone(),
        title: watch
            .feed_title
            .as_ref()
            .map(|t| format!(" ({t})"))
            .unwrap_or_default(),
        keywords,
        every: match watch.interval_minutes {
            Some(minutes) => WatchMsg::Every { minutes }.say(loc),
            None => WatchMsg::EveryDefault.say(loc),
        },
        state: state.say(loc),
    }
    .say(loc)
}

/// An address the HTTP client will fetch: http or https with a host.
fn web_address(url: &str) -> bool {
    #[cfg(feature = "net")]
    {
        crate::net::web_address(url).is_ok()
    }
    #[cfg(not(feature = "net"))]
    {
        crate::core::command::check_url(url).is_ok()
    }
}

/// `keywords:` as a list: comma-separated, trimmed, each with a word in it.
fn keywords(given: Option<&str>, loc: Locale) -> Result<Vec<String>, CoreError> {
    let Some(given) = given else {
        return Ok(Vec::new());
    };
    let mut out: Vec<String> = Vec::new();
    for keyword in given.split(',').map(str::trim) {
        if crate::core::people::fold(keyword).is_empty() {
            continue;
        }
        if !out.iter().any(|k| k.eq_ignore_ascii_case(keyword)) {
            out.push(keyword.to_string());
        }
    }
    if out.is_empty() {
        return Err(refused(
            WatchMsg::NoKeywords {
                given: given.to_string(),
            },
            loc,
        ));
    }
    if out.len() > MAX_KEYWORDS {
        return Err(refused(
            WatchMsg::TooManyKeywords {
                count: out.len(),
                max: MAX_KEYWORDS,
            },
            loc,
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_failure_is_told_in_the_readers_language() {
        assert_eq!(
            failure_words("transport:timeout:no answer within 10 s", Locale::Es),
            "sin respuesta dentro del tiempo límite"
        );
        assert_eq!(
            failure_words("feed:unexpected end of input", Locale::En),
            "the answer is not a readable RSS or Atom feed (unexpected end of input)"
        );
        assert_eq!(
            failure_words("http:404", Locale::Es),
            "el servidor del canal respondió HTTP 404"
        );
        // A text in no known form is shown as it was stored.
        assert_eq!(
            failure_words("something else", Locale::En),
            "something else"
        );
    }
}
