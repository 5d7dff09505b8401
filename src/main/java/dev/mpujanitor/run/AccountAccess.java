package dev.mpujanitor.run;

import dev.mpujanitor.ports.AccountRef;

/** Gets into an account: the run's own with its own credentials, any other through its member role. */
public interface AccountAccess {

    /** Throws {@link AccountAccessException} when the account cannot be entered, such as a refused or missing role. */
    S3Account open(AccountRef account);

    /** The account could not be entered: nothing of it was called. */
    final class AccountAccessException extends RuntimeException {
        private final String errorCode;

        public AccountAccessException(String errorCode, String message, Throwable cause) {
            super(message, cause);
            this.errorCode = errorCode;
        }

        public String errorCode() {
            return errorCode;
        }
    }
}
