//! The strings of the user widget's invitations: the "Pending invitations" dialog (resend,
//! revoke), the "Invite people" dialog (several addresses, roles, a result per address), and
//! the impact shown before roles are given or taken away.

use crate::i18n::catalog;

catalog! {
/// The strings. Templates mark their parameters with `{name}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvitationMessages {
    /// The toolbar button that opens the pending list, and the dialog's heading.
    pub pending_title: &'static str,
    /// The toolbar button that opens the invite dialog, and its heading.
    pub invite_title: &'static str,
    /// Label of the pending list's search box.
    pub search_label: &'static str,
    /// While the list loads.
    pub loading: &'static str,
    /// No pending invitations.
    pub empty: &'static str,
    /// The list could not be loaded: `{error}`.
    pub failed: &'static str,
    /// Column: the invited person.
    pub column_invited: &'static str,
    /// Column: who invited.
    pub column_by: &'static str,
    /// Column: when the link was sent.
    pub column_sent: &'static str,
    /// Column: when it expires.
    pub column_expires: &'static str,
    /// Column: roles.
    pub column_roles: &'static str,
    /// Column: actions (visually hidden).
    pub column_actions: &'static str,
    /// An invitation made with the product's management key.
    pub by_product: &'static str,
    /// An invitation whose inviter was not recorded.
    pub by_unknown: &'static str,
    /// Next to an expiry that has passed.
    pub expired: &'static str,
    /// "{from}–{to} of {total}".
    pub range: &'static str,
    /// Sends a new link.
    pub resend: &'static str,
    /// Accessible name of a row's resend button: `{user}`.
    pub resend_label: &'static str,
    /// Revokes the invitation.
    pub revoke: &'static str,
    /// Accessible name of a row's revoke button: `{user}`.
    pub revoke_label: &'static str,
    /// Asked before revoking: `{user}`.
    pub confirm_revoke: &'static str,
    /// What revoking does.
    pub revoke_detail: &'static str,
    /// A resend went out: `{user}`.
    pub done_resend: &'static str,
    /// An invitation was revoked: `{user}`.
    pub done_revoke: &'static str,
    /// A resend or revoke was refused: `{user}`, `{reason}`.
    pub change_failed: &'static str,
    /// Label of the addresses field.
    pub field_addresses: &'static str,
    /// Under the addresses field: `{max}`.
    pub addresses_hint: &'static str,
    /// No address typed.
    pub addresses_required: &'static str,
    /// Too many addresses: `{count}`, `{max}`.
    pub addresses_too_many: &'static str,
    /// Legend of the role picker.
    pub roles_legend: &'static str,
    /// Sends the invitations: `{count}`.
    pub send: &'static str,
    /// Heading of the results.
    pub results_title: &'static str,
    /// One address invited.
    pub outcome_invited: &'static str,
    /// One address already a member.
    pub outcome_member: &'static str,
    /// One address refused.
    pub outcome_invalid: &'static str,
    /// The summary of the results: `{invited}`, `{skipped}`.
    pub results_summary: &'static str,
    /// The invite call failed as a whole: `{error}`.
    pub invite_failed: &'static str,
    /// Heading of the impact confirmation of a role change.
    pub impact_title: &'static str,
    /// One user gains a role: `{role}`.
    pub impact_gain_one: &'static str,
    /// `{count}` users gain a role: `{role}`.
    pub impact_gain_other: &'static str,
    /// One user loses a role: `{role}`.
    pub impact_lose_one: &'static str,
    /// `{count}` users lose a role: `{role}`.
    pub impact_lose_other: &'static str,
    /// Nobody gains or loses anything (they all hold it already, or none do).
    pub impact_nothing: &'static str,
    /// The stronger warning when the admin takes `User Admin` (through `{role}`) from themself.
    pub own_admin_warning: &'static str,
}
}

/// The English strings.
pub const ENGLISH_INVITATIONS: InvitationMessages = InvitationMessages {
    pending_title: "Pending invitations",
    invite_title: "Invite people",
    search_label: "Search invitations (login ID, name, email)",
    loading: "Loading invitations…",
    empty: "No pending invitations.",
    failed: "Could not load the invitations: {error}",
    column_invited: "Invited",
    column_by: "Invited by",
    column_sent: "Sent",
    column_expires: "Expires",
    column_roles: "Roles",
    column_actions: "Actions",
    by_product: "The product (API)",
    by_unknown: "Not recorded",
    expired: "Expired",
    range: "{from}–{to} of {total}",
    resend: "Resend",
    resend_label: "Resend the invitation of {user}",
    revoke: "Revoke",
    revoke_label: "Revoke the invitation of {user}",
    confirm_revoke: "Revoke the invitation of {user}?",
    revoke_detail: "The link stops working at once and {user} leaves this tenant (their account is \
                    deleted unless they belong to other tenants).",
    done_resend: "A new invitation went to {user}; the old link no longer works.",
    done_revoke: "The invitation of {user} was revoked.",
    change_failed: "{user}: {reason}",
    field_addresses: "Email addresses",
    addresses_hint: "Paste up to {max} addresses, separated by commas, spaces or new lines.",
    addresses_required: "Enter at least one email address.",
    addresses_too_many: "{count} addresses: at most {max} at a time.",
    roles_legend: "Roles for everyone invited",
    send: "Send {count} invitations",
    results_title: "Results",
    outcome_invited: "Invited",
    outcome_member: "Already a member",
    outcome_invalid: "Not invited",
    results_summary: "{invited} invited, {skipped} not invited.",
    invite_failed: "Could not send the invitations: {error}",
    impact_title: "Change roles?",
    impact_gain_one: "1 user gains {role}",
    impact_gain_other: "{count} users gain {role}",
    impact_lose_one: "1 user loses {role}",
    impact_lose_other: "{count} users lose {role}",
    impact_nothing: "Nobody's roles change: the selected users already have what you chose.",
    own_admin_warning: "You are removing {role} from yourself: it gives you User Admin, so you \
                        would no longer manage this tenant's users.",
};
