//! Demo data (`serve --seed-demo`): two tenants, an admin for each, and 60 users with
//! deterministic, realistic names. The demo site, the browser tests and the end-to-end tests
//! sign in with these constants.
//!
//! Idempotent: nothing happens when tenant `acme` exists. Everything is inserted in one
//! transaction with multi-row inserts, so it takes milliseconds on either backend.

use crate::auth::password;
use crate::capability::ProjectWide;
use crate::clock::Clock;
use crate::db::Db;
use crate::db::attributes::{AttributeOwner, insert_attribute_definitions_in};
use crate::db::roles::{NewRole, insert_permissions_in, insert_roles_in};
use crate::db::tenants::{NewTenant, insert_tenants_in};
use crate::db::users::{NewUser, insert_users_in};
use crate::error::{Error, Result};
use tenantkit_wire::user_ops::{CustomAttribute, attribute_type};
use tenantkit_wire::{LoginId, ROLE_TENANT_ADMIN, Secret, TenantId, UserStatus};

/// Password of both demo admins.
pub const DEMO_PASSWORD: &str = "tenantkit-demo";
/// Id of the first demo tenant.
pub const ACME: &str = "acme";
/// Name of the first demo tenant.
pub const ACME_NAME: &str = "Acme Corp";
/// Id of the second demo tenant.
pub const GLOBEX: &str = "globex";
/// Name of the second demo tenant.
pub const GLOBEX_NAME: &str = "Globex";
/// Login id of the acme admin (`Tenant Admin` in acme only: every permission of the demo).
pub const ACME_ADMIN: &str = "admin@acme.test";
/// Display name of the acme admin.
pub const ACME_ADMIN_NAME: &str = "Ada Admin";
/// Login id of the globex admin (`Tenant Admin` in globex only).
pub const GLOBEX_ADMIN: &str = "admin@globex.test";
/// Display name of the globex admin.
pub const GLOBEX_ADMIN_NAME: &str = "Gus Admin";
/// A tenant role of acme without any permission, held by some acme users.
pub const ACME_SUPPORT_ROLE: &str = "Support Agent";
/// A tenant role of globex without any permission, held by some globex users.
pub const GLOBEX_AUDITOR_ROLE: &str = "Auditor";
/// The product's own permissions in the demo, besides the built-in ones; the demo's `Tenant
/// Admin` carries them too.
pub const DEMO_PERMISSIONS: [(&str, &str); 3] = [
    ("Billing Read", "See invoices and the payment method"),
    ("Billing Write", "Change the plan and the payment method"),
    ("Reports View", "Open the usage and audit reports"),
];
/// Users only in acme (`<first>.<last>@acme.test`), besides the admin.
pub const ACME_ONLY_USERS: usize = 30;
/// Users only in globex (`<first>.<last>@globex.test`), besides the admin.
pub const GLOBEX_ONLY_USERS: usize = 20;
/// Users in both tenants (`<first>.<last>@partners.test`).
pub const PARTNER_USERS: usize = 10;

const FIRST_NAMES: [&str; 60] = [
    "Olivia",
    "Liam",
    "Emma",
    "Noah",
    "Amelia",
    "Oliver",
    "Sophia",
    "Elijah",
    "Charlotte",
    "James",
    "Isabella",
    "William",
    "Mia",
    "Benjamin",
    "Harper",
    "Lucas",
    "Evelyn",
    "Henry",
    "Abigail",
    "Theodore",
    "Emily",
    "Jack",
    "Ella",
    "Levi",
    "Elizabeth",
    "Alexander",
    "Camila",
    "Jackson",
    "Luna",
    "Mateo",
    "Sofia",
    "Daniel",
    "Avery",
    "Michael",
    "Mila",
    "Mason",
    "Aria",
    "Sebastian",
    "Scarlett",
    "Ethan",
    "Penelope",
    "Logan",
    "Layla",
    "Owen",
    "Chloe",
    "Samuel",
    "Victoria",
    "Jacob",
    "Madison",
    "Asher",
    "Eleanor",
    "Aiden",
    "Grace",
    "John",
    "Nora",
    "Joseph",
    "Riley",
    "Wyatt",
    "Zoey",
    "David",
];

const LAST_NAMES: [&str; 60] = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Gomez",
    "Phillips",
    "Evans",
    "Turner",
    "Diaz",
    "Parker",
    "Cruz",
    "Edwards",
    "Collins",
    "Reyes",
];

