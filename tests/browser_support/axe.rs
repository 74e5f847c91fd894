//! axe-core in the page: the library injected from `node_modules` (the same
//! file every run, from the lock file), run on the whole document, and its
//! violations turned into lines a reviewer can act on.

use std::fmt;

use fantoccini::Client;
use serde_json::Value;

/// One rule the page breaks, with the elements that break it.
pub struct Violation {
    pub rule: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: String,
    pub help: String,
    pub help_url: String,
    /// Each offending element: its CSS selector and axe's summary of what
    /// to fix.
    pub elements: Vec<(String, String)>,
}

impl Violation {
    pub fn is_serious(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }

    fn read(value: &Value) -> Violation {
        let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
        Violation {
            rule: text(&value["id"]),
            impact: text(&value["impact"]),
            help: text(&value["help"]),
            help_url: text(&value["helpUrl"]),
            elements: value["nodes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|node| {
                    let target = node["target"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|part| {
                            part.as_str()
                                .map_or_else(|| part.to_string(), str::to_string)
                        })
                        .collect::<Vec<_>>()
                        .join(" ");
                    (target, text(&node["failureSummary"]))
                })
                .collect(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "[{}] {}: {} ({})",
            self.impact, self.rule, self.help, self.help_url
        )?;
        for (target, summary) in &self.elements {
            writeln!(f, "    {target}")?;
            for line in summary.lines() {
                writeln!(f, "        {line}")?;
            }
        }
        Ok(())
    }
}

/// Injects axe-core into the current page and runs every rule on it.
pub async fn run(client: &Client, axe_source: &str) -> Vec<Violation> {
    client
        .execute(axe_source, vec![])
        .await
        .unwrap_or_else(|err| panic!("axe-core could not be injected into the page: {err}"));
    let result = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
                 .then((results) => done(results.violations), (error) => done({ error: String(error) }));",
            vec![],
        )
        .await
        .unwrap_or_else(|err| panic!("axe-core did not finish: {err}"));
    if let Some(error) = result.get("error") {
        panic!("axe-core failed on the page: {error}");
    }
    result
        .as_array()
        .expect("axe-core returns a list of violations")
        .iter()
        .map(Violation::read)
        .collect()
}
