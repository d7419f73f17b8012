package io.streamguard.api.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Puts one of our types on the cluster wire sealed: encoded by its {@link GridCodec}, then
 * encrypted and authenticated with the cluster's key, bound to the type. A member or client
 * without the secret reads only ciphertext, and what it writes is refused when read (counted).
 */
final class SealedSerializer<T> implements StreamSerializer<T> {

    private final GridCodec<T> codec;
    private final GridSeal seal;
    private final GridTampering tampering;
    private final byte[] context;

    SealedSerializer(GridCodec<T> codec, GridSeal seal, GridTampering tampering) {
        this.codec = codec;
        this.seal = seal;
        this.tampering = tampering;
        this.context = GridSeal.context("grid-type", Integer.toString(codec.typeId()));
    }

    @Override
    public int getTypeId() {
        return codec.typeId();
    }

    @Override
    public void write(ObjectDataOutput out, T value) throws IOException {
        var bytes = new ByteArrayOutputStream(256);
        codec.writer().write(new DataOutputStream(bytes), value);
        out.writeByteArray(seal.seal(bytes.toByteArray(), context));
    }

    @Override
    public T read(ObjectDataInput in) throws IOException {
        byte[] sealed = in.readByteArray();
        byte[] plain;
        try {
            plain = seal.open(sealed == null ? new byte[0] : sealed, context);
        } catch (ForgedGridDataException e) {
            tampering.record(GridTampering.Kind.FORGED_DATA, codec.type().getSimpleName());
            throw e;
        }
        return codec.reader().read(new DataInputStream(new ByteArrayInputStream(plain)));
    }
}
