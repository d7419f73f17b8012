package io.streamguard.engine.rules;

import io.streamguard.engine.regex.BacktrackingRisk;
import io.streamguard.engine.regex.PortableRegex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Says what is wrong with a rule, in sentences that tell the author what to change.
 *
 * <p>A regex is valid only if it is in the portable syntax: it has one meaning (JavaScript's, without the u
 * flag), a JavaScript form that means exactly that ({@link PortableRegex#clientPattern()}), and runs in linear
 * time here (no backreferences, no lookaround). The full list is in the engine documentation
 * (docs/engine.md, "Portable syntax"); in short:
 * <ul>
 * <li>literals, escaped punctuation, {@code \t \n \r \f \xHH, \u005Cu followed by four hex digits};</li>
 * <li>{@code . \d \D \w \W \s \S} ({@code \s} and {@code .} with JavaScript's meaning);</li>
 * <li>classes {@code [a-z_]}, {@code [^…]}, without nested {@code [}, {@code &&} or POSIX names;</li>
 * <li>groups {@code (…)}, {@code (?:…)}, {@code (?<name>…)}, {@code (?P<name>…)} (names unique);
 * alternation {@code |};</li>
 * <li>quantifiers {@code * + ? {n} {n,} {n,m}} and their lazy forms (matches are leftmost-first), bounds up
 * to 1000;</li>
 * <li>anchors {@code ^ $} (text, or lines under m), {@code \A \z} (text), {@code \b}, {@code \B};</li>
 * <li>flags {@code i} (JavaScript's case folding), {@code m}, {@code s}, as rule flags or inline
 * ({@code (?i)}, {@code (?i:…)}, {@code (?-i:…)}, RE2's meaning; inline also {@code U}).</li>
 * </ul>
 */
public final class RuleValidator {

    public static final int MAX_PATTERN_LENGTH = 2000;

    public static final int MAX_KEYWORDS = 10_000;

    public static final int MAX_KEYWORD_LENGTH = 200;

    public static final int MAX_NAME_LENGTH = 200;

    private RuleValidator() {}

    public static List<String> problems(RuleSpec spec) {
        List<String> problems = new ArrayList<>();
        if (spec.id().isBlank()) {
            problems.add("the rule id is empty: give the rule an id");
        }
        if (spec.name().length() > MAX_NAME_LENGTH) {
            problems.add("the name is longer than " + MAX_NAME_LENGTH + " characters: shorten it");
        }
        fieldProblems(spec, problems);
        switch (spec.kind()) {
            case KEYWORD -> keywordProblems(spec.keywords(), "keyword", problems);
            case REGEX -> regexProblems(spec, problems);
            case SECRET -> {
                if (!spec.keywords().isEmpty()) {
                    keywordProblems(spec.keywords(), "near keyword", problems);
                }
            }
            case CREDIT_CARD, IBAN -> {}
        }
        return List.copyOf(problems);
    }

    private static void keywordProblems(List<String> keywords, String what, List<String> problems) {
        if (keywords.isEmpty()) {
            problems.add("the " + what + " list is empty: add at least one " + what);
            return;
        }
        if (keywords.size() > MAX_KEYWORDS) {
            problems.add("there are " + keywords.size() + " " + what + "s, more than " + MAX_KEYWORDS
                    + ": split them over several rules");
        }
        Set<String> seen = new HashSet<>();
        for (String keyword : keywords) {
            if (keyword.isEmpty() || keyword.isBlank()) {
                problems.add("a " + what + " is empty or only whitespace: remove it");
            } else if (keyword.length() > MAX_KEYWORD_LENGTH) {
                problems.add("the " + what + " '" + keyword.substring(0, 20) + "…' is longer than " + MAX_KEYWORD_LENGTH
                        + " characters: shorten it or use a regex rule");
            } else if (!seen.add(keyword)) {
                problems.add("the " + what + " '" + keyword + "' is listed twice: remove one");
            }
        }
    }

    private static void regexProblems(RuleSpec spec, List<String> problems) {
        String pattern = spec.pattern();
        if (pattern == null || pattern.isEmpty()) {
            problems.add("the pattern is empty: a regex rule needs a pattern");
            return;
        }
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            problems.add("the pattern is " + pattern.length() + " characters long, more than " + MAX_PATTERN_LENGTH
                    + ": shorten it or split it into several rules");
            return;
        }
        String flags = spec.flags();
        boolean flagsOk = true;
        for (int i = 0; i < flags.length(); i++) {
            char f = flags.charAt(i);
            if (f != 'i' && f != 'm' && f != 's') {
                problems.add("unknown flag '" + f + "': the allowed flags are i, m and s");
                flagsOk = false;
            }
            if (flags.indexOf(f) != i) {
                problems.add("the flag '" + f + "' is given twice: give it once");
                flagsOk = false;
            }
        }
        if (!flagsOk) {
            return;
        }
        if (PortableRegex.compile(pattern, flags) instanceof PortableRegex.Refused refused) {
            problems.addAll(refused.problems());
        }
    }

    /** Fields that mean nothing for the rule's kind must keep their default value: never accepted and ignored. */
    private static void fieldProblems(RuleSpec spec, List<String> problems) {
        RuleKind kind = spec.kind();
        String name = (kind == RuleKind.IBAN ? "n " : " ") + kind.wireName();
        if (kind != RuleKind.REGEX) {
            if (spec.pattern() != null && !spec.pattern().isEmpty()) {
                problems.add("a" + name + " rule has no pattern: remove it, or make the rule a regex rule");
            }
            if (!spec.flags().isEmpty()) {
                problems.add("a" + name + " rule has no flags: remove them"
                        + (kind == RuleKind.KEYWORD ? " and use caseSensitive" : ""));
            }
        }
        switch (kind) {
            case KEYWORD -> {}
            case REGEX -> {
                if (!spec.keywords().isEmpty()) {
                    problems.add("a regex rule has no keywords: remove them, or make the rule a keyword rule");
                }
                if (spec.caseSensitive() == spec.hasFlag('i')) {
                    problems.add("caseSensitive true contradicts the i flag: drop one of them");
                }
                if (spec.wholeWord()) {
                    problems.add("wholeWord is for keyword rules: write \\b at the pattern's ends instead");
                }
            }
            case SECRET -> {
                if (spec.caseSensitive()) {
                    problems.add("a secret rule's near keywords are always case-insensitive: remove caseSensitive");
                }
                if (spec.wholeWord()) {
                    problems.add("a secret rule's near keywords may touch the token: remove wholeWord");
                }
            }
            case CREDIT_CARD, IBAN -> {
                if (!spec.keywords().isEmpty()) {
                    problems.add("a" + name + " rule has no keywords: remove them");
                }
                if (spec.caseSensitive()) {
                    problems.add("a" + name + " rule has no caseSensitive option: remove it");
                }
                if (spec.wholeWord()) {
                    problems.add("a" + name + " rule has no wholeWord option: remove it");
                }
            }
        }
    }

    /**
     * What keeps a valid rule from running client-side: a regex whose JavaScript form can backtrack
     * exponentially in the browser ({@link BacktrackingRisk}). Empty for every other kind and for an invalid
     * rule (its {@link #problems} say why).
     */
    public static List<String> clientSideProblems(RuleSpec spec) {
        if (spec.kind() != RuleKind.REGEX
                || spec.pattern() == null
                || !problems(spec).isEmpty()) {
            return List.of();
        }
        if (PortableRegex.compile(spec.pattern(), spec.flags()) instanceof PortableRegex.Compiled compiled) {
            return BacktrackingRisk.problems(compiled.regex().tree());
        }
        return List.of();
    }
}
