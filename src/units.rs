//! Typed lengths, and the one parser for lengths written in book.toml and
//! cover.toml. Layout code never passes bare `f32`s for lengths.
//!
//! In: numbers from font metrics and settings, and strings such as
//! `"18mm"`. Out: [`Pt`] (absolute, PostScript points) and [`Em`]
//! (relative to a font size, turned into points with [`Em::at`]).
//!
//! Both are thin wrappers around `f32` with the arithmetic a layout needs:
//! `+`/`-` between lengths of one kind, scaling by `f32`, and the ratio of
//! two lengths as an `f32`. Each operation is the single `f32` operation
//! it wraps, so typed code computes bit for bit what the bare arithmetic
//! did.

use std::fmt;
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};
use std::str::FromStr;

/// A length in PostScript points (1/72 inch), the PDF's unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd)]
pub struct Pt(pub f32);

/// A length relative to the font size: 1 em is the size itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd)]
pub struct Em(pub f32);

/// The length forms [`Pt::parse`] accepts, for error messages.
pub const LENGTH_FORMS: &str =
    "a number with a unit, e.g. \"18mm\", \"1.5cm\", \"0.75in\" or \"12pt\" (a bare number is points)";

impl Pt {
    pub const ZERO: Pt = Pt(0.0);

    pub fn from_mm(mm: f32) -> Pt {
        Pt(mm * 72.0 / 25.4)
    }

    pub fn from_cm(cm: f32) -> Pt {
        Pt(cm * 720.0 / 25.4)
    }

    pub fn from_inch(inch: f32) -> Pt {
        Pt(inch * 72.0)
    }

    pub fn to_mm(self) -> f32 {
        self.0 * 25.4 / 72.0
    }

    pub fn max(self, other: Pt) -> Pt {
        Pt(self.0.max(other.0))
    }

    pub fn min(self, other: Pt) -> Pt {
        Pt(self.0.min(other.0))
    }

    pub fn abs(self) -> Pt {
        Pt(self.0.abs())
    }

    /// Parses a written length: a non-negative number followed by `mm`,
    /// `cm`, `in` or `pt`, or with no unit (points). Space around the
    /// number and between it and its unit is allowed.
    pub fn parse(s: &str) -> Result<Pt, BadLength> {
        let bad = || BadLength(s.to_string());
        let t = s.trim();
        let split = t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len());
        let (num, unit) = t.split_at(split);
        let v: f32 = num.trim().parse().map_err(|_| bad())?;
        if !v.is_finite() || v < 0.0 {
            return Err(bad());
        }
        match unit.trim() {
            "mm" => Ok(Pt::from_mm(v)),
            "cm" => Ok(Pt::from_cm(v)),
            "in" => Ok(Pt::from_inch(v)),
            "pt" | "" => Ok(Pt(v)),
            _ => Err(bad()),
        }
    }

    /// A length given as a bare number of points (a TOML number): it must
    /// be finite and non-negative.
    pub fn from_number(v: f64) -> Result<Pt, BadLength> {
        if v.is_finite() && v >= 0.0 {
            Ok(Pt(v as f32))
        } else {
            Err(BadLength(v.to_string()))
        }
    }
}

impl Em {
    pub const ZERO: Em = Em(0.0);

    /// This relative length at a font size.
    pub fn at(self, size: Pt) -> Pt {
        Pt(self.0 * size.0)
    }
}

/// A length that [`Pt::parse`] does not accept; shows as a message naming
/// the accepted forms.
#[derive(Debug, Clone, PartialEq)]
pub struct BadLength(pub String);

impl fmt::Display for BadLength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid length `{}`: write {LENGTH_FORMS}", self.0)
    }
}

impl std::error::Error for BadLength {}

impl FromStr for Pt {
    type Err = BadLength;
    fn from_str(s: &str) -> Result<Pt, BadLength> {
        Pt::parse(s)
    }
}

/// Reads a length from a settings file: a string for [`Pt::parse`] or a
/// number of points.
impl<'de> serde::Deserialize<'de> for Pt {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Pt, D::Error> {
        d.deserialize_any(LengthVisitor)
    }
}

struct LengthVisitor;

