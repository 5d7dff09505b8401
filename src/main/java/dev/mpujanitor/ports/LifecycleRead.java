package dev.mpujanitor.ports;

import dev.mpujanitor.policy.BucketLifecycle;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A bucket's lifecycle configuration as the SDK's model holds it, how to check a write against what S3 sent, and
 * what S3 sent, to tell whether the configuration changed since.
 *
 * @param asSent the response body exactly as S3 sent it, read-only; empty when it was not kept. A bucket without a
 *               configuration has an empty body.
 */
public record LifecycleRead(BucketLifecycle configuration, RoundTrip roundTrip, Optional<ByteBuffer> asSent) {

    private static final ByteBuffer NO_BODY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    /** The bucket has no lifecycle configuration. */
    public static LifecycleRead none() {
        return new LifecycleRead(BucketLifecycle.none(), RoundTrip.NOTHING_TO_LOSE, Optional.of(NO_BODY));
    }

    public int rules() {
        return configuration.rules().size();
    }

    /**
     * Whether S3 sent exactly what it sent for {@code earlier}: the same body, byte for byte (not the model, which
     * drops what it does not know), and the same {@code TransitionDefaultMinimumObjectSize}, which comes in a header.
     * No configuration both times is unchanged. A body that was not kept is a change: not knowing must not let a
     * write through.
     */
    public boolean unchangedSince(LifecycleRead earlier) {
        // ByteBuffer equality compares the bytes left to read, and nothing reads these.
        return asSent.isPresent() && asSent.equals(earlier.asSent)
                && configuration.transitionDefaultMinimumObjectSize().equals(earlier.configuration.transitionDefaultMinimumObjectSize());
    }
}
