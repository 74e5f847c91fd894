//! Embeds every `migrations/NNNN_name.sql` file, in order, so a new
//! migration is picked up without touching Rust code.

use std::fmt::Write as _;
use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=migrations");
    let dir = Path::new("migrations");
    let mut files: Vec<_> = fs::read_dir(dir)
        .expect("migrations/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    let mut out = String::from("/// (version, name, SQL) of every migration, in order.\npub static MIGRATIONS: &[(u32, &str, &str)] = &[\n");
    for (index, path) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed={}", path.display());
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let (number, name) = stem
            .split_once('_')
            .unwrap_or_else(|| panic!("{stem}: migrations are named NNNN_name.sql"));
        let version: u32 = number
            .parse()
            .unwrap_or_else(|_| panic!("{stem}: migrations start with a number"));
        assert_eq!(
            version as usize,
            index + 1,
            "{stem}: migration numbers must run 1, 2, 3… without gaps"
        );
        let abs = fs::canonicalize(path).unwrap();
        writeln!(
            out,
            "    ({version}, {name:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    fs::write(
        Path::new(&env::var("OUT_DIR").unwrap()).join("migrations.rs"),
        out,
    )
    .unwrap();
}
