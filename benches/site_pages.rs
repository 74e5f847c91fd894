//! The public site on the seed case (`data/`): how long each page takes to
//! build server-side (`Site::page`, what `casewatch serve` runs per
//! request, without the socket) and how many bytes it weighs. The goal is
//! a timeline page under 1 ms and every page under 50 kB (the size bound is
//! also asserted by `tests/site.rs`).
//!
//! Run with `cargo bench --bench site_pages`.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use casewatch::adapters::web::site::{Asked, Site};
use casewatch::core::Core;
use casewatch::dataset;
use casewatch::store::Store;

const CASE: &str = "andry-hernandez-romero";
/// Time spent on each page, at most.
const BUDGET: Duration = Duration::from_secs(2);
const MAX_ITERATIONS: usize = 2_000;
const MIN_ITERATIONS: usize = 20;

const PAGES: &[&str] = &[
    "/",
    "/andry-hernandez-romero",
    "/andry-hernandez-romero/timeline",
    "/andry-hernandez-romero/timeline?page=2",
    "/andry-hernandez-romero/timeline?from=2025-03&to=2025-07",
    "/andry-hernandez-romero/timeline?tag=court",
    "/andry-hernandez-romero/timeline?lang=es",
    "/andry-hernandez-romero/quotes",
    "/andry-hernandez-romero/quotes?speaker=takano",
    "/andry-hernandez-romero/actions",
    "/andry-hernandez-romero/sources",
    "/andry-hernandez-romero/sources/S1",
    "/andry-hernandez-romero/people/mark-takano",
    "/andry-hernandez-romero/r/E12",
    "/andry-hernandez-romero/r/Q3",
    "/andry-hernandez-romero/r/A2",
    "/andry-hernandez-romero/no-such-page",
];

fn main() {
    casewatch::tune_allocator();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("seed.sqlite3")).expect("store");
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for file in dataset::case_files(&data).expect("data/") {
        let case = dataset::load(&file).expect("a case file");
        dataset::import(&mut store, &case, "bench").expect("import");
    }
    let core = Arc::new(Core::new(store, CASE));
    // Each page is asked again and again of an unchanged record, which the
    // core would answer from memory: measure building it.
    core.set_keep_answers(false);
    let site = Site::new(core, None);
    println!("| site page (seed case) | status | median µs | p99 µs | bytes | runs |");
    println!("|---|---:|---:|---:|---:|---:|");
    for address in PAGES {
        let asked = Asked::get(address);
        let page = site.page(&asked);
        let probe = Instant::now();
        black_box(site.page(&asked));
        let once = probe.elapsed().max(Duration::from_micros(1));
        let n = ((BUDGET.as_secs_f64() / once.as_secs_f64()) as usize)
            .clamp(MIN_ITERATIONS, MAX_ITERATIONS);
        let mut times: Vec<Duration> = (0..n)
            .map(|_| {
                let start = Instant::now();
                black_box(site.page(&asked));
                start.elapsed()
            })
            .collect();
        times.sort();
        let us = |d: Duration| d.as_secs_f64() * 1e6;
        let median = us(times[n / 2]);
        let p99 = us(times[(n * 99).div_ceil(100) - 1]);
        println!(
            "| `{address}` | {} | {median:.0} | {p99:.0} | {} | {n} |",
            page.status,
            page.body.len()
        );
    }
}
