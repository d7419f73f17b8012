package io.streamguard.engine.rules;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One rule as authored: the input of {@link RuleValidator} and of the compiler.
 *
 * <p>Every field has one meaning for each {@link #kind()}, or must keep its default value there
 * ({@link RuleValidator} refuses anything else):
 * <ul>
 * <li>{@code KEYWORD}: {@code keywords}, {@code caseSensitive}, {@code wholeWord}; no pattern, no flags.</li>
 * <li>{@code REGEX}: {@code pattern} in the portable syntax and {@code flags} (a subset of {@code "ims"});
 * {@code caseSensitive} is the absence of the {@code i} flag and must agree with it; {@code wholeWord} must be
 * false (write {@code \b} at the pattern's ends); no keywords.</li>
 * <li>{@code CREDIT_CARD}, {@code IBAN}: nothing else; they are built-in detectors.</li>
 * <li>{@code SECRET}: {@code keywords} are the "near" words (for example {@code api_key}, {@code secret},
 * {@code token}), always compared case-insensitively; a high-entropy token starting shortly after one of them
 * fires the rule. An empty list means {@link #DEFAULT_SECRET_KEYWORDS}.</li>
 * </ul>
 */
public record RuleSpec(
        String id,
        String name,
        RuleKind kind,
        @Nullable String pattern,
        @Nullable String flags,
        List<String> keywords,
        boolean caseSensitive,
        boolean wholeWord,
        Action action) {

    public static final List<String> DEFAULT_SECRET_KEYWORDS = List.of(
            "api_key",
            "apikey",
            "api-key",
            "secret",
            "token",
            "password",
            "passwd",
            "access_key",
            "private_key",
            "client_secret",
            "auth");

    public RuleSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(action, "action");
        keywords = List.copyOf(keywords);
        flags = flags == null ? "" : flags;
    }

    public static RuleSpec keyword(
            String id, String name, List<String> keywords, boolean caseSensitive, boolean wholeWord, Action action) {
        return new RuleSpec(id, name, RuleKind.KEYWORD, null, "", keywords, caseSensitive, wholeWord, action);
    }

    public static RuleSpec regex(String id, String name, String pattern, String flags, Action action) {
        return new RuleSpec(id, name, RuleKind.REGEX, pattern, flags, List.of(), flags.indexOf('i') < 0, false, action);
    }

    /** A built-in detector; for {@code SECRET} the near keywords are {@link #DEFAULT_SECRET_KEYWORDS}. */
    public static RuleSpec detector(String id, String name, RuleKind kind, Action action) {
        return new RuleSpec(id, name, kind, null, "", List.of(), false, false, action);
    }

    /** A {@code SECRET} detector that looks for tokens shortly after one of {@code nearKeywords}. */
    public static RuleSpec secret(String id, String name, List<String> nearKeywords, Action action) {
        return new RuleSpec(id, name, RuleKind.SECRET, null, "", nearKeywords, false, false, action);
    }

    /** The flags as given, never null after construction. */
    @Override
    public String flags() {
        return Objects.requireNonNull(flags);
    }

    public boolean hasFlag(char flag) {
        return flags().indexOf(flag) >= 0;
    }

    /** The near keywords of a {@code SECRET} rule, defaults applied. */
    public List<String> secretKeywords() {
        return keywords.isEmpty() ? DEFAULT_SECRET_KEYWORDS : keywords;
    }
}
