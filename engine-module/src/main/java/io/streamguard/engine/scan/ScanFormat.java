package io.streamguard.engine.scan;

import io.streamguard.engine.rules.Action;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link StreamScan} is written and read back: format byte, rule-set version, content (one byte per
 * ASCII char), matcher states, checkpoints, the rules with violations, the final violations, those reported
 * but not final yet (format 3), the action. Varints throughout. A state of format 1 or 2, written by the
 * leftmost-longest engine, is read and marked to be rebuilt from its content.
 */
final class ScanFormat {

    private ScanFormat() {}

    static void write(StreamScan scan, DataOutput out) throws IOException {
        out.writeByte(StreamScan.FORMAT);
        Wire.writeVarLong(out, scan.ruleSetVersion);
        writeContent(scan, out);
        scan.state.writeTo(out);
        Wire.writeInt(out, scan.checkpointInterval);
        Wire.writeInt(out, scan.checkpointCount);
        for (int i = 0; i < scan.checkpointCount; i++) {
            Wire.writeInt(out, scan.checkpointAt[i]);
            scan.checkpointState(i).writeTo(out);
        }
        Wire.writeInt(out, scan.ruleRefs.size());
        for (Map.Entry<Integer, StreamScan.RuleRef> entry : scan.ruleRefs.entrySet()) {
            Wire.writeInt(out, entry.getKey());
            out.writeUTF(entry.getValue().id());
            out.writeUTF(entry.getValue().name());
            out.writeByte(entry.getValue().action().ordinal());
        }
        Wire.writeInt(out, scan.found.size());
        for (int i = 0; i < scan.found.size(); i++) {
            Wire.writeInt(out, scan.found.rule(i));
            Wire.writeInt(out, scan.found.start(i));
            Wire.writeInt(out, scan.found.end(i) - scan.found.start(i));
            Wire.writeInt(out, scan.found.foundAt(i) == StreamScan.FINISH ? -1 : scan.found.foundAt(i));
        }
        Wire.writeInt(out, scan.shown.length / 3);
        for (int i = 0; i < scan.shown.length; i += 3) {
            Wire.writeInt(out, scan.shown[i]);
            Wire.writeInt(out, scan.shown[i + 1]);
            Wire.writeInt(out, scan.shown[i + 2] - scan.shown[i + 1]);
        }
        out.writeByte(scan.action.ordinal());
        Wire.writeInt(out, scan.blockedAt);
        out.writeBoolean(scan.finished);
    }

    static void writeContent(StreamScan scan, DataOutput out) throws IOException {
        Wire.writeInt(out, scan.length);
        for (int i = 0; i < scan.length; i++) {
            char c = scan.buf[i];
            if (c != 0 && c < 0x80) {
                out.writeByte(c);
            } else {
                out.writeByte(0); // marks a char written in two bytes
                out.writeChar(c);
            }
        }
    }

    static StreamScan read(DataInput in) throws IOException {
        int format = in.readByte();
        if (format < 1 || format > StreamScan.FORMAT) {
            throw new IOException("unknown scan state format " + format);
        }
        boolean withPositions = format >= 2;
        long version = Wire.readVarLong(in);
        int length = Wire.readCount(in, 1 << 28);
        // Headroom, so that the first update after a stream moves between members does not copy it all.
        char[] buf = new char[Math.max(256, length + length / 4)];
        for (int i = 0; i < length; i++) {
            int b = in.readUnsignedByte();
            buf[i] = b == 0 ? in.readChar() : (char) b;
        }
        MatchState state = MatchState.readFrom(in, withPositions);
        StreamScan scan = new StreamScan(version, buf, length, state, new TreeMap<>());
        scan.checkpointInterval = Wire.readCount(in, 1 << 30);
        scan.checkpointCount = Wire.readCount(in, 1 << 16);
        scan.checkpointAt = new int[Math.max(4, scan.checkpointCount)];
        scan.checkpoints = new @Nullable MatchState[scan.checkpointAt.length];
        for (int i = 0; i < scan.checkpointCount; i++) {
            scan.checkpointAt[i] = Wire.readInt(in);
            scan.checkpoints[i] = MatchState.readFrom(in, withPositions);
        }
        int refs = Wire.readCount(in, 1 << 20);
        for (int i = 0; i < refs; i++) {
            int rule = Wire.readInt(in);
            String id = in.readUTF();
            String name = in.readUTF();
            Action action = Action.values()[in.readUnsignedByte() % Action.values().length];
            scan.ruleRefs.put(rule, new StreamScan.RuleRef(id, name, action));
        }
        int findings = Wire.readCount(in, 1 << 24);
        for (int i = 0; i < findings; i++) {
            int rule = Wire.readInt(in);
            int start = Wire.readInt(in);
            int end = start + Wire.readInt(in);
            int at = Wire.readInt(in);
            scan.found.add(rule, start, end, at == -1 ? StreamScan.FINISH : at);
            if (!scan.ruleRefs.containsKey(rule)) {
                throw new IOException("corrupt scan state: violation of an unknown rule");
            }
        }
        if (format >= 3) {
            int n = Wire.readCount(in, 1 << 20);
            scan.shown = n == 0 ? StreamScan.NONE : new int[3 * n];
            for (int i = 0; i < scan.shown.length; i += 3) {
                scan.shown[i] = Wire.readInt(in);
                scan.shown[i + 1] = Wire.readInt(in);
                scan.shown[i + 2] = scan.shown[i + 1] + Wire.readInt(in);
                if (!scan.ruleRefs.containsKey(scan.shown[i])) {
                    throw new IOException("corrupt scan state: violation of an unknown rule");
                }
            }
            scan.shownViolations = scan.shownViolations();
        } else {
            // written by the leftmost-longest engine: its matcher states mean something else here
            scan.rebuild = true;
        }
        scan.action = Action.values()[in.readUnsignedByte() % Action.values().length];
        scan.blockedAt = Wire.readInt(in);
        scan.finished = in.readBoolean();
        return scan;
    }
}
