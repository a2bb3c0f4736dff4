//! The callbacks every searchable, sortable, paged table with row selection needs: a change of
//! search, sort or page size goes back to page 1, and any change of the query clears the
//! selection. One implementation for the role and access-key widgets.

use std::collections::BTreeSet;
use std::rc::Rc;
use web_sys::MouseEvent;
use yew::{Callback, UseStateHandle};

/// A list query the controls can change.
pub trait SortableQuery: Clone + PartialEq + 'static {
    /// The sortable columns.
    type Column: Copy + PartialEq + 'static;
    /// The search text.
    fn text_mut(&mut self) -> &mut String;
    /// The sorted column and whether descending.
    fn sort_mut(&mut self) -> &mut Option<(Self::Column, bool)>;
    /// The page (from 0).
    fn page_mut(&mut self) -> &mut u32;
    /// Rows per page.
    fn page_size_mut(&mut self) -> &mut u32;
}

/// The callbacks of [`list_controls`].
#[derive(Debug)]
pub struct ListControls<C: 'static> {
    pub onsearch: Callback<String>,
    /// Ascending, then descending, then unsorted.
    pub onsort: Callback<C>,
    pub onpage: Callback<u32>,
    pub onpagesize: Callback<u32>,
    /// `(row key, selected)`.
    pub onselect: Callback<(String, bool)>,
    /// Selects or unselects `page_keys` (the selectable rows of the page).
    pub onselectall: Callback<bool>,
    pub onclearselection: Callback<MouseEvent>,
}

/// The controls over `query` and `selection`; `page_keys` are the keys of the page's selectable
/// rows.
pub fn list_controls<Q: SortableQuery>(
    query: &UseStateHandle<Q>,
    selection: &UseStateHandle<Rc<BTreeSet<String>>>,
    page_keys: Vec<String>,
) -> ListControls<Q::Column> {
    let set_query = {
        let query = query.clone();
        let selection = selection.clone();
        Rc::new(move |change: &dyn Fn(&mut Q)| {
            let mut next = (*query).clone();
            change(&mut next);
            if next != *query {
                selection.set(Rc::new(BTreeSet::new()));
                query.set(next);
            }
        })
    };
    let onsearch = {
        let set_query = set_query.clone();
        Callback::from(move |text: String| {
            set_query(&|q: &mut Q| {
                if *q.text_mut() != text {
                    *q.text_mut() = text.clone();
                    *q.page_mut() = 0;
                }
            })
        })
    };
    let onsort = {
        let set_query = set_query.clone();
        Callback::from(move |column: Q::Column| {
            set_query(&|q: &mut Q| {
                let sort = q.sort_mut();
                *sort = match *sort {
                    Some((sorted, false)) if sorted == column => Some((column, true)),
                    Some((sorted, true)) if sorted == column => None,
                    _ => Some((column, false)),
                };
                *q.page_mut() = 0;
            })
        })
    };
    let onpage = {
        let set_query = set_query.clone();
        Callback::from(move |page: u32| set_query(&|q: &mut Q| *q.page_mut() = page))
    };
    let onpagesize = Callback::from(move |size: u32| {
        set_query(&|q: &mut Q| {
            *q.page_size_mut() = size;
            *q.page_mut() = 0;
        })
    });
    let onselect = {
        let selection = selection.clone();
        Callback::from(move |(key, selected): (String, bool)| {
            let mut next = (**selection).clone();
            if selected {
                next.insert(key);
            } else {
                next.remove(&key);
            }
            selection.set(Rc::new(next));
        })
    };
    let onselectall = {
        let selection = selection.clone();
        Callback::from(move |select: bool| {
            let mut next = (**selection).clone();
            for key in &page_keys {
                if select {
                    next.insert(key.clone());
                } else {
                    next.remove(key);
                }
            }
            selection.set(Rc::new(next));
        })
    };
    let onclearselection = {
        let selection = selection.clone();
        Callback::from(move |_: MouseEvent| selection.set(Rc::new(BTreeSet::new())))
    };
    ListControls {
        onsearch,
        onsort,
        onpage,
        onpagesize,
        onselect,
        onselectall,
        onclearselection,
    }
}
