//! Our jobs (not in Descope's format): the CSV import with its dry run
//! (`/tk/v1/mgmt/user/import/...`), bulk actions on every user matching a search
//! (`/tk/v1/mgmt/user/bulk`), and the progress and result of the job either one starts
//! (`/tk/v1/mgmt/job`). See the README's "Importing users" and "Bulk actions on every match".

use crate::UserSearchRequest;
use serde::{Deserialize, Serialize};

/// The largest CSV an import reads: 5 MiB of text (past it: 413).
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;
/// The largest request body of an import (the CSV as JSON, escaped): 6 MiB.
pub const MAX_IMPORT_BODY_BYTES: usize = 6 * 1024 * 1024;
/// The most data rows (after the header) an import reads (past it: 413).
pub const MAX_IMPORT_ROWS: usize = 10_000;
/// Separates several roles (or the items of a list attribute) in one CSV cell.
pub const LIST_SEPARATOR: char = ';';
/// The most users one bulk action reaches (the search's exact count stops there too).
pub const MAX_BULK_USERS: u64 = 10_000;
/// The most failed rows a job's progress lists (the result file has them all).
pub const MAX_LISTED_FAILURES: usize = 100;

/// What a CSV column is read as: `loginId`, `email`, `phone`, `name`, `givenName`,
/// `middleName`, `familyName`, `roles`, `customAttributes.<name>`, or `""` (ignored).
pub mod field {
    /// The login id (required: every import maps one column to it).
    pub const LOGIN_ID: &str = "loginId";
    /// Email address.
    pub const EMAIL: &str = "email";
    /// Phone number.
    pub const PHONE: &str = "phone";
    /// Display name.
    pub const NAME: &str = "name";
    /// Given name.
    pub const GIVEN_NAME: &str = "givenName";
    /// Middle name.
    pub const MIDDLE_NAME: &str = "middleName";
    /// Family name.
    pub const FAMILY_NAME: &str = "familyName";
    /// Roles in the tenant, separated by [`super::LIST_SEPARATOR`].
    pub const ROLES: &str = "roles";
    /// The prefix of a custom attribute: `customAttributes.<name>`.
    pub const ATTRIBUTE_PREFIX: &str = "customAttributes.";
    /// The fixed fields, in the order a mapping step offers them.
    pub const ALL: [&str; 8] = [
        LOGIN_ID,
        EMAIL,
        PHONE,
        NAME,
        GIVEN_NAME,
        MIDDLE_NAME,
        FAMILY_NAME,
        ROLES,
    ];
}

/// How one CSV column is read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ColumnMapping {
    /// The column's header, as in the file.
    pub header: String,
    /// What it is read as (see [`field`]); `""`: ignored.
    pub field: String,
}

/// `POST /tk/v1/mgmt/user/import/dryrun` and `/tk/v1/mgmt/user/import`: the CSV (a header row,
/// then one user per row) and, when its headers are not the ones guessed, how to read them.
/// The same routes also take the file itself as a `text/csv` body (mapping guessed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ImportRequest {
    /// The file's text (UTF-8, comma-separated, RFC 4180 quoting).
    pub csv: String,
    /// Every column's mapping; empty: guessed from the headers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mapping: Vec<ColumnMapping>,
}

/// What a row did or would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum RowOutcome {
    /// A new user (in a result: created).
    #[default]
    Create,
    /// An existing user changes (in a result: updated).
    Update,
    /// Nothing to change.
    Unchanged,
    /// Refused: see the reason (and the column).
    Error,
}

impl RowOutcome {
    /// Every outcome, errors first (the order a dry run's table shows them in).
    pub const ALL: [Self; 4] = [Self::Error, Self::Create, Self::Update, Self::Unchanged];

    /// The stored and wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Unchanged => "unchanged",
            Self::Error => "error",
        }
    }

    /// The outcome spelled `text`.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|outcome| outcome.as_str() == text)
    }
}

/// One row of a plan or a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct RowResult {
    /// The CSV line (the header is line 1), or the user's place in a bulk action (from 1).
    pub row: u64,
    /// The row's login id.
    pub login_id: String,
    /// What it did or would do.
    pub outcome: RowOutcome,
    /// The header of the column an error is about (`""`: the row as a whole).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub column: String,
    /// Why it is refused, or what changes (`"email, roles"`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// Rows per outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct OutcomeCounts {
    /// Created (or to create).
    pub create: u64,
    /// Updated (or to update).
    pub update: u64,
    /// Unchanged.
    pub unchanged: u64,
    /// Refused.
    pub error: u64,
}

impl OutcomeCounts {
    /// Counts one more `outcome`.
    pub fn add(&mut self, outcome: RowOutcome) {
        match outcome {
            RowOutcome::Create => self.create += 1,
            RowOutcome::Update => self.update += 1,
            RowOutcome::Unchanged => self.unchanged += 1,
            RowOutcome::Error => self.error += 1,
        }
    }

    /// How many rows have `outcome`.
    pub fn of(&self, outcome: RowOutcome) -> u64 {
        match outcome {
            RowOutcome::Create => self.create,
            RowOutcome::Update => self.update,
            RowOutcome::Unchanged => self.unchanged,
            RowOutcome::Error => self.error,
        }
    }
}

