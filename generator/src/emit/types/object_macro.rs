/// Writes what a struct of this module has besides its declaration, from one row per field:
/// `new`, taking the fields of the first group (those that must be given), one setter per
/// field and, after `: read`, the struct's `Deserialize`, which reads a JSON object through
/// `Fields` as the object streams past. A row is `field: kind Type = "name" length,`: how the
/// field holds the `Type` its setter takes (`req` as it is, `opt` in an `Option` whose `None`
/// is absent or `null`, `opt2` in two, absent then `null`; `_box` boxed), then the property's
/// name on the wire and its length in bytes (a name's length is matched first: one jump, then
/// only the names of that length are compared). `field as setter` names a setter that cannot
/// take its field's name; `..field` is the map of the properties the schema does not list.
macro_rules! object {
    (@builders $name:ident {} {} [$($rest:ident)?]) => {};
    (@builders $name:ident {} {
        $($opt:ident $(as $opt_set:ident)?: $opt_kind:ident $opt_ty:ty = $opt_wire:tt $opt_len:tt,)*
    } [$($rest:ident)?]) => {
        impl $name {
            $(object!(@set $opt [$($opt_set)? $opt] $opt_kind $opt_ty = $opt_wire);)*
        }
    };
    (@builders $name:ident {
        $($req:ident $(as $req_set:ident)?: $req_kind:ident $req_ty:ty = $req_wire:tt $req_len:tt,)+
    } {
        $($opt:ident $(as $opt_set:ident)?: $opt_kind:ident $opt_ty:ty = $opt_wire:tt $opt_len:tt,)*
    } [$($rest:ident)?]) => {
        impl $name {
            /// The fields that must be given; the others start unset (set them with the
            /// methods named after them).
            #[allow(
                clippy::too_many_arguments,
                clippy::disallowed_names,
                clippy::self_named_constructors
            )]
            pub fn new($($req: impl Into<$req_ty>),+) -> Self {
                Self {
                    $($req: object!(@given $req_kind $req),)+
                    $($opt: None,)*
                    $($rest: Default::default(),)?
                }
            }
            $(object!(@set $req [$($req_set)? $req] $req_kind $req_ty = $req_wire);)+
            $(object!(@set $opt [$($opt_set)? $opt] $opt_kind $opt_ty = $opt_wire);)*
        }
    };
    (@given req $value:ident) => { $value.into() };
    (@given req_box $value:ident) => { Box::new($value.into()) };
    (@set $field:ident [$setter:ident $($_field:ident)?] $kind:ident $ty:ty = $wire:tt) => {
        #[doc = concat!("Sets `", $wire, "`.")]
        pub fn $setter(mut self, value: impl Into<$ty>) -> Self {
            self.$field = object!(@store $kind value);
            self
        }
    };
    (@store req $value:ident) => { $value.into() };
    (@store req_box $value:ident) => { Box::new($value.into()) };
    (@store opt $value:ident) => { Some($value.into()) };
    (@store opt_box $value:ident) => { Some(Box::new($value.into())) };
    (@store opt2 $value:ident) => { Some(Some($value.into())) };
    (@store opt2_box $value:ident) => { Some(Some(Box::new($value.into()))) };
    (@slot req $ty:ty) => { Option<$ty> };
    (@slot req_box $ty:ty) => { Option<Box<$ty>> };
    (@slot opt $ty:ty) => { Option<$ty> };
    (@slot opt_box $ty:ty) => { Option<Box<$ty>> };
    (@slot opt2 $ty:ty) => { Option<Option<$ty>> };
    (@slot opt2_box $ty:ty) => { Option<Option<Box<$ty>>> };
    // Absent or `null` is `None` in one `Option`; in two, `null` is `Some(None)`.
    (@put opt $($arg:tt)*) => { Fields::put_nullable($($arg)*) };
    (@put opt_box $($arg:tt)*) => { Fields::put_nullable($($arg)*) };
    (@put $kind:ident $($arg:tt)*) => { Fields::put($($arg)*) };
    (@read $name:ident {} {} []) => {
        object!(@visit $name |object| {
            while object.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
            Ok($name {})
        });
    };
    (@read $name:ident {
        $($req:ident $(as $req_set:ident)?: $req_kind:ident $req_ty:ty = $req_wire:tt $req_len:tt,)*
    } {
        $($opt:ident $(as $opt_set:ident)?: $opt_kind:ident $opt_ty:ty = $opt_wire:tt $opt_len:tt,)*
    } [$($rest:ident)?]) => {
        object!(@visit $name |object| {
            $(let mut $req: object!(@slot $req_kind $req_ty) = None;)*
            $(let mut $opt: object!(@slot $opt_kind $opt_ty) = None;)*
            $(let mut $rest = BTreeMap::new();)?
            // One `?` per property read, not one per arm: each costs the compiler.
            while let Some(key) = object.next_key::<Fields<std::borrow::Cow<'de, str>>>()? {
                let read = match (key.0.len(), key.0.as_ref()) {
                    $(($req_len, $req_wire) => Fields::put(&mut object, &mut $req, $req_wire),)*
                    $(($opt_len, $opt_wire) => {
                        object!(@put $opt_kind &mut object, &mut $opt, $opt_wire)
                    })*
                    _ => object!(@other object key $($rest)?),
                };
                read?;
            }
            object!(@build $name { $($req $req_wire)* } { $($opt)* } [$($rest)?])
        });
    };
    (@other $object:ident $key:ident) => {
        $object.next_value::<serde::de::IgnoredAny>().map(drop)
    };
    (@other $object:ident $key:ident $rest:ident) => {
        Fields::rest(&mut $object, $key.0, &mut $rest)
    };
    // Required properties are matched all at once, so that building the value has no early
    // return: a `?` per property costs the compiler a drop path each.
    (@build $name:ident {} { $($opt:ident)* } [$($rest:ident)?]) => {
        Ok($name { $($opt,)* $($rest,)? })
    };
    (@build $name:ident { $($req:ident $req_wire:tt)+ } { $($opt:ident)* } [$($rest:ident)?]) => {
        match ($($req,)+) {
            ($(Some($req),)+) => Ok($name { $($req,)+ $($opt,)* $($rest,)? }),
            ($($req,)+) => Err(Fields::missing(&[$(($req.is_none(), $req_wire)),+])),
        }
    };
    (@visit $name:ident |$object:ident| $read:block) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(Fields(std::marker::PhantomData::<Self>))
            }
        }

        impl<'de> serde::de::Visitor<'de> for Fields<std::marker::PhantomData<$name>> {
            type Value = $name;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }

            // The fields' names are its variables' names.
            #[allow(clippy::disallowed_names)]
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut $object: A,
            ) -> Result<Self::Value, A::Error> $read
        }
    };
    ($name:ident: read { $($req:tt)* } { $($opt:tt)* } $(..$rest:ident)?) => {
        object!(@builders $name { $($req)* } { $($opt)* } [$($rest)?]);
        object!(@read $name { $($req)* } { $($opt)* } [$($rest)?]);
    };
    ($name:ident { $($req:tt)* } { $($opt:tt)* } $(..$rest:ident)?) => {
        object!(@builders $name { $($req)* } { $($opt)* } [$($rest)?]);
    };
}
