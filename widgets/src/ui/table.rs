//! The parts every list's table is made of: the frame (a scrolling container, the table, its
//! visually hidden caption, one header row), sortable headers with `aria-sort`, the select-all
//! header and a row's checkbox. The element's table ([`crate::users::table`], ...) says which
//! columns and what each cell shows.

use crate::collections::VecSet;
use crate::list::ListRow;
use std::rc::Rc;
use yew::prelude::*;

/// What a list's table gets from its element's controller ([`crate::list::ListWidget::table`]):
/// the rows, the sort, the selection, the open menu, and the callbacks that change them.
#[derive(Clone, PartialEq, Debug)]
pub struct ListTable<R: ListRow, C: 'static> {
    /// The rows, in display order.
    pub rows: Rc<[R]>,
    /// The table's caption (visually hidden; the widget's heading shows the same).
    pub caption: AttrValue,
    /// The sort in effect.
    pub sort: Option<(C, bool)>,
    /// The selected rows.
    pub selected: Rc<VecSet<R::Key>>,
    /// The row whose menu is open.
    pub open_menu: Option<R::Key>,
    /// A sortable header was activated.
    pub onsort: Callback<C>,
    /// A row's checkbox changed: the row and whether it is now selected.
    pub onselect: Callback<(R::Key, bool)>,
    /// The select-all checkbox changed.
    pub onselectall: Callback<bool>,
    /// A row's menu opened (`Some`) or closed.
    pub onmenu: Callback<Option<R::Key>>,
    /// Whether the page has a row that may be selected, and whether all such rows are.
    pub select_all: (bool, bool),
}

impl<R: ListRow, C: 'static> ListTable<R, C> {
    /// The checkbox that selects every selectable row of the page.
    pub fn select_all_header(&self, label: &'static str) -> Html {
        let (any, all) = self.select_all;
        select_all_header(label, any, all, &self.onselectall)
    }

    /// A row's checkbox, labelled `label` (and described by `described_by`), and whether the
    /// row is selected.
    pub fn select_cell(
        &self,
        row: &R,
        label: String,
        described_by: Option<String>,
    ) -> (bool, Html) {
        let selected = row.selectable() && self.selected.contains(&row.key());
        let key = row.key();
        let onchange = self
            .onselect
            .reform(move |_: Event| (key.clone(), !selected));
        (
            selected,
            select_cell(label, described_by, row.selectable(), selected, onchange),
        )
    }
}

/// A list's table of one `<tbody>` holding `rows` (see [`table`]).
pub fn table_of_rows(
    caption: AttrValue,
    class: Option<&'static str>,
    header: Html,
    rows: Vec<Html>,
) -> Html {
    table(
        caption,
        class,
        header,
        html! { <tbody>{ for rows }</tbody> },
    )
}

/// A list's table: `caption` visually hidden (the widget's heading shows the same), `class`
/// besides `tk-table`, `header` the cells of the header row, `body` one `<tbody>` (or one per
/// row group). A plain function (see [`crate::ui`]).
pub fn table(caption: AttrValue, class: Option<&'static str>, header: Html, body: Html) -> Html {
    html! {
        <div class="tk-table-wrap" part="table-container">
            <table class={classes!("tk-table", class)} part="table">
                <caption class="tk-visually-hidden">{ caption }</caption>
                <thead>
                    <tr part="header-row">{ header }</tr>
                </thead>
                { body }
            </table>
        </div>
    }
}

/// A header that sorts by `column`: ascending, then descending, then unsorted.
pub fn sort_header<C: Copy + PartialEq + 'static>(
    column: C,
    label: &'static str,
    sort: Option<(C, bool)>,
    onsort: &Callback<C>,
    class: Option<&'static str>,
) -> Html {
    let sort = match sort {
        Some((sorted, false)) if sorted == column => "ascending",
        Some((sorted, true)) if sorted == column => "descending",
        _ => "none",
    };
    let onclick = onsort.reform(move |_: MouseEvent| column);
    html! {
        <th scope="col" part="header-cell" aria-sort={sort} class={classes!(class)}>
            <button type="button" class="tk-sort" part="sort-button" {onclick}>
                { label }
                <span class={classes!("tk-sort-icon", format!("tk-sort-icon--{sort}"))} aria-hidden="true"></span>
            </button>
        </th>
    }
}

/// A header that does not sort.
pub fn plain_header(label: &'static str) -> Html {
    html! { <th scope="col" part="header-cell">{ label }</th> }
}

/// The header of the row menus' column, named for screen readers only.
pub fn actions_header(label: &'static str) -> Html {
    html! {
        <td class="tk-actions-cell" part="header-cell">
            <span class="tk-visually-hidden">{ label }</span>
        </td>
    }
}

/// The checkbox that selects every selectable row of the page (`any`: there is one), or unselects
/// them all when they `all` are.
fn select_all_header(
    label: &'static str,
    any: bool,
    all: bool,
    onselectall: &Callback<bool>,
) -> Html {
    let onchange = onselectall.reform(move |_: Event| !all);
    html! {
        <td class="tk-select-cell" part="header-cell">
            <input type="checkbox" class="tk-checkbox" part="checkbox" aria-label={label}
                disabled={!any} checked={all} {onchange} />
        </td>
    }
}

/// A row's checkbox.
fn select_cell(
    label: String,
    described_by: Option<String>,
    selectable: bool,
    selected: bool,
    onchange: Callback<Event>,
) -> Html {
    html! {
        <td class="tk-select-cell" part="cell">
            <input type="checkbox" class="tk-checkbox" part="checkbox" aria-label={label}
                aria-describedby={described_by} disabled={!selectable}
                checked={selected} {onchange} />
        </td>
    }
}

/// A row menu's `ontoggle`: opening it names the row's `key`, closing it names none.
pub fn menu_toggle<K: Clone + 'static>(onmenu: &Callback<Option<K>>, key: K) -> Callback<bool> {
    onmenu.reform(move |open: bool| open.then(|| key.clone()))
}

/// A row menu's choice, reported with its row.
pub fn row_choice<R: Clone + 'static, A: 'static>(
    onaction: &Callback<(R, A)>,
    row: &R,
) -> Callback<A> {
    let row = row.clone();
    onaction.reform(move |action: A| (row.clone(), action))
}
