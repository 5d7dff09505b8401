package dev.mpujanitor.run;

import java.util.List;

/**
 * The accounts of a run that covered more than its own: each one's result, in the order covered, and those left out.
 *
 * @param excluded accounts of EXCLUDE_ACCOUNTS, never entered
 * @param inactive suspended or closed accounts of the organization, skipped
 */
public record OrganizationSummary(List<AccountResult> accounts, long excluded, long inactive) {

    public OrganizationSummary {
        accounts = List.copyOf(accounts);
    }

    /** Accounts the run entered or tried to: all but those it did not get to. */
    public long scanned() {
        return accounts.stream().filter(account -> account.status() != AccountResult.Status.NOT_REACHED).count();
    }

    public long failed() {
        return accounts.stream().filter(AccountResult::failed).count();
    }

    /** Accounts whose incomplete uploads cost something. */
    public long wasteful() {
        return accounts.stream().filter(account -> account.uploads().monthlyCostUsd().signum() > 0).count();
    }
}
