//! The curated dataset in `data/`: validate a file, import it into the
//! store, export the store back into the same format.
//!
//! Import adds records whose keys the store does not have and leaves the
//! rest alone: a record that differs from the store's copy is reported, not
//! overwritten, because the store may hold a moderator's audited
//! correction. Changes to existing records go through `/correct`, and
//! `export` brings them back to `data/` for review.

mod format;

use std::collections::HashMap;
use std::path::Path;

pub use format::{
    ActionRecord, BillRecord, CaseFile, CaseSection, CosponsorRecord, DataError, EventRecord,
    FigureRecord, PersonRecord, QuoteRecord, SourceRecord, StatusRecord,
};

use crate::core::model::RecordKind;
use crate::store::{
    CaseRow, KeptCosponsor, NewAction, NewEvent, NewFigure, NewPerson, NewQuote, NewSource,
    NewStatus, Store, StoreError, TimelineFilter, Writer,
};

/// Why a dataset operation failed.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    /// The file has problems; nothing was imported.
    #[error("{} problem(s) in the data, nothing was imported:\n{}", .0.len(), .0.iter().map(|e| format!("  - {e}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<DataError>),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The case asked for is not in the store.
    #[error("there is no case “{0}” in the database")]
    NoSuchCase(String),
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub case: String,
    /// Records added, per kind (`sources`, `events`…).
    pub added: Vec<(String, usize)>,
    pub unchanged: usize,
    /// Records whose file copy differs from the store's (kept as stored).
    pub differing: Vec<String>,
}

impl ImportReport {
    pub fn added_total(&self) -> usize {
        self.added.iter().map(|(_, n)| n).sum()
    }
}

/// Reads and validates one case file.
pub fn load(path: &Path) -> Result<CaseFile, DatasetError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| DatasetError::Read {
        path: name.clone(),
        source,
    })?;
    let file = CaseFile::from_toml(&name, &text).map_err(|e| DatasetError::Invalid(vec![e]))?;
    let errors = file.validate(&name);
    if errors.is_empty() {
        Ok(file)
    } else {
        Err(DatasetError::Invalid(errors))
    }
}

/// The `*.toml` case files in a folder, sorted, or the one file given.
pub fn case_files(path: &Path) -> Result<Vec<std::path::PathBuf>, DatasetError> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let read = |source| DatasetError::Read {
        path: path.display().to_string(),
        source,
    };
    let mut files: Vec<_> = std::fs::read_dir(path)
        .map_err(read)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

/// Imports a validated case file in one transaction.
pub fn import(
    store: &mut Store,
    file: &CaseFile,
    origin: &str,
) -> Result<ImportReport, DatasetError> {
    let existing = match store.case_by_key(&file.case.key)? {
        Some(case) => Some(export(store, &case.key)?),
        None => None,
    };
    let actor = format!("import:{origin}");
    let report = store.write(&actor, |w| {
        Importer {
            w,
            file,
            existing: existing.as_ref(),
            report: ImportReport::default(),
        }
        .run()
    })?;
    Ok(report)
}

struct Importer<'a, 'w> {
    w: &'a mut Writer<'w>,
    file: &'a CaseFile,
    existing: Option<&'a CaseFile>,
    report: ImportReport,
}

/// Finds a record by key in the store's copy, and says whether the file's
/// copy is new, the same, or different.
fn compare<T: PartialEq>(
    existing: Option<&[T]>,
    key: impl Fn(&T) -> &str,
    record: &T,
) -> Option<bool> {
    existing?
        .iter()
        .find(|e| key(e) == key(record))
        .map(|e| e == record)
}

