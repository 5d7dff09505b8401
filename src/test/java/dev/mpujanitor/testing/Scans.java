package dev.mpujanitor.testing;

import dev.mpujanitor.app.BucketWiring;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.run.ApiCalls;
import dev.mpujanitor.run.AccountAccess;
import dev.mpujanitor.run.AccountScan;
import dev.mpujanitor.run.S3Account;
import dev.mpujanitor.run.ScanTarget;
import dev.mpujanitor.uploads.ListPrices;
import java.time.Clock;

/** A run wired as the application wires it, from settings, at the built-in list prices. */
public final class Scans {

    private Scans() {
    }

    /** A run over one account, already entered. */
    public static AccountScan of(S3Account account, Settings settings, Clock clock) {
        return new AccountScan(account, new BucketWiring(settings, ListPrices.builtIn(), clock), settings.maxConcurrency(), settings.uploads(),
                new ApiCalls(), clock);
    }

    /** A run over the accounts of {@code target}, entered through {@code access}. */
    public static AccountScan of(ScanTarget target, AccountAccess access, Settings settings, Clock clock) {
        return new AccountScan(target, access, new BucketWiring(settings, ListPrices.builtIn(), clock), settings.maxConcurrency(), settings.uploads(),
                new ApiCalls(), clock);
    }
}
