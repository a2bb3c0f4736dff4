//! Invitations as records (TenantKit's own routes, `/tk/v1/mgmt/invitation/...`): the pending
//! invitations of a tenant (who invited, when, until when), resending and revoking them by
//! login id, and inviting several addresses at once with roles.
//!
//! An invitation belongs to an invited user (status `invited`): one open link each, stored as a
//! hash. Inviting an address makes an invited user whose login id and email are that address.

use crate::ids::LoginId;
use serde::{Deserialize, Serialize};

/// The most addresses one invite call takes, and the most login ids one resend or revoke call
/// takes: each may send an email.
pub const MAX_INVITATIONS_PER_CALL: usize = 50;

/// The page size of the pending list when the request gives none.
pub const DEFAULT_PAGE_SIZE: u32 = 25;
/// The largest page of the pending list.
pub const MAX_PAGE_SIZE: u32 = 100;

/// Splits a pasted list of addresses (separated by commas, semicolons, spaces or new lines)
/// into its addresses, each once (case-insensitively), in the order given.
pub fn split_addresses(text: &str) -> Vec<String> {
    let mut addresses: Vec<String> = Vec::new();
    for address in text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .map(str::trim)
        .filter(|address| !address.is_empty())
    {
        if !addresses
            .iter()
            .any(|seen| seen.eq_ignore_ascii_case(address))
        {
            addresses.push(address.to_owned());
        }
    }
    addresses
}

/// `POST /tk/v1/mgmt/invitation/search`: one page of the pending invitations, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct InvitationSearchRequest {
    /// Free text: a case-insensitive part of the invited user's login id, email or name.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// Page size (0: [`DEFAULT_PAGE_SIZE`]; at most [`MAX_PAGE_SIZE`]).
    pub limit: u32,
    /// Page number, 0-based.
    pub page: u32,
}

/// One pending invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct Invitation {
    /// The invited user's login id.
    pub login_id: LoginId,
    /// Where the invitation went.
    pub email: String,
    /// The invited user's display name ("" when none).
    pub name: String,
    /// Who invited: their login id, or the actor id of a management key (`mgmt:<keyId>`) or of
    /// the command line (`cli`); "" when not recorded (invitations older than this record).
    pub invited_by: String,
    /// When the user was first invited, epoch seconds.
    pub created: i64,
    /// When the current link was sent, epoch seconds.
    pub sent: i64,
    /// When the current link stops working, epoch seconds.
    pub expires: i64,
    /// The link has expired (resend makes a new one).
    pub expired: bool,
    /// Roles the invited user will have in the tenant.
    pub role_names: Vec<String>,
}

/// The answer of [`InvitationSearchRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct InvitationSearchResponse {
    /// One page, newest first.
    pub invitations: Vec<Invitation>,
    /// Pending invitations matching the text across all pages (exact).
    pub total: u64,
}

/// `POST /tk/v1/mgmt/invitation/resend` and `/revoke`: the invitations of these users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct InvitationsRequest {
    /// The invited users, at most [`MAX_INVITATIONS_PER_CALL`].
    pub login_ids: Vec<LoginId>,
}

/// `POST /tk/v1/mgmt/invitation/create`: invite these addresses with these roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct InviteRequest {
    /// Email addresses, at most [`MAX_INVITATIONS_PER_CALL`]; each becomes the login id and
    /// the email of an invited user.
    pub addresses: Vec<String>,
    /// Roles in the tenant for every invited user (only roles the admin may grant).
    pub role_names: Vec<String>,
}

/// What became of one address or login id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum InvitationOutcome {
    /// Invited: a user was made and the email sent.
    #[default]
    Invited,
    /// Already a member of the tenant (or invited to it already): nothing was sent.
    AlreadyMember,
    /// Refused: the reason says why (not an email address, the email could not be sent, ...).
    Invalid,
    /// A new link was sent; the old one stopped working.
    Resent,
    /// Revoked: the link stopped working and the invited user left the tenant.
    Revoked,
}

/// One line of an invitation call's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct InvitationResult {
    /// The address (invite) or login id (resend, revoke), as the request gave it.
    pub address: String,
    /// What became of it.
    pub outcome: InvitationOutcome,
    /// Why, when refused or already a member; what became of the user, when revoked ("" for
    /// the rest).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// The answer of invite, resend and revoke: one result per address or login id, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct InvitationResults {
    /// In the request's order.
    pub results: Vec<InvitationResult>,
}

#[cfg(test)]
mod tests {
    use super::split_addresses;

    #[test]
    fn a_pasted_list_splits_on_commas_spaces_and_lines() {
        assert_eq!(
            split_addresses(" a@x.test, b@x.test;c@x.test\n\nd@x.test\tA@X.test ,, "),
            ["a@x.test", "b@x.test", "c@x.test", "d@x.test"]
        );
        assert!(split_addresses(" \n ,").is_empty());
    }
}
