package io.streamguard.api.audit;

import io.streamguard.api.cluster.GridCodec;
import io.streamguard.api.cluster.GridTypes;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import org.springframework.stereotype.Component;

/** What the audit feature puts on the cluster wire: the chain's head and its advance. Type ids fixed forever. */
@Component
class AuditWireTypes implements GridTypes {

    @Override
    public List<GridCodec<?>> codecs() {
        return List.of(
                new GridCodec<>(AuditHead.Sealed.class, 1401, AuditWireTypes::writeHead, AuditWireTypes::readHead),
                new GridCodec<>(
                        AuditHead.Advance.class,
                        1402,
                        (out, advance) -> writeHead(out, advance.candidate()),
                        in -> new AuditHead.Advance(readHead(in))));
    }

    private static void writeHead(DataOutput out, AuditHead.Sealed head) throws IOException {
        out.writeLong(head.sequence());
        out.writeInt(head.sealed().length);
        out.write(head.sealed());
    }

    private static AuditHead.Sealed readHead(DataInput in) throws IOException {
        long sequence = in.readLong();
        int length = in.readInt();
        if (length < 0 || length > 4096) {
            throw new IOException("bad sealed head length");
        }
        byte[] sealed = new byte[length];
        in.readFully(sealed);
        return new AuditHead.Sealed(sequence, sealed);
    }
}
