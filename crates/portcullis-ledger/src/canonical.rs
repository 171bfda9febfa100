//! RFC 8785 canonical JSON with the two guards no canonicaliser crate provides.
//!
//! serde_json writes a non-finite float nested anywhere as `null`, and RFC 8785 (like
//! JavaScript) rounds integers beyond ±(2^53−1). Either would make the ledger record something
//! other than what the caller passed, so [`to_canonical`] walks the value first and refuses both.

use std::fmt;

use serde::Serialize;
use serde::ser::{self, Impossible};
use sha2::{Digest, Sha256};

use crate::LedgerError;

/// The largest integer magnitude that survives canonical JSON unchanged: 2^53 − 1.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Serialises `value` as RFC 8785 canonical JSON, refusing values that would change on the way.
///
/// Errors: `value_not_finite` (NaN or ±infinity anywhere), `integer_out_of_range` (an integer
/// beyond ±(2^53−1)), `encode_failed` (a map with non-string keys, a failing `Serialize`).
pub fn to_canonical<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, LedgerError> {
    check_representable(value)?;
    serde_json_canonicalizer::to_vec(&value).map_err(|e| {
        LedgerError::encode(
            "encode_failed",
            format!("cannot encode value as canonical JSON: {e}"),
        )
    })
}

/// Checks that `value` has no non-finite float and no integer beyond ±(2^53−1).
pub fn check_representable<T: Serialize + ?Sized>(value: &T) -> Result<(), LedgerError> {
    value.serialize(Probe).map_err(|e| match e {
        ProbeError::NotFinite(v) => LedgerError::encode(
            "value_not_finite",
            format!("cannot record the number `{v}`: canonical JSON has no non-finite numbers"),
        ),
        ProbeError::OutOfRange(v) => LedgerError::encode(
            "integer_out_of_range",
            format!(
                "cannot record the integer `{v}`: canonical JSON rounds integers beyond \
                 ±(2^53−1); pass it as a string"
            ),
        ),
        ProbeError::Custom(m) => LedgerError::encode(
            "encode_failed",
            format!("cannot encode value as canonical JSON: {m}"),
        ),
    })
}

/// SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[derive(Debug)]
enum ProbeError {
    NotFinite(f64),
    OutOfRange(i128),
    Custom(String),
}

impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProbeError::NotFinite(v) => write!(f, "non-finite {v}"),
            ProbeError::OutOfRange(v) => write!(f, "out of range {v}"),
            ProbeError::Custom(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ProbeError {}

impl ser::Error for ProbeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ProbeError::Custom(msg.to_string())
    }
}

/// A serializer that produces nothing and only checks numbers.
struct Probe;

fn int(v: i128) -> Result<(), ProbeError> {
    if v.unsigned_abs() > u128::from(MAX_SAFE_INTEGER) {
        Err(ProbeError::OutOfRange(v))
    } else {
        Ok(())
    }
}

fn float(v: f64) -> Result<(), ProbeError> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(ProbeError::NotFinite(v))
    }
}

impl ser::Serializer for Probe {
    type Ok = ();
    type Error = ProbeError;
    type SerializeSeq = Probe;
    type SerializeTuple = Probe;
    type SerializeTupleStruct = Probe;
    type SerializeTupleVariant = Probe;
    type SerializeMap = Probe;
    type SerializeStruct = Probe;
    type SerializeStructVariant = Probe;

