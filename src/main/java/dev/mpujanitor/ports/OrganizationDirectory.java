package dev.mpujanitor.ports;

import java.util.function.Consumer;

/** The accounts of the AWS Organization the run's credentials belong to. */
public interface OrganizationDirectory {

    /** An account and its state: ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED... */
    record OrganizationAccount(String id, String state) {
        public boolean active() {
            return "ACTIVE".equals(state);
        }
    }

    /** Hands every account to {@code action}, page by page; throws {@link DirectoryException} when a page cannot be read. */
    void forEachAccount(Consumer<OrganizationAccount> action);

    final class DirectoryException extends RuntimeException {
        public DirectoryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
