//! A user's program against the client of `tests/fixtures/changes/base.yaml` (crate `petstore`),
//! written as the README says to write one. `tests/tests/evolution.rs` compiles it against the
//! client of every changed spec in `tests/fixtures/changes/`: it must still compile exactly when
//! `clientgen diff` calls the change non-breaking. It touches every kind of API item the client
//! has (constructor, setters, `Default`, parameter struct, enum `match`, field reads, each
//! operation's error enum by name and by variant, each method), so each breaking change breaks
//! something here.

use petstore::types::{
    CreatePetError, GetPetError, ListPetsParams, ListVisitsResponse, NewPet, Owner, Pet, Problem,
};
use petstore::types::Status;
use petstore::{Client, Error, RetryPolicy};

/// Create, read, list, delete.
pub async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::new().with_retry(RetryPolicy::default());
    let created = client.create_pet(&NewPet::new("Rex").tag("dog")).await;
    let pet = match created {
        Ok(pet) => pet,
        Err(Error::Api { status, body: Some(CreatePetError::Default(problem)), .. }) => {
            return Err(format!("{status}: {}", describe(&problem)).into());
        }
        Err(e) => return Err(e.into()),
    };
    let id: i64 = pet.id;
    let again = client.get_pet(&id.to_string()).await.map_err(not_found)?;
    println!("{} {} {}", again.name, label(again.status.as_ref()), again.tag.as_deref().unwrap_or("-"));
    let pets: Vec<Pet> = client.list_pets().await?;
    let first: Vec<Pet> = client.list_pets_with(&ListPetsParams::default().limit(10)).await?;
    println!("{} pets, {} first", pets.len(), first.len());
    // A per-status success: a list with its count header, or nothing.
    match client.list_visits(&id.to_string()).await? {
        ListVisitsResponse::Ok(visits) => {
            println!("{} visits of {:?}", visits.body.len(), visits.x_total_count)
        }
        ListVisitsResponse::NoContent => println!("no visits yet"),
        _ => println!("a success new in the API"),
    }
    client.delete_pet(&id.to_string()).await?;
    let owner = Owner::default().name("Ann").email("ann@example.com");
    println!("{owner:?} {:?}", Pet::new(1, "Tom").status(Status::Available));
    Ok(())
}

/// What a user writes to report the status of a pet: unknown values have an arm of their own.
fn label(status: Option<&Status>) -> &'static str {
    match status {
        Some(Status::Available) => "available",
        Some(Status::Sold) => "sold",
        Some(Status::Other(_)) => "unknown to this client",
        Some(_) => "new in the API",
        None => "-",
    }
}

fn describe(problem: &Problem) -> String {
    problem.message.clone().unwrap_or_default()
}

/// The error of an operation that documents no error body, its enum named as users name it
/// (the `_` arm: a status the spec documents later is a new variant).
fn not_found(e: Error<GetPetError>) -> Box<dyn std::error::Error> {
    match e {
        Error::Api { status, body: Some(body), .. } => format!("{status}: {body:?}").into(),
        Error::Api { status, .. } if status == 404 => "no such pet".into(),
        e => e.into(),
    }
}
