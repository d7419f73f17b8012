package io.streamguard.engine.regex;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A Thompson automaton built from a {@link Node}: the intermediate step between syntax and {@link Dfa}. */
final class Nfa {

    static final int CHAR = 0;

    static final int SPLIT = 1;

    static final int ASSERT = 2;

    static final int MATCH = 3;

    static final int EPSILON = 4;

    final List<Integer> kind = new ArrayList<>();

    final List<Integer> out1 = new ArrayList<>();

    final List<Integer> out2 = new ArrayList<>();

    /** A CHAR state's {@link CharSet}, an ASSERT state's {@link Node.Kind}, null for the others. */
    final List<@Nullable Object> payload = new ArrayList<>();

    int start;

    boolean usesWordBoundary;

    boolean usesTextStart;

    boolean usesTextEnd;

    boolean usesLineBoundary;

    /** How many states building {@code node} would take; counted repeats multiply. */
    static long estimateSize(Node node) {
        return switch (node) {
            case Node.Chars c -> 1;
            case Node.Empty e -> 1;
            case Node.Assertion a -> 1;
            case Node.Concat c ->
                c.items().stream().mapToLong(Nfa::estimateSize).sum() + 1;
            case Node.Alternation a ->
                a.alternatives().stream().mapToLong(Nfa::estimateSize).sum()
                        + a.alternatives().size();
            case Node.Repeat r -> {
                long inner = estimateSize(r.item()) + 1;
                long copies = r.max() == -1 ? r.min() + 1 : Math.max(r.max(), 1);
                yield Math.min(inner * copies, Long.MAX_VALUE / 4);
            }
        };
    }

    static Nfa build(Node node) {
        Nfa nfa = new Nfa();
        int match = nfa.add(MATCH, -1, -1, null);
        nfa.start = nfa.compile(node, match);
        return nfa;
    }

    /** The states a DFA state can hold: chars, assertions and the match. */
    int positionCount() {
        int n = 0;
        for (int k : kind) {
            n += k == CHAR || k == ASSERT || k == MATCH ? 1 : 0;
        }
        return n;
    }

    int size() {
        return kind.size();
    }

    /** The chars a CHAR state reads. */
    CharSet set(int state) {
        return (CharSet) Objects.requireNonNull(payload.get(state), "a CHAR state has its set");
    }

    /** What an ASSERT state asserts. */
    Node.Kind assertion(int state) {
        return (Node.Kind) Objects.requireNonNull(payload.get(state), "an ASSERT state has its kind");
    }

    private int add(int k, int o1, int o2, @Nullable Object p) {
        kind.add(k);
        out1.add(o1);
        out2.add(o2);
        payload.add(p);
        return kind.size() - 1;
    }

    /** Builds states for {@code node} that continue to {@code next}; returns the entry state. */
    private int compile(Node node, int next) {
        switch (node) {
            case Node.Chars c -> {
                return add(CHAR, next, -1, c.set());
            }
            case Node.Empty e -> {
                return add(EPSILON, next, -1, null);
            }
            case Node.Assertion a -> {
                switch (a.kind()) {
                    case WORD_BOUNDARY, NOT_WORD_BOUNDARY -> usesWordBoundary = true;
                    case TEXT_START -> usesTextStart = true;
                    case TEXT_END -> usesTextEnd = true;
                    case LINE_START, LINE_END -> usesLineBoundary = true;
                }
                return add(ASSERT, next, -1, a.kind());
            }
            case Node.Concat c -> {
                int entry = next;
                for (int i = c.items().size() - 1; i >= 0; i--) {
                    entry = compile(c.items().get(i), entry);
                }
                return entry;
            }
            case Node.Alternation a -> {
                int entry = compile(a.alternatives().get(a.alternatives().size() - 1), next);
                for (int i = a.alternatives().size() - 2; i >= 0; i--) {
                    int alt = compile(a.alternatives().get(i), next);
                    entry = add(SPLIT, alt, entry, null);
                }
                return entry;
            }
            case Node.Repeat r -> {
                int entry = next;
                // a SPLIT prefers out1: the body for a greedy repeat, what follows for a lazy one
                if (r.max() == -1) {
                    int loop = add(SPLIT, -1, -1, null);
                    int body = compile(r.item(), loop);
                    out1.set(loop, r.greedy() ? body : next);
                    out2.set(loop, r.greedy() ? next : body);
                    entry = loop;
                } else {
                    for (int i = r.max() - r.min(); i > 0; i--) {
                        int body = compile(r.item(), entry);
                        entry = r.greedy() ? add(SPLIT, body, next, null) : add(SPLIT, next, body, null);
                    }
                }
                for (int i = 0; i < r.min(); i++) {
                    entry = compile(r.item(), entry);
                }
                return entry;
            }
        }
    }
}
