//! The SCIM discovery documents (RFC 7644 §4, RFC 7643 §5-7): what this service provider
//! supports, its resource types, and the schemas of the attributes it keeps. An IdP or a
//! compliance checker reads these to know what to send; attributes not listed are ignored.

use super::resources::{GROUP_SCHEMA, LIST_SCHEMA, USER_SCHEMA};
use crate::db::scim::MAX_PAGE;
use serde_json::{Value, json};

/// `/ServiceProviderConfig`.
pub fn service_provider_config(base_url: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "documentationUri": "https://github.com/tenantkit/tenantkit#scim-provisioning",
        "patch": {"supported": true},
        "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": true, "maxResults": MAX_PAGE},
        "changePassword": {"supported": false},
        "sort": {"supported": false},
        "etag": {"supported": false},
        "authenticationSchemes": [{
            "type": "oauthbearertoken",
            "name": "Bearer token",
            "description": "The tenant's SCIM token, created by its admin in <tenant-sso-setup>",
            "primary": true,
        }],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": format!("{base_url}/ServiceProviderConfig"),
        },
    })
}

fn resource_type(base_url: &str, name: &str, endpoint: &str, schema: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
        "id": name,
        "name": name,
        "endpoint": endpoint,
        "schema": schema,
        "meta": {
            "resourceType": "ResourceType",
            "location": format!("{base_url}/ResourceTypes/{name}"),
        },
    })
}

/// The resource types: User and Group.
pub fn resource_types(base_url: &str) -> Vec<Value> {
    vec![
        resource_type(base_url, "User", "/Users", USER_SCHEMA),
        resource_type(base_url, "Group", "/Groups", GROUP_SCHEMA),
    ]
}

fn attribute(name: &str, kind: &str, required: bool, description: &str) -> Value {
    json!({
        "name": name,
        "type": kind,
        "multiValued": false,
        "description": description,
        "required": required,
        "caseExact": false,
        "mutability": "readWrite",
        "returned": "default",
        "uniqueness": if name == "userName" { "server" } else { "none" },
    })
}

fn multi_valued(name: &str, description: &str, value_description: &str) -> Value {
    json!({
        "name": name,
        "type": "complex",
        "multiValued": true,
        "description": description,
        "required": false,
        "mutability": "readWrite",
        "returned": "default",
        "uniqueness": "none",
        "subAttributes": [
            attribute("value", "string", false, value_description),
            {
                "name": "type", "type": "string", "multiValued": false, "required": false,
                "caseExact": false, "mutability": "readWrite", "returned": "default",
                "uniqueness": "none", "canonicalValues": ["work"],
                "description": "Kept as work: one value of each kind is stored.",
            },
        ],
    })
}

/// The User schema: the attributes this service provider keeps and echoes as sent. A phone
/// number (`phoneNumbers`) is read too when it is a real one (stored in E.164, so not echoed as
/// sent), and left out of the schema: a checker filling every published attribute with random
/// text would be refused. Group members are `value` and `$ref` (no server-made `display`).
pub fn user_schema(base_url: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": USER_SCHEMA,
        "name": "User",
        "description": "A user of the tenant",
        "attributes": [
            attribute("userName", "string", true, "The login id, unique in the project"),
            {
                "name": "name", "type": "complex", "multiValued": false, "required": false,
                "mutability": "readWrite", "returned": "default", "uniqueness": "none",
                "description": "The parts of the user's name",
                "subAttributes": [
                    attribute("givenName", "string", false, "Given name"),
                    attribute("middleName", "string", false, "Middle name"),
                    attribute("familyName", "string", false, "Family name"),
                ],
            },
            attribute("displayName", "string", false, "The name shown for the user"),
            multi_valued("emails", "Email addresses (one is kept)", "An email address"),
            attribute("active", "boolean", true, "Whether the user may sign in to the tenant (absent at creation: true)"),
        ],
        "meta": {
            "resourceType": "Schema",
            "location": format!("{base_url}/Schemas/{USER_SCHEMA}"),
        },
    })
}

/// The Group schema.
pub fn group_schema(base_url: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": GROUP_SCHEMA,
        "name": "Group",
        "description": "A group of the tenant's users; the tenant admin maps groups to roles",
        "attributes": [
            attribute("displayName", "string", true, "The group's name, unique in the tenant"),
            {
                "name": "members", "type": "complex", "multiValued": true, "required": false,
                "mutability": "readWrite", "returned": "default", "uniqueness": "none",
                "description": "The group's members",
                "subAttributes": [
                    {
                        "name": "value", "type": "string", "multiValued": false,
                        "required": false, "caseExact": true, "mutability": "immutable",
                        "returned": "default", "uniqueness": "none",
                        "description": "The member's user id",
                    },
                    {
                        "name": "$ref", "type": "reference", "referenceTypes": ["User"],
                        "multiValued": false, "required": false, "caseExact": true,
                        "mutability": "immutable", "returned": "default", "uniqueness": "none",
                        "description": "The member's URI",
                    },
                ],
            },
        ],
        "meta": {
            "resourceType": "Schema",
            "location": format!("{base_url}/Schemas/{GROUP_SCHEMA}"),
        },
    })
}

/// A list response of `resources`, all of them.
pub fn list(resources: Vec<Value>) -> Value {
    json!({
        "schemas": [LIST_SCHEMA],
        "totalResults": resources.len(),
        "startIndex": 1,
        "itemsPerPage": resources.len(),
        "Resources": resources,
    })
}
