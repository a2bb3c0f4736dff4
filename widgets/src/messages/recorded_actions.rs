//! The audit log's catalog held against the actions the server records
//! ([`AuditAction`], which every event the server makes takes): each action that can land in a
//! tenant's log has a label (and so a place in the action filter), and the catalog labels nothing
//! else, so a new action fails here instead of showing "SsoSetupLinkCreated" to a tenant admin.

use super::ENGLISH_AUDIT;
use std::collections::BTreeSet;
use tenantkit_wire::audit::AuditAction;

#[test]
fn every_action_recorded_in_a_tenant_has_a_label_and_no_other() {
    let labelled: BTreeSet<&str> = ENGLISH_AUDIT.actions.iter().map(|(a, _)| *a).collect();
    let unlabelled: Vec<&str> = AuditAction::ALL
        .iter()
        .filter(|action| !action.project_wide() && !labelled.contains(action.as_str()))
        .map(|action| action.as_str())
        .collect();
    assert!(
        unlabelled.is_empty(),
        "recorded in a tenant's log with no label in ENGLISH_AUDIT.actions \
         (or project-wide, and AuditAction::project_wide should say so): {unlabelled:?}"
    );
    let in_tenants: BTreeSet<&str> = AuditAction::ALL
        .iter()
        .filter(|action| !action.project_wide())
        .map(|action| action.as_str())
        .collect();
    let never_shown: Vec<&&str> = labelled.difference(&in_tenants).collect();
    assert!(
        never_shown.is_empty(),
        "labelled, but no tenant's log ever holds it (project-wide, or not recorded): \
         {never_shown:?}"
    );
}
