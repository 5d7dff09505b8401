package dev.mpujanitor.config;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * What a run does about the incomplete uploads themselves, besides the rule: the one type that both the settings
 * and the upload inventory use.
 *
 * @param inventory         count each bucket's incomplete uploads and measure the bytes their parts hold (ListParts)
 * @param maxListPartsCalls ListParts requests per bucket at most; past it, bytes are a lower bound
 * @param pricePerGbMonth   USD per GB-month (2^30 bytes) for every upload, instead of the list prices (private pricing)
 * @param abortStale        abort uploads older than ABORT_AFTER_DAYS now, rather than wait for the rule
 */
public record UploadSettings(boolean inventory, int maxListPartsCalls, Optional<BigDecimal> pricePerGbMonth, boolean abortStale) {

    /** Whether a run lists the uploads at all: to count them, or to find the stale ones. */
    public boolean listsUploads() {
        return inventory || abortStale;
    }
}
