package io.streamguard.engine.regex;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Whether a pattern can take exponential time in a backtracking engine (the browser's {@code RegExp}), which
 * is what a client-side rule runs in; the engine itself is linear whatever the pattern.
 *
 * <p>A backtracking engine is exponential exactly when the pattern's automaton is exponentially ambiguous
 * (EDA): from some state, two different paths read the same text and come back to that state, so a text that
 * almost matches is tried in 2^n ways. The check builds the position (Glushkov) automaton of the tree, keeping
 * parallel edges (in {@code (a*)*} the inner and outer loop are two ways from {@code a} to {@code a}), and
 * looks in its square for a strongly connected component that holds a diagonal state {@code (p, p)} and
 * either an off-diagonal state or two different edges taken side by side. A counted repeat of more than one
 * round counts as a loop: {@code (a|a){0,40}} is 2^40 ways too. Assertions are read as empty, which can only
 * find more ambiguity, never less.
 *
 * <p>Polynomial ambiguity between two unbounded loops ({@code \d+\d+x}, {@code .*.*=.*}, {@code \w+_\w+x}) is
 * refused too: a failing scan costs n^3 steps and more (node takes 11 s on 4,000 digits for {@code \d+\d+x}).
 * Where one of the loops is bounded ({@code [\w.-]{0,50}?key\w+}) the cost is at most the bound times a
 * linear scan, and the pattern is accepted.
 */
public final class BacktrackingRisk {

    /** Above this many positions the check is not tried and the pattern is refused for client-side use. */
    static final int MAX_POSITIONS = 1500;

    /** Above this much work (pairs of edges looked at) the pattern is refused for client-side use. */
    static final long MAX_WORK = 4_000_000L;

    private final List<CharSet> sets = new ArrayList<>();

    /** Edges of the position automaton; the start state is -1. Parallel edges are kept. */
    private final List<int[]> edges = new ArrayList<>();

    /** Per edge, the loop that made it, or -1. */
    private final List<Integer> edgeLoop = new ArrayList<>();

    private final List<Node.Repeat> loops = new ArrayList<>();

    private final List<BitSet> loopPositions = new ArrayList<>();

    private final List<Integer> loopParent = new ArrayList<>();

    private int currentLoop = -1;

    private BacktrackingRisk() {}

    /** The reasons a client-side rule with this tree is refused; empty when it is safe. */
    public static List<String> problems(Node tree) {
        BacktrackingRisk risk = new BacktrackingRisk();
        Info root = risk.build(tree);
        if (risk.sets.size() > MAX_POSITIONS) {
            return List.of(tooLarge());
        }
        for (int p : root.first) {
            risk.edge(-1, p, -1);
        }
        return risk.check();
    }

    private static String tooLarge() {
        return "the pattern is too large to prove that a browser's backtracking RegExp cannot take exponential time "
                + "on it: run it on the server only (clientSide false) or split it into smaller rules";
    }

    private record Info(boolean nullable, List<Integer> first, List<Integer> last) {}

    private void edge(int from, int to, int loop) {
        edges.add(new int[] {from, to});
        edgeLoop.add(loop);
    }

    private Info build(Node node) {
        return switch (node) {
            case Node.Chars c -> {
                int p = sets.size();
                sets.add(c.set());
                for (int l = currentLoop; l >= 0; l = loopParent.get(l)) {
                    loopPositions.get(l).set(p);
                }
                yield new Info(false, List.of(p), List.of(p));
            }
            case Node.Assertion a -> new Info(true, List.of(), List.of());
            case Node.Empty e -> new Info(true, List.of(), List.of());
            case Node.Alternation a -> {
                boolean nullable = false;
                List<Integer> first = new ArrayList<>();
                List<Integer> last = new ArrayList<>();
                for (Node alt : a.alternatives()) {
                    Info i = build(alt);
                    nullable |= i.nullable;
                    first.addAll(i.first);
                    last.addAll(i.last);
                }
                yield new Info(nullable, first, last);
            }
            case Node.Concat c -> {
                boolean nullable = true;
                List<Integer> first = new ArrayList<>();
                List<Integer> last = new ArrayList<>();
                for (Node item : c.items()) {
                    Info i = build(item);
                    for (int from : last) {
                        for (int to : i.first) {
                            edge(from, to, -1);
                        }
                    }
                    if (nullable) {
                        first.addAll(i.first);
                    }
                    if (i.nullable) {
                        last.addAll(i.last);
                    } else {
                        last = new ArrayList<>(i.last);
                    }
                    nullable &= i.nullable;
                }
                yield new Info(nullable, first, last);
            }
            case Node.Repeat r -> {
                if (r.max() == 0) {
                    yield new Info(true, List.of(), List.of());
                }
                if (r.max() == 1) {
                    Info i = build(r.item());
                    yield new Info(i.nullable || r.min() == 0, i.first, i.last);
                }
                int loop = loops.size();
                loops.add(r);
                loopPositions.add(new BitSet());
                loopParent.add(currentLoop);
                currentLoop = loop;
                Info i = build(r.item());
                currentLoop = loopParent.get(loop);
                for (int from : i.last) {
                    for (int to : i.first) {
                        edge(from, to, loop);
                    }
                }
                yield new Info(i.nullable || r.min() == 0, i.first, i.last);
            }
        };
    }

    private List<String> check() {
        int n = sets.size();
        int states = n + 1; // position p is state p + 1, the start is state 0
        List<List<Integer>> out = new ArrayList<>();
        for (int s = 0; s < states; s++) {
            out.add(new ArrayList<>());
        }
        for (int e = 0; e < edges.size(); e++) {
            out.get(edges.get(e)[0] + 1).add(e);
        }
        // the square automaton, explored from (start, start); a pair (a, b) of states is a * states + b
        int[] index = new int[states * states];
        java.util.Arrays.fill(index, -1);
        PairEdges pairEdges = new PairEdges();
        List<Long> pairs = new ArrayList<>();
        index[0] = 0;
        pairs.add(0L);
        BitSet meetKnown = new BitSet();
        BitSet meets = new BitSet();
        long work = 0;
        for (int from = 0; from < pairs.size(); from++) {
            long pair = pairs.get(from);
            int a = (int) (pair >>> 32);
            int b = (int) pair;
            for (int e1 : out.get(a)) {
                int p = edges.get(e1)[1];
                for (int e2 : out.get(b)) {
                    if (++work > MAX_WORK) {
                        return List.of(tooLarge());
                    }
                    int q = edges.get(e2)[1];
                    int key = p * n + q;
                    if (!meetKnown.get(key)) {
                        meetKnown.set(key);
                        meets.set(key, !sets.get(p).intersection(sets.get(q)).isEmpty());
                    }
                    if (!meets.get(key)) {
                        continue;
                    }
                    int next = (p + 1) * states + (q + 1);
                    if (index[next] < 0) {
                        index[next] = pairs.size();
                        pairs.add((long) (p + 1) << 32 | (q + 1));
                    }
                    pairEdges.add(from, index[next], a == b && e1 != e2);
                }
            }
        }
        int[] component = components(pairs.size(), pairEdges);
        int count = 0;
        for (int c : component) {
            count = Math.max(count, c + 1);
        }
        boolean[] diagonal = new boolean[count];
        boolean[] ambiguous = new boolean[count];
        for (int v = 0; v < pairs.size(); v++) {
            long pair = pairs.get(v);
            int a = (int) (pair >>> 32);
            int b = (int) pair;
            if (a == b) {
                diagonal[component[v]] = true;
            } else {
                ambiguous[component[v]] = true;
            }
        }
        for (int e = 0; e < pairEdges.size; e++) {
            if (pairEdges.divergent.get(e) && component[pairEdges.from[e]] == component[pairEdges.to[e]]) {
                ambiguous[component[pairEdges.from[e]]] = true;
            }
        }
        for (int c = 0; c < count; c++) {
            if (diagonal[c] && ambiguous[c]) {
                return List.of(describe(c, component, pairs, pairEdges));
            }
        }
        return polynomial(component, count, pairs, pairEdges, out);
    }

    /**
     * Polynomial ambiguity between two unbounded loops: states {@code p != q}, both inside unbounded repeats,
     * and one text v with {@code p -v-> p}, {@code p -v-> q} and {@code q -v-> q} (Weber and Seidl's condition):
     * a path from {@code (p, p, q)} to {@code (p, q, q)} in the cube of the automaton. Only pairs that lie on a
     * cycle of the square are tried, as only they can qualify.
     */
    private List<String> polynomial(
            int[] component, int count, List<Long> pairs, PairEdges pairEdges, List<List<Integer>> out) {
        BitSet unbounded = new BitSet();
        for (int l = 0; l < loops.size(); l++) {
            if (loops.get(l).max() == -1) {
                unbounded.or(loopPositions.get(l));
            }
        }
        int[] size = new int[count];
        boolean[] cyclic = new boolean[count];
        for (int c : component) {
            size[c]++;
        }
        for (int c = 0; c < count; c++) {
            cyclic[c] = size[c] > 1;
        }
        for (int e = 0; e < pairEdges.size; e++) {
            if (pairEdges.from[e] == pairEdges.to[e]) {
                cyclic[component[pairEdges.from[e]]] = true;
            }
        }
        long[] work = {0};
        for (int v = 0; v < pairs.size(); v++) {
            long pair = pairs.get(v);
            int p = (int) (pair >>> 32) - 1;
            int q = (int) pair - 1;
            if (p != q && p >= 0 && q >= 0 && cyclic[component[v]] && unbounded.get(p) && unbounded.get(q)) {
                Boolean found = cubePath(p + 1, q + 1, out, work);
                if (found == null) {
                    return List.of(tooLarge());
                }
                if (found) {
                    return List.of(describePolynomial(p, q));
                }
            }
        }
        return List.of();
    }

    /** Whether {@code (p, p, q)} reaches {@code (p, q, q)} (states, not positions); null when over budget. */
    private @Nullable Boolean cubePath(int p, int q, List<List<Integer>> out, long[] work) {
        int states = sets.size() + 1;
        java.util.HashSet<Long> seen = new java.util.HashSet<>();
        ArrayDeque<long[]> queue = new ArrayDeque<>();
        queue.add(new long[] {p, p, q});
        seen.add(((long) p * states + p) * states + q);
        while (!queue.isEmpty()) {
            long[] t = queue.poll();
            for (int e1 : out.get((int) t[0])) {
                int x = edges.get(e1)[1];
                for (int e2 : out.get((int) t[1])) {
                    int y = edges.get(e2)[1];
                    CharSet xy = sets.get(x).intersection(sets.get(y));
                    if (xy.isEmpty()) {
                        continue;
                    }
                    for (int e3 : out.get((int) t[2])) {
                        if (++work[0] > MAX_WORK) {
                            return null;
                        }
                        int z = edges.get(e3)[1];
                        if (xy.intersection(sets.get(z)).isEmpty()) {
                            continue;
                        }
                        if (x + 1 == p && y + 1 == q && z + 1 == q) {
                            return true;
                        }
                        if (seen.add(((long) (x + 1) * states + (y + 1)) * states + (z + 1))) {
                            queue.add(new long[] {x + 1, y + 1, z + 1});
                        }
                    }
                }
            }
        }
        return false;
    }

    private String describePolynomial(int p, int q) {
        String where = "'" + innermostUnbounded(Math.min(p, q)) + "' and '" + innermostUnbounded(Math.max(p, q)) + "'";
        return "the pattern can match the same text in more than one way across the unbounded repeats " + where
                + ", so a browser's backtracking RegExp can take polynomial time on a text that almost matches "
                + "(as with \\d+\\d+x: about 1 s for 2,000 digits, 11 s for 4,000): bound one of them (e.g. {1,64} "
                + "instead of +) or keep them from matching the same chars (\\d+\\d+x → \\d{2,}x), or run the rule "
                + "on the server only (clientSide false)";
    }

    private String innermostUnbounded(int position) {
        int best = -1;
        for (int l = 0; l < loops.size(); l++) {
            if (loops.get(l).max() == -1
                    && loopPositions.get(l).get(position)
                    && (best < 0
                            || loopPositions.get(l).cardinality()
                                    < loopPositions.get(best).cardinality())) {
                best = l;
            }
        }
        return best < 0 ? "?" : ClientPattern.of(loops.get(best)).source();
    }

    private String describe(int c, int[] component, List<Long> pairs, PairEdges pairEdges) {
        BitSet positions = new BitSet();
        for (int v = 0; v < pairs.size(); v++) {
            if (component[v] == c) {
                for (int state : new int[] {(int) (pairs.get(v) >>> 32), (int) (long) pairs.get(v)}) {
                    if (state > 0) {
                        positions.set(state - 1);
                    }
                }
            }
        }
        int culprit = -1;
        for (int l = 0; l < loops.size(); l++) {
            BitSet inside = (BitSet) positions.clone();
            inside.andNot(loopPositions.get(l));
            if (inside.isEmpty()
                    && (culprit < 0
                            || loopPositions.get(l).cardinality()
                                    < loopPositions.get(culprit).cardinality())) {
                culprit = l;
            }
        }
        // two parallel edges side by side: the outer of the loops that made them is the one to name
        for (int pe = 0; pe < pairEdges.size; pe++) {
            if (pairEdges.divergent.get(pe) && component[pairEdges.from[pe]] == c) {
                long from = pairs.get(pairEdges.from[pe]);
                for (int e = 0; e < edges.size(); e++) {
                    int loop = edgeLoop.get(e);
                    if (loop >= 0 && edges.get(e)[0] + 1 == (int) (from >>> 32) && isOutside(loop, culprit)) {
                        culprit = loop;
                    }
                }
                break;
            }
        }
        String where = culprit < 0
                ? "a repeated part"
                : "'" + ClientPattern.of(loops.get(culprit)).source() + "'";
        return "the pattern can match the same text in more than one way inside " + where
                + ", so a browser's backtracking RegExp can take exponential time on a text that almost matches "
                + "(as with (a+)+, (a|a)* or (\\w+\\s?)+$): make each repetition match its text one way only, "
                + "e.g. (a+)+ → a+, (a|a)* → a*, (\\w+\\s?)+ → \\w+(?:\\s\\w+)*, or run the rule on the server only "
                + "(clientSide false)";
    }

    /** Whether loop {@code outer} encloses loop {@code inner} (or inner is none). */
    private boolean isOutside(int outer, int inner) {
        if (inner < 0) {
            return true;
        }
        for (int l = loopParent.get(inner); l >= 0; l = loopParent.get(l)) {
            if (l == outer) {
                return true;
            }
        }
        return false;
    }

    /** The edges of the square automaton, in growable arrays (there can be millions). */
    private static final class PairEdges {

        int[] from = new int[64];

        int[] to = new int[64];

        final BitSet divergent = new BitSet();

        int size;

        void add(int a, int b, boolean twoEdges) {
            if (size == from.length) {
                from = java.util.Arrays.copyOf(from, size * 2);
                to = java.util.Arrays.copyOf(to, size * 2);
            }
            from[size] = a;
            to[size] = b;
            divergent.set(size, twoEdges);
            size++;
        }
    }

    /** Tarjan's strongly connected components, iterative; the component index of each vertex. */
    private static int[] components(int n, PairEdges pairEdges) {
        int[] head = new int[n];
        java.util.Arrays.fill(head, -1);
        int[] next = new int[pairEdges.size];
        int[] target = new int[pairEdges.size];
        for (int e = 0; e < pairEdges.size; e++) {
            int from = pairEdges.from[e];
            target[e] = pairEdges.to[e];
            next[e] = head[from];
            head[from] = e;
        }
        int[] order = new int[n];
        int[] low = new int[n];
        int[] component = new int[n];
        java.util.Arrays.fill(order, -1);
        boolean[] onStack = new boolean[n];
        int[] stack = new int[n];
        int sp = 0;
        int[] callVertex = new int[n];
        int[] callEdge = new int[n];
        int counter = 0;
        int components = 0;
        for (int root = 0; root < n; root++) {
            if (order[root] >= 0) {
                continue;
            }
            int depth = 0;
            callVertex[0] = root;
            callEdge[0] = head[root];
            order[root] = low[root] = counter++;
            stack[sp++] = root;
            onStack[root] = true;
            while (depth >= 0) {
                int v = callVertex[depth];
                int e = callEdge[depth];
                if (e >= 0) {
                    callEdge[depth] = next[e];
                    int w = target[e];
                    if (order[w] < 0) {
                        order[w] = low[w] = counter++;
                        stack[sp++] = w;
                        onStack[w] = true;
                        depth++;
                        callVertex[depth] = w;
                        callEdge[depth] = head[w];
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], order[w]);
                    }
                } else {
                    if (low[v] == order[v]) {
                        int w;
                        do {
                            w = stack[--sp];
                            onStack[w] = false;
                            component[w] = components;
                        } while (w != v);
                        components++;
                    }
                    depth--;
                    if (depth >= 0) {
                        int parent = callVertex[depth];
                        low[parent] = Math.min(low[parent], low[v]);
                    }
                }
            }
        }
        return component;
    }
}
