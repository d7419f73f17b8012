package io.streamguard.engine.regex;

import java.util.Random;

/** Random strings that a portable pattern (probably) matches: test data that reaches deep into rules. */
public final class RegexSampler {

    private RegexSampler() {}

    public static String sample(String pattern, String flags, Random random) {
        PortableParser.Result parsed = PortableParser.parse(pattern, flags.contains("i"), flags.contains("s"));
        StringBuilder out = new StringBuilder();
        walk(parsed.node(), random, out);
        return out.toString();
    }

    private static void walk(Node node, Random random, StringBuilder out) {
        switch (node) {
            case Node.Chars c -> out.append(pick(c.set(), random));
            case Node.Concat c -> c.items().forEach(item -> walk(item, random, out));
            case Node.Alternation a ->
                walk(a.alternatives().get(random.nextInt(a.alternatives().size())), random, out);
            case Node.Repeat r -> {
                int max = r.max() == -1 ? r.min() + 3 : r.max();
                int n = r.min() + random.nextInt(max - r.min() + 1);
                for (int i = 0; i < n; i++) {
                    walk(r.item(), random, out);
                }
            }
            case Node.Assertion a -> {}
            case Node.Empty e -> {}
        }
    }

    private static char pick(CharSet set, Random random) {
        if (set.isEmpty()) {
            return '?';
        }
        // mostly printable ASCII, sometimes anything in the set
        for (int attempt = 0; attempt < 40 && random.nextInt(10) != 0; attempt++) {
            char c = (char) (32 + random.nextInt(95));
            if (set.contains(c)) {
                return c;
            }
        }
        int[] r = set.ranges();
        int k = random.nextInt(r.length / 2);
        return (char) (r[2 * k] + random.nextInt(r[2 * k + 1] - r[2 * k] + 1));
    }
}
