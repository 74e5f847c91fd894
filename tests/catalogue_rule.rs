//! Keeps the rule that every sentence comes from the message catalogue:
//! no `.pick(` with a string literal is left anywhere in `src/`.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable src dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The line numbers of `.pick(` calls whose arguments hold a string
/// literal (a quote before the call's closing parenthesis).
fn literal_picks(source: &str) -> Vec<usize> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = source[from..].find(".pick(") {
        let start = from + at + ".pick(".len();
        let mut depth = 1;
        for c in source[start..].chars() {
            match c {
                '"' => {
                    found.push(source[..start].matches('\n').count() + 1);
                    break;
                }
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
        from = start;
    }
    found
}

#[test]
fn the_scanner_finds_literal_picks_and_only_those() {
    let source = "let a = loc.pick(\"Yes\", \"Sí\");\nlet b = loc.pick(self.help_en, self.help_es);\nlet c = loc\n    .pick(\n        format!(\"{n} more\"),\n        format!(\"{n} más\"),\n    );\n";
    assert_eq!(literal_picks(source), vec![1, 4]);
}

#[test]
fn no_sentence_is_picked_from_two_literals_outside_the_catalogue() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    assert!(files.len() > 20, "src/ was not found: {files:?}");
    let mut problems = Vec::new();
    for file in files {
        let relative = file
            .strip_prefix(root)
            .expect("under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        let source = std::fs::read_to_string(&file).expect("readable source");
        for line in literal_picks(&source) {
            problems.push(format!(
                "{relative}:{line}: a sentence picked from literals; add it to src/core/messages/"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
