//! Editor grants: which places and people may change a case's record.
//! Grants are revoked, never deleted (the migration's triggers refuse
//! both a delete and any change but one revocation), and each grant and
//! revocation is in the audit log.

use rusqlite::params;

use super::{Optional as _, Result, Store, Writer};

/// One grant, live or revoked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorGrant {
    pub id: i64,
    pub case_id: i64,
    /// The place or person, as `casewatch editors add` takes it.
    pub grantee: String,
    pub granted_by: String,
    pub granted_at: String,
    pub revoked_by: Option<String>,
    pub revoked_at: Option<String>,
}

fn grant_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<EditorGrant> {
    Ok(EditorGrant {
        id: r.get(0)?,
        case_id: r.get(1)?,
        grantee: r.get(2)?,
        granted_by: r.get(3)?,
        granted_at: r.get(4)?,
        revoked_by: r.get(5)?,
        revoked_at: r.get(6)?,
    })
}

const GRANT_COLUMNS: &str = "id, case_id, grantee, granted_by, granted_at, revoked_by, revoked_at";

impl Store {
    /// A case's grants, oldest first; revoked ones too when asked.
    pub fn editor_grants(&self, case_id: i64, with_revoked: bool) -> Result<Vec<EditorGrant>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {GRANT_COLUMNS} FROM case_editors
             WHERE case_id = ?1 AND (?2 OR revoked_at IS NULL) ORDER BY id"
        ))?;
        let rows = stmt.query_map(params![case_id, with_revoked], grant_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether `grantee` holds a live grant for the case.
    pub fn is_granted(&self, case_id: i64, grantee: &str) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT 1 FROM case_editors WHERE case_id = ?1 AND grantee = ?2 AND revoked_at IS NULL",
            )?
            .query_row(params![case_id, grantee], |_| Ok(()))
            .found()?
            .is_some())
    }
}

impl Writer<'_> {
    /// Grants `grantee` the right to edit the case. `false` when it already
    /// had a live grant (nothing is written then).
    pub fn grant_editor(&mut self, case_id: i64, grantee: &str) -> Result<bool> {
        let inserted = self.tx_ref().execute(
            "INSERT INTO case_editors (case_id, grantee, granted_by, granted_at)
             SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS
                 (SELECT 1 FROM case_editors WHERE case_id = ?1 AND grantee = ?2 AND revoked_at IS NULL)",
            params![case_id, grantee, self.actor(), self.now()],
        )?;
        if inserted == 0 {
            return Ok(false);
        }
        let id = self.tx_ref().last_insert_rowid();
        let after = self.row_json("case_editors", id)?;
        self.audit("grant", "case_editors", Some(id), None, after, None)?;
        Ok(true)
    }

    /// Revokes `grantee`'s live grant. `false` when it had none.
    pub fn revoke_editor(&mut self, case_id: i64, grantee: &str) -> Result<bool> {
        let id: Option<i64> = self
            .tx_ref()
            .query_row(
                "SELECT id FROM case_editors WHERE case_id = ?1 AND grantee = ?2 AND revoked_at IS NULL",
                params![case_id, grantee],
                |r| r.get(0),
            )
            .found()?;
        let Some(id) = id else {
            return Ok(false);
        };
        let before = self.row_json("case_editors", id)?;
        self.tx_ref().execute(
            "UPDATE case_editors SET revoked_by = ?1, revoked_at = ?2 WHERE id = ?3",
            params![self.actor(), self.now(), id],
        )?;
        let after = self.row_json("case_editors", id)?;
        self.audit("revoke", "case_editors", Some(id), before, after, None)?;
        Ok(true)
    }
}