impl serde::de::Visitor<'_> for LengthVisitor {
    type Value = Pt;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a length, {LENGTH_FORMS}")
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Pt, E> {
        Pt::parse(s).map_err(E::custom)
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Pt, E> {
        Pt::from_number(v).map_err(E::custom)
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Pt, E> {
        self.visit_f64(v as f64)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Pt, E> {
        self.visit_f64(v as f64)
    }
}

/// Reads a relative length as a bare number of em.
impl<'de> serde::Deserialize<'de> for Em {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Em, D::Error> {
        f32::deserialize(d).map(Em)
    }
}

macro_rules! arith {
    ($t:ident) => {
        impl Add for $t {
            type Output = $t;
            fn add(self, o: $t) -> $t {
                $t(self.0 + o.0)
            }
        }
        impl Sub for $t {
            type Output = $t;
            fn sub(self, o: $t) -> $t {
                $t(self.0 - o.0)
            }
        }
        impl AddAssign for $t {
            fn add_assign(&mut self, o: $t) {
                self.0 += o.0;
            }
        }
        impl SubAssign for $t {
            fn sub_assign(&mut self, o: $t) {
                self.0 -= o.0;
            }
        }
        impl Neg for $t {
            type Output = $t;
            fn neg(self) -> $t {
                $t(-self.0)
            }
        }
        impl Mul<f32> for $t {
            type Output = $t;
            fn mul(self, k: f32) -> $t {
                $t(self.0 * k)
            }
        }
        impl Div<f32> for $t {
            type Output = $t;
            fn div(self, k: f32) -> $t {
                $t(self.0 / k)
            }
        }
        impl Div for $t {
            type Output = f32;
            fn div(self, o: $t) -> f32 {
                self.0 / o.0
            }
        }
        impl std::iter::Sum for $t {
            fn sum<I: Iterator<Item = $t>>(iter: I) -> $t {
                $t(iter.map(|x| x.0).sum())
            }
        }
    };
}

arith!(Pt);
arith!(Em);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert!((Pt::from_mm(25.4).0 - 72.0).abs() < 1e-4);
        assert!((Pt::from_inch(0.5).0 - 36.0).abs() < 1e-4);
        assert_eq!(Em(0.5).at(Pt(10.0)), Pt(5.0));
        assert_eq!(Pt(3.0) / Pt(2.0), 1.5);
        assert!(Pt(1.0) < Pt(2.0));
    }

    #[test]
    fn lengths_parse_with_units() {
        assert_eq!(Pt::parse("25.4mm").map(|l| l.0.round()), Ok(72.0));
        assert_eq!(Pt::parse("2.54cm").map(|l| l.0.round()), Ok(72.0));
        assert_eq!(Pt::parse("0.5in"), Ok(Pt(36.0)));
        assert_eq!(Pt::parse(" 12 pt "), Ok(Pt(12.0)));
        assert_eq!(Pt::parse("12"), Ok(Pt(12.0)));
        assert_eq!(Pt::parse("18mm"), Ok(Pt::from_mm(18.0)));
        for bad in [
            "12furlongs",
            "-3mm",
            "mm",
            "",
            "inf",
            "NaNpt",
            "1e3mm",
            "3 m m",
        ] {
            let err = Pt::parse(bad).unwrap_err();
            assert!(err.to_string().contains("\"0.75in\""), "{err}");
        }
    }

    #[test]
    fn lengths_deserialize_from_strings_and_numbers() {
        #[derive(serde::Deserialize)]
        struct T {
            a: Pt,
            b: Pt,
            c: Pt,
            t: Em,
        }
        let t: T = toml::from_str("a = \"0.75in\"\nb = 13\nc = 10.5\nt = -0.01").unwrap();
        assert_eq!(
            (t.a, t.b, t.c, t.t),
            (Pt(54.0), Pt(13.0), Pt(10.5), Em(-0.01))
        );
        for bad in ["a = \"3 furlongs\"", "a = -2", "a = true"] {
            let src = format!("{bad}\nb = 1\nc = 1\nt = 0");
            let err = toml::from_str::<T>(&src).err().unwrap();
            assert!(err.message().contains("\"18mm\""), "{}", err.message());
        }
    }
}
