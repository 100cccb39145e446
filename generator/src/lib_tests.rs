//! Unit tests of the library's entry points (`Generator`, `Output`).

use super::*;

#[test]
fn a_bug_of_clientgen_is_told_as_one_not_as_a_problem_of_the_spec() {
    let error = internal(Path::new("spec/api.yaml"))("expected `;`".to_string());
    assert!(matches!(error, Error::Internal { .. }));
    let text = error.to_string();
    assert!(text.contains("internal error of clientgen"), "{text}");
    assert!(text.contains("spec/api.yaml"), "{text}");
    assert!(text.contains("expected `;`"), "{text}");
    assert!(text.contains("please report it"), "{text}");
    assert!(
        !text.contains('#'),
        "no JSON pointer: the spec is not at fault: {text}"
    );
}

/// A setting method refuses a bad value on the spot; `generate` tells each refusal with the
/// call, before reading the spec.
#[test]
fn a_refused_setting_names_the_call() {
    let generator = Generator::new("no/such/spec.yaml")
        .format("date-time", "moment")
        .derive("Eq")
        .rename_property("Pet", "name", "two words");
    let Err(Error::Spec(problems)) = generator.generate() else {
        panic!("the settings are refused");
    };
    let messages: Vec<&str> = problems.0.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            ".format(\"date-time\", \"moment\"): format `date-time` cannot be read as \
             `moment`; choose one of: time, chrono, jiff, string",
            ".rename_property(\"Pet\", \"name\", \"two words\"): `two words` is not a \
             Rust identifier",
        ]
    );
    assert_eq!(generator.current_settings().to_flags(), ["--derive Eq"]);
}

/// The command the header names is built in one place, from the options and settings.
#[test]
fn the_command_line_names_every_option_and_setting() {
    let generator = Generator::new("spec/pets.yaml")
        .skip_unsupported(true)
        .tags(["pets", "admin"])
        .operations(["getPet"])
        .format("uuid", "uuid")
        .tag_features(true);
    assert_eq!(
        generator.command_line(Some(Path::new("out/pets"))),
        "clientgen generate spec/pets.yaml --out out/pets --name pets --skip-unsupported \
         --tags admin,pets --operations getPet --format uuid=uuid --tag-features"
    );
    assert_eq!(
        generator.command_line(None),
        "clientgen generate spec/pets.yaml --out <DIR> --name pets"
    );
}
