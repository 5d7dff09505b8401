package dev.mpujanitor.testing;

import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.run.AccountResult;
import dev.mpujanitor.run.ScanReport;
import dev.mpujanitor.run.ScanSummary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** A report that keeps what a scan tells it, for a test to look at; the scan's workers may call it at once. */
public final class RecordingReport implements ScanReport {

    private final List<BucketResult> buckets = Collections.synchronizedList(new ArrayList<>());
    private final List<AccountResult> accounts = Collections.synchronizedList(new ArrayList<>());
    private final List<ScanSummary> summaries = Collections.synchronizedList(new ArrayList<>());
    private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void bucket(BucketResult result) {
        buckets.add(result);
    }

    @Override
    public void account(AccountResult result) {
        accounts.add(result);
    }

    @Override
    public void unexpected(Optional<String> account, BucketRef bucket, String stage, Throwable failure) {
        unexpected.add(account.map(id -> id + " ").orElse("") + bucket.name() + " " + stage + " " + failure.getClass().getSimpleName());
    }

    @Override
    public void finished(ScanSummary summary) {
        summaries.add(summary);
    }

    /** Every bucket's result, in the order reported; a live view. */
    public List<BucketResult> buckets() {
        return buckets;
    }

    /** Every account's result of a run over several, in the order reported; a live view. */
    public List<AccountResult> accounts() {
        return accounts;
    }

    /** Every failure logged with its detail, as {@code [account] bucket stage type}; a live view. */
    public List<String> unexpected() {
        return unexpected;
    }

    /** Every summary, one per run reported here; a live view. */
    public List<ScanSummary> summaries() {
        return summaries;
    }
}
