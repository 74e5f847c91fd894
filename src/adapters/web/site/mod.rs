//! The public site's pages: an address in, a page out (status, HTML,
//! validator); the case's pages themselves are in [`pages`]. The server calls [`Site::page`] on the blocking pool; the
//! bench and the tests call it without a socket.
//!
//! Each page is a core answer: the site builds the same command a chat
//! user would send (`/timeline from:… tag:…`), through the same checks, so
//! a bad value gets the same polite sentence, as a 400 page. Addresses:
//!
//! | path | answer |
//! |---|---|
//! | `/` | the cases, each with its cited summary |
//! | `/{case}` | `/case` |
//! | `/{case}/timeline?from=&to=&tag=&page=` | `/timeline` |
//! | `/{case}/quotes?speaker=&text=&page=` | `/quote` |
//! | `/{case}/actions?status=` | `/actions` |
//! | `/{case}/people/{key}` | `/person` |
//! | `/{case}/sources?page=`, `/{case}/sources/{S5}` | `/sources` |
//! | `/{case}/r/{E12}` | `/cite` and `/history`; 410 when retracted |

use std::sync::Arc;

use hyper::header::{ACCEPT_LANGUAGE, IF_NONE_MATCH};
use hyper::Request;
use maud::{html, Markup};

use super::layout::{self, Chrome};
use super::{files, query};

mod pages;
use crate::core::i18n::Locale;
use crate::core::messages::site::SiteMsg;
use crate::core::messages::store::StoreMsg;
use crate::core::{Core, CoreError};
use crate::export::ExportError;
use crate::render::html::Links;
use crate::store::CaseRow;

/// What a page request carries that a page depends on.
#[derive(Debug, Clone, Default)]
pub struct Asked {
    pub path: String,
    pub query: String,
    pub accept_language: Option<String>,
    pub if_none_match: Option<String>,
}

impl Asked {
    /// A request for `address` (`/case/timeline?from=2025`), with no headers.
    pub fn get(address: &str) -> Self {
        let (path, query) = address.split_once('?').unwrap_or((address, ""));
        Asked {
            path: path.to_string(),
            query: query.to_string(),
            ..Asked::default()
        }
    }

    pub fn from_request<B>(request: &Request<B>) -> Self {
        let header = |name| {
            request
                .headers()
                .get(name)
                .and_then(|v: &hyper::header::HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        Asked {
            path: request.uri().path().to_string(),
            query: request.uri().query().unwrap_or("").to_string(),
            accept_language: header(ACCEPT_LANGUAGE),
            if_none_match: header(IF_NONE_MATCH),
        }
    }
}

/// A page to send.
#[derive(Debug, Clone)]
pub struct Page {
    pub status: u16,
    pub body: Vec<u8>,
    pub content_type: &'static str,
    /// Set on pages a cache may keep (200 and 410); a 304 has it too.
    pub etag: Option<String>,
}

/// The HTML content type of every page.
const HTML: &str = "text/html; charset=utf-8";

/// Builds the site's pages from the core's answers.
pub struct Site {
    core: Arc<Core>,
    public_url: Option<String>,
    exports: files::ExportCache,
}

/// Why a page is not the page asked for.
enum Refusal {
    /// 404, with the sentence saying what is not there.
    NotFound(String),
    /// 400, with the sentence saying what was wrong.
    Bad(String),
    /// 500: the store failed; the error's full chain, for the log.
    Failed(String),
}

impl From<CoreError> for Refusal {
    fn from(err: CoreError) -> Self {
        match err {
            CoreError::Invalid(sentence) => Refusal::Bad(sentence),
            other => Refusal::Failed(format!("{other:#}")),
        }
    }
}

/// What every page of a request shares.
struct Ctx<'a> {
    loc: Locale,
    links: Links<'a>,
    path: &'a str,
    query: Vec<(String, String)>,
}

/// An answer laid out: status, title, the case it belongs to, content.
struct Built {
    status: u16,
    title: String,
    description: Option<String>,
    case: Option<CaseRow>,
    main: Markup,
}

impl Site {
    pub fn new(core: Arc<Core>, public_url: Option<String>) -> Self {
        Site {
            core,
            public_url,
            exports: files::ExportCache::default(),
        }
    }

