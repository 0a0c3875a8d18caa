//! The mock's memory: every resource keyed by (organisation, id), so one organisation never
//! sees another's data, as in the real service.
//!
//! Ids are UUIDv7, which sort by creation time: a store ordered by key is ordered by age, and
//! a page cursor (the id of the last item shown) names a position even for a string that is no
//! id at all, so any cursor is answered rather than refused.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, Utc};
use dolfin_fixture_api::types::{
    Bill, Customer, CustomerInput, Invoice, InvoiceInput, Payment, PaymentInput, ProblemDetails,
};
use uuid::Uuid;

use crate::answers::not_found;
use crate::replays::Replays;

/// A resource's key: its organisation, then its id.
pub type Key = (Uuid, Uuid);

/// A stored bill and the files uploaded with it, by attachment id.
pub struct StoredBill {
    pub bill: Bill,
    pub files: BTreeMap<Uuid, bytes::Bytes>,
}

/// Everything the mock remembers.
#[derive(Default)]
pub struct State {
    pub customers: BTreeMap<Key, Customer>,
    pub invoices: BTreeMap<Key, Invoice>,
    pub bills: BTreeMap<Key, StoredBill>,
    pub payments: BTreeMap<Key, Payment>,
    /// Invoicing settings, per organisation (defaults until first replaced).
    pub settings: BTreeMap<Uuid, crate::settings::StoredSettings>,
    /// Bearer tokens issued by `POST /auth/token`, with their expiry.
    pub tokens: BTreeMap<String, DateTime<Utc>>,
    /// The last invoice number given out, per organisation.
    pub invoice_numbers: BTreeMap<Uuid, u32>,
    /// The idempotent creates answered so far, per kind of resource.
    pub customer_replays: Replays<CustomerInput, Customer>,
    /// See `customer_replays`.
    pub invoice_replays: Replays<InvoiceInput, Invoice>,
    /// See `customer_replays`.
    pub payment_replays: Replays<PaymentInput, Payment>,
}

/// The state behind a lock; handlers never await while they hold it.
#[derive(Default)]
pub struct Store(Mutex<State>);

impl Store {
    /// Locks the state. A handler that panicked cannot have left it half-written in a way
    /// that matters to a mock, so a poisoned lock is used as is rather than failing forever.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The keys of one organisation's resources in `store`, oldest first.
pub fn of_organisation<T>(
    store: &BTreeMap<Key, T>,
    organisation: Uuid,
) -> impl DoubleEndedIterator<Item = (&Key, &T)> {
    store.range((organisation, Uuid::nil())..=(organisation, Uuid::max()))
}

/// The resource under `key` in `store`, or the 404 naming it as a `what` (`"Invoice"`): one
/// place ties the 404 to the id that was looked up.
pub fn find<'s, T>(
    store: &'s BTreeMap<Key, T>,
    key: Key,
    what: &str,
) -> Result<&'s T, ProblemDetails> {
    store.get(&key).ok_or_else(|| not_found(what, key.1))
}

/// [`find`], for changing the resource.
pub fn find_mut<'s, T>(
    store: &'s mut BTreeMap<Key, T>,
    key: Key,
    what: &str,
) -> Result<&'s mut T, ProblemDetails> {
    store.get_mut(&key).ok_or_else(|| not_found(what, key.1))
}

/// A fresh id, ordered after every id made before it.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}