impl Importer<'_, '_> {
    fn run(mut self) -> crate::store::Result<ImportReport> {
        let f = self.file;
        self.report.case = f.case.key.clone();
        let case_id = match self.existing {
            Some(_) => self.w_case_id()?,
            None => {
                let row = CaseRow {
                    id: 0,
                    key: f.case.key.clone(),
                    title: f.case.title.clone(),
                    subject_key: f.case.subject.clone(),
                    summary: f.case.summary.clone(),
                    status: f.case.status.clone(),
                    detained_from_key: f.case.detained_from.clone(),
                    detained_until_key: f.case.detained_until.clone(),
                };
                self.w.insert_case(&row)?
            }
        };
        if let Some(existing) = self.existing {
            if existing.case != f.case {
                self.report.differing.push(format!("case “{}”", f.case.key));
            } else {
                self.report.unchanged += 1;
            }
        }

        let mut sources: HashMap<String, i64> = self.w.source_keys(case_id)?;
        let mut added = 0;
        for s in &f.sources {
            match compare(self.existing.map(|e| e.sources.as_slice()), |r| &r.key, s) {
                Some(true) => self.report.unchanged += 1,
                Some(false) => self.report.differing.push(format!("source “{}”", s.key)),
                None => {
                    let new = NewSource {
                        key: s.key.clone(),
                        publication: s.publication.clone(),
                        title: s.title.clone(),
                        author: s.author.clone(),
                        published: s.published,
                        url: s.url.clone(),
                        url_exact: s.url_exact,
                        archive_url: s.archive_url.clone(),
                        note: s.note.clone(),
                    };
                    let id = self.w.insert_source(case_id, &new)?;
                    if let Some(r) = &s.retracted {
                        self.w.restore_retraction(RecordKind::Source, id, r)?;
                    }
                    sources.insert(s.key.clone(), id);
                    added += 1;
                }
            }
        }
        self.report.added.push(("sources".into(), added));
        let ids = |keys: &[String]| -> Vec<i64> {
            keys.iter()
                .filter_map(|k| sources.get(k).copied())
                .collect()
        };
        if self.existing.is_none() {
            self.w
                .cite("case_summary", case_id, &ids(&f.case.summary_sources))?;
            self.w
                .cite("case_status", case_id, &ids(&f.case.status_sources))?;
        }

        let mut people: HashMap<String, i64> = self.w.person_keys(case_id)?;
        let mut added = 0;
        for p in &f.people {
            match compare(self.existing.map(|e| e.people.as_slice()), |r| &r.key, p) {
                Some(true) => self.report.unchanged += 1,
                Some(false) => self.report.differing.push(format!("person “{}”", p.key)),
                None => {
                    let new = NewPerson {
                        key: p.key.clone(),
                        name: p.name.clone(),
                        aliases: p.aliases.clone(),
                        role: p.role.clone(),
                        sources: ids(&p.sources),
                    };
                    let id = self.w.insert_person(case_id, &new)?;
                    if let Some(r) = &p.retracted {
                        self.w.restore_retraction(RecordKind::Person, id, r)?;
                    }
                    people.insert(p.key.clone(), id);
                    added += 1;
                }
            }
        }
        self.report.added.push(("people".into(), added));

        let mut added = 0;
        for e in &f.events {
            match compare(self.existing.map(|x| x.events.as_slice()), |r| &r.key, e) {
                Some(true) => self.report.unchanged += 1,
                Some(false) => self.report.differing.push(format!("event “{}”", e.key)),
                None => {
                    let new = NewEvent {
                        key: e.key.clone(),
                        date: e.date,
                        text: e.text.clone(),
                        tags: e.tags.clone(),
                        people: e.people.clone(),
                        sources: ids(&e.sources),
                    };
                    let id = self.w.insert_event(case_id, &new)?;
                    if let Some(r) = &e.retracted {
                        self.w.restore_retraction(RecordKind::Event, id, r)?;
                    }
                    added += 1;
                }
            }
        }
        self.report.added.push(("events".into(), added));

        let mut added = 0;
        for q in &f.quotes {
            match compare(self.existing.map(|x| x.quotes.as_slice()), |r| &r.key, q) {
                Some(true) => self.report.unchanged += 1,
                Some(false) => self.report.differing.push(format!("quote “{}”", q.key)),
                None => {
                    let new = NewQuote {
                        key: q.key.clone(),
                        speaker_id: people[&q.speaker],
                        role: q.role.clone(),
                        text: q.text.clone(),
                        language: q.language.clone(),
                        translated_from: q.translated_from.clone(),
                        said: q.said,
                        place: q.place.clone(),
                        relay: q.relay,
                        relayed_by_id: q.relayed_by.as_ref().map(|k| people[k]),
                        context: q.context.clone(),
                        sources: ids(&q.sources),
                    };
                    let id = self.w.insert_quote(case_id, &new)?;
                    if let Some(r) = &q.retracted {
                        self.w.restore_retraction(RecordKind::Quote, id, r)?;
                    }
                    added += 1;
                }
            }
        }
        self.report.added.push(("quotes".into(), added));

        let mut added = 0;
        for a in &f.actions {
            match compare(self.existing.map(|x| x.actions.as_slice()), |r| &r.key, a) {
                Some(true) => self.report.unchanged += 1,
                Some(false) => self.report.differing.push(format!("action “{}”", a.key)),
                None => {
                    let new = NewAction {
                        key: a.key.clone(),
                        kind: a.kind.clone(),
                        title: a.title.clone(),
                        led_by: a.led_by.clone(),
                        co_led_by: a.co_led_by.clone(),
                        date: a.date,
                        reference: a.reference.clone(),
                        summary: a.summary.clone(),
                        sources: ids(&a.sources),
                        statuses: a
                            .statuses
                            .iter()
                            .map(|s| NewStatus {
                                status: s.status.clone(),
                                date: s.date,
                                note: s.note.clone(),
                                origin: s.origin.clone(),
                                sources: ids(&s.sources),
                            })
                            .collect(),
                    };
                    let id = self.w.insert_action(case_id, &new)?;
                    restore_bill_parts(self.w, id, a, &ids)?;
                    if let Some(r) = &a.retracted {
                        self.w.restore_retraction(RecordKind::Action, id, r)?;
                    }
                    added += 1;
                }
            }
        }
        self.report.added.push(("actions".into(), added));

        let mut added = 0;
        for fig in &f.figures {
            match compare(self.existing.map(|x| x.figures.as_slice()), |r| &r.key, fig) {
                Some(true) => self.report.unchanged += 1,
                Some(false) => self.report.differing.push(format!("figure “{}”", fig.key)),
                None => {
                    let new = NewFigure {
                        key: fig.key.clone(),
                        measure: fig.measure.clone(),
                        label: fig.label.clone(),
                        value: fig.value.clone(),
                        stated_as: fig.stated_as.clone(),
                        sources: ids(&fig.sources),
                    };
                    let id = self.w.insert_figure(case_id, &new)?;
                    if let Some(r) = &fig.retracted {
                        self.w.restore_retraction(RecordKind::Figure, id, r)?;
                    }
                    added += 1;
                }
            }
        }
        self.report.added.push(("figures".into(), added));
        Ok(self.report)
    }

