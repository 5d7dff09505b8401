package dev.mpujanitor.aws;

import dev.mpujanitor.ports.OrganizationDirectory;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;

/**
 * The organization's accounts, from Organizations ListAccounts, page by page. An account's {@code State} is read,
 * or its older {@code Status} where a response has no State.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html
 */
final class OrganizationAccounts implements OrganizationDirectory {

    /** The IAM action ListAccounts needs, on "*", in the management account or a delegated administrator. */
    static final String IAM_ACTION = "organizations:ListAccounts";
    /** The most accounts a page may hold. */
    private static final int PAGE_SIZE = 20;

    private final OrganizationsClient organizations;

    OrganizationAccounts(OrganizationsClient organizations) {
        this.organizations = organizations;
    }

    @Override
    public void forEachAccount(Consumer<OrganizationAccount> action) {
        try {
            // Each page is asked for with the NextToken of the one before, on the listing's own thread, a page ahead of the caller.
            PagesAhead.start(organizations.listAccountsPaginator(r -> r.maxResults(PAGE_SIZE)), "account-listing").forEach(page -> {
                for (Account account : page.accounts()) {
                    action.accept(new OrganizationAccount(account.id(), account.stateAsString() != null ? account.stateAsString() : account.statusAsString()));
                }
                return true;
            });
        } catch (SdkException e) {
            String message = SdkErrors.message(e);
            throw new DirectoryException("could not list the organization's accounts: " + SdkErrors.code(e)
                    + (message == null || message.isBlank() ? "" : " (" + message + ")"), e);
        }
    }
}
