//! Which changes break code written against the old client: ONE table, driven by properties of
//! the generated API's shape. When the emitted shape changes (enums made `#[non_exhaustive]`,
//! structs given constructors), flip the property in [`SHAPE`]; the rules stay.

use std::fmt;

/// What a change does to a user's code, as semver says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Semver {
    /// Nothing a user wrote can stop compiling or change meaning.
    Patch,
    /// Something was added; nothing a user wrote breaks.
    Minor,
    /// Code written against the old client may stop compiling.
    Major,
}

impl fmt::Display for Semver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        })
    }
}

/// Properties of the Rust API clientgen emits that decide what breaks users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Enums (string and integer enums, unions, per-status responses) are `#[non_exhaustive]`,
    /// so a user's `match` has a `_` arm and a new variant breaks nobody.
    pub enums_non_exhaustive: bool,
    /// Structs (schemas, parameter structs) are `#[non_exhaustive]` and built through
    /// constructors taking the required fields, so a new optional field breaks nobody.
    pub structs_non_exhaustive: bool,
}

/// The shape clientgen emits: every generated enum (string and integer enums, unions,
/// per-status outcomes, server choices, `Error`) and every struct (schemas, parameter structs,
/// bodies with headers) is `#[non_exhaustive]`; structs are built with `Type::new(required..)`
/// (or `Default`) and one setter per field (`emit/types/builders.rs`). Two more properties are
/// fixed, and `diff/operations.rs` reports in their terms: every operation's error body is its
/// own `{Op}Error` enum, even with one status or none, so a new error status is a
/// [`Kind::VariantAdded`]; and an operation whose parameters are all optional is called without
/// them (`op(..)`, `op_with(.., params, ..)` taking them), so its first optional parameter is a
/// [`Kind::MethodAdded`], while a required one is an [`Kind::ArgumentAdded`].
pub const SHAPE: Shape = Shape {
    enums_non_exhaustive: true,
    structs_non_exhaustive: true,
};

/// The kinds of change, in the Rust API's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// A type is declared that was not.
    TypeAdded,
    /// A type is gone.
    TypeRemoved,
    /// A type has a new name and the same members.
    TypeRenamed,
    /// A type is now another kind of item (struct, enum, alias), or an alias names another type.
    TypeChanged,
    /// A struct has a new optional field (`Option<T>`).
    OptionalFieldAdded,
    /// A struct has a new required field.
    RequiredFieldAdded,
    /// A struct field is gone.
    FieldRemoved,
    /// A field's type changed.
    FieldTypeChanged,
    /// A field went from `Option<T>` to `T`.
    FieldMadeRequired,
    /// A field went from `T` to `Option<T>`.
    FieldMadeOptional,
    /// An enum has a new variant.
    VariantAdded,
    /// An enum variant is gone.
    VariantRemoved,
    /// An enum variant holds another type.
    VariantTypeChanged,
    /// The client has a new method.
    MethodAdded,
    /// A client method is gone.
    MethodRemoved,
    /// A method has a new name for the same `METHOD /path`.
    MethodRenamed,
    /// A method takes a new argument (path parameter, body, or the parameters struct once some
    /// parameter is required).
    ArgumentAdded,
    /// A method argument is gone.
    ArgumentRemoved,
    /// A method argument has another type.
    ArgumentTypeChanged,
    /// A method returns another type on success.
    ReturnTypeChanged,
    /// A method's error enum is another type (a renamed operation's, say).
    ErrorTypeChanged,
    /// The client has a new server constant.
    ServerAdded,
    /// A server constant is gone.
    ServerRemoved,
    /// The client constructor takes other arguments (server variables, credential).
    ConstructorChanged,
    /// The default base URL changed.
    BaseUrlChanged,
    /// The client has a new credential setter.
    AuthAdded,
    /// A credential setter is gone.
    AuthRemoved,
    /// A new webhook verifier.
    WebhookAdded,
    /// A webhook verifier is gone.
    WebhookRemoved,
    /// A webhook's payload has another type.
    WebhookChanged,
    /// An operation is newly marked deprecated (a warning, not an error).
    Deprecated,
    /// Wire behaviour changed without a change of Rust signature (statuses, media type,
    /// whether credentials are sent).
    Behaviour,
    /// `info.version` changed (the generated crate's version follows it).
    VersionChanged,
}

/// The rule table: how much a change of `kind` breaks code written against the old client,
/// given the API's `shape`.
pub fn classify(kind: Kind, shape: &Shape) -> Semver {
    use Kind::*;
    let unless = |holds: bool| if holds { Semver::Minor } else { Semver::Major };
    match kind {
        // New items: nothing refers to them yet. A new `#[deprecated]` warns, which Cargo's
        // SemVer guide (and cargo-semver-checks) count as minor.
        TypeAdded | MethodAdded | ServerAdded | AuthAdded | WebhookAdded | Deprecated => {
            Semver::Minor
        }
        // A struct literal must name every field of a struct that is not `#[non_exhaustive]`.
        OptionalFieldAdded => unless(shape.structs_non_exhaustive),
        // An exhaustive `match` must name every variant.
        VariantAdded => unless(shape.enums_non_exhaustive),
        // A required field is a constructor argument even with constructors.
        RequiredFieldAdded => Semver::Major,
        // Anything removed, renamed or retyped breaks whoever used it.
        TypeRemoved | TypeRenamed | TypeChanged | FieldRemoved | FieldTypeChanged
        | FieldMadeRequired | FieldMadeOptional | VariantRemoved | VariantTypeChanged
        | MethodRemoved | MethodRenamed | ArgumentAdded | ArgumentRemoved | ArgumentTypeChanged
        | ReturnTypeChanged | ErrorTypeChanged | ServerRemoved | ConstructorChanged
        | AuthRemoved | WebhookRemoved | WebhookChanged => Semver::Major,
        // Compiles as before.
        Behaviour | BaseUrlChanged | VersionChanged => Semver::Patch,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn additions_to_exhaustive_items_break_only_exhaustive_shapes() {
        let exhaustive = Shape {
            enums_non_exhaustive: false,
            structs_non_exhaustive: false,
        };
        assert_eq!(classify(Kind::VariantAdded, &exhaustive), Semver::Major);
        assert_eq!(
            classify(Kind::OptionalFieldAdded, &exhaustive),
            Semver::Major
        );
        let today = SHAPE;
        let later = today;
        assert_eq!(classify(Kind::VariantAdded, &later), Semver::Minor);
        assert_eq!(classify(Kind::OptionalFieldAdded, &later), Semver::Minor);
        assert_eq!(classify(Kind::RequiredFieldAdded, &later), Semver::Major);
        assert_eq!(classify(Kind::MethodAdded, &today), Semver::Minor);
        assert_eq!(classify(Kind::Deprecated, &today), Semver::Minor);
        assert_eq!(classify(Kind::VersionChanged, &today), Semver::Patch);
    }
}
