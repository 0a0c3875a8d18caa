//! The OpenAPI Initiative's expanded pet store (`specs/petstore-expanded.yaml`) served from
//! memory: `cargo run -p oasgen-conformance --bin mock-petstore-expanded -- --addr
//! 127.0.0.1:8080`.
//!
//! Pets live in a map keyed by id; ids are handed out in order and never reused, so a deleted
//! pet stays gone (schemathesis's stateful `use_after_free` check relies on that). Every
//! failure is the spec's `default` response with an `Error` body whose `code` is the status.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::http::StatusCode;
use petstore_expanded::operations::{add_pet, delete_pet, find_pet_by_id, find_pets};
use petstore_expanded::server::{
    RequestContext, RouterOptions, SwaggerPetstore, router_with_options,
};
use petstore_expanded::types::{Error, Pet};

/// The store: pets by id and the next id to hand out.
#[derive(Default)]
struct PetStore {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    pets: BTreeMap<i64, Pet>,
    last_id: i64,
}

impl PetStore {
    /// The state, even if a handler panicked while holding the lock: the map is never left
    /// half-updated (each change is one insert or remove), so its contents are still sound.
    fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl SwaggerPetstore for PetStore {
    async fn find_pets(
        &self,
        _context: RequestContext,
        request: find_pets::Request,
    ) -> find_pets::Response {
        let find_pets::Params { tags, limit } = request.params;
        // The spec puts no minimum on `limit`, so a negative one is valid input: it asks for
        // at most that many pets, which is none.
        let limit = limit.map_or(usize::MAX, |limit| usize::try_from(limit).unwrap_or(0));
        let state = self.state();
        let found = state
            .pets
            .values()
            .filter(|pet| match &tags {
                // `tags` filters by the pet's one tag; an empty list filters nothing out.
                Some(tags) if !tags.is_empty() => {
                    pet.tag.as_ref().is_some_and(|tag| tags.contains(tag))
                }
                _ => true,
            })
            .take(limit)
            .cloned()
            .collect();
        find_pets::Response::Ok(found)
    }

    async fn add_pet(
        &self,
        _context: RequestContext,
        request: add_pet::Request,
    ) -> add_pet::Response {
        let mut state = self.state();
        let Some(id) = state.last_id.checked_add(1) else {
            return add_pet::Response::Default(
                StatusCode::INSUFFICIENT_STORAGE,
                error(StatusCode::INSUFFICIENT_STORAGE, "no pet ids left"),
            );
        };
        state.last_id = id;
        let pet = Pet {
            name: request.body.name,
            tag: request.body.tag,
            id,
        };
        state.pets.insert(id, pet.clone());
        add_pet::Response::Ok(pet)
    }

    async fn find_pet_by_id(
        &self,
        _context: RequestContext,
        request: find_pet_by_id::Request,
    ) -> find_pet_by_id::Response {
        match self.state().pets.get(&request.id) {
            Some(pet) => find_pet_by_id::Response::Ok(pet.clone()),
            None => find_pet_by_id::Response::Default(StatusCode::NOT_FOUND, not_found(request.id)),
        }
    }

    async fn delete_pet(
        &self,
        _context: RequestContext,
        request: delete_pet::Request,
    ) -> delete_pet::Response {
        match self.state().pets.remove(&request.id) {
            Some(_) => delete_pet::Response::NoContent,
            None => delete_pet::Response::Default(StatusCode::NOT_FOUND, not_found(request.id)),
        }
    }
}

fn not_found(id: i64) -> Error {
    error(StatusCode::NOT_FOUND, &format!("no pet with id {id}"))
}

fn error(status: StatusCode, message: &str) -> Error {
    Error {
        code: i32::from(status.as_u16()),
        message: message.to_string(),
    }
}

fn main() -> std::process::ExitCode {
    // The spec documents every error, refused requests included, as `default` with an `Error`
    // body: the router answers them so, instead of with problem+json.
    let options = RouterOptions::default().with_rejection_response(|rejection| {
        let body = error(rejection.status, &rejection.detail);
        let mut response = axum::response::IntoResponse::into_response((
            rejection.status,
            serde_json::to_string(&body).unwrap_or_default(),
        ));
        response.headers_mut().insert(
            axum::http::header::CONTENT_TYPE,
            axum::http::HeaderValue::from_static("application/json"),
        );
        response
    });
    oasgen_conformance::serve_until_stopped(router_with_options(
        Arc::new(PetStore::default()),
        options,
    ))
}
