//! Typed lengths. Layout code never passes bare `f32`s for lengths.

use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// A length in PostScript points (1/72 inch), the PDF's unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd)]
pub struct Pt(pub f32);

/// A length relative to the font size.
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd)]
pub struct Em(pub f32);

impl Pt {
    pub const ZERO: Pt = Pt(0.0);

    pub fn from_mm(mm: f32) -> Pt {
        Pt(mm * 72.0 / 25.4)
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
}

impl Em {
    /// This relative length at a font size.
    pub fn at(self, size: Pt) -> Pt {
        Pt(self.0 * size.0)
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
    }
}
