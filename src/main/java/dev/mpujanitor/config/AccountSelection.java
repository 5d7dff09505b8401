package dev.mpujanitor.config;

import java.util.List;

/** ACCOUNTS: whose buckets a run covers. */
public sealed interface AccountSelection {

    /** The account of the function's (or the command line's) own credentials: one account, as before accounts existed. */
    record Self() implements AccountSelection {
    }

    /** Every ACTIVE account of the AWS Organization, from Organizations ListAccounts. */
    record Organization() implements AccountSelection {
    }

    /** These accounts, by ID. */
    record Listed(List<String> accountIds) implements AccountSelection {
        public Listed {
            accountIds = List.copyOf(accountIds);
        }
    }
}
