package io.streamguard.api.cluster;

import java.io.DataInput;
import java.io.IOException;
import java.util.List;
import org.springframework.stereotype.Component;

/** What the cluster itself puts on the wire: the membership challenge and its answer. */
@Component
class ClusterWireTypes implements GridTypes {

    @Override
    public List<GridCodec<?>> codecs() {
        return List.of(
                new GridCodec<>(
                        MemberCheck.class,
                        1201,
                        (out, check) -> writeBytes(out, check.nonce()),
                        in -> new MemberCheck(readBytes(in))),
                new GridCodec<>(
                        MemberCheck.Proof.class,
                        1202,
                        (out, proof) -> {
                            writeBytes(out, proof.nonce());
                            GridWire.writeUuid(out, proof.member());
                        },
                        in -> new MemberCheck.Proof(readBytes(in), GridWire.readUuid(in))));
    }

    private static void writeBytes(java.io.DataOutput out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 1024) {
            throw new IOException("bad length");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
