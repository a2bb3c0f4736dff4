//! `use_permissions`: every permission of the project, for the role widget's permission picker
//! and its descriptions. Asked once per target (and again when `reload` changes, the previous
//! answer staying meanwhile); the picker works from what it says, loading and failure included.

use crate::list::{LoadError, Remote, SearchTarget, Setting, use_fetch};
use std::rc::Rc;
use tenantkit_wire::role::Permission;
use yew::prelude::*;

/// The project's permissions, sorted by name, as remote data, asked once `wanted` (the role
/// list's first page is on screen first). An answer that comes after the target changed (or
/// after unmounting) is dropped.
#[hook]
pub fn use_permissions(
    target: Result<SearchTarget, Vec<Setting>>,
    reload: u64,
    wanted: bool,
) -> Remote<Rc<[Permission]>> {
    let answer = use_fetch((target, reload, wanted), |(target, _, wanted)| {
        let target = target.clone().ok().filter(|_| *wanted)?;
        Some(async move { target.client().permissions().await })
    });
    match answer.as_deref() {
        None => Remote::Loading,
        Some(Ok(response)) => {
            let mut permissions = response.permissions.clone();
            crate::collections::sort_by(&mut permissions, |a, b| a.name.cmp(&b.name));
            Remote::Loaded(permissions.into())
        }
        Some(Err(error)) => Remote::Failed(LoadError::from(error)),
    }
}
