//! Calls every operation of the generated pet store client (`petstore-expanded`, feature
//! `client`) against a server and checks each answer: `cargo run -p oasgen-conformance --bin
//! drive-petstore-expanded -- --base-url http://127.0.0.1:4010`.
//!
//! The calls form one story, so each result can be judged exactly: two pets are added, found
//! (all, by tag, with a limit, by id), one is deleted, and then it must be gone: finding or
//! deleting it again is the spec's `default` response with a 404 `Error` body.

use oasgen_conformance::driver::{REQUEST_LIMIT, Report, run_driver};
use petstore_expanded::client::{Client, Error};
use petstore_expanded::operations::{delete_pet, find_pet_by_id, find_pets};
use petstore_expanded::types::{NewPet, Pet};

fn main() -> std::process::ExitCode {
    run_driver(drive)
}

async fn drive(base_url: String) -> Report {
    let mut report = Report::default();
    let client = match Client::builder(base_url).timeout(REQUEST_LIMIT).build() {
        Ok(client) => client,
        Err(error) => {
            report.fail("Client::builder", &error.to_string());
            return report;
        }
    };

    let rex = add(&client, &mut report, "Rex", Some("dog")).await;
    let tom = add(&client, &mut report, "Tom", None).await;
    let (Some(rex), Some(tom)) = (rex, tom) else {
        report.fail("add_pet", "no pets to go on with");
        return report;
    };

    let all = client.find_pets(&find_pets::Params::default()).await;
    let has_both = all
        .as_ref()
        .is_ok_and(|pets| pets.contains(&rex) && pets.contains(&tom));
    report.check("find_pets", &all, has_both);

    let dogs = client
        .find_pets(&find_pets::Params {
            tags: Some(vec!["dog".to_string()]),
            limit: None,
        })
        .await;
    let only_dogs = dogs.as_ref().is_ok_and(|pets| {
        pets.contains(&rex) && pets.iter().all(|pet| pet.tag.as_deref() == Some("dog"))
    });
    report.check("find_pets tags=dog", &dogs, only_dogs);

    let limited = client
        .find_pets(&find_pets::Params {
            tags: None,
            limit: Some(1),
        })
        .await;
    let one = limited.as_ref().is_ok_and(|pets| pets.len() == 1);
    report.check("find_pets limit=1", &limited, one);

    let found = client.find_pet_by_id(rex.id).await;
    report.check(
        "find_pet_by_id",
        &found,
        found.as_ref().is_ok_and(|pet| pet == &rex),
    );

    let deleted = client.delete_pet(rex.id).await;
    report.check("delete_pet", &deleted, deleted.is_ok());

    let gone = client.find_pet_by_id(rex.id).await;
    let is_404 = matches!(
        &gone,
        Err(Error::Status {
            response: find_pet_by_id::ErrorResponse::Default(status, error),
            ..
        }) if status.as_u16() == 404 && error.code == 404
    );
    report.check("find_pet_by_id after delete_pet (404)", &gone, is_404);

    let again = client.delete_pet(rex.id).await;
    let is_404 = matches!(
        &again,
        Err(Error::Status {
            response: delete_pet::ErrorResponse::Default(status, error),
            ..
        }) if status.as_u16() == 404 && error.code == 404
    );
    report.check("delete_pet after delete_pet (404)", &again, is_404);

    report
}

/// Adds a pet and checks the store returned it with an id; the pet, if it did.
async fn add(client: &Client, report: &mut Report, name: &str, tag: Option<&str>) -> Option<Pet> {
    let new_pet = NewPet {
        name: name.to_string(),
        tag: tag.map(str::to_string),
    };
    let added = client.add_pet(&new_pet).await;
    let as_sent = added
        .as_ref()
        .is_ok_and(|pet| pet.name == new_pet.name && pet.tag == new_pet.tag);
    report.check(&format!("add_pet {name}"), &added, as_sent);
    added.ok().filter(|_| as_sent)
}
