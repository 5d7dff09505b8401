package dev.mpujanitor.aws;

import java.time.Duration;

/**
 * How long the clients wait, and how they retry. The defaults ride out S3's throttling of the bucket
 * configuration APIs (503 SlowDown, 409 OperationAborted) and a stuck connection without stalling a run:
 * one call gives up within {@code call}, all attempts included.
 *
 * <p>Only the call has a timer of its own, armed for every request: an attempt that stalls is ended by the socket's
 * {@code read} timeout, and one that trickles on by the call's. A timer per attempt as well cost a few microseconds a
 * request (under the noise of about 270 µs of CPU per request, measured) for no case the other two leave open.
 *
 * @param read        the longest silence within a response
 * @param maxAttempts attempts per call, the first included
 */
public record ClientTimeouts(
        Duration connect,
        Duration read,
        Duration call,
        int maxAttempts,
        Duration backoffBase,
        Duration backoffMax,
        Duration throttlingBackoffBase,
        Duration throttlingBackoffMax) {

    public static final ClientTimeouts DEFAULT = new ClientTimeouts(
            Duration.ofSeconds(3), Duration.ofSeconds(20), Duration.ofMinutes(2),
            6, Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(20));
}
