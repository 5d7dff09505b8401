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

    /**
     * Why these settings leave an account out, if they do: the one account rule of every trigger, the schedule's
     * accounts as much as a bucket event's. With {@code self} the run covers its own account whatever else is said;
     * an organization's accounts are all selected until listed, and whether one is active is the organization's to say.
     */
    public Optional<String> leavesOut(String accountId) {
        if (selfOnly()) {
            return Optional.empty();
        }
        if (excluded.contains(accountId)) {
            return Optional.of("account-excluded");
        }
        if (selection instanceof AccountSelection.Listed listed && !listed.accountIds().contains(accountId)) {
            return Optional.of("account-not-selected");
        }
        return Optional.empty();
    }

    public boolean selfOnly() {
        return selection instanceof AccountSelection.Self;
    }
}
