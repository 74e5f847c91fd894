//! Paging state carried in a button's `custom_id`, so Previous/Next keep
//! working after a restart and on any instance behind a load balancer.
//!
//! Layout: `pg|<command path>|<page>|<part>|<option>=<value>|…`, at most
//! 100 characters (Discord's limit). `part` is the part of a reply page
//! that did not fit one message, or `L` for "the last part" (Previous from
//! the first part of a page). `%` and `|` in values are percent-encoded.

use crate::core::command::{spec, CommandSpec};
use crate::render::discord::limits;

const PREFIX: &str = "pg";

/// Which part of a reply page to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Index(usize),
    Last,
}

/// Where a paging button leads.
#[derive(Debug, Clone)]
pub struct PageTarget {
    pub command: &'static CommandSpec,
    /// The command's options other than `page`.
    pub options: Vec<(String, String)>,
    /// 1-based reply page.
    pub page: u32,
    pub part: Part,
}

/// Only community commands with a `page` option can be paged by a button:
/// a button can never run a moderator command.
pub fn pageable(command: &CommandSpec) -> bool {
    !command.moderator && command.option("page").is_some()
}

impl PartialEq for PageTarget {
    fn eq(&self, other: &Self) -> bool {
        self.command.path == other.command.path
            && self.options == other.options
            && self.page == other.page
            && self.part == other.part
    }
}

fn encode_value(value: &str) -> String {
    value.replace('%', "%25").replace('|', "%7C")
}

fn decode_value(value: &str) -> String {
    value.replace("%7C", "|").replace("%25", "%")
}

impl PageTarget {
    /// The `custom_id`, or `None` when the options are too long to fit
    /// (the footer then tells the user to ask with `page:`).
    pub fn encode(&self) -> Option<String> {
        let part = match self.part {
            Part::Index(n) => n.to_string(),
            Part::Last => "L".to_string(),
        };
        let mut id = format!("{PREFIX}|{}|{}|{part}", self.command.path, self.page);
        for (name, value) in &self.options {
            id.push_str(&format!("|{name}={}", encode_value(value)));
        }
        (id.chars().count() <= limits::CUSTOM_ID).then_some(id)
    }

    /// Reads a `custom_id` this module wrote; `None` for anything else.
    pub fn decode(custom_id: &str) -> Option<PageTarget> {
        let mut fields = custom_id.split('|');
        if fields.next()? != PREFIX {
            return None;
        }
        let command = spec(fields.next()?)?;
        if !pageable(command) {
            return None;
        }
        let page: u32 = fields.next()?.parse().ok().filter(|p| *p >= 1)?;
        let part = match fields.next()? {
            "L" => Part::Last,
            n => Part::Index(n.parse().ok()?),
        };
        let mut options = Vec::new();
        for field in fields {
            let (name, value) = field.split_once('=')?;
            if name == "page" {
                return None;
            }
            options.push((name.to_string(), decode_value(value)));
        }
        Some(PageTarget {
            command,
            options,
            page,
            part,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_round_trip_and_refuse_moderator_commands() {
        let target = PageTarget {
            command: spec("search").unwrap(),
            options: vec![("query".into(), "a|b 100%".into())],
            page: 3,
            part: Part::Last,
        };
        let id = target.encode().unwrap();
        assert!(id.len() <= 100);
        assert_eq!(PageTarget::decode(&id), Some(target));
        assert_eq!(PageTarget::decode("pg|update add|1|0|date=2025"), None);
        assert_eq!(PageTarget::decode("pg|timeline|0|0"), None);
        assert_eq!(PageTarget::decode("something else"), None);
        let long = PageTarget {
            command: spec("search").unwrap(),
            options: vec![("query".into(), "x".repeat(120))],
            page: 1,
            part: Part::Index(0),
        };
        assert_eq!(long.encode(), None);
    }
}
