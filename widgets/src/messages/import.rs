//! The strings of the user widget's CSV import dialog (file, column mapping, dry run, apply with
//! progress, result file) and of "Select all N matching" with its job.

use super::fill;
use crate::i18n::catalog;
use tenantkit_wire::jobs::{OutcomeCounts, RowOutcome};

catalog! {
/// The import's strings. Templates mark their parameters with `{name}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportMessages {
    /// The toolbar button.
    pub button: &'static str,
    /// The dialog's heading.
    pub title: &'static str,
    /// What the file should look like.
    pub intro: &'static str,
    /// The file input's label.
    pub file_label: &'static str,
    /// The drop zone's text.
    pub drop_hint: &'static str,
    /// The file could not be read.
    pub file_failed: &'static str,
    /// While the dry run runs.
    pub checking: &'static str,
    /// The dry run or the import failed: `{error}`.
    pub failed: &'static str,
    /// The mapping step's heading.
    pub mapping_title: &'static str,
    /// The mapping step's explanation.
    pub mapping_intro: &'static str,
    /// A column's select: `{header}`.
    pub mapping_label: &'static str,
    /// The option that ignores a column.
    pub ignore_column: &'static str,
    /// The dry run's summary: `{create}`, `{update}`, `{unchanged}`, `{error}`.
    pub summary: &'static str,
    /// The outcome filter's label.
    pub filter_label: &'static str,
    /// Every outcome.
    pub filter_all: &'static str,
    /// The table's caption (visually hidden).
    pub caption: &'static str,
    /// Column: the file's line.
    pub column_row: &'static str,
    /// Column: the outcome.
    pub column_outcome: &'static str,
    /// Column: the reason or what changes.
    pub column_details: &'static str,
    /// An error's column: `{column}`.
    pub in_column: &'static str,
    /// Apply: `{count}` rows that change something.
    pub apply: &'static str,
    /// Choose another file.
    pub another_file: &'static str,
    /// The progress bar's label.
    pub progress_label: &'static str,
    /// Progress: `{done}` of `{total}`.
    pub progress: &'static str,
    /// Done: `{create}`, `{update}`, `{unchanged}`, `{error}`.
    pub finished: &'static str,
    /// The job stopped: `{error}`.
    pub job_failed: &'static str,
    /// Download the result file.
    pub download: &'static str,
    /// Close.
    pub close: &'static str,
    /// The notice after the dialog closes on an import that ran.
    pub imported: &'static str,
    /// After "select all on this page": `{count}` users match.
    pub select_matching: &'static str,
    /// All matching users are selected: `{count}`.
    pub all_matching_selected: &'static str,
    /// A bulk action on every match failed (the count changed meanwhile, say).
    /// A dry-run row's outcome, in the table and the filter: the row creates a user.
    pub outcome_create: &'static str,
    /// The row changes an existing user.
    pub outcome_update: &'static str,
    /// The row changes nothing.
    pub outcome_unchanged: &'static str,
    /// The row cannot be applied.
    pub outcome_error: &'static str,
    /// A bulk action on every match could not start; the server's message follows.
    pub bulk_failed: &'static str,
    /// A bulk job finished: `{update}` done, `{unchanged}` unchanged, `{error}` failed.
    pub bulk_finished: &'static str,
    /// A failed user of a bulk job: `{user}`, `{reason}`.
    pub bulk_failure: &'static str,
}
}

/// `template` with `{create}`, `{update}`, `{unchanged}` and `{error}` filled from `counts`.
pub fn with_counts(template: &str, counts: OutcomeCounts) -> String {
    RowOutcome::ALL
        .into_iter()
        .fold(template.to_owned(), |text, outcome| {
            fill(&text, outcome.as_str(), &counts.of(outcome).to_string())
        })
}

impl ImportMessages {
    /// The name of an outcome in a dry run.
    pub fn outcome(&self, outcome: RowOutcome) -> &'static str {
        match outcome {
            RowOutcome::Create => self.outcome_create,
            RowOutcome::Update => self.outcome_update,
            RowOutcome::Unchanged => self.outcome_unchanged,
            RowOutcome::Error => self.outcome_error,
        }
    }
}

/// English.
pub const ENGLISH_IMPORT: ImportMessages = ImportMessages {
    button: "Import CSV",
    title: "Import users from a CSV file",
    intro: "A header row, then one user per row: loginId (required), email, phone, name, \
            givenName, middleName, familyName, roles (separated by ;) and custom attributes. \
            Nothing changes until you apply.",
    file_label: "CSV file",
    drop_hint: "or drop the file here",
    file_failed: "The file could not be read.",
    checking: "Checking every row…",
    failed: "The import failed: {error}",
    mapping_title: "Columns",
    mapping_intro: "Choose what each column holds. One column must hold the login ID.",
    mapping_label: "Column {header}",
    ignore_column: "Ignore",
    summary: "{create} to create, {update} to update, {unchanged} unchanged, {error} with errors",
    filter_label: "Show",
    filter_all: "All rows",
    caption: "What each row of the file would do, errors first",
    column_row: "Line",
    column_outcome: "Outcome",
    column_details: "Details",
    in_column: "column {column}",
    apply: "Apply changes ({count})",
    another_file: "Choose another file",
    progress_label: "Import progress",
    progress: "{done} of {total} rows",
    finished: "Import finished: {create} created, {update} updated, {unchanged} unchanged, {error} failed",
    job_failed: "The import stopped: {error}",
    download: "Download the result file",
    close: "Close",
    imported: "The import ran: the list shows the users as they are now.",
    select_matching: "Select all {count} matching users",
    all_matching_selected: "All {count} matching users are selected",
    outcome_create: "Create",
    outcome_update: "Update",
    outcome_unchanged: "Unchanged",
    outcome_error: "Error",
    bulk_failed: "The action on every matching user did not run:",
    bulk_finished: "{update} done, {unchanged} unchanged, {error} failed",
    bulk_failure: "{user}: {reason}",
};
