package io.streamguard.engine.scan;

/** A delta was sent for a position other than the stream's: the client must resend from {@link #serverPosition()}. */
public final class PositionMismatchException extends RuntimeException {

    private final int serverPosition;

    public PositionMismatchException(int serverPosition, int clientPosition) {
        super("delta sent at position " + clientPosition + " but the stream is at " + serverPosition);
        this.serverPosition = serverPosition;
    }

    public int serverPosition() {
        return serverPosition;
    }
}
