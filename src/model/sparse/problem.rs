//! The multinomial problem on CSR rows: its objective and gradient, one fused pass over
//! the rows in fixed blocks (see [`super::kernel`] for the pass itself).

use std::sync::Mutex;

use rayon::prelude::*;

use super::kernel::{self, Params};
use super::variables::Variables;
use crate::features::Csr;

/// Row blocks of the parallel loss/gradient pass. Fixed (not the thread count) so that
/// the sums, reduced in block order, are the same bits on any machine.
const BLOCKS: usize = 4;
/// Parameters per task of the block reduction.
pub(super) const REDUCE_CHUNK: usize = 1 << 14;

/// The multinomial problem. Parameters are linfa's layout flattened row-major:
/// `(n_cols + 1) × k`, the last row the intercepts.
pub struct Problem<'a> {
    pub(super) x: View<'a>,
    y: &'a [usize],
    weights: &'a [f64],
    pub(super) k: usize,
    pub(super) alpha: f64,
    /// Per-thread record buffers ([`kernel`]), reused across evaluations.
    buffers: Mutex<Vec<Vec<f64>>>,
}

/// The rows of a CSR matrix.
#[derive(Clone, Copy)]
pub(super) struct View<'a> {
    indptr: &'a [usize],
    indices: &'a [u32],
    data: &'a [f32],
    pub(super) n_cols: usize,
}

impl<'a> View<'a> {
    fn of(x: &'a Csr) -> Self {
        View {
            indptr: &x.indptr,
            indices: &x.indices,
            data: &x.data,
            n_cols: x.n_cols,
        }
    }

    fn n_rows(&self) -> usize {
        self.indptr.len() - 1
    }

    #[inline]
    pub(super) fn row(&self, i: usize) -> (&'a [u32], &'a [f32]) {
        let (a, b) = (self.indptr[i], self.indptr[i + 1]);
        (&self.indices[a..b], &self.data[a..b])
    }
}

impl<'a> Problem<'a> {
    pub fn new(x: &'a Csr, y: &'a [usize], weights: &'a [f64], k: usize, alpha: f64) -> Self {
        Problem {
            x: View::of(x),
            y,
            weights,
            k,
            alpha,
            buffers: Mutex::new(Vec::new()),
        }
    }

    /// Number of parameters: `(n_cols + 1) · k`.
    pub fn n_params(&self) -> usize {
        (self.x.n_cols + 1) * self.k
    }

    /// The row ranges of the blocks: a function of the row count only.
    fn blocks(&self) -> Vec<(usize, usize)> {
        let n = self.x.n_rows();
        let size = n.div_ceil(BLOCKS).max(1);
        (0..n)
            .step_by(size)
            .map(|a| (a, (a + size).min(n)))
            .collect()
    }

    /// The objective at `p`, and its gradient written into `grad` when given: one fused
    /// pass over the rows.
    pub fn evaluate(&self, p: &[f64], grad: Option<&mut [f64]>) -> f64 {
        match grad {
            Some(g) => self.evaluate_in(p, None, g),
            None => {
                let (k, n_cols) = (self.k, self.x.n_cols);
                let bias = &p[n_cols * k..];
                let loss: f64 = self
                    .blocks()
                    .par_iter()
                    .map(|&ab| {
                        let (x, y, w) = (self.x, self.y, self.weights);
                        kernel::block(x, y, w, k, bias, ab, Params::Weights(p))
                    })
                    .collect::<Vec<f64>>()
                    .iter()
                    .sum();
                let w = &p[..n_cols * k];
                loss + 0.5 * self.alpha * w.iter().map(|v| v * v).sum::<f64>()
            }
        }
    }

