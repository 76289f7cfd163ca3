// Package netflow measures circular financing in a network of deals: the
// simple cycles along which money can return to where it started, and how much
// of the total flow is circular.
//
// A deal network is a weighted directed graph (Graph): nodes are firms (or
// aggregate parties such as "Bond investors"), an edge u → v carries the money
// u pays, invests in, lends to or commits to v, in USD bn. FromDeals builds
// it from dataset deals, merging parallel deals between the same ordered pair
// and, by default, annualising multi-year amounts over their horizon.
//
// # Cycles
//
// CountCycles, EachCycle and TopCycles enumerate the simple cycles with at
// most MaxLen edges. Each cycle is reported once, rooted at its minimum node
// in node order. The search from a root only visits nodes above it, and a
// backward breadth-first search from the root first labels nodes with their
// distance back to it, so the depth-first search drops a node as soon as it
// cannot close a cycle within the length bound. Roots are searched in
// parallel; results do not depend on the number of workers. A cycle's
// bottleneck is its smallest edge weight, the most money that can go round
// it alone.
//
// # Circulation
//
// MaxCirculation computes the maximum-circularity Circular–Directional Flow
// Decomposition of Homs-Dones, MacKay, Sansom & Zhou (2025): each edge
// weight w splits into c + (w − c), where c is a circulation (in-flow equals
// out-flow at every node, 0 ≤ c ≤ w) of largest total, so that w − c is
// acyclic and carries all the net flow. The circularity index Σc / Σw is 0 for
// an acyclic network and 1 for a network made only of cycles. The same c is
// what conservative compression (D'Errico & Roukny 2021) can remove: the gross
// exposure that can be netted away by only reducing existing obligations,
// against the excess Σw − Σ max(net, 0) that any compression could remove.
//
// The circulation is solved exactly as a min-cost flow (primal-dual
// augmentation with Dinic blocking flows), not by a heuristic over the
// enumerated cycles; the tests check it against gonum's simplex LP solver.
//
// References:
//   - M. Homs-Dones, R. S. MacKay, B. Sansom, Y. Zhou (2025), "Circular
//     Directional Flow Decomposition of Networks", arXiv:2506.12546.
//   - M. D'Errico, T. Roukny (2021), "Compressing over-the-counter markets",
//     Operations Research 69(6), 1660–1679 (arXiv:1705.07155).
//   - D. B. Johnson (1975), "Finding all the elementary circuits of a directed
//     graph", SIAM J. Comput. 4(1), 77–84 (the rooting at the minimum vertex).
//   - R. K. Ahuja, T. L. Magnanti, J. B. Orlin (1993), Network Flows,
//     Prentice Hall, ch. 9 (min-cost flow, primal-dual algorithm).
package netflow
