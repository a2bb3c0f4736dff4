//! The impact of giving or taking roles, shown before the change is sent ("3 users gain SSO
//! Admin", "1 user loses Viewer"), with the stronger warning when the signed-in admin would take
//! their own last role carrying `User Admin`. For the selection it is worked out from the rows on
//! screen (each holds its roles in the tenant), so the confirmation needs no request; for every
//! user matching the search the server counts it (a page is not all of them). The server still
//! checks every change (and refuses an admin's removing their own roles).

use crate::collections::VecSet;
use crate::messages::invitations::InvitationMessages;
use crate::messages::{count, fill};
use crate::roles::impact_dialog::ImpactText;
use tenantkit_wire::jobs::BulkPreviewResponse;

/// A user whose roles change: what they hold now, and whether they are the signed-in admin.
#[derive(Debug, Clone, Copy)]
pub struct Holder<'a> {
    /// Roles held in the tenant now.
    pub roles: &'a [String],
    /// The signed-in admin themself.
    pub is_caller: bool,
}

/// What adding `added` and removing `removed` does to `holders`. `admin_roles` are the roles
/// carrying `User Admin`.
pub fn impact_text(
    holders: &[Holder<'_>],
    added: &[String],
    removed: &[String],
    admin_roles: &VecSet<String>,
    messages: &'static InvitationMessages,
) -> ImpactText {
    let holding = |role: &String| holders.iter().filter(|h| h.roles.contains(role)).count() as u64;
    let all = holders.len() as u64;
    let gains: Vec<(&str, u64)> = added
        .iter()
        .map(|role| (role.as_str(), all - holding(role)))
        .collect();
    let losses: Vec<(&str, u64)> = removed
        .iter()
        .map(|role| (role.as_str(), holding(role)))
        .collect();
    let own_loss = holders
        .iter()
        .find(|h| h.is_caller)
        .and_then(|me| own_admin_loss(me.roles, added, removed, admin_roles));
    counted_text(&gains, &losses, own_loss, messages)
}

/// What a change of roles on every user matching the list's search does, as the server counted
/// it (`POST /tk/v1/mgmt/user/bulk/preview`): the rows on screen are only a page of them.
pub fn matching_impact_text(
    preview: &BulkPreviewResponse,
    admin_roles: &VecSet<String>,
    messages: &'static InvitationMessages,
) -> ImpactText {
    let gains: Vec<(&str, u64)> = preview
        .roles
        .iter()
        .map(|role| (role.name.as_str(), role.gain))
        .collect();
    let losses: Vec<(&str, u64)> = preview
        .roles
        .iter()
        .map(|role| (role.name.as_str(), role.lose))
        .collect();
    // The warning names the role that gives User Admin (the server says only that it goes).
    let own_loss = preview
        .removes_own_user_admin
        .then(|| {
            let lost = &preview.caller_loses;
            lost.iter()
                .find(|role| admin_roles.contains(*role))
                .or(lost.first())
                .cloned()
        })
        .flatten();
    counted_text(&gains, &losses, own_loss, messages)
}

/// The sentences of counted `gains` and `losses` (role, users; roles nobody gains or loses are
/// left out), and the warning when the admin would lose `User Admin` through `own_loss`.
fn counted_text(
    gains: &[(&str, u64)],
    losses: &[(&str, u64)],
    own_loss: Option<String>,
    messages: &'static InvitationMessages,
) -> ImpactText {
    let gain = (messages.impact_gain_one, messages.impact_gain_other);
    let lose = (messages.impact_lose_one, messages.impact_lose_other);
    let mut lines: Vec<String> = [(gain, gains), (lose, losses)]
        .into_iter()
        .flat_map(|((one, other), counted)| {
            counted
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(move |(role, n)| fill(&count(*n, one, other), "role", role))
        })
        .collect();
    if lines.is_empty() {
        lines.push(messages.impact_nothing.to_owned());
    }
    ImpactText {
        lines,
        own_admin_warning: own_loss.map(|role| fill(messages.own_admin_warning, "role", &role)),
    }
}

/// The role through which the admin (holding `roles`) would lose `User Admin`, if the change
/// leaves them no role carrying it.
fn own_admin_loss(
    roles: &[String],
    added: &[String],
    removed: &[String],
    admin_roles: &VecSet<String>,
) -> Option<String> {
    let after: VecSet<&String> = roles
        .iter()
        .chain(added)
        .filter(|role| !removed.contains(role))
        .collect();
    if after.iter().any(|role| admin_roles.contains(*role)) {
        return None;
    }
    roles
        .iter()
        .find(|role| admin_roles.contains(*role) && removed.contains(role))
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::ENGLISH;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| (*item).to_owned()).collect()
    }

    #[test]
    fn counts_who_gains_and_who_loses() {
        let (a, b, c) = (strings(&["Viewer"]), strings(&[]), strings(&["SSO Admin"]));
        let holders = [
            Holder {
                roles: &a,
                is_caller: false,
            },
            Holder {
                roles: &b,
                is_caller: false,
            },
            Holder {
                roles: &c,
                is_caller: false,
            },
        ];
        let admin = VecSet::from(["Tenant Admin".to_owned()]);
        let m = &ENGLISH.invitations;
        let text = impact_text(&holders, &strings(&["SSO Admin"]), &[], &admin, m);
        assert_eq!(text.lines, ["2 users gain SSO Admin"]);
        assert_eq!(text.own_admin_warning, None);
        let text = impact_text(&holders, &[], &strings(&["Viewer"]), &admin, m);
        assert_eq!(text.lines, ["1 user loses Viewer"]);
        let text = impact_text(
            &holders,
            &strings(&["Viewer"]),
            &strings(&["Auditor"]),
            &admin,
            m,
        );
        assert_eq!(text.lines, ["2 users gain Viewer"]);
        let text = impact_text(&holders[..1], &strings(&["Viewer"]), &[], &admin, m);
        assert_eq!(text.lines, [m.impact_nothing]);
    }

    #[test]
    fn every_match_says_what_the_server_counted() {
        let admin = VecSet::from(["Tenant Admin".to_owned()]);
        let m = &ENGLISH.invitations;
        let preview = BulkPreviewResponse {
            count: 1240,
            roles: vec![
                tenantkit_wire::jobs::BulkRoleImpact {
                    name: "Viewer".to_owned(),
                    gain: 0,
                    lose: 1240,
                },
                tenantkit_wire::jobs::BulkRoleImpact {
                    name: "Tenant Admin".to_owned(),
                    gain: 0,
                    lose: 1,
                },
            ],
            caller_loses: strings(&["Viewer", "Tenant Admin"]),
            removes_own_user_admin: true,
        };
        let text = matching_impact_text(&preview, &admin, m);
        assert_eq!(
            text.lines,
            ["1240 users lose Viewer", "1 user loses Tenant Admin"]
        );
        assert!(
            text.own_admin_warning
                .is_some_and(|w| w.contains("Tenant Admin") && !w.contains("Viewer"))
        );
        let kept = BulkPreviewResponse {
            removes_own_user_admin: false,
            ..preview
        };
        assert_eq!(
            matching_impact_text(&kept, &admin, m).own_admin_warning,
            None
        );
        let nothing = BulkPreviewResponse::default();
        assert_eq!(
            matching_impact_text(&nothing, &admin, m).lines,
            [m.impact_nothing]
        );
    }

    #[test]
    fn warns_when_the_admin_takes_their_last_user_admin_role() {
        let mine = strings(&["Tenant Admin", "Viewer"]);
        let me = [Holder {
            roles: &mine,
            is_caller: true,
        }];
        let admin = VecSet::from(["Tenant Admin".to_owned(), "Helpdesk".to_owned()]);
        let m = &ENGLISH.invitations;
        let text = impact_text(&me, &[], &strings(&["Tenant Admin"]), &admin, m);
        assert!(
            text.own_admin_warning
                .is_some_and(|w| w.contains("Tenant Admin"))
        );
        // Another role keeps User Admin: no warning; someone else losing it: none either.
        let text = impact_text(
            &me,
            &strings(&["Helpdesk"]),
            &strings(&["Tenant Admin"]),
            &admin,
            m,
        );
        assert_eq!(text.own_admin_warning, None);
        let other = [Holder {
            roles: &mine,
            is_caller: false,
        }];
        let text = impact_text(&other, &[], &strings(&["Tenant Admin"]), &admin, m);
        assert_eq!(text.own_admin_warning, None);
        assert_eq!(text.lines, ["1 user loses Tenant Admin"]);
    }
}