    fn w_case_id(&self) -> crate::store::Result<i64> {
        self.w.case_id(&self.file.case.key)
    }
}

/// The store's copy of a case, in the `data/` format, retracted records
/// included, in store order (so a fresh import reproduces the same ids).
pub fn export(store: &Store, case_key: &str) -> Result<CaseFile, DatasetError> {
    let case = store
        .case_by_key(case_key)?
        .ok_or_else(|| DatasetError::NoSuchCase(case_key.to_string()))?;
    let keys = |sources: &[crate::core::model::Source]| {
        sources.iter().map(|s| s.key.clone()).collect::<Vec<_>>()
    };
    let summary_sources = store
        .citations("case_summary", &[case.id])?
        .remove(&case.id)
        .unwrap_or_default();
    let status_sources = store
        .citations("case_status", &[case.id])?
        .remove(&case.id)
        .unwrap_or_default();
    let sources = store.sources(case.id, true)?;
    let people = store.people(case.id, true)?;
    let (events, _) = store.timeline(
        case.id,
        &TimelineFilter {
            include_retracted: true,
            ..Default::default()
        },
        0,
        u64::MAX >> 1,
    )?;
    let mut events = events;
    events.sort_by_key(|e| e.id);
    let (quotes, _) = store.quotes(case.id, None, None, true, 0, u64::MAX >> 1)?;
    let mut quotes = quotes;
    quotes.sort_by_key(|q| q.id);
    let mut actions = store.actions(case.id, true)?;
    actions.sort_by_key(|a| a.id);
    let mut figures = store.figures(case.id, true)?;
    figures.sort_by_key(|f| f.id);

    Ok(CaseFile {
        case: CaseSection {
            key: case.key,
            title: case.title,
            subject: case.subject_key,
            summary: case.summary,
            summary_sources: keys(&summary_sources),
            detained_from: case.detained_from_key,
            detained_until: case.detained_until_key,
            status: case.status,
            status_sources: keys(&status_sources),
        },
        sources: sources
            .into_iter()
            .map(|s| SourceRecord {
                key: s.key,
                publication: s.publication,
                title: s.title,
                author: s.author,
                published: s.published,
                url: s.url,
                url_exact: s.url_exact,
                archive_url: s.archive_url,
                note: s.note,
                retracted: s.retracted,
            })
            .collect(),
        people: people
            .into_iter()
            .map(|p| PersonRecord {
                retracted: p.retracted,
                key: p.key,
                name: p.name,
                aliases: p.aliases,
                role: p.role,
                sources: keys(&p.sources),
            })
            .collect(),
        events: events
            .into_iter()
            .map(|e| EventRecord {
                key: e.key,
                date: e.date,
                text: e.text,
                tags: e.tags,
                people: e.people,
                sources: keys(&e.sources),
                retracted: e.retracted,
            })
            .collect(),
        quotes: quotes
            .into_iter()
            .map(|q| QuoteRecord {
                key: q.key,
                speaker: q.speaker.key,
                role: q.role,
                text: q.text,
                language: q.language,
                translated_from: q.translated_from,
                said: q.said,
                place: q.place,
                relay: q.relay,
                relayed_by: q.relayed_by,
                context: q.context,
                sources: keys(&q.sources),
                retracted: q.retracted,
            })
            .collect(),
        actions: actions
            .into_iter()
            .map(|a| ActionRecord {
                key: a.key,
                kind: a.kind,
                title: a.title,
                led_by: a.led_by,
                co_led_by: a.co_led_by,
                date: a.date,
                reference: a.reference,
                summary: a.summary,
                sources: keys(&a.sources),
                retracted: a.retracted,
                statuses: a
                    .statuses
                    .into_iter()
                    .map(|s| StatusRecord {
                        status: s.status,
                        date: s.date,
                        note: s.note,
                        origin: s.origin,
                        vanished: s.vanished,
                        sources: keys(&s.sources),
                    })
                    .collect(),
                bill: a.bill.as_ref().map(|b| BillRecord {
                    bill: b.bill.key(),
                    sources: keys(&b.sources),
                }),
                cosponsors: a
                    .bill
                    .iter()
                    .flat_map(|b| &b.cosponsors)
                    .map(|c| CosponsorRecord {
                        bioguide_id: c.bioguide_id.clone(),
                        name: c.name.clone(),
                        party: c.party.clone(),
                        state: c.state.clone(),
                        district: c.district,
                        original: c.original,
                        change: if c.withdrew { "withdrew" } else { "joined" }.to_string(),
                        date: c.date,
                        sources: keys(&c.sources),
                    })
                    .collect(),
            })
            .collect(),
        figures: figures
            .into_iter()
            .map(|f| FigureRecord {
                key: f.key,
                measure: f.measure,
                label: f.label,
                value: f.value,
                stated_as: f.stated_as,
                sources: keys(&f.sources),
                retracted: f.retracted,
            })
            .collect(),
    })
}

