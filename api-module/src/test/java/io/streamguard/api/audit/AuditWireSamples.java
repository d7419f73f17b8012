package io.streamguard.api.audit;

import io.streamguard.api.cluster.WireSamples;
import java.util.List;
import java.util.Map;

/** The audit feature's wire types, for the cluster's round-trip test. */
class AuditWireSamples implements WireSamples {

    @Override
    public Map<Class<?>, List<?>> samples() {
        var head = head(42, 4096);
        return Map.of(
                AuditHead.Sealed.class, List.of(head, head(0, 0), head(Long.MAX_VALUE, 1)),
                AuditHead.Advance.class, List.of(new AuditHead.Advance(head), new AuditHead.Advance(head(-1, 0))));
    }

    static AuditHead.Sealed head(long sequence, int length) {
        byte[] sealed = new byte[length];
        for (int i = 0; i < length; i++) {
            sealed[i] = (byte) (i ^ 0x5a);
        }
        return new AuditHead.Sealed(sequence, sealed);
    }
}
