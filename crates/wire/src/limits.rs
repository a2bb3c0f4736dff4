//! The most items each list of a request body may hold, by the list's wire name. The server
//! refuses a longer list with 400 `E011003` naming the field and its maximum, before any handler
//! or query runs; the widgets never send lists this long. The maxima keep every query well under
//! SQLite's bound-variable limit (32,766): a search binds each item once (a few lists twice),
//! so even a body with every list of a search at its maximum binds under 10,000 values.

use crate::FieldError;

/// The maximum of a list that [`LIST_MAXIMA`] does not name.
pub const MAX_LIST_ITEMS: usize = 1000;

/// Every list of every request body, by wire name (the same name in every request that has it),
/// and its maximum. Lists nested in items (`userTenants[].roleNames`) count per item.
pub const LIST_MAXIMA: &[(&str, usize)] = &[
    // Searches and filters.
    ("loginIds", 1000),
    ("emails", 1000),
    ("phones", 1000),
    ("roleNames", 1000),
    ("tenantIds", 1000),
    ("tenantNames", 1000),
    ("tenantSelfProvisioningDomains", 1000),
    ("permissionNames", 1000),
    ("userIds", 1000),
    ("actions", 1000),
    ("tenants", 1000),
    ("statuses", 1000),
    ("sort", 20),
    // Batches: access key ids, users to create (each may carry a password to hash).
    ("ids", 1000),
    ("users", 100),
    // Parts of users, roles, access keys and tenants.
    ("additionalLoginIds", 100),
    ("userTenants", 1000),
    ("keyTenants", 1000),
    ("permittedIps", 1000),
    ("selfProvisioningDomains", 1000),
    // Custom attribute definitions.
    ("attributes", 1000),
    ("names", 1000),
    ("options", 1000),
    // SSO settings.
    ("domains", 1000),
    ("roleMappings", 1000),
    ("groups", 1000),
    ("defaultSSORoles", 1000),
    ("scope", 100),
    // SSO setup links for signed-in users: a tenant's additional configurations.
    ("ssoIds", 1000),
    // Invitations: each address may send an email (`invitation::MAX_INVITATIONS_PER_CALL`).
    ("addresses", 50),
    // A CSV import's column mapping: one entry per column of the file.
    ("mapping", 200),
];

/// The wire name (as a `'static` name for [`FieldError`]) and maximum of the list `field`; a
/// list no request defines counts as `list` with [`MAX_LIST_ITEMS`].
pub fn list_maximum(field: &str) -> (&'static str, usize) {
    LIST_MAXIMA
        .iter()
        .find(|(name, _)| *name == field)
        .copied()
        .unwrap_or(("list", MAX_LIST_ITEMS))
}

/// `Err` when the list `field` holds more than its maximum: "loginIds: at most 1000 items, got
/// 40000".
pub fn check_list(field: &str, items: usize) -> Result<(), FieldError> {
    let (name, maximum) = list_maximum(field);
    if items <= maximum {
        return Ok(());
    }
    Err(FieldError::new(
        name,
        format!("{field}: at most {maximum} items, got {items}"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_names_its_field_and_maximum() {
        assert!(check_list("loginIds", 1000).is_ok());
        let refused = check_list("loginIds", 40_000).err();
        assert_eq!(
            refused,
            Some(FieldError::new(
                "loginIds",
                "loginIds: at most 1000 items, got 40000"
            ))
        );
        assert_eq!(check_list("users", 101).map_err(|e| e.field), Err("users"));
        assert_eq!(
            check_list("unheardOf", 1001).map_err(|e| e.field),
            Err("list")
        );
    }

    #[test]
    fn every_maximum_is_named_once() {
        let mut names: Vec<&str> = LIST_MAXIMA.iter().map(|(name, _)| *name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), LIST_MAXIMA.len());
    }
}