/// The answer of a dry run: what the server read and what each row would do. Nothing is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ImportPlanResponse {
    /// The headers found, in order.
    pub headers: Vec<String>,
    /// How each column is read (the request's, or guessed).
    pub mapping: Vec<ColumnMapping>,
    /// What is wrong with the file as a whole (no login id column), `""` when nothing.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub problem: String,
    /// Rows per outcome.
    pub counts: OutcomeCounts,
    /// Every data row, in file order.
    pub rows: Vec<RowResult>,
}

/// What a job does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum JobKind {
    /// A CSV import.
    #[default]
    Import,
    /// A bulk action on every user matching a search.
    Bulk,
}

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    /// Waiting for a server process to run it.
    #[default]
    Queued,
    /// Running (or stopped mid-way, and to be resumed).
    Running,
    /// Every row handled.
    Done,
    /// Stopped for good (see `error`).
    Failed,
}

impl JobState {
    /// Finished, one way or the other.
    pub fn is_finished(self) -> bool {
        matches!(self, Self::Done | Self::Failed)
    }
}

/// A job's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct Job {
    /// Its id.
    pub id: String,
    /// What it does.
    pub kind: JobKind,
    /// Where it is.
    pub state: JobState,
    /// Rows (or users) in all.
    pub total: u64,
    /// Rows handled so far.
    pub done: u64,
    /// Handled rows per outcome.
    pub counts: OutcomeCounts,
    /// Why it failed, when it did.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub error: String,
    /// The first refused rows (at most [`MAX_LISTED_FAILURES`]; the result file has all).
    pub failures: Vec<RowResult>,
    /// Created, epoch seconds.
    pub created_time: i64,
    /// Finished, epoch seconds (0: not yet).
    pub finished_time: i64,
}

/// `POST /tk/v1/mgmt/user/import`, `/tk/v1/mgmt/user/bulk` and `GET /tk/v1/mgmt/job`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct JobResponse {
    /// The job.
    pub job: Job,
}

/// `GET /tk/v1/mgmt/job?id=` and `/tk/v1/mgmt/job/result?id=`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct JobRef {
    /// The job's id.
    pub id: String,
}

/// What a bulk action does to each user (what the widget's bulk bar offers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum BulkActionKind {
    /// Enable.
    Enable,
    /// Disable (ends their sessions).
    #[default]
    Disable,
    /// Add `roleNames` in the tenant.
    AddRoles,
    /// Remove `roleNames` in the tenant.
    RemoveRoles,
    /// Remove from the tenant (the account stays).
    RemoveFromTenant,
    /// Delete (a user of other tenants too is refused: remove them from the tenant instead).
    Delete,
    /// End every session.
    Logout,
}

/// `POST /tk/v1/mgmt/user/bulk`: `action` on every user `filter` matches (the search the list
/// shows; its page and sort are ignored), if exactly `expectedCount` match now (else 409).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct BulkRequest {
    /// The user search, as the list sends it.
    pub filter: UserSearchRequest,
    /// What to do.
    pub action: BulkActionKind,
    /// The roles of `addRoles` and `removeRoles`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub role_names: Vec<String>,
    /// How many users the admin confirmed.
    pub expected_count: u64,
}

/// `POST /tk/v1/mgmt/user/bulk/preview`: what `action` would do to every user `filter`
/// matches now, before the admin confirms it ([`BulkRequest`] without the count). Nothing is
/// written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct BulkPreviewRequest {
    /// The user search, as the list sends it.
    pub filter: UserSearchRequest,
    /// What would be done.
    pub action: BulkActionKind,
    /// The roles of `addRoles` and `removeRoles`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub role_names: Vec<String>,
}

/// How many of the matching users would gain or lose one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct BulkRoleImpact {
    /// The role's name, as asked.
    pub name: String,
    /// Users who would gain it (`addRoles`: matches not holding it yet).
    pub gain: u64,
    /// Users who would lose it (`removeRoles`: matches holding it).
    pub lose: u64,
}

/// The answer of `POST /tk/v1/mgmt/user/bulk/preview`: the count to confirm, and, for a role
/// change, who gains or loses each role and what the signed-in admin would lose themself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct BulkPreviewResponse {
    /// Users matching now (the `expectedCount` of the action).
    pub count: u64,
    /// One entry per role asked, in the order asked (empty for other actions).
    pub roles: Vec<BulkRoleImpact>,
    /// The roles the signed-in admin, among the matches, would lose (empty for a management
    /// key). The server refuses an admin's removing their own roles: their row would fail.
    pub caller_loses: Vec<String>,
    /// The signed-in admin would hold no role carrying `User Admin` in the tenant any more.
    pub removes_own_user_admin: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_round_trip_and_count() {
        let mut counts = OutcomeCounts::default();
        for outcome in RowOutcome::ALL {
            assert_eq!(RowOutcome::parse(outcome.as_str()), Some(outcome));
            counts.add(outcome);
        }
        counts.add(RowOutcome::Error);
        assert_eq!(counts.of(RowOutcome::Error), 2);
        assert_eq!(counts.of(RowOutcome::Create), 1);
        assert_eq!(RowOutcome::parse("created"), None);
    }

    #[test]
    fn a_bulk_request_reads_the_widgets_spelling() {
        let request: BulkRequest = serde_json::from_str(
            r#"{"filter":{"statuses":["disabled"]},"action":"removeRoles","roleNames":["Viewer"],"expectedCount":3}"#,
        )
        .unwrap_or_default();
        assert_eq!(request.action, BulkActionKind::RemoveRoles);
        assert_eq!(request.expected_count, 3);
        assert_eq!(request.filter.statuses.len(), 1);
    }
}
