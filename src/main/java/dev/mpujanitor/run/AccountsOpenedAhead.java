package dev.mpujanitor.run;

import dev.mpujanitor.ports.AccountRef;
import dev.mpujanitor.ports.BucketListing;
import dev.mpujanitor.ports.ListingScope;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The accounts entered one ahead: while one account's buckets are listed and handed out, the next one's role is
 * assumed and its listing begun on a thread of its own, so that workers do not wait for a role, a client and a first
 * page between two accounts. An account opened ahead but never entered (the budget ran out) is closed.
 */
final class AccountsOpenedAhead implements AutoCloseable {

    /** An account entered, and its listing, begun. */
    record Opened(S3Account s3, BucketListing.Listing listing) {
    }

    private final AccountAccess access;
    private final List<AccountRef> accounts;
    private final ListingScope scope;
    private final ExecutorService opener;
    private CompletableFuture<Opened> next;
    private int nextIndex = -1;

    /** @param scope the buckets the run covers: all the listings need return */
    AccountsOpenedAhead(AccountAccess access, List<AccountRef> accounts, ListingScope scope) {
        this.access = access;
        this.accounts = accounts;
        this.scope = scope;
        this.opener = accounts.size() > 1 ? Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "account-opening");
            thread.setDaemon(true);
            return thread;
        }) : null;
    }

    /**
     * The {@code index}th account, opened now or ahead; the one after it starts opening meanwhile. Throws what opening
     * it threw, such as {@link AccountAccess.AccountAccessException} for a refused role.
     */
    Opened open(int index) {
        CompletableFuture<Opened> ahead = index == nextIndex ? next : null;
        next = null;
        Opened opened = ahead == null ? open(accounts.get(index)) : await(ahead);
        if (opener != null && index + 1 < accounts.size()) {
            AccountRef following = accounts.get(index + 1);
            nextIndex = index + 1;
            next = CompletableFuture.supplyAsync(() -> open(following), opener);
        }
        return opened;
    }

    private Opened open(AccountRef account) {
        S3Account s3 = access.open(account);
        return new Opened(s3, s3.listing(scope));
    }

    /** The account opened ahead, or what opening it threw, as if opened now. */
    private static Opened await(CompletableFuture<Opened> ahead) {
        try {
            return ahead.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    /**
     * Closes an account opened ahead and never entered, and stops its listing. An opening still under way is waited for
     * (one AssumeRole, within the clients' timeouts): a run that has ended must not go on entering an account after it.
     */
    @Override
    public void close() {
        if (opener == null) {
            return;
        }
        if (next != null) {
            try {
                Opened opened = next.join();
                opened.listing().cancel();
                opened.s3().close();
            } catch (CompletionException | CancellationException couldNotOpen) {
                // One that could not be opened has nothing to close.
            }
        }
        opener.shutdown();
    }
}
