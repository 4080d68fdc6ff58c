//! A linear support vector machine (L2-regularized, squared hinge loss,
//! one class against the rest), trained by dual coordinate descent as in
//! LIBLINEAR (Hsieh et al., 2008), with per-example costs for class balance.

use super::features::{Sparse, DIMS};
use super::shuffle::Shuffler;

/// Trains one binary problem: `y[i]` is +1 or -1, `cost[i]` the example's C.
/// Returns the weights and the bias (learned as the weight of a constant feature).
pub fn train_binary(x: &[Sparse], y: &[f32], cost: &[f32], max_epochs: usize) -> (Vec<f32>, f32) {
    let n = x.len();
    let mut w = vec![0f32; DIMS];
    let mut b = 0f32;
    let mut alpha = vec![0f32; n];
    let diag: Vec<f32> = cost.iter().map(|c| 0.5 / c).collect();
    let qii: Vec<f32> = x
        .iter()
        .zip(cost)
        .map(|(xi, &c)| curvature(xi, c))
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    let mut shuffler = Shuffler::new(0x9e37_79b9_7f4a_7c15);
    for _ in 0..max_epochs {
        // A fixed-seed shuffle: training is deterministic.
        shuffler.shuffle(&mut order);
        let (mut pg_max, mut pg_min) = (f32::NEG_INFINITY, f32::INFINITY);
        for &i in &order {
            let dot: f32 = x[i].iter().map(|&(j, v)| w[j as usize] * v).sum::<f32>() + b;
            let g = y[i] * dot - 1.0 + diag[i] * alpha[i];
            let pg = if alpha[i] == 0.0 { g.min(0.0) } else { g };
            pg_max = pg_max.max(pg);
            pg_min = pg_min.min(pg);
            if pg.abs() > 1e-12 {
                let old = alpha[i];
                alpha[i] = (alpha[i] - g / qii[i]).max(0.0);
                let d = (alpha[i] - old) * y[i];
                for &(j, v) in &x[i] {
                    w[j as usize] += d * v;
                }
                b += d;
            }
        }
        if pg_max - pg_min < 0.1 {
            break;
        }
    }
    (w, b)
}

/// The curvature of the dual objective along one example's coordinate:
/// its squared length, 1 for the bias (learned as a constant feature), and
/// the squared hinge's `1 / (2 C)`.
pub fn curvature(x: &Sparse, cost: f32) -> f32 {
    x.iter().map(|(_, v)| v * v).sum::<f32>() + 1.0 + 0.5 / cost
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separable_points_are_separated() {
        let x: Vec<Sparse> = vec![
            vec![(0, 1.0)],
            vec![(0, 0.9), (1, 0.1)],
            vec![(1, 1.0)],
            vec![(1, 0.8), (2, 0.2)],
        ];
        let y = [1.0, 1.0, -1.0, -1.0];
        let (w, b) = train_binary(&x, &y, &[1.0; 4], 100);
        for (xi, yi) in x.iter().zip(y) {
            let s: f32 = xi.iter().map(|&(j, v)| w[j as usize] * v).sum::<f32>() + b;
            assert!(s * yi > 0.0, "{s} for {yi}");
        }
    }
}
