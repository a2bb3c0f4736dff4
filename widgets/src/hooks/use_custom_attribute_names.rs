//! `use_custom_attribute_names`: the names of the project's custom user attributes, offered as
//! suggestions when the SSO wizard maps IdP attributes to them. Best effort: an admin without
//! `User Admin` (who cannot read them) or a failed request gets no suggestions and types names.

use crate::collections::sort;
use crate::list::{SearchTarget, Setting, use_fetch};
use yew::prelude::*;

/// The custom attribute names, sorted; empty until (and unless) the server answers, asked once
/// `wanted`. An answer that comes after the target changed (or after unmounting) is dropped.
#[hook]
pub fn use_custom_attribute_names(
    target: Result<SearchTarget, Vec<Setting>>,
    wanted: bool,
) -> Vec<String> {
    let answer = use_fetch((target, wanted), |(target, wanted)| {
        let target = target.clone().ok().filter(|_| *wanted)?;
        Some(async move { target.client().custom_attributes().await })
    });
    let Some(Ok(response)) = answer.as_deref() else {
        return Vec::new();
    };
    let mut names: Vec<String> = response
        .data
        .iter()
        .map(|attribute| attribute.name.clone())
        .collect();
    sort(&mut names);
    names
}
