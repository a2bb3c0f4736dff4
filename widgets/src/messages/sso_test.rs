//! The strings of "Test connection" in `<tenant-sso-setup>`: the overview's last test and last
//! sign-in, the test run while the identity provider is open, and its diagnosis.

use crate::i18n::catalog;

catalog! {
/// The test run's strings. Templates mark their parameters with `{name}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SsoTestMessages {
    /// Column header: the last finished test.
    pub column_last_test: &'static str,
    /// Column header: the last successful sign-in.
    pub column_last_sign_in: &'static str,
    /// A cell: never tested, or nobody signed in yet.
    pub never: &'static str,
    /// Badge of a passed test.
    pub passed: &'static str,
    /// Badge of a failed test.
    pub failed: &'static str,
    /// Row menu item and button.
    pub action_test: &'static str,
    /// Heading of the test panel: `{name}`.
    pub title: &'static str,
    /// What a test does, before it starts.
    pub intro: &'static str,
    /// Leaves the test panel.
    pub back: &'static str,
    /// While the start request runs.
    pub starting: &'static str,
    /// While the identity provider is open.
    pub waiting: &'static str,
    /// The link to the identity provider's page (if no window opened, or to open it again).
    pub open_idp: &'static str,
    /// Stops waiting.
    pub cancel: &'static str,
    /// The provider did not answer in time.
    pub timed_out: &'static str,
    /// Starting or reading the test failed; the reason follows.
    pub failed_to_run: &'static str,
    /// Runs it again.
    pub again: &'static str,
    /// Heading of a passed run.
    pub result_passed: &'static str,
    /// Heading of a failed run: `{failed}` of `{total}` checks.
    pub result_failed: &'static str,
    /// When the provider answered: `{time}`.
    pub tested_at: &'static str,
    /// Heading of the checklist.
    pub checks_heading: &'static str,
    /// A check's result, in words.
    pub check_passed: &'static str,
    /// A check's result, in words.
    pub check_failed: &'static str,
    /// Before a failed check's fix.
    pub fix_it: &'static str,
    /// Heading of the decoded answer.
    pub sent_heading: &'static str,
    /// Heading of what a sign-in would do.
    pub mapping_heading: &'static str,
    /// A sign-in would create the user: `{login}`.
    pub would_create: &'static str,
    /// A sign-in would update the user: `{login}`.
    pub would_update: &'static str,
    /// A sign-in would be refused: `{reason}`.
    pub would_refuse: &'static str,
    /// Labels of the decoded values and the mapping.
    pub label_issuer: &'static str,
    /// Label.
    pub label_subject: &'static str,
    /// Label.
    pub label_audience: &'static str,
    /// Label.
    pub label_recipient: &'static str,
    /// Label.
    pub label_issued: &'static str,
    /// Label.
    pub label_valid: &'static str,
    /// `{from}` to `{until}`.
    pub valid_range: &'static str,
    /// Label.
    pub label_algorithm: &'static str,
    /// Label.
    pub label_certificate_sent: &'static str,
    /// Label.
    pub label_certificate_trusted: &'static str,
    /// Label.
    pub label_groups: &'static str,
    /// Label: `{name}` of an attribute or claim.
    pub label_attribute: &'static str,
    /// Label.
    pub label_action: &'static str,
    /// Label.
    pub label_name: &'static str,
    /// Label.
    pub label_email: &'static str,
    /// Label.
    pub label_roles: &'static str,
    /// A value that is not there.
    pub none: &'static str,
    /// The names of the checks, by their stable names.
    pub checks: CheckNames,
}
}

catalog! {
/// What each check is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckNames {
    /// `format`.
    pub format: &'static str,
    /// `status`.
    pub status: &'static str,
    /// `signature`.
    pub signature: &'static str,
    /// `issuer`.
    pub issuer: &'static str,
    /// `audience`.
    pub audience: &'static str,
    /// `recipient`.
    pub recipient: &'static str,
    /// `destination`.
    pub destination: &'static str,
    /// `time`.
    pub time: &'static str,
    /// `inResponseTo`.
    pub in_response_to: &'static str,
    /// `replay`.
    pub replay: &'static str,
    /// `subject`.
    pub subject: &'static str,
    /// `token`.
    pub token: &'static str,
    /// `nonce`.
    pub nonce: &'static str,
}
}

impl CheckNames {
    /// The name of the check the server calls `name` (an unknown one is shown as sent).
    pub fn of<'a>(&self, name: &'a str) -> &'a str {
        match name {
            "format" => self.format,
            "status" => self.status,
            "signature" => self.signature,
            "issuer" => self.issuer,
            "audience" => self.audience,
            "recipient" => self.recipient,
            "destination" => self.destination,
            "time" => self.time,
            "inResponseTo" => self.in_response_to,
            "replay" => self.replay,
            "subject" => self.subject,
            "token" => self.token,
            "nonce" => self.nonce,
            other => other,
        }
    }
}

/// The English catalog of "Test connection".
pub const ENGLISH_SSO_TEST: SsoTestMessages = SsoTestMessages {
    column_last_test: "Last test",
    column_last_sign_in: "Last sign-in",
    never: "Never",
    passed: "Passed",
    failed: "Failed",
    action_test: "Test connection",
    title: "Test {name}",
    intro: "Sign in at your identity provider in a new window. Nobody is signed in here and no \
            user is created: you see every check a sign-in makes, what the provider sent, and \
            what a sign-in would do.",
    back: "Back to overview",
    starting: "Starting the test…",
    waiting: "Sign in at your identity provider in the window that opened. The result appears \
              here when the provider answers.",
    open_idp: "Open the identity provider's sign-in page",
    cancel: "Stop waiting",
    timed_out: "The identity provider did not answer within 10 minutes. Start the test again.",
    failed_to_run: "The test could not run:",
    again: "Test again",
    result_passed: "Every check passed",
    result_failed: "{failed} of {total} checks failed",
    tested_at: "Tested {time}",
    checks_heading: "Checks",
    check_passed: "Passed",
    check_failed: "Failed",
    fix_it: "How to fix:",
    sent_heading: "What the identity provider sent",
    mapping_heading: "What a sign-in would do",
    would_create: "Create the user {login}",
    would_update: "Update the user {login}",
    would_refuse: "Refuse the sign-in: {reason}",
    label_issuer: "Issuer",
    label_subject: "Subject",
    label_audience: "Audience",
    label_recipient: "Recipient",
    label_issued: "Issued",
    label_valid: "Valid",
    valid_range: "{from} to {until}",
    label_algorithm: "Signature algorithm",
    label_certificate_sent: "Certificate sent (SHA-256)",
    label_certificate_trusted: "Certificate trusted here (SHA-256)",
    label_groups: "Groups",
    label_attribute: "Attribute {name}",
    label_action: "Action",
    label_name: "Name",
    label_email: "Email",
    label_roles: "Roles",
    none: "None",
    checks: CheckNames {
        format: "Response format",
        status: "Identity provider's status",
        signature: "Signature",
        issuer: "Issuer",
        audience: "Audience",
        recipient: "Recipient",
        destination: "Destination",
        time: "Validity period",
        in_response_to: "Answers this request",
        replay: "Not a replay",
        subject: "Subject",
        token: "Code exchange",
        nonce: "Nonce",
    },
};