/// Seeds the demo data unless tenant `acme` exists. Returns whether it seeded.
pub async fn seed_demo(db: &Db, clock: &dyn Clock) -> Result<bool> {
    if db.tenant_exists(&TenantId::new(ACME)).await? {
        return Ok(false);
    }
    let now = clock.now();
    let password_hash = password::hash_blocking(Secret::new(DEMO_PASSWORD)).await?;
    let scope = ProjectWide::bypass_for_trusted_local_code();
    let tenants = [
        NewTenant {
            id: TenantId::new(ACME),
            name: ACME_NAME.to_owned(),
            ..NewTenant::default()
        },
        NewTenant {
            id: TenantId::new(GLOBEX),
            name: GLOBEX_NAME.to_owned(),
            ..NewTenant::default()
        },
    ];
    let roles = [
        NewRole {
            tenant_id: ACME.to_owned(),
            name: ACME_SUPPORT_ROLE.to_owned(),
            description: "Answers customer tickets".to_owned(),
            permission_names: Vec::new(),
        },
        NewRole {
            tenant_id: GLOBEX.to_owned(),
            name: GLOBEX_AUDITOR_ROLE.to_owned(),
            description: "Reads audit reports".to_owned(),
            permission_names: vec!["Reports View".to_owned()],
        },
    ];
    let users = demo_users(&password_hash, now);

    let mut tx = db.write_tx().await?;
    match insert_tenants_in(&mut tx, &scope, &tenants, now).await {
        Ok(()) => {}
        // Another process seeded concurrently: its data stands.
        Err(Error::Database(sqlx::Error::Database(error))) if error.is_unique_violation() => {
            tx.rollback().await?;
            return Ok(false);
        }
        Err(error) => return Err(error),
    }
    insert_permissions_in(&mut tx, &scope, &DEMO_PERMISSIONS, now).await?;
    // Each tenant owns the domain of its people's emails, vouched for by the product owner: SSO
    // may route it and its subdomains.
    for (tenant, domain) in [(ACME, "acme.test"), (GLOBEX, "globex.test")] {
        crate::db::policy::add_claim(&mut tx, tenant, domain, "", true, now * 1000).await?;
    }
    // The product's tenant admins hold its permissions too, as a product sets `Tenant Admin` up:
    // an admin can only delegate what they have, so this is what lets them build roles from them.
    for (permission, _) in DEMO_PERMISSIONS {
        sqlx::query(
            "INSERT INTO role_permissions (role_id, permission_name) \
             SELECT id, $1 FROM roles WHERE tenant_id = '' AND name = $2",
        )
        .bind(permission)
        .bind(ROLE_TENANT_ADMIN)
        .execute(&mut *tx)
        .await?;
    }
    insert_roles_in(&mut tx, &scope, &roles, now).await?;
    insert_users_in(&mut tx, &scope, &users, now).await?;
    insert_attribute_definitions_in(
        &mut tx,
        &scope,
        AttributeOwner::Users,
        &demo_attribute_definitions(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The custom attributes the demo defines: a free-text department and a plan to pick.
pub fn demo_attribute_definitions() -> Vec<CustomAttribute> {
    vec![
        CustomAttribute {
            name: "department".to_owned(),
            kind: attribute_type::TEXT,
            options: Vec::new(),
            display_name: "Department".to_owned(),
            editable: true,
        },
        CustomAttribute {
            name: "plan".to_owned(),
            kind: attribute_type::SINGLE_SELECT,
            options: vec![
                "free".to_owned(),
                "team".to_owned(),
                "enterprise".to_owned(),
            ],
            display_name: "Plan".to_owned(),
            editable: true,
        },
    ]
}

fn demo_attributes(i: usize) -> serde_json::Map<String, serde_json::Value> {
    const DEPARTMENTS: [&str; 4] = ["Engineering", "Sales", "Support", "Finance"];
    const PLANS: [&str; 3] = ["free", "team", "enterprise"];
    let mut attributes = serde_json::Map::new();
    attributes.insert(
        "department".to_owned(),
        DEPARTMENTS[i % DEPARTMENTS.len()].into(),
    );
    attributes.insert("plan".to_owned(), PLANS[i % PLANS.len()].into());
    attributes
}

fn demo_users(admin_password_hash: &str, now: i64) -> Vec<NewUser> {
    const DAY: i64 = 24 * 3600;
    let admin = |login_id: &str, name: &str, given: &str, tenant: &str| NewUser {
        login_id: LoginId::new(login_id),
        name: name.to_owned(),
        given_name: given.to_owned(),
        family_name: "Admin".to_owned(),
        email: login_id.to_owned(),
        verified_email: true,
        password_hash: Some(admin_password_hash.to_owned()),
        tenants: vec![(TenantId::new(tenant), vec![ROLE_TENANT_ADMIN.to_owned()])],
        created: Some(now - 400 * DAY),
        ..NewUser::default()
    };
    let mut users = vec![
        admin(ACME_ADMIN, ACME_ADMIN_NAME, "Ada", ACME),
        admin(GLOBEX_ADMIN, GLOBEX_ADMIN_NAME, "Gus", GLOBEX),
    ];
    for i in 0..ACME_ONLY_USERS + GLOBEX_ONLY_USERS + PARTNER_USERS {
        let first = FIRST_NAMES[i % FIRST_NAMES.len()];
        // A stride coprime with 60 pairs first and last names without an obvious pattern.
        let last = LAST_NAMES[(i * 7 + 3) % LAST_NAMES.len()];
        let (domain, tenants) = if i < ACME_ONLY_USERS {
            let roles = if i % 6 == 0 {
                vec![ACME_SUPPORT_ROLE.to_owned()]
            } else {
                Vec::new()
            };
            ("acme.test", vec![(TenantId::new(ACME), roles)])
        } else if i < ACME_ONLY_USERS + GLOBEX_ONLY_USERS {
            let roles = if i % 5 == 0 {
                vec![GLOBEX_AUDITOR_ROLE.to_owned()]
            } else {
                Vec::new()
            };
            ("globex.test", vec![(TenantId::new(GLOBEX), roles)])
        } else {
            let roles = if i % 2 == 0 {
                vec![ACME_SUPPORT_ROLE.to_owned()]
            } else {
                Vec::new()
            };
            (
                "partners.test",
                vec![
                    (TenantId::new(ACME), roles),
                    (TenantId::new(GLOBEX), Vec::new()),
                ],
            )
        };
        let status = match i {
            5 | 17 | 33 | 52 => UserStatus::Disabled,
            9 | 41 => UserStatus::Invited,
            _ => UserStatus::Enabled,
        };
        let login_id = format!("{}.{}@{domain}", first.to_lowercase(), last.to_lowercase());
        let days_ago = i64::try_from(i).unwrap_or_default();
        users.push(NewUser {
            login_id: LoginId::new(login_id.as_str()),
            name: format!("{first} {last}"),
            given_name: first.to_owned(),
            family_name: last.to_owned(),
            email: login_id,
            phone: if i % 3 == 0 {
                format!("+1555{:07}", 1000 + i)
            } else {
                String::new()
            },
            verified_email: status == UserStatus::Enabled,
            // Some enrolled authenticators, so "remove passkeys / authenticator app" show an effect.
            totp: status == UserStatus::Enabled && i % 4 == 1,
            webauthn: status == UserStatus::Enabled && i % 5 == 2,
            custom_attributes: demo_attributes(i),
            status,
            tenants,
            created: Some(now - (300 - days_ago * 4) * DAY),
            ..NewUser::default()
        });
    }
    users
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn demo_users_are_distinct_and_spread_over_the_tenants() {
        let users = demo_users("hash", 1_000_000_000);
        assert_eq!(
            users.len(),
            2 + ACME_ONLY_USERS + GLOBEX_ONLY_USERS + PARTNER_USERS
        );
        let login_ids: HashSet<&str> = users.iter().map(|user| user.login_id.as_str()).collect();
        assert_eq!(login_ids.len(), users.len());
        let in_tenant = |tenant: &str| {
            users
                .iter()
                .filter(|user| user.tenants.iter().any(|(t, _)| t.as_str() == tenant))
                .count()
        };
        assert_eq!(in_tenant(ACME), 1 + ACME_ONLY_USERS + PARTNER_USERS);
        assert_eq!(in_tenant(GLOBEX), 1 + GLOBEX_ONLY_USERS + PARTNER_USERS);
        assert_eq!(
            users
                .iter()
                .filter(|user| user.password_hash.is_some())
                .count(),
            2
        );
        assert!(login_ids.contains("olivia.brown@acme.test"));
    }
}
