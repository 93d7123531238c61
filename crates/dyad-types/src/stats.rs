//! Small statistics shared by the evaluations: the Wilson score interval
//! that `dyad eval --judged` and the judged geolocation test report.

/// z for a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The Wilson score interval for `k` successes in `n` trials at normal
/// quantile `z`; `(0, 1)` when `n` is 0 (nothing is known).
pub fn wilson(k: usize, n: usize, z: f64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let n = n as f64;
    let p = k as f64 / n;
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-5
    }

    #[test]
    fn wilson_matches_published_values() {
        // Newcombe (1998), Statistics in Medicine 17, table I: 81/263 gives
        // 0.2553 to 0.3662; 15/148 gives 0.0624 to 0.1605; 0/20 gives 0 to 0.1611.
        for (k, n, lo, hi) in [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611)] {
            let (l, h) = wilson(k, n, Z95);
            assert!(close(l, lo) && close(h, hi), "{k}/{n}: {l:.4} {h:.4}");
        }
        let (l, h) = wilson(20, 20, Z95);
        assert!(close(l, 0.8389) && h == 1.0, "{l} {h}");
        assert_eq!(wilson(0, 0, Z95), (0.0, 1.0));
    }
}
