package io.streamguard.engine.regex;

import java.util.List;

/** The syntax tree of a portable pattern, with the flags already applied (case variants, dot). */
public sealed interface Node {

    /** Matches one code unit from the set. */
    record Chars(CharSet set) implements Node {}

    record Concat(List<Node> items) implements Node {}

    record Alternation(List<Node> alternatives) implements Node {}

    /**
     * {@code max == -1} means unbounded. A greedy repeat prefers one more round, a lazy one ({@code *?}) one
     * fewer: under leftmost-first matching this decides where a match ends.
     */
    record Repeat(Node item, int min, int max, boolean greedy) implements Node {}

    record Assertion(Kind kind) implements Node {}

    /** Matches the empty string; an empty alternative or group. */
    record Empty() implements Node {}

    enum Kind {
        /** {@code ^}: the start of the text. */
        TEXT_START,
        /** {@code $}: the end of the text. */
        TEXT_END,
        /** {@code \b}. */
        WORD_BOUNDARY,
        /** {@code \B}. */
        NOT_WORD_BOUNDARY,
        /** {@code ^} with the {@code m} flag: the start of the text or after a line terminator. */
        LINE_START,
        /** {@code $} with the {@code m} flag: the end of the text or before a line terminator. */
        LINE_END
    }
}
