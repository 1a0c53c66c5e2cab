//! The sparse vector a theme model stores: a theme's prototype, and the supervised classifier's
//! weights.

use serde::{Deserialize, Serialize};

/// A sparse prototype vector: columns ascending and their weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prototype {
    pub columns: Vec<u32>,
    pub weights: Vec<f32>,
}

impl Prototype {
    pub(super) fn from_dense(dense: &[f32]) -> Prototype {
        let (columns, weights) = dense
            .iter()
            .enumerate()
            .filter(|(_, &w)| w != 0.0)
            .map(|(c, &w)| (c as u32, w))
            .unzip();
        Prototype { columns, weights }
    }

    pub(super) fn to_dense(&self, len: usize) -> Vec<f32> {
        let mut dense = vec![0.0; len];
        for (&c, &w) in self.columns.iter().zip(&self.weights) {
            dense[c as usize] = w;
        }
        dense
    }
}
