package io.streamguard.engine.detect;

import java.util.Map;

/**
 * International bank account numbers: two capital letters of a known country, two check digits and the
 * country's number of capital letters and digits, written either without spaces or in groups of four
 * separated by single spaces, passing the mod-97 check, not glued to a word char on either side.
 *
 * <p>Only countries in {@link #LENGTHS} are recognised: the fixed length is what ends a candidate.
 */
public final class IbanScan implements DetectorScan {

    /** IBAN lengths of the countries recognised (ISO 13616 registry). */
    public static final Map<String, Integer> LENGTHS = Map.ofEntries(
            Map.entry("AD", 24),
            Map.entry("AE", 23),
            Map.entry("AT", 20),
            Map.entry("BE", 16),
            Map.entry("BG", 22),
            Map.entry("BR", 29),
            Map.entry("CH", 21),
            Map.entry("CY", 28),
            Map.entry("CZ", 24),
            Map.entry("DE", 22),
            Map.entry("DK", 18),
            Map.entry("EE", 20),
            Map.entry("ES", 24),
            Map.entry("FI", 18),
            Map.entry("FR", 27),
            Map.entry("GB", 22),
            Map.entry("GR", 27),
            Map.entry("HR", 21),
            Map.entry("HU", 28),
            Map.entry("IE", 22),
            Map.entry("IL", 23),
            Map.entry("IS", 26),
            Map.entry("IT", 27),
            Map.entry("KW", 30),
            Map.entry("LB", 28),
            Map.entry("LI", 21),
            Map.entry("LT", 20),
            Map.entry("LU", 20),
            Map.entry("LV", 21),
            Map.entry("MC", 27),
            Map.entry("MT", 31),
            Map.entry("NL", 18),
            Map.entry("NO", 15),
            Map.entry("PL", 28),
            Map.entry("PT", 25),
            Map.entry("QA", 29),
            Map.entry("RO", 24),
            Map.entry("SA", 24),
            Map.entry("SE", 24),
            Map.entry("SI", 19),
            Map.entry("SK", 24),
            Map.entry("SM", 27),
            Map.entry("TR", 26),
            Map.entry("UA", 29));

    private int start = -1;

    /** IBAN chars read so far, spaces not counted. */
    private int count;

    private int length;

    private int country1;

    private int country2;

    private int check;

    private int remainder;

    /** 0 not yet known, 1 groups separated by spaces, 2 no spaces. */
    private int spacing;

    private boolean afterSpace;

    private int end;

    @Override
    public int pendingFrom() {
        return start >= 0 ? start : Integer.MAX_VALUE;
    }

    @Override
    public void scan(char[] buf, int from, int to, Sink sink) {
        for (int p = from; p < to; p++) {
            char c = buf[p];
            if (start >= 0) {
                if (count == length) {
                    if (!DetectorScan.isWord(c)) {
                        decide(sink);
                    }
                    start = -1;
                    continue;
                }
                if (count >= 4 && count % 4 == 0 && !afterSpace && spacing != 2) {
                    if (c == ' ') {
                        spacing = 1;
                        afterSpace = true;
                        continue;
                    }
                    if (spacing == 1) {
                        start = -1;
                    } else {
                        spacing = 2;
                    }
                }
                if (start >= 0 && accept(c, p)) {
                    continue;
                }
                start = -1;
            }
            if (c >= 'A' && c <= 'Z' && (p == 0 || !DetectorScan.isWord(buf[p - 1]))) {
                start = p;
                count = 0;
                remainder = 0;
                check = 0;
                spacing = 0;
                length = 0;
                accept(c, p);
            }
        }
    }

    private boolean accept(char c, int p) {
        afterSpace = false;
        boolean upper = c >= 'A' && c <= 'Z';
        boolean digit = c >= '0' && c <= '9';
        if (count < 2) {
            if (!upper) {
                return false;
            }
            if (count == 0) {
                country1 = c;
            } else {
                country2 = c;
                Integer known = LENGTHS.get("" + (char) country1 + c);
                if (known == null) {
                    return false;
                }
                length = known;
            }
        } else if (count < 4) {
            if (!digit) {
                return false;
            }
            check = check * 10 + (c - '0');
        } else if (digit) {
            remainder = (remainder * 10 + (c - '0')) % 97;
        } else if (upper) {
            remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
        } else {
            return false;
        }
        count++;
        end = p + 1;
        return true;
    }

    private void decide(Sink sink) {
        int r = (remainder * 100 + (country1 - 'A' + 10)) % 97;
        r = (r * 100 + (country2 - 'A' + 10)) % 97;
        r = (r * 100 + check) % 97;
        if (r == 1) {
            sink.match(start, end);
        }
    }

    @Override
    public void finish(char[] buf, int length, Sink sink) {
        if (start >= 0 && count == this.length) {
            decide(sink);
        }
        start = -1;
    }

    /** The mod-97 check of a compact IBAN (no spaces). */
    public static boolean checksumValid(String iban) {
        String moved = iban.substring(4) + iban.substring(0, 4);
        int r = 0;
        for (char c : moved.toCharArray()) {
            r = Character.isDigit(c) ? (r * 10 + (c - '0')) % 97 : (r * 100 + (c - 'A' + 10)) % 97;
        }
        return r == 1;
    }

    @Override
    public int[] save() {
        return new int[] {start, count, length, country1, country2, check, remainder, spacing, afterSpace ? 1 : 0, end};
    }

    @Override
    public void restore(int[] s) {
        start = s[0];
        count = s[1];
        length = s[2];
        country1 = s[3];
        country2 = s[4];
        check = s[5];
        remainder = s[6];
        spacing = s[7];
        afterSpace = s[8] != 0;
        end = s[9];
    }

    @Override
    public IbanScan copy() {
        IbanScan copy = new IbanScan();
        copy.restore(save());
        return copy;
    }
}
