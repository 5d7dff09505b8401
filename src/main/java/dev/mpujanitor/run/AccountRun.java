package dev.mpujanitor.run;

import dev.mpujanitor.ports.AccountRef;
import dev.mpujanitor.ports.ListingException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** One account's part of the run: its figures, and its clients, released once its listing and buckets are done. */
final class AccountRun {

    final int index;
    final AccountRef account;
    final ScanTally tally;
    /** The listing, and each bucket in flight: the clients are released when it comes down to none. */
    private final AtomicInteger pending = new AtomicInteger(1);
    private S3Account s3;
    /** Whether the listing handed out any bucket; only the listing thread touches it. */
    boolean listedAny;
    private AccountResult.Status status = AccountResult.Status.COVERED;
    private Optional<String> errorCode = Optional.empty();
    private Optional<String> error = Optional.empty();

    AccountRun(int index, AccountRef account, ScanTally tally) {
        this.index = index;
        this.account = account;
        this.tally = tally;
    }

    void opened(S3Account opened) {
        s3 = opened;
    }

    void bucketStarted() {
        pending.incrementAndGet();
    }

    void bucketDone() {
        if (pending.decrementAndGet() == 0) {
            s3.close();
        }
    }

    void listingDone() {
        bucketDone();
    }

    /** Left part-way by the budget; a failure says more, and stays. */
    void unfinished() {
        if (status == AccountResult.Status.COVERED) {
            status = AccountResult.Status.UNFINISHED;
        }
    }

    void notReached() {
        status = AccountResult.Status.NOT_REACHED;
    }

    void failed(String code, String message) {
        status = AccountResult.Status.FAILED;
        errorCode = Optional.of(code);
        error = Optional.ofNullable(message);
    }

    void listingFailed(ListingException e) {
        if (listedAny) {
            status = AccountResult.Status.INCOMPLETE;
            errorCode = Optional.of(e.errorCode());
            error = Optional.ofNullable(e.getMessage());
        } else {
            failed(e.errorCode(), e.getMessage());
        }
    }

    /** The error that stopped the listing part-way, once buckets were listed. */
    Optional<ListingFailure> listingFailure() {
        return status == AccountResult.Status.INCOMPLETE ? Optional.of(new ListingFailure(errorCode.orElseThrow(), error.orElse(""))) : Optional.empty();
    }

    AccountResult result() {
        return new AccountResult(account, status, errorCode, error, tally.outcomes(), tally.failures(), tally.uploads());
    }
}
