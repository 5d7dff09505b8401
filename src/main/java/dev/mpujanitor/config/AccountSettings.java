package dev.mpujanitor.config;

import java.util.Optional;
import java.util.Set;

/**
 * Which accounts a run covers, and how it gets into the others.
 *
 * @param selection  ACCOUNTS
 * @param excluded   EXCLUDE_ACCOUNTS: never covered, never assumed
 * @param memberRole MEMBER_ROLE: the role assumed in each account but the function's own
 * @param externalId EXTERNAL_ID: sent with every AssumeRole, when the member role requires one
 */
public record AccountSettings(AccountSelection selection, Set<String> excluded, String memberRole, Optional<String> externalId) {

    public AccountSettings {
        excluded = Set.copyOf(excluded);
    }

    public boolean selfOnly() {
        return selection instanceof AccountSelection.Self;
    }
}