    fn serialize_bool(self, _: bool) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_i8(self, _: i8) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_i16(self, _: i16) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_i32(self, _: i32) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), ProbeError> {
        int(i128::from(v))
    }
    fn serialize_i128(self, v: i128) -> Result<(), ProbeError> {
        int(v)
    }
    fn serialize_u8(self, _: u8) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_u16(self, _: u16) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_u32(self, _: u32) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), ProbeError> {
        int(i128::from(v))
    }
    fn serialize_u128(self, v: u128) -> Result<(), ProbeError> {
        int(i128::try_from(v).unwrap_or(i128::MAX))
    }
    fn serialize_f32(self, v: f32) -> Result<(), ProbeError> {
        float(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), ProbeError> {
        float(v)
    }
    fn serialize_char(self, _: char) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_str(self, _: &str) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_none(self) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), ProbeError> {
        value.serialize(Probe)
    }
    fn serialize_unit(self) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), ProbeError> {
        value.serialize(Probe)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), ProbeError> {
        value.serialize(Probe)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Probe, ProbeError> {
        Ok(Probe)
    }
    fn serialize_tuple(self, _: usize) -> Result<Probe, ProbeError> {
        Ok(Probe)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Probe, ProbeError> {
        Ok(Probe)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Probe, ProbeError> {
        Ok(Probe)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Probe, ProbeError> {
        Ok(Probe)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Probe, ProbeError> {
        Ok(Probe)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Probe, ProbeError> {
        Ok(Probe)
    }
}

impl ser::SerializeSeq for Probe {
    type Ok = ();
    type Error = ProbeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ProbeError> {
        value.serialize(Probe)
    }
    fn end(self) -> Result<(), ProbeError> {
        Ok(())
    }
}

impl ser::SerializeTuple for Probe {
    type Ok = ();
    type Error = ProbeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ProbeError> {
        value.serialize(Probe)
    }
    fn end(self) -> Result<(), ProbeError> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Probe {
    type Ok = ();
    type Error = ProbeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ProbeError> {
        value.serialize(Probe)
    }
    fn end(self) -> Result<(), ProbeError> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Probe {
    type Ok = ();
    type Error = ProbeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ProbeError> {
        value.serialize(Probe)
    }
    fn end(self) -> Result<(), ProbeError> {
        Ok(())
    }
}

impl ser::SerializeMap for Probe {
    type Ok = ();
    type Error = ProbeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ProbeError> {
        key.serialize(KeyProbe)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ProbeError> {
        value.serialize(Probe)
    }
    fn end(self) -> Result<(), ProbeError> {
        Ok(())
    }
}

impl ser::SerializeStruct for Probe {
    type Ok = ();
    type Error = ProbeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _: &'static str,
        value: &T,
    ) -> Result<(), ProbeError> {
        value.serialize(Probe)
    }
    fn end(self) -> Result<(), ProbeError> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for Probe {
    type Ok = ();
    type Error = ProbeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _: &'static str,
        value: &T,
    ) -> Result<(), ProbeError> {
        value.serialize(Probe)
    }
    fn end(self) -> Result<(), ProbeError> {
        Ok(())
    }
}

/// Map keys: JSON keys are strings; serde_json turns integer keys into strings, so they need no
/// range check, and anything else is left for the canonicaliser to refuse.
struct KeyProbe;

macro_rules! key_ok {
    ($($f:ident: $t:ty),*) => {
        $(fn $f(self, _: $t) -> Result<(), ProbeError> { Ok(()) })*
    };
}

impl ser::Serializer for KeyProbe {
    type Ok = ();
    type Error = ProbeError;
    type SerializeSeq = Impossible<(), ProbeError>;
    type SerializeTuple = Impossible<(), ProbeError>;
    type SerializeTupleStruct = Impossible<(), ProbeError>;
    type SerializeTupleVariant = Impossible<(), ProbeError>;
    type SerializeMap = Impossible<(), ProbeError>;
    type SerializeStruct = Impossible<(), ProbeError>;
    type SerializeStructVariant = Impossible<(), ProbeError>;

    key_ok!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_i128: i128, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_u128: u128, serialize_char: char,
        serialize_str: &str, serialize_bytes: &[u8], serialize_unit_struct: &'static str);

    fn serialize_f32(self, v: f32) -> Result<(), ProbeError> {
        float(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), ProbeError> {
        float(v)
    }
    fn serialize_none(self) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), ProbeError> {
        value.serialize(KeyProbe)
    }
    fn serialize_unit(self) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), ProbeError> {
        value.serialize(KeyProbe)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), ProbeError> {
        Err(ProbeError::Custom("map key must be a string".into()))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, ProbeError> {
        Err(ProbeError::Custom("map key must be a string".into()))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, ProbeError> {
        Err(ProbeError::Custom("map key must be a string".into()))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, ProbeError> {
        Err(ProbeError::Custom("map key must be a string".into()))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, ProbeError> {
        Err(ProbeError::Custom("map key must be a string".into()))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, ProbeError> {
        Err(ProbeError::Custom("map key must be a string".into()))
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, ProbeError> {
        Err(ProbeError::Custom("map key must be a string".into()))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, ProbeError> {
        Err(ProbeError::Custom("map key must be a string".into()))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;

    #[derive(Serialize)]
    struct Nested {
        name: &'static str,
        values: Vec<f64>,
    }

    #[test]
    fn rfc8785_examples() {
        // RFC 8785 §3.2.2 input, expected output from the RFC text.
        let input: serde_json::Value = serde_json::from_str(
            r#"{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
                "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
                "literals": [null, true, false]}"#,
        )
        .unwrap();
        let out = String::from_utf8(to_canonical(&input).unwrap()).unwrap();
        assert_eq!(
            out,
            r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        );
    }

    #[test]
    fn refuses_nested_non_finite_float() {
        let v = Nested {
            name: "x",
            values: vec![1.0, f64::NAN],
        };
        let err = to_canonical(&v).unwrap_err();
        assert_eq!(err.code(), "value_not_finite");
        assert!(err.to_string().contains("`NaN`"), "{err}");
        let v = Nested {
            name: "x",
            values: vec![f64::NEG_INFINITY],
        };
        assert_eq!(to_canonical(&v).unwrap_err().code(), "value_not_finite");
    }

    #[test]
    fn refuses_integers_beyond_2_pow_53() {
        let ok = json!({"a": 9_007_199_254_740_991_u64, "b": -9_007_199_254_740_991_i64});
        assert_eq!(
            to_canonical(&ok).unwrap(),
            br#"{"a":9007199254740991,"b":-9007199254740991}"#
        );
        for bad in [
            json!({"a": [9_007_199_254_740_992_u64]}),
            json!({"a": {"b": -9_007_199_254_740_992_i64}}),
            json!(u64::MAX),
        ] {
            let err = to_canonical(&bad).unwrap_err();
            assert_eq!(err.code(), "integer_out_of_range", "{bad}");
        }
        assert_eq!(
            to_canonical(&u128::MAX).unwrap_err().code(),
            "integer_out_of_range"
        );
    }

    #[test]
    fn large_floats_are_fine() {
        assert_eq!(to_canonical(&json!([1e300])).unwrap(), b"[1e+300]");
    }

    #[test]
    fn integer_map_keys_are_strings() {
        let mut m = BTreeMap::new();
        m.insert(10_u64, "a");
        m.insert(2, "b");
        // UTF-16 order of the string keys: "10" < "2".
        assert_eq!(to_canonical(&m).unwrap(), br#"{"10":"a","2":"b"}"#);
    }

    #[test]
    fn sha256_known_answer() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
