package dev.mpujanitor.ports;

import java.util.Optional;

/**
 * Whether S3 Lifecycle may act on a directory bucket, as the bucket's policy says: Lifecycle reaches a directory
 * bucket's objects and uploads only through a session the policy must allow it, and without one a rule does nothing.
 *
 * @param shutOut        why it may not, such as a statement that denies it; empty when it may
 * @param statementToAdd the bucket policy statement that lets it in, for this bucket
 */
public record LifecycleAccess(Optional<String> shutOut, String statementToAdd) {

    public boolean letIn() {
        return shutOut.isEmpty();
    }
}
