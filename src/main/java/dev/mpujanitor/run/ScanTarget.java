package dev.mpujanitor.run;

import dev.mpujanitor.config.AccountSelection;
import dev.mpujanitor.config.AccountSettings;
import dev.mpujanitor.ports.AccountRef;
import dev.mpujanitor.ports.OrganizationDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The accounts a run covers, in the order it covers them (by ID, so that "from this account and bucket on" describes
 * what is left), and those it leaves out.
 *
 * @param organization whether the run covers accounts beyond its own (ACCOUNTS is not {@code self}): then each
 *                     account gets its own record, and a failure to list one account's buckets fails that account
 * @param excluded     accounts of EXCLUDE_ACCOUNTS that the selection held, never entered
 * @param inactive     accounts of the organization that are suspended or closed, skipped
 */
public record ScanTarget(List<AccountRef> accounts, boolean organization, long excluded, long inactive) {

    public ScanTarget {
        accounts = List.copyOf(accounts);
    }

    /** The run's own account alone, as before accounts existed. */
    public static ScanTarget self(AccountRef own) {
        return new ScanTarget(List.of(own), false, 0, 0);
    }

    /**
     * The accounts ACCOUNTS selects, less EXCLUDE_ACCOUNTS. The organization is asked only when ACCOUNTS is
     * {@code organization}; its suspended and closed accounts are skipped and counted. Throws
     * {@link OrganizationDirectory.DirectoryException} when the organization's accounts cannot all be listed: the
     * order a continuation resumes in needs the whole list.
     *
     * @param own the account of the run's own credentials, entered without assuming a role
     */
    public static ScanTarget of(AccountSettings settings, Optional<String> own, Supplier<OrganizationDirectory> organization) {
        TreeSet<String> selected = new TreeSet<>();
        long inactive = 0;
        switch (settings.selection()) {
            case AccountSelection.Self self -> {
                return self(AccountRef.own(own));
            }
            case AccountSelection.Listed listed -> selected.addAll(listed.accountIds());
            case AccountSelection.Organization all -> {
                List<OrganizationDirectory.OrganizationAccount> listed = new ArrayList<>();
                organization.get().forEachAccount(listed::add);
                listed.stream().filter(OrganizationDirectory.OrganizationAccount::active).forEach(account -> selected.add(account.id()));
                inactive = listed.stream().filter(account -> !account.active()).count();
            }
        }
        long excluded = selected.stream().filter(settings.excluded()::contains).count();
        selected.removeIf(id -> settings.leavesOut(id).isPresent());
        List<AccountRef> accounts = selected.stream()
                .map(id -> own.filter(id::equals).isPresent() ? AccountRef.own(own) : AccountRef.member(id))
                .toList();
        return new ScanTarget(accounts, true, excluded, inactive);
    }
}
