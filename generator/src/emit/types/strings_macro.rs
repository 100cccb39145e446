/// Writes the `Deserialize` of a string enum of this module from one row per known value:
/// `"value" => Variant,`; any other value is kept as received in the variant after `else`.
macro_rules! strings {
    ($name:ident { $($wire:literal => $variant:ident,)* } else $other:ident) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <Fields<std::borrow::Cow<'de, str>> as serde::Deserialize>::deserialize(
                    deserializer,
                )?
                .0;
                Ok(match value.as_ref() {
                    $($wire => Self::$variant,)*
                    _ => Self::$other(value.into_owned()),
                })
            }
        }
    };
}
