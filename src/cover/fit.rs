//! Shrink-to-fit: the search for the largest type size at which a text
//! (or a flow of texts) fits its box.
//!
//! In: a start scale, a floor scale and an attempt that sets the text at
//! a scale and says whether it fits. Out: the attempt's result at the
//! largest scale that fits, of the steps from the start down to the floor
//! in 4 % steps, or at the floor if none does. Fitting is taken to be
//! monotone, so the steps are bisected rather than tried one by one.

/// The scales a shrinking text tries, largest first: `start`, then 4 %
/// less each step, down to `floor` (the last step).
pub fn shrink_steps(start: f32, floor: f32) -> Vec<f32> {
    let mut steps = vec![start];
    let mut k = start;
    while k > floor {
        k = (k - 0.04).max(floor);
        steps.push(k);
    }
    steps
}

/// Tries `attempt` on the [`shrink_steps`] from `start` to `floor` and
/// returns the result at the first (largest) step that fits, or at the
/// last step if none does. Fitting is taken to be monotone (a text that
/// fits still fits smaller), so after the first and the last step it
/// bisects: a few settings instead of one per step, which matters for a
/// long text that fits only when small, or not at all.
pub fn first_fit<T>(start: f32, floor: f32, mut attempt: impl FnMut(f32) -> (T, bool)) -> T {
    let steps = shrink_steps(start, floor);
    let (result, fits) = attempt(start);
    if fits || steps.len() == 1 {
        return result;
    }
    let (mut best, fits) = attempt(steps[steps.len() - 1]);
    if !fits {
        return best;
    }
    // steps[lo] does not fit, steps[hi] does.
    let (mut lo, mut hi) = (0, steps.len() - 1);
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        let (result, fits) = attempt(steps[mid]);
        if fits {
            (hi, best) = (mid, result);
        } else {
            lo = mid;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn bisection_finds_the_first_step_that_fits() {
        let steps = shrink_steps(1.0, 0.55);
        assert_eq!(steps.len(), 13);
        assert_eq!(steps.last(), Some(&0.55));
        // Whatever the largest fitting size, bisection picks the step a
        // linear search from the top would pick.
        for limit in [1.5, 1.0, 0.97, 0.8, 0.61, 0.56, 0.55, 0.3] {
            let mut tries = 0;
            let got = first_fit(1.0, 0.55, |k| {
                tries += 1;
                (k, k <= limit)
            });
            let linear = steps.iter().copied().find(|&k| k <= limit).unwrap_or(0.55);
            assert_eq!(got, linear, "limit {limit}");
            assert!(tries <= 6, "{tries} tries for limit {limit}");
        }
        assert_eq!(first_fit(0.5, 0.55, |k| (k, false)), 0.5);
    }
}
