package dev.mpujanitor.ports;

import dev.mpujanitor.policy.BucketLifecycle;
import java.util.Optional;

/**
 * Whether writing a configuration back would carry everything S3 returned. The SDK reads a lifecycle
 * configuration into its own model and drops what that model does not know: an element AWS added after this SDK
 * was built would be lost by a PUT of the model. The adapter keeps the response body it parsed, and this compares
 * the two before any write.
 */
@FunctionalInterface
public interface RoundTrip {

    /** A configuration read from nothing ({@code NoSuchLifecycleConfiguration}) has nothing to lose. */
    RoundTrip NOTHING_TO_LOSE = proposed -> Optional.empty();

    /**
     * The first element or attribute of the configuration as read that a PUT of {@code proposed} would not carry,
     * as a path such as {@code Rule[2]/Filter/ObjectTagsAny}; empty when it carries everything. Rules that
     * {@code proposed} replaces are not compared: a replaced rule is not kept.
     */
    Optional<String> lostBy(BucketLifecycle proposed);
}
