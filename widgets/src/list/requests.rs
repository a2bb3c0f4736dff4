//! Where a widget's requests run, and the one mechanism that drops stale answers.
//!
//! A [`Generation`] counts how often what a request was made for went away (the widget
//! unmounted, the list's target changed). A request takes a [`Ticket`] when it starts and
//! reports back only while the ticket is current. The list hook ([`super::use_list`]) and
//! [`use_requests`] (every other request: actions, forms, dialogs) both use it.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::prelude::*;

/// How often the reason for a request went away.
#[derive(Debug, Clone, Default)]
pub struct Generation(Rc<Cell<u64>>);

impl Generation {
    /// A ticket for a request starting now.
    pub fn ticket(&self) -> Ticket {
        Ticket {
            generation: self.clone(),
            started_at: self.0.get(),
        }
    }

    /// Every request started before now is stale.
    pub fn advance(&self) {
        self.0.set(self.0.get() + 1);
    }
}

/// The generation a request started in.
#[derive(Debug, Clone)]
pub struct Ticket {
    generation: Generation,
    started_at: u64,
}

impl Ticket {
    /// Whether the request's answer is still wanted.
    pub fn is_current(&self) -> bool {
        self.generation.0.get() == self.started_at
    }
}

/// Runs a component's requests; answers that arrive after the component unmounted are dropped.
#[derive(Debug, Clone)]
pub struct Requests {
    generation: Generation,
}

impl PartialEq for Requests {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.generation.0, &other.generation.0)
    }
}

impl Requests {
    /// Runs `request`, then hands its answer to `done`, unless the component is gone by then.
    pub fn run<T: 'static>(
        &self,
        request: impl Future<Output = T> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        let ticket = self.generation.ticket();
        spawn_local(async move {
            let answer = request.await;
            if ticket.is_current() {
                done(answer);
            }
        });
    }
}

/// The component's [`Requests`], made stale when it unmounts.
#[hook]
pub fn use_requests() -> Requests {
    let generation = use_memo((), |()| Generation::default());
    {
        let generation = (*generation).clone();
        use_effect_with((), move |()| move || generation.advance());
    }
    Requests {
        generation: (*generation).clone(),
    }
}
