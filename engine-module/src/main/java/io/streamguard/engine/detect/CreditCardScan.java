package io.streamguard.engine.detect;

/**
 * Payment card numbers: 13 to 19 digits, optionally in groups separated by one space or hyphen,
 * starting with 2 to 6 (the issuer ranges of the major networks), passing the Luhn check, and not
 * glued to a letter, digit or underscore on either side.
 *
 * <p>A run of digit groups is taken whole: a run of more than 19 digits is not a card number, even if
 * part of it would be.
 */
public final class CreditCardScan implements DetectorScan {

    private int runStart = -1;

    private int digits;

    private int firstDigit;

    /** Luhn sums with the odd-numbered (from the left) digits doubled, and with the even ones doubled. */
    private int sumOddDoubled;

    private int sumEvenDoubled;

    private int lastDigitEnd;

    private boolean separatorPending;

    @Override
    public int pendingFrom() {
        return runStart >= 0 ? runStart : Integer.MAX_VALUE;
    }

    @Override
    public void scan(char[] buf, int from, int to, Sink sink) {
        for (int p = from; p < to; p++) {
            char c = buf[p];
            boolean digit = c >= '0' && c <= '9';
            if (runStart >= 0) {
                if (digit) {
                    separatorPending = false;
                    addDigit(c - '0');
                    lastDigitEnd = p + 1;
                    continue;
                }
                if ((c == ' ' || c == '-') && !separatorPending) {
                    separatorPending = true;
                    continue;
                }
                if (separatorPending || !DetectorScan.isWord(c)) {
                    decide(sink);
                }
                runStart = -1;
                separatorPending = false;
            } else if (digit && (p == 0 || !DetectorScan.isWord(buf[p - 1]))) {
                runStart = p;
                digits = 0;
                sumOddDoubled = 0;
                sumEvenDoubled = 0;
                firstDigit = c - '0';
                addDigit(c - '0');
                lastDigitEnd = p + 1;
            }
        }
    }

    private void addDigit(int d) {
        if (digits > 19) {
            return;
        }
        digits++;
        int doubled = d * 2 > 9 ? d * 2 - 9 : d * 2;
        if ((digits & 1) == 1) {
            sumOddDoubled = (sumOddDoubled + doubled) % 10;
            sumEvenDoubled = (sumEvenDoubled + d) % 10;
        } else {
            sumOddDoubled = (sumOddDoubled + d) % 10;
            sumEvenDoubled = (sumEvenDoubled + doubled) % 10;
        }
    }

    private void decide(Sink sink) {
        if (digits < 13 || digits > 19 || firstDigit < 2 || firstDigit > 6) {
            return;
        }
        // Luhn doubles every second digit counted from the right, the check digit itself not
        int sum = (digits & 1) == 0 ? sumOddDoubled : sumEvenDoubled;
        if (sum == 0) {
            sink.match(runStart, lastDigitEnd);
        }
    }

    @Override
    public void finish(char[] buf, int length, Sink sink) {
        if (runStart >= 0) {
            decide(sink);
            runStart = -1;
        }
    }

    public static boolean luhnValid(CharSequence digitsOnly) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digitsOnly.length() - 1; i >= 0; i--) {
            int d = digitsOnly.charAt(i) - '0';
            if (doubleIt) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    @Override
    public int[] save() {
        return new int[] {
            runStart, digits, firstDigit, sumOddDoubled, sumEvenDoubled, lastDigitEnd, separatorPending ? 1 : 0
        };
    }

    @Override
    public void restore(int[] s) {
        runStart = s[0];
        digits = s[1];
        firstDigit = s[2];
        sumOddDoubled = s[3];
        sumEvenDoubled = s[4];
        lastDigitEnd = s[5];
        separatorPending = s[6] != 0;
    }

    @Override
    public CreditCardScan copy() {
        CreditCardScan copy = new CreditCardScan();
        copy.restore(save());
        return copy;
    }
}
