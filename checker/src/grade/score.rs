//! How points are rounded, once: a grade's total is the exact sum of what
//! each exercise earned, rounded to hundredths at the end, and each
//! exercise's shown points are its share of that total (largest remainder),
//! so the shown points add up to the shown total in every report. Three
//! thirds of a point are 1, shown as 0.34 + 0.33 + 0.33, never 0.99.

/// Hundredths of a point: the precision every report shows.
pub const PER_POINT: u64 = 100;

/// `points` in hundredths, rounded to the nearest.
pub fn hundredths(points: f64) -> u64 {
    (points.max(0.0) * PER_POINT as f64).round() as u64
}

/// Hundredths as points (`267` is `2.67`).
pub fn points(hundredths: u64) -> f64 {
    hundredths as f64 / PER_POINT as f64
}

/// The total of `earned`, rounded once, shared out in hundredths: each
/// exercise gets the hundredths it fully earned, and the ones the rounding
/// of the total still owes go to the largest remainders (the earliest
/// exercise on a tie).
pub fn shares(earned: &[f64]) -> Vec<u64> {
    let total = hundredths(earned.iter().sum());
    let exact: Vec<f64> = earned
        .iter()
        .map(|p| p.max(0.0) * PER_POINT as f64)
        .collect();
    // The tolerance keeps 0.29 * 100 = 28.999999999999996 at 29.
    let mut shares: Vec<u64> = exact.iter().map(|h| (h + 1e-6).floor() as u64).collect();
    let owed = total.saturating_sub(shares.iter().sum());
    let mut by_remainder: Vec<usize> = (0..exact.len()).collect();
    by_remainder.sort_by(|&a, &b| {
        let remainder = |i: usize| exact[i] - shares[i] as f64;
        remainder(b).total_cmp(&remainder(a)).then(a.cmp(&b))
    });
    for &i in by_remainder.iter().take(owed as usize) {
        shares[i] += 1;
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_thirds_make_one_point() {
        let third = 1.0 / 3.0;
        assert_eq!(shares(&[third, third, third]), [34, 33, 33]);
    }

    #[test]
    fn shares_always_add_up_to_the_rounded_total() {
        let cases: &[&[f64]] = &[
            &[2.0 / 3.0, 2.0 / 3.0, 0.0, 3.0],
            &[0.29, 0.57, 1.0 / 7.0, 5.0 / 6.0, 2.5],
            &[0.005, 0.005, 0.005],
            &[],
            &[1.0, 2.0, 3.0],
        ];
        for earned in cases {
            let shares = shares(earned);
            assert_eq!(
                shares.iter().sum::<u64>(),
                hundredths(earned.iter().sum()),
                "{earned:?} -> {shares:?}"
            );
            for (share, exact) in shares.iter().zip(earned.iter()) {
                assert!(
                    (points(*share) - exact).abs() < 0.02,
                    "{earned:?} -> {shares:?}"
                );
            }
        }
        assert_eq!(shares(&[0.29]), [29]);
        assert_eq!(shares(&[1.0, 2.0, 3.0]), [100, 200, 300]);
    }
}
