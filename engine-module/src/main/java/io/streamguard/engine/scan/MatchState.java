package io.streamguard.engine.scan;

import io.streamguard.engine.detect.CreditCardScan;
import io.streamguard.engine.detect.DetectorScan;
import io.streamguard.engine.detect.IbanScan;
import io.streamguard.engine.detect.SecretScan;
import io.streamguard.engine.rules.RuleKind;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Everything the matchers carry from one char to the next: what a checkpoint saves and a scan serializes. */
final class MatchState {

    int literalState;

    final RegexScan[] regex;

    final DetectorScan[] detectors;

    /**
     * The regex slots that may have work: derived from the regex states (a prefiltered regex with no threads,
     * candidates or pending literal hits has none), so it is rebuilt rather than serialized. Built on first
     * use: a checkpoint's copy never needs it.
     */
    private int[] active = new int[0];

    private int activeCount = -1;

    private boolean[] isActive = new boolean[0];

    private MatchState(int literalState, RegexScan[] regex, DetectorScan[] detectors) {
        this.literalState = literalState;
        this.regex = regex;
        this.detectors = detectors;
    }

    /** The active regex slots, valid until the next {@link #activate} or {@link #retire}. */
    int activeCount(ScanProgram program) {
        if (activeCount < 0) {
            active = new int[regex.length];
            isActive = new boolean[regex.length];
            activeCount = 0;
            for (int r = 0; r < regex.length; r++) {
                if (program.regexes[r].window() < 0 || !regex[r].dormant()) {
                    isActive[r] = true;
                    active[activeCount++] = r;
                }
            }
        }
        return activeCount;
    }

    int active(int i) {
        return active[i];
    }

    void activate(ScanProgram program, int slot) {
        activeCount(program);
        if (!isActive[slot]) {
            isActive[slot] = true;
            active[activeCount++] = slot;
        }
    }

    /** Drops the prefiltered slots that have gone dormant. */
    void retire(ScanProgram program) {
        int kept = 0;
        for (int i = 0; i < activeCount; i++) {
            int r = active[i];
            if (program.regexes[r].window() >= 0 && regex[r].dormant()) {
                isActive[r] = false;
            } else {
                active[kept++] = r;
            }
        }
        activeCount = kept;
    }

    static MatchState initial(ScanProgram program) {
        RegexScan[] regex = new RegexScan[program.regexes.length];
        for (int i = 0; i < regex.length; i++) {
            regex[i] = new RegexScan();
        }
        DetectorScan[] detectors = new DetectorScan[program.detectors.length];
        for (int i = 0; i < detectors.length; i++) {
            detectors[i] = newDetector(program.detectors[i].kind());
        }
        return new MatchState(program.literals.initial(), regex, detectors);
    }

    private static DetectorScan newDetector(RuleKind kind) {
        return switch (kind) {
            case CREDIT_CARD -> new CreditCardScan();
            case IBAN -> new IbanScan();
            case SECRET -> new SecretScan();
            default -> throw new IllegalArgumentException(kind + " is not a detector");
        };
    }

    MatchState copy() {
        RegexScan[] r = new RegexScan[regex.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = regex[i].copy();
        }
        DetectorScan[] d = new DetectorScan[detectors.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = detectors[i].copy();
        }
        return new MatchState(literalState, r, d);
    }

    void writeTo(DataOutput out) throws IOException {
        Wire.writeInt(out, literalState);
        Wire.writeInt(out, regex.length);
        for (RegexScan r : regex) {
            Wire.writeInts(out, r.save());
        }
        Wire.writeInt(out, detectors.length);
        for (DetectorScan d : detectors) {
            Wire.writeInt(out, kindOf(d).ordinal());
            Wire.writeInts(out, d.save());
        }
    }

    static MatchState readFrom(DataInput in, boolean withPositions) throws IOException {
        int literalState = Wire.readInt(in);
        RegexScan[] regex = new RegexScan[Wire.readCount(in, 1 << 16)];
        for (int i = 0; i < regex.length; i++) {
            regex[i] = RegexScan.restore(Wire.readInts(in), withPositions);
        }
        DetectorScan[] detectors = new DetectorScan[Wire.readCount(in, 1 << 16)];
        for (int i = 0; i < detectors.length; i++) {
            RuleKind kind = RuleKind.values()[Wire.readCount(in, RuleKind.values().length - 1)];
            detectors[i] = newDetector(kind);
            detectors[i].restore(Wire.readInts(in));
        }
        return new MatchState(literalState, regex, detectors);
    }

    private static RuleKind kindOf(DetectorScan d) {
        return switch (d) {
            case CreditCardScan c -> RuleKind.CREDIT_CARD;
            case IbanScan i -> RuleKind.IBAN;
            case SecretScan s -> RuleKind.SECRET;
        };
    }
}
