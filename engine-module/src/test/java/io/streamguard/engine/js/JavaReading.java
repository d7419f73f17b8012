package io.streamguard.engine.js;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@code java.util.regex} reads an author's portable pattern, spelled so that it means what the engine
 * means where Java's reading differs only in details ({@code $} before a final line break, {@code \s} ASCII-only,
 * RE2's group names): the reference of the differential tests.
 */
public final class JavaReading {

    private JavaReading() {}

    public static Pattern compile(String pattern, String flags) {
        int javaFlags =
                (flags.contains("i") ? Pattern.CASE_INSENSITIVE : 0) | (flags.contains("s") ? Pattern.DOTALL : 0);
        return Pattern.compile(javaMeaning(pattern), javaFlags);
    }

    private static final String JS_SPACE =
            "\\t\\n\\x0B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";

    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?P?<[A-Za-z_][A-Za-z0-9_]*>");

    /**
     * {@code find()} spans of Java on the author's pattern, or null where Java's reading differs in ways the
     * rewrite below does not cover: the m flag (Java's lines also end at U+0085 and treat \r\n as one), i on a
     * non-ASCII pattern (Java folds with other tables), U+0085 in the text (Java's dot excludes it).
     */
    public static List<Integer> spans(String pattern, String flags, String text) {
        boolean nonAscii = pattern.chars().anyMatch(ch -> ch >= 128);
        if (flags.contains("m")
                || pattern.contains("m)")
                || pattern.contains("m:")
                || text.indexOf('\u0085') >= 0
                || nonAscii && (flags.contains("i") || pattern.contains("i)") || pattern.contains("i:"))) {
            return null;
        }
        Pattern compiled;
        try {
            compiled = compile(pattern, flags);
        } catch (RuntimeException e) {
            return List.of(-2);
        }
        List<Integer> spans = new ArrayList<>();
        Matcher m = compiled.matcher(text);
        while (m.find()) {
            if (m.end() == m.start()) {
                // the engine refuses patterns that can match empty; Java's empty matches say nothing about it
                return null;
            }
            spans.add(m.start());
            spans.add(m.end());
        }
        return spans;
    }

    /** {@code $} as {@code \z}, {@code \s} as JavaScript's space set, named groups as plain ones. */
    public static String javaMeaning(String authored) {
        String pattern = NAMED_GROUP.matcher(authored).replaceAll("(?:");
        StringBuilder out = new StringBuilder();
        boolean inClass = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                char e = pattern.charAt(++i);
                if (e == 's') {
                    out.append(inClass ? JS_SPACE : "[" + JS_SPACE + "]");
                } else if (e == 'S') {
                    // inside a class, a nested class is a union in Java
                    out.append("[^" + JS_SPACE + "]");
                } else {
                    out.append(c).append(e);
                }
            } else if (inClass) {
                out.append(c);
                if (c == ']') {
                    inClass = false;
                }
            } else if (c == '[') {
                out.append(c);
                inClass = true;
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '^') {
                    out.append('^');
                    i++;
                }
            } else if (c == '$') {
                out.append("\\z");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
