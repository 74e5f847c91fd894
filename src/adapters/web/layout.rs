//! The page around every answer: the document head (language, viewport,
//! canonical address, OpenGraph and Twitter card meta, the case's feed),
//! the skip link, the header with the case's navigation and the language
//! switch, `main`, and the footer. Built with maud, so every value is
//! escaped; the style sheet is inline and small, and there is no script.

use maud::{html, Markup, DOCTYPE};

use super::query;
use crate::core::i18n::Locale;
use crate::core::messages::site::SiteMsg;
use crate::render::html::Links;

/// Readable on a phone, AA contrast (body text 16:1, links 7:1, muted text
/// 7:1 on white), and a focus ring no one can miss.
const STYLE: &str = "\
:root{color-scheme:light}\
body{margin:0;font:1.0625rem/1.55 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;background:#fff}\
header,main,footer{max-width:46rem;margin:0 auto;padding:0 1rem}\
header{border-bottom:1px solid #ccc;padding-bottom:.5rem}\
nav ul{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}\
a{color:#0b4fa8}a:visited{color:#5b2a86}\
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #b34700;outline-offset:2px}\
.skip{position:absolute;left:-999rem}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}\
.site{font-weight:700;margin:.75rem 0 0}\
h1{font-size:1.6rem;line-height:1.25}h2{font-size:1.2rem;margin-top:1.75rem}\
ul.facts{padding-left:1.1rem}li.fact{margin:.5rem 0}\
time.date{font-weight:600}a.cite{text-decoration:none;font-size:.85em}\
a.record,code{font-family:ui-monospace,monospace;font-size:.9em}\
.note,.paging,footer{color:#3d3d3d}\
.sources ol{padding-left:1.6rem}.sources li{margin:.4rem 0;overflow-wrap:anywhere}\
.sources li:target{background:#fff3c4}\
form{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:1rem 0}\
label{display:flex;flex-direction:column;font-size:.9rem}\
input{font:inherit;padding:.3rem;border:1px solid #767676;border-radius:3px}\
button{font:inherit;padding:.35rem .9rem;border:1px solid #0b4fa8;background:#0b4fa8;color:#fff;border-radius:3px}\
.paging a{margin-right:1rem}\
footer{border-top:1px solid #ccc;margin-top:2rem;padding-bottom:1rem;font-size:.9rem}";

/// What the page around an answer needs to know.
pub struct Chrome<'a> {
    pub loc: Locale,
    /// The page's `h1` and `<title>`.
    pub title: &'a str,
    /// The link preview's text: a statement with its source where there is one.
    pub description: String,
    /// The request's path, for the canonical address and the language switch.
    pub path: &'a str,
    /// The request's query pairs other than `lang`, kept by the language switch.
    pub query: &'a [(String, String)],
    pub links: Links<'a>,
    /// `CASEWATCH_PUBLIC_URL`, without a trailing `/`.
    pub public_url: Option<&'a str>,
    /// The case the page belongs to: its key and title, for the navigation.
    pub case: Option<(&'a str, &'a str)>,
}

impl Chrome<'_> {
    /// The page's address with `lang` set to `lang` (or left out).
    fn address(&self, lang: Option<Locale>) -> String {
        let mut parts: Vec<String> = self
            .query
            .iter()
            .map(|(k, v)| [query::encode(k), query::encode(v)].join("="))
            .collect();
        if let Some(lang) = lang {
            parts.push(["lang=", lang.code()].concat());
        }
        if parts.is_empty() {
            self.path.to_string()
        } else {
            [self.path, "?", &parts.join("&")].concat()
        }
    }

    fn absolute(&self, address: &str) -> String {
        match self.public_url {
            Some(base) => [base, address].concat(),
            None => address.to_string(),
        }
    }
}

/// OpenGraph's locale code (a language and territory).
fn og_locale(loc: Locale) -> &'static str {
    match loc {
        Locale::En => "en_US",
        Locale::Es => "es_ES",
    }
}

