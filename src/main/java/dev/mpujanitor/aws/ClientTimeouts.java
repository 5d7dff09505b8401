package dev.mpujanitor.aws;

import java.time.Duration;

/**
 * How long the clients wait, and how they retry. The defaults ride out S3's throttling of the bucket
 * configuration APIs (503 SlowDown, 409 OperationAborted) and a stuck connection without stalling a run:
 * one call gives up within {@code callTimeout}, all attempts included.
 *
 * @param maxAttempts attempts per call, the first included
 */
public record ClientTimeouts(
        Duration connect,
        Duration read,
        Duration attempt,
        Duration call,
        int maxAttempts,
        Duration backoffBase,
        Duration backoffMax,
        Duration throttlingBackoffBase,
        Duration throttlingBackoffMax) {

    public static final ClientTimeouts DEFAULT = new ClientTimeouts(
            Duration.ofSeconds(3), Duration.ofSeconds(20), Duration.ofSeconds(25), Duration.ofMinutes(2),
            6, Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(20));
}
