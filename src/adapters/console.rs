//! The local console: the same commands as the chat platforms, typed in a
//! terminal or piped in by a script. Needs no token and no network.

use std::io::{BufRead, IsTerminal, Write};

use crate::core::i18n::Locale;
use crate::core::messages::platform::PlatformMsg;
use crate::core::reply::{Reply, ReplyKind};
use crate::core::{Actor, Core, Invocation, Role};
use crate::render::text;

/// Who the console speaks for.
pub fn invocation(role: Role, locale: Locale) -> Invocation {
    Invocation {
        actor: Actor {
            id: "console:local".into(),
            display: "console".into(),
            role,
        },
        place: "console".into(),
        locale,
    }
}

/// Answers one line; `None` for blank lines and `#` comments.
pub fn answer(core: &mut Core, invocation: &Invocation, line: &str) -> Option<Reply> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    Some(core.handle_line(invocation, line))
}

/// Reads commands until end of input (or `quit`), printing each answer.
/// On a terminal it greets and prompts; from a pipe it prints answers only.
pub fn run(
    core: &mut Core,
    invocation: &Invocation,
    input: impl BufRead,
    mut output: impl Write,
) -> std::io::Result<usize> {
    let interactive = std::io::stdin().is_terminal();
    let loc = invocation.locale;
    if interactive {
        writeln!(output, "{}", PlatformMsg::ConsoleWelcome.say(loc))?;
    }
    let mut errors = 0;
    let mut lines = input.lines();
    loop {
        if interactive {
            write!(output, "casewatch> ")?;
            output.flush()?;
        }
        let Some(line) = lines.next() else { break };
        let line = line?;
        if matches!(line.trim(), "quit" | "exit" | "/quit" | "/exit") {
            break;
        }
        if let Some(reply) = answer(core, invocation, &line) {
            if reply.kind == ReplyKind::Error {
                errors += 1;
            }
            writeln!(output, "{}", text::render(&reply, loc))?;
        }
    }
    Ok(errors)
}