    /// The objective at the point `u` of the variables `vars` (the plain parameters when
    /// `None`), and its gradient with respect to `u` in `total`. The change of variables is
    /// applied as each block copies the weights into its records, so that the parameters
    /// never exist as a vector of their own.
    pub(super) fn evaluate_in(
        &self,
        u: &[f64],
        vars: Option<&Variables>,
        total: &mut [f64],
    ) -> f64 {
        let (k, n_cols, alpha) = (self.k, self.x.n_cols, self.alpha);
        let scale = |c: usize| vars.map_or(1.0, |v| v.scale[c]);
        let shift = match vars {
            Some(v) => v.intercept_shift(u, k),
            None => vec![0.0; k],
        };
        let bias: Vec<f64> = u[n_cols * k..]
            .iter()
            .zip(&shift)
            .map(|(v, sh)| v * scale(n_cols) - sh)
            .collect();
        let blocks = self.blocks();
        // One record buffer per thread, up to one per block: the blocks run in rounds of
        // that many, and each round's gradient sums are added into `total` in block order.
        // Every entry is still `0 + g₀ + g₁ + …` in block order, so the bits do not depend
        // on the thread count, and two threads hold two buffers (57 MB at 1M sentences)
        // instead of four.
        let width = rayon::current_num_threads().clamp(1, blocks.len());
        let mut buffers =
            std::mem::take(&mut *self.buffers.lock().unwrap_or_else(|e| e.into_inner()));
        buffers.resize_with(width, Vec::new);
        let mut losses = Vec::with_capacity(blocks.len());
        let mut intercept_grad = vec![0.0; k];
        let center = vars.and_then(|v| v.center.as_deref());
        let chunk = REDUCE_CHUNK / k * k;
        let rounds = blocks.len().div_ceil(width);
        for (round, round_blocks) in blocks.chunks(width).enumerate() {
            let round_losses: Vec<f64> = round_blocks
                .par_iter()
                .zip(buffers.par_iter_mut())
                .map(|(&ab, buf)| {
                    buf.resize(n_cols * 2 * k + k, 0.0);
                    let (records, tail) = buf.split_at_mut(n_cols * 2 * k);
                    if round == 0 {
                        for (c, (r, w)) in records
                            .chunks_exact_mut(2 * k)
                            .zip(u.chunks_exact(k))
                            .enumerate()
                        {
                            let sc = scale(c);
                            let (rw, rg) = r.split_at_mut(k);
                            rw.iter_mut().zip(w).for_each(|(r, w)| *r = w * sc);
                            rg.fill(0.0);
                        }
                    } else {
                        records
                            .chunks_exact_mut(2 * k)
                            .for_each(|r| r[k..].fill(0.0));
                    }
                    tail.fill(0.0);
                    let (x, y, w) = (self.x, self.y, self.weights);
                    kernel::block(x, y, w, k, &bias, ab, Params::Records(buf))
                })
                .collect();
            losses.extend(round_losses);
            let used = &buffers[..round_blocks.len()];
            // The intercepts' gradient, each entry summed over the blocks in order, from 0.
            for (j, gb) in intercept_grad.iter_mut().enumerate() {
                for g in used {
                    *gb += g[n_cols * 2 * k + j];
                }
            }
            let last = round + 1 == rounds;
            let intercept_grad = &intercept_grad;
            // Chunks of whole columns; the last round also adds the penalty and applies
            // the change of variables.
            total
                .par_chunks_mut(chunk)
                .enumerate()
                .for_each(|(ci, out)| {
                    let first = ci * chunk / k;
                    for (dc, t) in out.chunks_exact_mut(k).enumerate() {
                        let c = first + dc;
                        let sc = scale(c);
                        if c == n_cols {
                            if last {
                                for (t, gb) in t.iter_mut().zip(intercept_grad) {
                                    *t = gb * sc;
                                }
                            }
                            continue;
                        }
                        let at = c * 2 * k + k;
                        for (j, t) in t.iter_mut().enumerate() {
                            let mut sum = if round == 0 { 0.0 } else { *t };
                            for g in used {
                                sum += g[at + j];
                            }
                            if last {
                                sum += alpha * (u[c * k + j] * sc);
                                if let Some(mu) = center {
                                    sum -= mu[c] * intercept_grad[j];
                                }
                                sum *= sc;
                            }
                            *t = sum;
                        }
                    }
                });
        }
        *self.buffers.lock().unwrap_or_else(|e| e.into_inner()) = buffers;
        let loss: f64 = losses.iter().sum();
        let mut norm = 0.0;
        for (c, w) in u[..n_cols * k].chunks_exact(k).enumerate() {
            let sc = scale(c);
            for v in w {
                let v = v * sc;
                norm += v * v;
            }
        }
        loss + 0.5 * alpha * norm
    }
}
