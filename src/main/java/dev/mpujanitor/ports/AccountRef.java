package dev.mpujanitor.ports;

import java.util.Optional;

/**
 * An account whose buckets a run covers.
 *
 * @param id  its ID; empty for an S3-compatible store, which has no AWS account
 * @param own the account of the run's own credentials, entered without assuming a role
 */
public record AccountRef(Optional<String> id, boolean own) {

    public static AccountRef own(Optional<String> id) {
        return new AccountRef(id, true);
    }

    public static AccountRef member(String id) {
        return new AccountRef(Optional.of(id), false);
    }

    /** The ID, or {@code "-"} for an S3-compatible store's. */
    public String label() {
        return id.orElse("-");
    }
}