/// The whole HTML document around `main`.
pub fn document(chrome: &Chrome<'_>, main: Markup) -> String {
    let loc = chrome.loc;
    let other = match loc {
        Locale::En => Locale::Es,
        Locale::Es => Locale::En,
    };
    let here = chrome.address(chrome.links.lang);
    let canonical = chrome.absolute(&here);
    let page_title = match chrome.case {
        Some((_, case)) if case != chrome.title => [chrome.title, " · ", case].concat(),
        _ => chrome.title.to_string(),
    };
    let nav = |key: &str, rest: &str| chrome.links.local(&["/", key, rest].concat());
    html! {
        (DOCTYPE)
        html lang=(loc.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (page_title) }
                // No icon to fetch: without this every page view also asks
                // for /favicon.ico and logs a 404.
                link rel="icon" href="data:,";
                meta name="description" content=(chrome.description);
                link rel="canonical" href=(canonical);
                link rel="alternate" hreflang=(other.code()) href=(chrome.absolute(&chrome.address(Some(other))));
                @if let Some((key, case)) = chrome.case {
                    link rel="alternate" type="application/atom+xml" title=(case) href=(chrome.absolute(&chrome.links.local(&["/", key, "/feed.atom"].concat())));
                }
                meta property="og:type" content="article";
                meta property="og:title" content=(page_title);
                meta property="og:description" content=(chrome.description);
                meta property="og:locale" content=(og_locale(loc));
                @if chrome.public_url.is_some() {
                    meta property="og:url" content=(canonical);
                }
                meta name="twitter:card" content="summary";
                meta name="twitter:title" content=(page_title);
                meta name="twitter:description" content=(chrome.description);
                style { (maud::PreEscaped(STYLE)) }
            }
            body {
                a.skip href="#main" { (SiteMsg::SkipToContent.say(loc)) }
                header {
                    p.site { a href=(chrome.links.local("/")) { "casewatch" } }
                    nav aria-label=(SiteMsg::Navigation.say(loc)) {
                        ul {
                            @if let Some((key, _)) = chrome.case {
                                li { a href=(nav(key, "")) { (SiteMsg::NavCase.say(loc)) } }
                                li { a href=(nav(key, "/timeline")) { (SiteMsg::NavTimeline.say(loc)) } }
                                li { a href=(nav(key, "/quotes")) { (SiteMsg::NavQuotes.say(loc)) } }
                                li { a href=(nav(key, "/actions")) { (SiteMsg::NavActions.say(loc)) } }
                                li { a href=(nav(key, "/sources")) { (SiteMsg::NavSources.say(loc)) } }
                            } @else {
                                li { a href=(chrome.links.local("/")) { (SiteMsg::NavHome.say(loc)) } }
                            }
                            li {
                                a.lang href=(chrome.address(Some(other))) hreflang=(other.code()) lang=(other.code()) {
                                    (SiteMsg::OtherLanguage.say(loc))
                                }
                            }
                        }
                    }
                }
                main #main tabindex="-1" {
                    h1 { (chrome.title) }
                    (main)
                }
                footer {
                    p { (SiteMsg::Footer.say(loc)) }
                    @if let Some((key, _)) = chrome.case {
                        // The exports follow the reader's language, so their
                        // links keep a chosen one like every other link.
                        @let export = |file: &str| chrome.links.local(&["/", key, "/", file].concat());
                        p.exports {
                            a href=(export("feed.atom")) type="application/atom+xml" { (SiteMsg::Feed.say(loc)) }
                            " · " a href=(export("calendar.ics")) type="text/calendar" { (SiteMsg::Calendar.say(loc)) }
                            " · " a href=(export("timeline.json")) type="application/json" { "TimelineJS (JSON)" }
                            " · " a href=(export("timeline.csv")) type="text/csv" { "TimelineJS (CSV)" }
                            " · " (SiteMsg::Tables.say(loc)) ":"
                            @for table in super::files::TABLES {
                                " " a href=(export(&["csv/", table].concat())) type="text/csv" { (table) }
                            }
                        }
                    }
                }
            }
        }
    }
    .into_string()
}