/// An action's bill, its cosponsors and its statuses' vanished marks, once
/// the action and its statuses are in.
fn restore_bill_parts(
    w: &mut Writer<'_>,
    action_id: i64,
    a: &ActionRecord,
    ids: &dyn Fn(&[String]) -> Vec<i64>,
) -> crate::store::Result<()> {
    let vanished: Vec<(&str, &str)> = a
        .statuses
        .iter()
        .filter_map(|s| Some((s.origin.as_deref()?, s.vanished.as_deref()?)))
        .collect();
    // Validated before import: the key reads.
    let bill = a.bill.as_ref().and_then(|b| {
        Some((
            b.bill.parse::<crate::domain::bill::BillRef>().ok()?,
            ids(&b.sources),
        ))
    });
    let cosponsors: Vec<KeptCosponsor<'_>> = a
        .cosponsors
        .iter()
        .map(|c| KeptCosponsor {
            bioguide_id: &c.bioguide_id,
            name: &c.name,
            party: &c.party,
            state: &c.state,
            district: c.district,
            original: c.original,
            change: &c.change,
            date: c.date,
            sources: ids(&c.sources),
        })
        .collect();
    w.restore_bill_parts(
        action_id,
        &vanished,
        bill.as_ref().map(|(b, s)| (b, s.as_slice())),
        &cosponsors,
    )
}