    /// The page for a request. Never fails: an unknown address is a 404
    /// page, a bad value a 400 page, in the reader's language.
    pub fn page(&self, asked: &Asked) -> Page {
        let mut pairs = query::pairs(&asked.query);
        let lang = pairs
            .iter()
            .position(|(name, _)| name == "lang")
            .map(|at| pairs.remove(at).1);
        let heard = query::accepted(asked.accept_language.as_deref());
        let (loc, chosen) = match lang.as_deref().map(query::chosen) {
            None => (heard, None),
            Some(Ok(loc)) => (loc, Some(loc)),
            Some(Err(value)) => {
                let ctx = Ctx {
                    loc: heard,
                    links: Links {
                        case: None,
                        lang: None,
                    },
                    path: &asked.path,
                    query: pairs,
                };
                let sentence = SiteMsg::BadLanguage { value }.say(heard);
                return self.finish(&ctx, self.refusal(&ctx, Refusal::Bad(sentence)), None);
            }
        };
        let etag = self.etag(loc);
        if let (Some(etag), Some(given)) = (&etag, &asked.if_none_match) {
            let matches = given
                .split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == etag || t == "*");
            if matches {
                return Page {
                    status: 304,
                    body: Vec::new(),
                    content_type: HTML,
                    etag: Some(etag.clone()),
                };
            }
        }
        let path = asked.path.as_str();
        let segments: Vec<String> = path
            .trim_start_matches('/')
            .trim_end_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .map(query::decode)
            .collect();
        let case_key = segments.first().map(String::as_str);
        let ctx = Ctx {
            loc,
            links: Links {
                case: case_key,
                lang: chosen,
            },
            path,
            query: pairs,
        };
        if let Some(page) = self.export(&ctx, &segments, etag.as_deref()) {
            return page;
        }
        let built = match self.route(&ctx, &segments) {
            Ok(built) => built,
            Err(refusal) => self.refusal(&ctx, refusal),
        };
        let cacheable = matches!(built.status, 200 | 410);
        self.finish(&ctx, built, etag.filter(|_| cacheable))
    }

    /// How many exports this site has built (not served from its cache).
    pub fn export_builds(&self) -> u64 {
        self.exports.builds()
    }

    /// An export file, when the address names one (`/{case}/feed.atom`).
    fn export(&self, ctx: &Ctx<'_>, segments: &[String], etag: Option<&str>) -> Option<Page> {
        let parts: Vec<&str> = segments.iter().map(String::as_str).collect();
        let (case, rest) = parts.split_first()?;
        let (format, name) = files::wanted(rest)?;
        let public_url = self.public_url.as_deref();
        let built = self
            .exports
            .file(&self.core, case, format, name, public_url, ctx.loc, etag);
        let refused = match built {
            Ok(Some(file)) => {
                return Some(Page {
                    status: 200,
                    body: file.bytes,
                    content_type: file.content_type,
                    etag: etag.map(str::to_string),
                })
            }
            Ok(None) => Refusal::NotFound(
                SiteMsg::NoSuchPage {
                    path: ctx.path.to_string(),
                }
                .say(ctx.loc),
            ),
            Err(ExportError::NoSuchCase { case, .. }) => {
                Refusal::NotFound(SiteMsg::NoSuchCase { case }.say(ctx.loc))
            }
            Err(err) => Refusal::Failed(format!("{err:#}")),
        };
        Some(self.finish(ctx, self.refusal(ctx, refused), None))
    }

    /// `"v{crate version}-{last audit id}.{last link change}-{today}-{language}"`:
    /// a page changes when the record changes (every write is audited),
    /// when a source's link status changes (a source marked "address
    /// gone" that answers again writes no audit entry), when the day
    /// changes (the case card counts days), or with a new release. The
    /// export cache keys on it too.
    fn etag(&self, loc: Locale) -> Option<String> {
        let change = self.core.last_change().ok()?;
        let link_change = self.core.last_link_change().ok()?;
        Some(
            [
                "\"v",
                env!("CARGO_PKG_VERSION"),
                "-",
                &change.to_string(),
                ".",
                &link_change.to_string(),
                "-",
                &self.core.today().to_string(),
                "-",
                loc.code(),
                "\"",
            ]
            .concat(),
        )
    }

    fn finish(&self, ctx: &Ctx<'_>, built: Built, etag: Option<String>) -> Page {
        let case = built
            .case
            .as_ref()
            .map(|c| (c.key.as_str(), c.title.as_str()));
        let chrome = Chrome {
            loc: ctx.loc,
            title: &built.title,
            description: built
                .description
                .unwrap_or_else(|| SiteMsg::SiteDescription.say(ctx.loc)),
            path: ctx.path,
            query: &ctx.query,
            links: Links {
                case: case.map(|(key, _)| key),
                lang: ctx.links.lang,
            },
            public_url: self.public_url.as_deref(),
            case,
        };
        Page {
            status: built.status,
            body: layout::document(&chrome, built.main).into_bytes(),
            content_type: HTML,
            etag,
        }
    }

    fn refusal(&self, ctx: &Ctx<'_>, refusal: Refusal) -> Built {
        let loc = ctx.loc;
        let (status, title, sentence) = match refusal {
            Refusal::NotFound(sentence) => (404, SiteMsg::NotFoundTitle.say(loc), sentence),
            Refusal::Bad(sentence) => (400, SiteMsg::BadRequestTitle.say(loc), sentence),
            Refusal::Failed(err) => {
                tracing::error!(path = ctx.path, "a page could not be built: {err}");
                (
                    500,
                    SiteMsg::FailureTitle.say(loc),
                    StoreMsg::Failure.say(loc),
                )
            }
        };
        Built {
            status,
            title,
            description: Some(sentence.clone()),
            case: None,
            main: html! { p.error role="alert" { (sentence) } },
        }
    }
}
