package io.streamguard.engine.regex;

import java.util.List;

/** The syntax tree of a portable pattern, with the flags already applied (case variants, dot). */
public sealed interface Node {

	/** Matches one code unit from the set. */
	record Chars(CharSet set) implements Node {
	}

	record Concat(List<Node> items) implements Node {
	}

	record Alternation(List<Node> alternatives) implements Node {
	}

	/** {@code max == -1} means unbounded. Laziness is dropped: matches are leftmost-longest. */
	record Repeat(Node item, int min, int max) implements Node {
	}

	record Assertion(Kind kind) implements Node {
	}

	/** Matches the empty string; an empty alternative or group. */
	record Empty() implements Node {
	}

	enum Kind {
		/** {@code ^}: the start of the text. */
		TEXT_START,
		/** {@code $}: the end of the text. */
		TEXT_END,
		/** {@code \b}. */
		WORD_BOUNDARY,
		/** {@code \B}. */
		NOT_WORD_BOUNDARY
	}
}
