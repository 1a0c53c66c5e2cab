//! Measuring a theme classifier against labels: per-theme precision, recall and F1, the
//! confusion table, and deterministic folds for cross-validating a label file.

/// Precision, recall and F1 of one class, with how many documents it has in gold.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassScore {
    /// The class: a theme id, or "none".
    pub class: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Documents whose gold class it is.
    pub support: usize,
}

/// The scores of each class in `classes` (a class nobody predicted has precision 0; one no
/// document holds has recall 0), and the confusion table: `table[g][p]` counts documents of
/// gold class `classes[g]` predicted as `classes[p]`. Classes not listed are not counted.
///
/// ```
/// let classes = ["a".to_owned(), "none".to_owned()];
/// let gold = ["a", "a", "none"].map(String::from);
/// let predicted = ["a", "none", "none"].map(String::from);
/// let (scores, table) = tema::themes::class_scores(&classes, &gold, &predicted);
/// assert_eq!((scores[0].precision, scores[0].recall), (1.0, 0.5));
/// assert_eq!(table, [[1, 1], [0, 1]]);
/// ```
pub fn class_scores(
    classes: &[String],
    gold: &[String],
    predicted: &[String],
) -> (Vec<ClassScore>, Vec<Vec<usize>>) {
    let index = |c: &String| classes.iter().position(|k| k == c);
    let mut table = vec![vec![0usize; classes.len()]; classes.len()];
    for (g, p) in gold.iter().zip(predicted) {
        if let (Some(g), Some(p)) = (index(g), index(p)) {
            table[g][p] += 1;
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let scores = classes
        .iter()
        .enumerate()
        .map(|(k, class)| {
            let right = table[k][k];
            let support: usize = table[k].iter().sum();
            let predicted: usize = table.iter().map(|row| row[k]).sum();
            let precision = ratio(right, predicted);
            let recall = ratio(right, support);
            let f1 = if precision + recall > 0.0 {
                2.0 * precision * recall / (precision + recall)
            } else {
                0.0
            };
            ClassScore {
                class: class.clone(),
                precision,
                recall,
                f1,
                support,
            }
        })
        .collect();
    (scores, table)
}

/// The fold (0..`k`) of each labelled document: within each class, in file order, the j-th
/// document goes to fold j mod k, so every fold holds each class in about equal share and the
/// same file always gives the same folds.
///
/// ```
/// let labels = ["a", "b", "a", "a", "b"];
/// assert_eq!(tema::themes::folds(&labels, 2), [0, 0, 1, 0, 1]);
/// ```
pub fn folds<T: PartialEq>(labels: &[T], k: usize) -> Vec<usize> {
    let k = k.max(1);
    let mut seen: Vec<(&T, usize)> = Vec::new();
    labels
        .iter()
        .map(|label| match seen.iter_mut().find(|(l, _)| *l == label) {
            Some((_, count)) => {
                *count += 1;
                (*count - 1) % k
            }
            None => {
                seen.push((label, 1));
                0
            }
        })
        .collect()
}
