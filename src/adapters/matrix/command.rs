//! Which room messages are commands: text that starts with the configured
//! prefix (`!timeline`), or that addresses the bot by name first
//! (`casewatch: timeline`, `@casewatch:example.org quote takano`).
//! Element and other clients keep messages starting with `/` for
//! themselves, hence the prefix
//! (<https://spec.matrix.org/v1.13/client-server-api/#mroommessage-msgtypes>).

/// How the bot can be addressed in a room.
#[derive(Debug, Clone)]
pub struct Addressing {
    /// The command prefix, `!` unless configured.
    pub prefix: String,
    /// The bot's user id, localpart and display name, matched case-insensitively.
    pub names: Vec<String>,
}

impl Addressing {
    /// The prefix and the names the bot answers to.
    pub fn new(prefix: &str, user_id: &str, display_name: Option<&str>) -> Self {
        let mut names = vec![user_id.to_string()];
        let localpart = user_id
            .trim_start_matches('@')
            .split(':')
            .next()
            .unwrap_or("");
        for name in [Some(localpart), display_name].into_iter().flatten() {
            let name = name.trim();
            if !name.is_empty() && !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                names.push(name.to_string());
            }
        }
        // Longest first, so `@casewatch:example.org` wins over `casewatch`.
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        Addressing {
            prefix: prefix.to_string(),
            names,
        }
    }

    /// The command line for the core (`/quote takano`), or `None` when the
    /// message is not addressed to the bot.
    pub fn command_line(&self, body: &str) -> Option<String> {
        let body = body.trim();
        if let Some(rest) = body.strip_prefix(self.prefix.as_str()) {
            // `!` alone, `!!!` or `! text` are not commands.
            return rest
                .starts_with(|c: char| c.is_alphabetic())
                .then(|| format!("/{}", rest.trim_end()));
        }
        for name in &self.names {
            let Some(head) = body.get(..name.len()) else {
                continue;
            };
            if !head.eq_ignore_ascii_case(name) {
                continue;
            }
            let rest = &body[name.len()..];
            let rest = match rest.strip_prefix([':', ',']) {
                Some(rest) => rest,
                None if rest.starts_with(char::is_whitespace) => rest,
                None => continue,
            };
            let rest = rest.trim();
            let rest = rest
                .strip_prefix(self.prefix.as_str())
                .or_else(|| rest.strip_prefix('/'))
                .unwrap_or(rest);
            if rest.is_empty() {
                return Some("/help".to_string());
            }
            return rest
                .starts_with(|c: char| c.is_alphabetic())
                .then(|| format!("/{rest}"));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rstest::rstest]
    #[case("!timeline", Some("/timeline"))]
    #[case("  !quote takano  ", Some("/quote takano"))]
    #[case("!", None)]
    #[case("!!", None)]
    #[case("! timeline", None)]
    #[case("timeline", None)]
    #[case("casewatch: timeline", Some("/timeline"))]
    #[case("CaseWatch, quote takano", Some("/quote takano"))]
    #[case("casewatch !search crown", Some("/search crown"))]
    #[case("casewatch: /help", Some("/help"))]
    #[case("casewatch:", Some("/help"))]
    #[case("casewatchers are great", None)]
    #[case("@casewatch:example.org: timeline", Some("/timeline"))]
    #[case("@casewatch:example.org timeline", Some("/timeline"))]
    #[case("Case Watch Bot: sources", Some("/sources"))]
    #[case("> <@a:b> !timeline", None)]
    fn messages_addressed_to_the_bot(#[case] body: &str, #[case] line: Option<&str>) {
        let addressing = Addressing::new("!", "@casewatch:example.org", Some("Case Watch Bot"));
        assert_eq!(addressing.command_line(body).as_deref(), line, "{body}");
    }

    #[test]
    fn a_configured_prefix_replaces_the_default() {
        let addressing = Addressing::new("cw!", "@bot:example.org", None);
        assert_eq!(
            addressing.command_line("cw!timeline").as_deref(),
            Some("/timeline")
        );
        assert_eq!(addressing.command_line("!timeline"), None);
    }
}
