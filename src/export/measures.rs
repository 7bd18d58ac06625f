//! Node measures on a [`Graph`]: degree, weighted degree, connected component and PageRank,
//! all with edge direction ignored (who leads whom matters less for centrality than who is
//! connected to whom).

use super::{ExportEdge, ExportNode, Measures};
use petgraph::Direction;
use petgraph::graph::Graph;
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;
use std::collections::BTreeMap;

const DAMPING: f64 = 0.85;
const ITERATIONS: usize = 100;

/// Fills every node's [`Measures`].
pub(super) fn compute(graph: &mut Graph<ExportNode, ExportEdge>) {
    let n = graph.node_count();
    if n == 0 {
        return;
    }
    let mut degree = vec![0usize; n];
    let mut strength = vec![0f64; n];
    let mut uf = UnionFind::<usize>::new(n);
    // Undirected adjacency with weights, for PageRank.
    let mut adj: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for e in graph.edge_references() {
        let (s, t, w) = (e.source().index(), e.target().index(), e.weight().weight);
        degree[s] += 1;
        degree[t] += 1;
        strength[s] += w;
        strength[t] += w;
        uf.union(s, t);
        adj[s].push((t, w));
        adj[t].push((s, w));
    }
    // Components numbered in order of their first node, so ids are stable across runs.
    let mut component_ids = BTreeMap::new();
    let component: Vec<usize> = (0..n)
        .map(|i| {
            let next = component_ids.len();
            *component_ids.entry(uf.find(i)).or_insert(next)
        })
        .collect();
    let rank = pagerank(&adj, &strength);
    for i in graph.node_indices() {
        let k = i.index();
        debug_assert_eq!(
            graph.edges_directed(i, Direction::Outgoing).count()
                + graph.edges_directed(i, Direction::Incoming).count(),
            degree[k]
        );
        graph[i].measures = Measures {
            degree: degree[k],
            weighted_degree: strength[k],
            component: component[k],
            pagerank: rank[k],
        };
    }
}

/// Weighted PageRank by power iteration, O(iterations × edges); isolated nodes spread their
/// rank evenly. (petgraph's `page_rank` is unweighted and quadratic in the node count.)
fn pagerank(adj: &[Vec<(usize, f64)>], strength: &[f64]) -> Vec<f64> {
    let n = adj.len();
    let nf = n as f64;
    let mut rank = vec![1.0 / nf; n];
    for _ in 0..ITERATIONS {
        let dangling: f64 = (0..n)
            .filter(|&i| strength[i] <= 0.0)
            .map(|i| rank[i])
            .sum();
        let base = (1.0 - DAMPING) / nf + DAMPING * dangling / nf;
        let mut next = vec![base; n];
        for (i, edges) in adj.iter().enumerate() {
            if strength[i] <= 0.0 {
                continue;
            }
            let share = DAMPING * rank[i] / strength[i];
            for &(j, w) in edges {
                next[j] += share * w;
            }
        }
        let total: f64 = next.iter().sum();
        if total > 0.0 {
            next.iter_mut().for_each(|r| *r /= total);
        }
        rank = next;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagerank_favours_the_hub_and_sums_to_one() {
        // A star: 0 in the middle.
        let adj = vec![
            vec![(1, 1.0), (2, 1.0), (3, 1.0)],
            vec![(0, 1.0)],
            vec![(0, 1.0)],
            vec![(0, 1.0)],
        ];
        let r = pagerank(&adj, &[3.0, 1.0, 1.0, 1.0]);
        assert!((r.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(r[0] > r[1]);
        assert!((r[1] - r[2]).abs() < 1e-12);
    }
}
