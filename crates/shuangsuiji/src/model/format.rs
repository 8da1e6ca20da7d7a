//! Format tags: the `"format"` member every versioned file carries.
//!
//! A tag type serializes as its one version string and reads only that
//! string, so every reader of a plan, log, commitment or draw record
//! refuses a format it does not know, naming what it found and what this
//! build reads.

/// Declares a format tag type `$name` for the version string `$version` of
/// the file kind `$what`.
macro_rules! format_tag {
    ($(#[$doc:meta])* $name:ident, $version:expr, $what:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        pub struct $name;

        impl $name {
            /// The version string.
            pub const VERSION: &'static str = $version;
        }

        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({ "type": "string", "const": $version })
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(Self::VERSION)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(Self::VERSION)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let found = <String as ::serde::Deserialize>::deserialize(d)?;
                if found == Self::VERSION {
                    Ok($name)
                } else {
                    Err(::serde::de::Error::custom(format!(
                        "unknown {} format `{found}`: this build reads `{}` (CHANGELOG.md says how to migrate)",
                        $what,
                        Self::VERSION
                    )))
                }
            }
        }
    };
}

pub(crate) use format_tag;

/// Reads a `T` from a JSON object only. serde's derive also takes a list
/// of a struct's fields in order (`"registry": [[…], […], […]]`), which no
/// schema of ours allows and no writer of ours writes: read as the object,
/// a list's meaning would depend on the order of the fields in the code.
pub(crate) fn object_only<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    struct Only<T>(std::marker::PhantomData<T>);
    impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for Only<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object (`{…}`) of named members")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
    }
    d.deserialize_map(Only(std::marker::PhantomData))
}
